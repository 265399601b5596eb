from django.urls import reverse

from maps.models import JourneyMap, JourneyType
from personas.models import Persona


def names(response) -> list[str]:
    return [persona.name for persona in response.context["page"]]


def test_it_shows_the_personas_of_one_map(owner_client, journey_map, persona, b2b_persona):
    response = owner_client.get(reverse("personas:list"), {"map": journey_map.pk})
    assert names(response) == ["Nell"]


def test_it_shows_the_personas_no_map_uses(owner_client, journey_map, persona, b2b_persona):
    response = owner_client.get(reverse("personas:list"), {"map": "none"})
    assert names(response) == ["Agnès"]


def test_the_choices_are_the_workspace_maps_only(owner_client, journey_map, other_workspace):
    foreign = JourneyMap.objects.create(
        workspace=other_workspace, title="Carte secrète", journey_type=JourneyType.objects.first()
    )
    page = owner_client.get(reverse("personas:list")).content.decode()
    assert journey_map.title in page and foreign.title not in page


def test_a_map_of_another_workspace_filters_nothing(
    owner_client, journey_map, persona, b2b_persona, other_workspace
):
    foreign = JourneyMap.objects.create(
        workspace=other_workspace, title="Carte secrète", journey_type=JourneyType.objects.first()
    )
    foreign.personas.add(Persona.objects.create(workspace=other_workspace, name="Zoé"))
    response = owner_client.get(reverse("personas:list"), {"map": foreign.pk})
    assert names(response) == ["Agnès", "Nell"]
    assert response.context["used_in"] == ""


def test_the_filter_combines_with_search_and_keeps_pagination_links(
    owner_client, journey_map, persona, workspace
):
    for number in range(30):
        journey_map.personas.add(
            Persona.objects.create(workspace=workspace, name=f"Persona {number:02}")
        )
    response = owner_client.get(reverse("personas:list"), {"map": journey_map.pk, "q": "persona"})
    assert response.context["page"].paginator.count == 30
    assert f"map={journey_map.pk}&amp;page=2" in response.content.decode()
