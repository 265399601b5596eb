"""Friendly 400/403/404/410/500 pages in French and English; Django's debug pages, when DEBUG
is on, only for a workspace member on the server's own machine."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from maps.models import Guest, Workshop
from tests.conftest import client_for

pytestmark = [pytest.mark.urls("tests.journeymap.error_urls"), pytest.mark.django_db]

FRIENDLY = {
    400: {"fr": "Requête incomprise", "en": "Request not understood"},
    403: {"fr": "Action non autorisée", "en": "Not allowed"},
    404: {"fr": "Page introuvable", "en": "Page not found"},
    410: {"fr": "Ce lien ne fonctionne plus", "en": "This link no longer works"},
    500: {"fr": "Un problème est survenu", "en": "Something went wrong"},
}


def in_language(client: Client, language: str) -> Client:
    client.cookies["django_language"] = language
    return client


def get(client: Client, url: str, **extra):
    client.raise_request_exception = False
    return client.get(url, **extra)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("status", [400, 403, 404, 410, 500])
def test_each_error_has_a_friendly_page_in_the_visitors_language(status, language):
    response = get(in_language(Client(), language), f"/test-errors/{status}/")
    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert FRIENDLY[status][language] in page
    assert "the secret internals" not in page
    assert "Traceback" not in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_unknown_address_gets_the_friendly_404_page(language):
    response = get(in_language(Client(), language), "/no-such-page/")
    assert response.status_code == 404
    assert FRIENDLY[404][language] in response.content.decode()


def test_a_map_of_another_workspace_is_a_friendly_404(outsider, journey_map):
    response = get(client_for(outsider), f"/maps/{journey_map.pk}/")
    assert response.status_code == 404
    assert FRIENDLY[404]["fr"] in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_500_page_renders_without_any_context(language):
    # Django renders it with no request context; it must need none.
    with translation.override(language):
        page = render_to_string("500.html")
    assert FRIENDLY[500][language] in page


@pytest.fixture
def guest(journey_map, owner, django_user_model):
    workshop = Workshop.objects.create(journey_map=journey_map, started_by=owner)
    user = django_user_model.objects.create_user(username="guest-ana")
    Guest.objects.create(workshop=workshop, user=user, display_name="Ana")
    return user


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def technical_404(response) -> bool:
    return "Using the URLconf" in response.content.decode()


def technical_500(response) -> bool:
    return "the secret internals of the failure" in response.content.decode()


@pytest.mark.usefixtures("debug_on")
class TestWithDebugOn:
    def test_a_member_on_this_machine_sees_the_technical_pages(self, owner):
        client = client_for(owner)
        assert technical_404(get(client, "/no-such-page/"))
        assert "No map 12345" in get(client, "/test-errors/404/").content.decode()
        assert technical_500(get(client, "/test-errors/500/"))

    def test_a_member_over_the_network_gets_the_friendly_pages(self, owner):
        client = client_for(owner)
        over_the_network = {"REMOTE_ADDR": "192.168.1.30"}
        response = get(client, "/no-such-page/", **over_the_network)
        assert response.status_code == 404
        assert not technical_404(response)
        assert FRIENDLY[404]["fr"] in response.content.decode()
        response = get(client, "/test-errors/404/", **over_the_network)
        assert "No map 12345" not in response.content.decode()
        response = get(client, "/test-errors/500/", **over_the_network)
        assert response.status_code == 500
        assert not technical_500(response)
        assert FRIENDLY[500]["fr"] in response.content.decode()

    @pytest.mark.parametrize("who", ["guest", "anonymous"])
    @pytest.mark.parametrize("language", ["fr", "en"])
    def test_a_guest_or_an_anonymous_visitor_gets_the_friendly_pages(self, who, language, guest):
        client = in_language(client_for(guest) if who == "guest" else Client(), language)
        response = get(client, "/no-such-page/")
        assert response.status_code == 404
        assert not technical_404(response)
        assert FRIENDLY[404][language] in response.content.decode()
        response = get(client, "/test-errors/404/")
        assert response.status_code == 404
        assert "No map 12345" not in response.content.decode()
        assert FRIENDLY[404][language] in response.content.decode()
        response = get(client, "/test-errors/500/")
        assert response.status_code == 500
        assert not technical_500(response)
        assert FRIENDLY[500][language] in response.content.decode()
        response = get(client, "/test-errors/500/", HTTP_ACCEPT="application/json")
        assert response.status_code == 500
        assert "the secret internals" not in response.content.decode()
