from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from maps.models import JourneyMap, JourneyType
from personas.models import Persona
from tests.conftest import HTMX

LIST = reverse("maps:list")


def make_map(workspace, title, slug="integration", days_ago=0, personas=()):
    journey_map = JourneyMap.objects.create(
        workspace=workspace, title=title, journey_type=JourneyType.objects.get(slug=slug)
    )
    journey_map.personas.set(personas)
    JourneyMap.objects.filter(pk=journey_map.pk).update(
        updated_at=timezone.now() - timedelta(days=days_ago)
    )
    return journey_map


def titles(response):
    return [m.title for m in response.context["page"].object_list]


def test_it_lists_maps_by_last_change(owner_client, workspace):
    make_map(workspace, "Ancienne", days_ago=10)
    make_map(workspace, "Récente", days_ago=0)
    make_map(workspace, "Moyenne", days_ago=3)
    assert titles(owner_client.get(LIST)) == ["Récente", "Moyenne", "Ancienne"]


def test_it_searches_titles_and_scope(owner_client, workspace):
    make_map(workspace, "Baguette du soir")
    concert = make_map(workspace, "Billets")
    concert.targets = "Amateurs de concerts"
    concert.save()
    assert titles(owner_client.get(LIST, {"q": "baguette"})) == ["Baguette du soir"]
    assert titles(owner_client.get(LIST, {"q": "concerts"})) == ["Billets"]


def test_it_filters_by_journey_type_and_persona(owner_client, workspace):
    nell = Persona.objects.create(workspace=workspace, name="Nell")
    ludovic = Persona.objects.create(workspace=workspace, name="Ludovic")
    make_map(workspace, "Achat", slug="integration", personas=[nell])
    make_map(workspace, "Échange", slug="entretien", personas=[ludovic])
    make_map(workspace, "Les deux", slug="entretien", personas=[nell, ludovic])
    assert titles(owner_client.get(LIST, {"type": "entretien"})) == ["Les deux", "Échange"]
    assert titles(owner_client.get(LIST, {"persona": nell.pk})) == ["Les deux", "Achat"]
    assert titles(owner_client.get(LIST, {"type": "entretien", "persona": nell.pk})) == ["Les deux"]


def test_htmx_gets_only_the_results(owner_client, workspace):
    make_map(workspace, "Baguette")
    response = owner_client.get(LIST, {"q": "bag"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="map-results"')
    assert "<html" not in html


def test_it_never_shows_maps_of_other_workspaces(outsider_client, journey_map):
    response = outsider_client.get(LIST, {"q": journey_map.title})
    assert titles(response) == []
    assert 'class="map-card"' not in response.content.decode()


def test_it_says_when_nothing_matches(owner_client, journey_map):
    html = owner_client.get(LIST, {"q": "introuvable"}).content.decode()
    assert 'class="empty-state"' in html
    assert reverse("maps:list") in html


def test_an_empty_library_invites_to_create(owner_client):
    html = owner_client.get(LIST).content.decode()
    assert reverse("maps:create") in html


def test_bad_filters_are_ignored_not_fatal(owner_client, journey_map):
    response = owner_client.get(LIST, {"persona": "abc", "type": "<b>", "page": "-4"})
    assert response.status_code == 200
