from django.urls import reverse

from personas.models import Persona, Segment

HINT = "three personas at most"


def add_personas(journey_map, count, segment=Segment.B2C):
    for number in range(count):
        journey_map.personas.add(
            Persona.objects.create(
                workspace=journey_map.workspace, name=f"P{number}", segment=segment
            )
        )


def test_a_map_with_three_b2c_personas_shows_no_hint(owner_client, journey_map):
    add_personas(journey_map, 2)  # the conftest map already has Nell
    page = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert HINT not in page


def test_a_map_with_four_b2c_personas_shows_a_gentle_hint(owner_client, journey_map):
    add_personas(journey_map, 3)
    page = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert HINT in page


def test_b2b_personas_do_not_count(owner_client, journey_map):
    add_personas(journey_map, 5, segment=Segment.B2B)
    page = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert HINT not in page
