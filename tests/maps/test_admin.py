"""The Django admin of workspaces, personas and maps.

Every list answers a search and a filter, every change page opens, and a
list's query count does not grow with its number of rows.
"""

import json
from types import SimpleNamespace

import pytest
from channels.layers import get_channel_layer
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import live, services, share_links, snapshots, trash
from maps.export import cache as pdf_cache
from maps.export.bounded import ChildRender
from maps.export.options import PdfOptions
from maps.item_kinds import item_kind
from maps.models import (
    Action,
    Card,
    JourneyMap,
    JourneyType,
    Lane,
    LaneKind,
    MapEvent,
    Round,
    ShareLink,
    Stage,
    Touchpoint,
    TrashedItem,
)
from personas.models import Persona
from tests.conftest import make_user
from workspaces.models import Invitation, Role, Workspace

APPS = {"workspaces", "personas", "maps"}


@pytest.fixture
def data(journey_map, owner):
    """The conftest map, plus a pain point and an event, so that every list has a row."""
    pain_points = journey_map.lanes.get(kind=LaneKind.PAIN_POINTS)
    # The map's revision agrees with its event log, as the services keep it.
    JourneyMap.objects.filter(pk=journey_map.pk).update(revision=1)
    journey_map.refresh_from_db()
    return SimpleNamespace(
        snapshot=snapshots.take(journey_map, name="Avant l'atelier", user=owner),
        trashed=trashed_card(journey_map, owner, "Pas de monnaie pour la caisse"),
        workspace=journey_map.workspace,
        journey_map=journey_map,
        stage=journey_map.stages.get(position=0),
        touchpoint=journey_map.touchpoints.get(),
        lane=pain_points,
        card=Card.objects.create(
            journey_map=journey_map,
            stage=journey_map.stages.get(position=1),
            lane=pain_points,
            text="Dix minutes de queue",
            cause="time",
        ),
        event=MapEvent.objects.create(
            journey_map=journey_map, revision=1, kind="card.created", actor=owner
        ),
        membership=owner.memberships.get(),
        persona=journey_map.personas.get(),
        journey_type=journey_map.journey_type,
        action=Action.objects.create(
            journey_map=journey_map, title="Deuxième caisse", owner="Julie", status="doing"
        ),
        round=Round.objects.create(
            journey_map=journey_map,
            kind="emotion",
            persona=journey_map.personas.get(),
            opened_by=owner,
        ),
        invitation=Invitation.objects.create(
            workspace=journey_map.workspace,
            invitee=owner,
            email="camille@example.org",
            role=Role.MARKETER,
            invited_by=owner,
        ),
        share_link=share_links.link_create(
            user=owner,
            journey_map=journey_map,
            label="Comité de direction",
            password="baguette",
            expires_on=None,
            allow_pdf=True,
        )[0],
    )


def trashed_card(journey_map, user, text: str) -> TrashedItem:
    """A card of the map put in its trash, as a deletion does (without its event)."""
    card = Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.order_by("position").first(),
        lane=journey_map.lanes.order_by("position").first(),
        text=text,
    )
    entry = trash.put_in_trash(
        kind=item_kind("card"),
        item=card,
        journey_map=journey_map,
        user=user,
        revision=journey_map.revision,
        label=text,
    )
    card.delete()
    return entry


# Per registered model: the object the list must find, and a search plus filters that match it.
CASES = {
    "workspaces.workspace": lambda d: (
        d.workspace,
        {"q": "Martin", "created_at__gte": "2000-01-01 00:00:00+00:00"},
    ),
    "workspaces.membership": lambda d: (
        d.membership,
        {"q": "owner", "role__exact": Role.FACILITATOR, "workspace__id__exact": d.workspace.pk},
    ),
    "workspaces.invitation": lambda d: (
        d.invitation,
        {"q": "camille", "role__exact": Role.MARKETER, "workspace__id__exact": d.workspace.pk},
    ),
    "personas.persona": lambda d: (
        d.persona,
        {"q": "Nell", "segment__exact": "b2c", "workspace__id__exact": d.workspace.pk},
    ),
    "maps.journeytype": lambda d: (d.journey_type, {"q": "integration", "in_use": "yes"}),
    "maps.journeymap": lambda d: (
        d.journey_map,
        {
            "q": "baguette",
            "workspace__id__exact": d.workspace.pk,
            "journey_type__id__exact": d.journey_type.pk,
            "locked__exact": "0",
            "personas__id__exact": d.persona.pk,
        },
    ),
    "maps.stage": lambda d: (
        d.stage,
        {"q": "Besoin", "journey_map__workspace__id__exact": d.workspace.pk},
    ),
    "maps.touchpoint": lambda d: (
        d.touchpoint,
        {"q": "Bus", "emotion__exact": "0", "journey_map__workspace__id__exact": d.workspace.pk},
    ),
    "maps.lane": lambda d: (
        d.lane,
        {"q": "Irritants", "kind__exact": LaneKind.PAIN_POINTS},
    ),
    "maps.card": lambda d: (
        d.card,
        {
            "q": "queue",
            "lane__kind__exact": LaneKind.PAIN_POINTS,
            "cause__exact": "time",
            "journey_map__workspace__id__exact": d.workspace.pk,
        },
    ),
    "maps.mapevent": lambda d: (d.event, {"q": "baguette", "subject": "card"}),
    "maps.round": lambda d: (
        d.round,
        {"q": "Nell", "kind__exact": "emotion", "persona__id__exact": d.persona.pk},
    ),
    "maps.sharelink": lambda d: (
        d.share_link,
        {
            "q": "comité",
            "state": "active",
            "password": "yes",
            "allow_pdf__exact": "1",
            "journey_map__workspace__id__exact": d.workspace.pk,
        },
    ),
    "maps.snapshot": lambda d: (
        d.snapshot,
        {
            "q": "atelier",
            "reason__exact": "manual",
            "journey_map__workspace__id__exact": d.workspace.pk,
            "map": d.journey_map.pk,
        },
    ),
    "maps.trasheditem": lambda d: (
        d.trashed,
        {
            "q": "monnaie",
            "kind": "card",
            "restorable": "yes",
            "journey_map__workspace__id__exact": d.workspace.pk,
            "map": d.journey_map.pk,
        },
    ),
    "maps.action": lambda d: (
        d.action,
        {
            "q": "Julie",
            "status__exact": "doing",
            "journey_map__workspace__id__exact": d.workspace.pk,
        },
    ),
}


def admin_url(label: str, view: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def registered_labels() -> set[str]:
    return {
        model._meta.label_lower for model in admin.site._registry if model._meta.app_label in APPS
    }


def test_every_model_of_the_apps_is_registered_and_covered_here():
    # A model registered later must bring its own case above.
    assert registered_labels() == set(CASES)


@pytest.mark.parametrize("label", sorted(CASES))
def test_the_list_finds_the_object_by_search_and_filters(admin_client, data, label):
    obj, params = CASES[label](data)
    response = admin_client.get(admin_url(label, "changelist"), params)
    # An unknown filter parameter would redirect with ?e=1 instead.
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [obj]


@pytest.mark.parametrize("label", sorted(CASES))
def test_the_change_page_opens(admin_client, data, label):
    obj, _ = CASES[label](data)
    response = admin_client.get(admin_url(label, "change", obj.pk))
    assert response.status_code == 200


def grow(workspace: Workspace, owner) -> None:
    """Many more rows of every kind, under other maps, stages, lanes and users."""
    for n in range(3):
        user = make_user(f"member{n}", workspace, Role.MARKETER)
        team = Workspace.objects.create(name=f"Équipe {n}")
        Invitation.objects.create(
            workspace=team, invitee=user, email=f"m{n}@example.org", role="admin", invited_by=owner
        )
        persona = Persona.objects.create(workspace=workspace, name=f"Persona {n}")
        journey_map = JourneyMap.objects.create(
            workspace=workspace,
            title=f"Parcours {n}",
            journey_type=JourneyType.objects.get(slug="entretien"),
            created_by=owner,
        )
        journey_map.personas.add(persona)
        for s in range(3):
            stage = Stage.objects.create(journey_map=journey_map, name=f"Étape {s}", position=s)
            lane = Lane.objects.create(
                journey_map=journey_map, kind=LaneKind.METRICS, title=f"Ligne {s}", position=s
            )
            for c in range(3):
                Touchpoint.objects.create(
                    journey_map=journey_map, stage=stage, channel=f"Canal {c}", position=c
                )
                Card.objects.create(
                    journey_map=journey_map,
                    stage=stage,
                    lane=lane,
                    text=f"Carte {c}",
                    figure="3 %",
                    position=c,
                )
        Action.objects.create(journey_map=journey_map, title=f"Action {n}", owner="Marc")
        ShareLink.objects.create(
            journey_map=journey_map, token_hash=f"{n:064d}", label=f"Lien {n}", created_by=user
        )
        for revision in range(1, 6):
            MapEvent.objects.create(
                journey_map=journey_map, revision=revision, kind="card.updated", actor=user
            )
        snapshots.take(journey_map, name=f"Instantané {n}", user=user)
        trashed_card(journey_map, user, f"Carte jetée {n}")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("label", sorted(CASES))
def test_the_list_query_count_does_not_grow_with_its_rows(admin_client, data, owner, label):
    url = admin_url(label, "changelist")
    admin_client.get(url)  # warm up: the session and caches are loaded once
    few = queries_for(admin_client, url)
    grow(data.workspace, owner)
    assert queries_for(admin_client, url) == few


def test_the_event_log_cannot_be_added_to_or_changed(admin_client, data):
    assert admin_client.get(admin_url("maps.mapevent", "add")).status_code == 403
    url = admin_url("maps.mapevent", "change", data.event.pk)
    response = admin_client.post(url, {"kind": "map.deleted"})
    assert response.status_code == 403
    data.event.refresh_from_db()
    assert data.event.kind == "card.created"


def card_form(card: Card, **changes) -> dict:
    return {
        "stage": card.stage_id,
        "lane": card.lane_id,
        "position": card.position,
        "text": card.text,
        "cause": card.cause,
        "figure": card.figure,
        "evidence": card.evidence,
        "higher_is_better": "on" if card.higher_is_better else "",
        **changes,
    }


def test_changing_a_card_bumps_its_version(admin_client, data):
    url = admin_url("maps.card", "change", data.card.pk)
    response = admin_client.post(url, card_form(data.card, text="Douze minutes de queue"))
    assert response.status_code == 302
    data.card.refresh_from_db()
    assert data.card.text == "Douze minutes de queue"
    assert data.card.version == 2


def test_saving_an_unchanged_card_keeps_its_version(admin_client, data):
    url = admin_url("maps.card", "change", data.card.pk)
    assert admin_client.post(url, card_form(data.card)).status_code == 302
    data.card.refresh_from_db()
    assert data.card.version == 1


def test_a_card_cannot_join_a_lane_of_another_map(admin_client, data, owner):
    other_map = JourneyMap.objects.create(
        workspace=data.workspace, title="Autre", journey_type=data.journey_type
    )
    stranger = Lane.objects.create(journey_map=other_map, kind=LaneKind.THOUGHTS, title="Autre")
    url = admin_url("maps.card", "change", data.card.pk)
    response = admin_client.post(url, card_form(data.card, lane=stranger.pk))
    assert response.status_code == 200
    assert "lane" in response.context["adminform"].form.errors
    data.card.refresh_from_db()
    assert data.card.lane_id == data.lane.pk


def test_a_card_moved_to_another_maps_stage_follows_it(admin_client, data):
    other_map = JourneyMap.objects.create(
        workspace=data.workspace, title="Autre", journey_type=data.journey_type
    )
    stage = Stage.objects.create(journey_map=other_map, name="Ailleurs")
    lane = Lane.objects.create(journey_map=other_map, kind=LaneKind.PAIN_POINTS, title="Irritants")
    url = admin_url("maps.card", "change", data.card.pk)
    response = admin_client.post(url, card_form(data.card, stage=stage.pk, lane=lane.pk))
    assert response.status_code == 302
    data.card.refresh_from_db()
    assert data.card.journey_map_id == other_map.pk


def test_a_touchpoint_added_in_the_stage_inline_belongs_to_the_stages_map(admin_client, data):
    stage, touchpoint = data.stage, data.touchpoint
    prefix = "touchpoints"
    form = {
        "name": stage.name,
        "position": stage.position,
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": touchpoint.pk,
        f"{prefix}-0-stage": stage.pk,
        f"{prefix}-0-position": touchpoint.position,
        f"{prefix}-0-channel": touchpoint.channel,
        f"{prefix}-0-action": touchpoint.action,
        f"{prefix}-0-emotion": touchpoint.emotion,
        f"{prefix}-0-feeling": touchpoint.feeling,
        f"{prefix}-0-evidence": touchpoint.evidence,
        f"{prefix}-1-stage": stage.pk,
        f"{prefix}-1-position": "1",
        f"{prefix}-1-channel": "Vitrine",
        f"{prefix}-1-action": "Regarde les pains",
        f"{prefix}-1-emotion": "1",
        f"{prefix}-1-feeling": "tentée",
        f"{prefix}-1-evidence": "observed",
        f"{prefix}-1-moment_of_truth": "on",
    }
    response = admin_client.post(admin_url("maps.stage", "change", stage.pk), form)
    assert response.status_code == 302
    added = stage.touchpoints.get(channel="Vitrine")
    assert added.journey_map_id == stage.journey_map_id
    assert added.evidence == "observed" and added.moment_of_truth
    touchpoint.refresh_from_db()
    assert touchpoint.version == 1  # untouched rows keep their version


def test_a_map_only_takes_personas_of_its_workspace(admin_user, data, other_workspace):
    stranger = Persona.objects.create(workspace=other_workspace, name="Ailleurs")
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site._registry[JourneyMap]
    form_class = model_admin.get_form(request, data.journey_map)
    form = form_class(
        {
            "workspace": data.workspace.pk,
            "title": data.journey_map.title,
            "journey_type": data.journey_type.pk,
            "personas": [data.persona.pk, stranger.pk],
        },
        instance=data.journey_map,
    )
    assert not form.is_valid()
    assert "Ailleurs" in str(form.errors["personas"])


# Admin changes take the change path ---------------------------------------------------


@pytest.fixture
def group_messages(monkeypatch):
    """What is handed to the channel layer's groups."""
    layer = get_channel_layer()
    sent = []

    async def group_send(group, message):
        sent.append((group, message))

    monkeypatch.setattr(layer, "group_send", group_send)
    return sent


@pytest.fixture
def pdfs(monkeypatch):
    """A fake renderer that counts its renders: real PDFs are slow and beside the point."""
    renders = []

    def render_html(journey_map, options):
        renders.append(journey_map.revision)
        return f"PDF of revision {journey_map.revision}"

    def render_in_child(html):
        return ChildRender(content=html.encode(), pages=1, seconds=0.0, peak_mb=0.0)

    monkeypatch.setattr(pdf_cache, "render_html", render_html)
    monkeypatch.setattr(pdf_cache.bounded, "render_in_child", render_in_child)
    return renders


def test_an_admin_edit_bumps_the_revision_logs_it_refreshes_the_pdf_and_reaches_open_tabs(
    admin_client, admin_user, data, group_messages, pdfs, django_capture_on_commit_callbacks
):
    journey_map, options = data.journey_map, PdfOptions()
    before = pdf_cache.pdf_for(journey_map, options)
    assert pdf_cache.pdf_for(journey_map, options).from_cache
    url = admin_url("maps.card", "change", data.card.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, card_form(data.card, text="Douze minutes de queue"))
    assert response.status_code == 302
    journey_map.refresh_from_db()
    assert journey_map.revision == 2
    event = journey_map.events.get(revision=2)
    assert event.kind == "admin.changed"
    assert event.actor == admin_user
    assert event.payload == {
        "model": "card",
        "id": data.card.pk,
        "change": "changed",
        "fields": ["text"],
    }
    after = pdf_cache.pdf_for(journey_map, options)
    assert not after.from_cache and after.content != before.content
    assert pdfs == [1, 2]
    [(group, message)] = [sent for sent in group_messages if sent[1]["type"] == "map.event"]
    assert group == live.group_name(journey_map.pk)
    assert message["kind"] == "admin.changed"
    wire = json.loads(message["text"])
    assert wire["revision"] == 2
    # The whole map is redrawn, the edited card with it.
    assert 'id="map-grid"' in wire["html"] and "Douze minutes de queue" in wire["html"]


def test_an_unchanged_admin_save_changes_no_revision(admin_client, data):
    url = admin_url("maps.card", "change", data.card.pk)
    assert admin_client.post(url, card_form(data.card)).status_code == 302
    data.journey_map.refresh_from_db()
    assert data.journey_map.revision == 1


def test_a_card_moved_to_another_map_in_the_admin_changes_both_maps(admin_client, data):
    other_map = JourneyMap.objects.create(
        workspace=data.workspace, title="Autre", journey_type=data.journey_type
    )
    stage = Stage.objects.create(journey_map=other_map, name="Ailleurs")
    lane = Lane.objects.create(journey_map=other_map, kind=LaneKind.PAIN_POINTS, title="Irritants")
    url = admin_url("maps.card", "change", data.card.pk)
    admin_client.post(url, card_form(data.card, stage=stage.pk, lane=lane.pk))
    for journey_map, revision in ((data.journey_map, 2), (other_map, 1)):
        journey_map.refresh_from_db()
        assert journey_map.revision == revision
        assert journey_map.events.get(revision=revision).kind == "admin.changed"


def test_adding_and_deleting_in_the_admin_take_the_change_path_too(admin_client, data):
    stage = data.stage
    form = {"journey_map": data.journey_map.pk, "name": "Après", "position": 5}
    form.update(
        {
            "touchpoints-TOTAL_FORMS": "0",
            "touchpoints-INITIAL_FORMS": "0",
            "touchpoints-MIN_NUM_FORMS": "0",
            "touchpoints-MAX_NUM_FORMS": "1000",
        }
    )
    assert admin_client.post(admin_url("maps.stage", "add"), form).status_code == 302
    url = admin_url("maps.card", "delete", data.card.pk)
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    changelist = admin_url("maps.stage", "changelist")
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [stage.pk], "post": "yes"}
    )
    assert response.status_code == 302
    kinds = list(data.journey_map.events.order_by("revision").values_list("kind", "payload"))
    assert [payload["change"] for kind, payload in kinds[1:]] == ["added", "deleted", "deleted"]
    assert {kind for kind, _payload in kinds[1:]} == {"admin.changed"}
    data.journey_map.refresh_from_db()
    assert data.journey_map.revision == 4


def test_a_map_deleted_in_the_admin_closes_its_tabs(
    admin_client, data, group_messages, django_capture_on_commit_callbacks
):
    url = admin_url("maps.journeymap", "delete", data.journey_map.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert (live.group_name(data.journey_map.pk), {"type": "map.gone"}) in group_messages


def test_a_card_s_figure_and_evidence_edited_in_the_admin_take_the_change_path(admin_client, data):
    url = admin_url("maps.card", "change", data.card.pk)
    form = card_form(
        data.card,
        value="4.5",
        unit="minutes",
        target="3",
        higher_is_better="",
        period="T3 2026",
        evidence="measured",
        source="Caisse",
        source_url="https://example.org/caisse",
        source_date="2026-10-02",
    )
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    data.card.refresh_from_db()
    assert (data.card.value, data.card.unit, data.card.evidence) == (4.5, "minutes", "measured")
    assert not data.card.higher_is_better
    event = data.journey_map.events.get(kind=services.ADMIN_CHANGED)
    assert {"value", "unit", "evidence", "source"} <= set(event.payload["fields"])
    # The list filters by evidence and unit.
    found = admin_client.get(
        admin_url("maps.card", "changelist"),
        {"evidence__exact": "measured", "unit__exact": "minutes"},
    )
    assert list(found.context["cl"].result_list) == [data.card]


def touchpoint_form(touchpoint, **changes) -> dict:
    return {
        "stage": touchpoint.stage_id,
        "position": touchpoint.position,
        "channel": touchpoint.channel,
        "action": touchpoint.action,
        "emotion": touchpoint.emotion,
        "feeling": touchpoint.feeling,
        "evidence": touchpoint.evidence,
        "persona_emotions": "{}",
        **changes,
    }


def test_a_touchpoint_s_persona_emotions_are_checked_in_the_admin(admin_client, data):
    url = admin_url("maps.touchpoint", "change", data.touchpoint.pk)
    persona = data.persona.pk
    for bad in ('{"999999": 1}', f'{{"{persona}": 5}}', "[1, 2]"):
        response = admin_client.post(url, touchpoint_form(data.touchpoint, persona_emotions=bad))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["persona_emotions"]
    good = f'{{"{persona}": -2}}'
    form = touchpoint_form(data.touchpoint, persona_emotions=good, moment_of_truth="on")
    assert admin_client.post(url, form).status_code == 302
    data.touchpoint.refresh_from_db()
    assert data.touchpoint.persona_emotions == {str(persona): -2}
    assert data.touchpoint.moment_of_truth
    found = admin_client.get(
        admin_url("maps.touchpoint", "changelist"), {"moment_of_truth__exact": "1"}
    )
    assert list(found.context["cl"].result_list) == [data.touchpoint]


def test_rounds_are_shown_with_their_persona_but_not_changed_in_the_admin(admin_client, data):
    assert admin_client.get(admin_url("maps.round", "add")).status_code == 403
    response = admin_client.get(admin_url("maps.round", "change", data.round.pk))
    assert "Nell" in response.content.decode()
    assert not response.context["has_change_permission"]
