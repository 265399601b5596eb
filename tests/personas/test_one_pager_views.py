"""Downloading a persona's one-page sheet: who may, what comes back, and a refused render."""

import pytest
from django.urls import reverse
from django.utils import translation

from maps.export import bounded
from personas.models import Persona
from tests.maps.pdf_text import pages_text


def url(persona: Persona) -> str:
    return reverse("personas:one-pager", args=[persona.pk])


def test_a_reader_downloads_the_sheet_as_a_private_attachment(marketer_client, persona):
    response = marketer_client.get(url(persona))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="persona-nell.pdf"'
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert response.content.startswith(b"%PDF")
    assert len(pages_text(response.content)) == 1


def test_the_filename_is_the_name_without_accents_or_spaces(owner_client, workspace, monkeypatch):
    persona = Persona.objects.create(workspace=workspace, name="Agnès Dupré / achats")
    monkeypatch.setattr(
        bounded, "render_in_child", lambda html: bounded.ChildRender(b"%PDF", 1, 0, 0)
    )
    response = owner_client.get(url(persona))
    assert (
        response["Content-Disposition"] == 'attachment; filename="persona-agnes-dupre-achats.pdf"'
    )


def test_outsiders_and_guests_are_told_nothing(outsider_client, guest_client, persona):
    assert outsider_client.get(url(persona)).status_code == 404
    assert guest_client.get(url(persona)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, persona):
    response = client.get(url(persona))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_busy_server_says_so_on_the_persona_page(marketer_client, persona, settings):
    settings.PARCOURS_PDF_CONCURRENCY = 0
    response = marketer_client.get(url(persona))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Another export is being prepared: try again in a moment." in html
    # The persona's page itself, with its button to try again.
    assert persona.quote.replace("'", "&#x27;") in html
    assert url(persona) in html


def test_a_render_stopped_says_why_on_the_persona_page(marketer_client, persona, monkeypatch):
    def too_long(html):
        raise bounded.RenderRefused("The PDF took too long to prepare.")

    monkeypatch.setattr(bounded, "render_in_child", too_long)
    response = marketer_client.get(url(persona))
    assert response.status_code == 503
    assert "The PDF took too long to prepare." in response.content.decode()


def test_the_persona_page_offers_the_sheet_to_readers(marketer_client, persona, settings):
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        html = marketer_client.get(reverse("personas:detail", args=[persona.pk])).content.decode()
    assert "Télécharger la fiche (PDF)" in html
    assert f'href="{url(persona)}"' in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(owner_client, persona, method):
    assert getattr(owner_client, method)(url(persona)).status_code == 405
