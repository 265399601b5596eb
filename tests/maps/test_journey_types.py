"""Journey types: the four built-in ones read in the reader's language, a workspace's
own ones as their admins typed them."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from maps.export.pdf import PdfOptions, render_html
from maps.models import JourneyType


def speaking(client, language: str):
    """The client as after the language switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def onboarding(db) -> JourneyType:
    return JourneyType.objects.get(slug="integration")


@pytest.mark.parametrize(
    ("language", "name", "definition"),
    [
        ("en", "Onboarding", "The first purchase: the customer discovers the brand and buys."),
        ("fr", "Intégration", "Le premier achat : le client découvre la marque et achète."),
    ],
)
def test_a_built_in_type_reads_in_the_readers_language(onboarding, language, name, definition):
    with translation.override(language):
        assert (onboarding.display_name, onboarding.display_definition) == (name, definition)
        assert str(onboarding) == name


def test_every_built_in_type_has_an_english_name(db):
    with translation.override("en"):
        names = [t.display_name for t in JourneyType.objects.filter(workspace=None)]
    assert names == ["Onboarding", "Support", "Use", "Renewal"]


def test_a_workspaces_own_type_stays_as_typed(workspace):
    own = JourneyType.objects.create(
        slug="integration-b2b", name="Intégration", definition="À notre façon.", workspace=workspace
    )
    with translation.override("en"):
        assert (own.display_name, own.display_definition) == ("Intégration", "À notre façon.")


def test_a_built_in_type_an_admin_reworded_stays_as_reworded(onboarding):
    onboarding.name = "Premier achat"
    with translation.override("en"):
        assert onboarding.display_name == "Premier achat"
        assert onboarding.display_definition.startswith("The first purchase")


def test_the_map_list_filter_and_badges_read_in_english(owner_client, journey_map):
    html = speaking(owner_client, "en").get(reverse("maps:list")).content.decode()
    assert ">Onboarding</option>" in html
    assert ">Renewal</option>" in html
    assert "Intégration" not in html
    french = speaking(owner_client, "fr").get(reverse("maps:list")).content.decode()
    assert ">Intégration</option>" in french


def test_the_create_form_offers_the_types_in_english(owner_client):
    html = speaking(owner_client, "en").get(reverse("maps:create")).content.decode()
    assert "<strong>Onboarding</strong>" in html
    assert "<strong>Renewal</strong>" in html
    assert "Renouvellement" not in html


def test_the_map_page_and_its_settings_read_in_english(owner_client, journey_map):
    speaking(owner_client, "en")
    page = owner_client.get(journey_map.get_absolute_url()).content.decode()
    assert 'title="The first purchase: the customer discovers the brand and buys."' in page
    assert ">Onboarding</span>" in page
    form = owner_client.get(reverse("maps:settings", args=[journey_map.pk]))
    assert "<strong>Onboarding</strong>" in form.content.decode()


@pytest.mark.parametrize(("language", "name"), [("en", "Onboarding"), ("fr", "Intégration")])
def test_the_pdf_names_the_type_in_its_language(journey_map, language, name):
    with translation.override(language):
        html = render_html(journey_map, PdfOptions(paper="A4", layout="fit"))
    assert f'<p class="running-type">{name}</p>' in html
