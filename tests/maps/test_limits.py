"""How big a map may grow: every entry point stops at the bounds, with a message."""

import pytest
from django import forms
from django.conf import settings as django_settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from journeymap.changes import Invalid
from maps import services
from maps.forms import MapScopeForm
from maps.item_kinds import ITEM_KINDS
from maps.models import Action, Card, JourneyMap, Lane, Stage, Touchpoint
from personas.forms import PersonaForm
from tests.conftest import HTMX


def new_item(journey_map, kind: str) -> dict:
    stage = journey_map.stages.first()
    lane = journey_map.lanes.first()
    return {
        "stage": {"name": "Après"},
        "touchpoint": {"channel": "Site", "emotion": "0", "stage": stage.pk},
        "lane": {"kind": "metrics", "title": "Chiffres"},
        "card": {"text": "Encore une", "stage": stage.pk, "lane": lane.pk},
        "action": {"title": "Agir"},
    }[kind]


MODELS = {"stage": Stage, "touchpoint": Touchpoint, "lane": Lane, "card": Card, "action": Action}
SETTINGS = {
    "stage": "PARCOURS_MAX_STAGES",
    "touchpoint": "PARCOURS_MAX_TOUCHPOINTS",
    "lane": "PARCOURS_MAX_LANES",
    "card": "PARCOURS_MAX_CARDS",
    "action": "PARCOURS_MAX_ACTIONS",
}


def test_the_limits_are_settings_with_workshop_sized_defaults():
    assert django_settings.PARCOURS_MAX_STAGES == 30
    assert django_settings.PARCOURS_MAX_TOUCHPOINTS == 300
    assert django_settings.PARCOURS_MAX_CARDS == 1500
    assert django_settings.PARCOURS_MAX_LANES == 20
    assert django_settings.PARCOURS_MAX_ACTIONS == 300


@pytest.mark.parametrize("kind", list(MODELS))
def test_a_full_map_refuses_one_more_item_with_a_message_and_writes_nothing(
    journey_map, owner, settings, kind
):
    Action.objects.create(journey_map=journey_map, title="Déjà là")
    count = MODELS[kind].objects.filter(journey_map=journey_map).count()
    setattr(settings, SETTINGS[kind], count)
    revision = JourneyMap.objects.get(pk=journey_map.pk).revision
    with translation.override("en"), pytest.raises(Invalid) as refused:
        services.item_create(
            user=owner, map_id=journey_map.pk, kind_name=kind, data=new_item(journey_map, kind)
        )
    assert "the most a map can hold" in refused.value.form.non_field_errors()[0]
    assert MODELS[kind].objects.filter(journey_map=journey_map).count() == count
    assert JourneyMap.objects.get(pk=journey_map.pk).revision == revision


@pytest.mark.parametrize("kind", list(MODELS))
def test_a_map_below_its_limits_takes_one_more_item(journey_map, owner, settings, kind):
    count = MODELS[kind].objects.filter(journey_map=journey_map).count()
    setattr(settings, SETTINGS[kind], count + 1)
    services.item_create(
        user=owner, map_id=journey_map.pk, kind_name=kind, data=new_item(journey_map, kind)
    )
    assert MODELS[kind].objects.filter(journey_map=journey_map).count() == count + 1


def test_the_editor_shows_the_refusal_in_the_form_the_user_filled(
    owner_client, journey_map, settings
):
    settings.PARCOURS_MAX_CARDS = 1
    response = owner_client.post(
        reverse("maps:item-create", args=[journey_map.pk, "card"]),
        {**new_item(journey_map, "card"), "form_id": "new-card"},
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#new-card"
    html = response.content.decode()
    assert "Cette carte contient déjà 1 post-its" in html
    assert 'role="alert"' in html and "Encore une" in html  # the draft is kept


ITEM_FORMS = [ITEM_KINDS[kind].form for kind in MODELS]


@pytest.mark.parametrize(
    "form_class", [*ITEM_FORMS, MapScopeForm, PersonaForm], ids=lambda f: f.__name__
)
def test_every_text_field_of_every_form_is_bounded(form_class, journey_map, workspace):
    if form_class is PersonaForm:
        form = form_class()
    elif form_class is MapScopeForm:
        form = form_class(workspace=workspace)
    else:
        form = form_class(journey_map=journey_map)
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            continue
        if isinstance(model_field, (models.CharField, models.TextField)) and isinstance(
            field, forms.CharField
        ):
            assert field.max_length, f"{form_class.__name__}.{name} has no length bound"
            assert field.max_length <= django_settings.PARCOURS_MAX_TEXT
