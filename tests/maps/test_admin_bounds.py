"""The Django admin keeps the app's bounds: a map's size limits and the length of text."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maps import limits
from maps.models import Card, JourneyMap, LaneKind, Stage
from personas.models import Persona

pytestmark = pytest.mark.django_db

NO_TOUCHPOINTS = {
    "touchpoints-TOTAL_FORMS": "0",
    "touchpoints-INITIAL_FORMS": "0",
    "touchpoints-MIN_NUM_FORMS": "0",
    "touchpoints-MAX_NUM_FORMS": "1000",
}


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_{view}", args=args)


def refusal(response, kind: str, count: int) -> bool:
    """The admin page shows the limit's own message, as the editor would."""
    with translation.override("fr"):
        message = limits.too_many({kind: count})
    return bool(message) and escape(message) in response.content.decode()


def card_form(journey_map: JourneyMap, text: str) -> dict:
    return {
        "stage": journey_map.stages.first().pk,
        "lane": journey_map.lanes.get(kind=LaneKind.PAIN_POINTS).pk,
        "position": 0,
        "text": text,
        "cause": "",
        "figure": "",
        "evidence": "assumption",
    }


def test_a_card_added_in_the_admin_to_a_full_map_is_refused(admin_client, journey_map, settings):
    settings.PARCOURS_MAX_CARDS = journey_map.cards.count()
    revision = journey_map.revision
    response = admin_client.post(admin_url("maps.card", "add"), card_form(journey_map, "Encore"))
    assert response.status_code == 200
    assert refusal(response, "card", settings.PARCOURS_MAX_CARDS + 1)
    assert not Card.objects.filter(text="Encore").exists()
    journey_map.refresh_from_db()
    assert journey_map.revision == revision


def test_a_card_that_fits_is_added_in_the_admin(admin_client, journey_map, settings):
    settings.PARCOURS_MAX_CARDS = journey_map.cards.count() + 1
    response = admin_client.post(admin_url("maps.card", "add"), card_form(journey_map, "Encore"))
    assert response.status_code == 302
    assert Card.objects.filter(text="Encore").exists()


def test_a_stage_added_in_the_admin_to_a_full_map_is_refused(admin_client, journey_map, settings):
    settings.PARCOURS_MAX_STAGES = journey_map.stages.count()
    form = {"journey_map": journey_map.pk, "name": "Après", "position": 9, **NO_TOUCHPOINTS}
    response = admin_client.post(admin_url("maps.stage", "add"), form)
    assert response.status_code == 200
    assert not Stage.objects.filter(name="Après").exists()


def test_stages_added_inline_past_the_limit_are_refused(admin_client, journey_map, settings):
    stages = list(journey_map.stages.order_by("position"))
    settings.PARCOURS_MAX_STAGES = len(stages) + 1
    form = {
        "workspace": journey_map.workspace_id,
        "title": journey_map.title,
        "journey_type": journey_map.journey_type_id,
        "targets": "",
        "offers": "",
        "personas": [p.pk for p in journey_map.personas.all()],
        "created_by": "",
        "stages-TOTAL_FORMS": str(len(stages) + 2),
        "stages-INITIAL_FORMS": str(len(stages)),
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "1000",
    }
    for n, stage in enumerate(stages):
        form |= {
            f"stages-{n}-id": stage.pk,
            f"stages-{n}-journey_map": journey_map.pk,
            f"stages-{n}-name": stage.name,
            f"stages-{n}-position": stage.position,
        }
    for n in (len(stages), len(stages) + 1):
        form |= {
            f"stages-{n}-journey_map": journey_map.pk,
            f"stages-{n}-name": f"Nouvelle {n}",
            f"stages-{n}-position": n,
        }
    response = admin_client.post(admin_url("maps.journeymap", "change", journey_map.pk), form)
    assert response.status_code == 200
    assert refusal(response, "stage", len(stages) + 2)
    assert journey_map.stages.count() == len(stages)


def test_a_text_past_the_bound_is_refused_in_the_admin(admin_client, journey_map, settings):
    text = "x" * (settings.PARCOURS_MAX_TEXT + 1)
    response = admin_client.post(admin_url("maps.card", "add"), card_form(journey_map, text))
    assert response.status_code == 200
    assert not Card.objects.filter(text=text).exists()


def test_a_persona_text_past_the_bound_is_refused_in_the_admin(admin_client, journey_map, settings):
    persona = journey_map.personas.get()
    url = admin_url("personas.persona", "change", persona.pk)
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"workspace": persona.workspace_id, "needs": "x" * (settings.PARCOURS_MAX_TEXT + 1)}
    data.pop("photo", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert Persona.objects.get(pk=persona.pk).needs != data["needs"]
