"""The favicon: linked from every page, and served at /favicon.ico too."""

from django.test import Client


def test_pages_link_to_the_favicon(db):
    page = Client().get("/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_favicon_ico_leads_to_the_svg_icon(db):
    response = Client().get("/favicon.ico", follow=True)
    assert response.redirect_chain == [("/static/favicon.svg", 302)]
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)


def test_the_error_pages_link_to_the_favicon(db):
    page = Client().get("/no-such-page/").content.decode()
    assert 'href="/static/favicon.svg"' in page
