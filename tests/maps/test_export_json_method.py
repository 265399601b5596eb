"""The map file and the method in full: evidence, figures, moments of truth, persona
emotions (schema 4, 5 with snapshots); older files still import; bad values refused."""

import datetime
import json
from decimal import Decimal

import pytest

from maps import restore, services, snapshots
from maps.export import json_format
from maps.models import Card, Evidence, JourneyMap, Lane, LaneKind, Touchpoint
from personas.models import Persona


def file_of(**changes) -> dict:
    data = {
        "format": "parcours.journey-map",
        "schema_version": 4,
        "map": {"title": "Carte", "journey_type": "integration"},
        "personas": [{"name": "Nell"}, {"name": "Ludovic"}],
        "stages": [{"name": "Achat", "touchpoints": [{"channel": "Caisse", "emotion": 0}]}],
        "lanes": [{"kind": "metrics", "cards": [{"stage": 0, "text": "Attente"}]}],
    }
    data.update(changes)
    return data


def imported(owner, workspace, data: dict) -> JourneyMap:
    return services.map_import(user=owner, workspace=workspace, raw=json.dumps(data).encode())


@pytest.fixture
def method_map(journey_map):
    """The conftest map with a second persona, a moment of truth and a measured figure."""
    ludovic = Persona.objects.create(workspace=journey_map.workspace, name="Ludovic")
    journey_map.personas.add(ludovic)
    nell = journey_map.personas.get(name="Nell")
    touchpoint = journey_map.touchpoints.get()
    touchpoint.moment_of_truth = True
    touchpoint.persona_emotions = {str(nell.pk): -2, str(ludovic.pk): 1}
    touchpoint.evidence = Evidence.OBSERVED
    touchpoint.source = "Entretiens"
    touchpoint.save()
    metrics = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Indicateurs", position=2
    )
    Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.STRENGTHS, title="Points forts", position=3
    )
    Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.get(name="Achat"),
        lane=metrics,
        text="Attente en caisse",
        value=Decimal("4.5"),
        unit="minutes",
        target=Decimal("3"),
        higher_is_better=False,
        period="T3 2026",
        evidence=Evidence.MEASURED,
        source="Caisse",
        source_url="https://example.org/caisse",
        source_date=datetime.date(2026, 10, 2),
    )
    return journey_map


def test_the_file_writes_figures_as_exact_text_and_emotions_by_persona_index(method_map):
    data = json_format.export_map(method_map)
    assert data["schema_version"] == 4
    # Personas are listed by name: Ludovic (0), Nell (1).
    assert [p["name"] for p in data["personas"]] == ["Ludovic", "Nell"]
    touchpoint = data["stages"][0]["touchpoints"][0]
    assert touchpoint["persona_emotions"] == [
        {"persona": 0, "emotion": 1},
        {"persona": 1, "emotion": -2},
    ]
    assert touchpoint["moment_of_truth"] is True
    assert touchpoint["evidence"] == "observed"
    card = data["lanes"][2]["cards"][0]
    assert card["value"] == "4.5" and card["target"] == "3"
    assert card["source_date"] == "2026-10-02"
    assert data["lanes"][3]["kind"] == "strengths"


def test_emotions_come_back_keyed_by_the_new_personas(method_map, outsider, other_workspace):
    copy = services.map_import(
        user=outsider, workspace=other_workspace, raw=json_format.dumps(method_map).encode()
    )
    nell = copy.personas.get(name="Nell")
    ludovic = copy.personas.get(name="Ludovic")
    assert nell.workspace == other_workspace
    touchpoint = copy.touchpoints.get()
    assert touchpoint.persona_emotions == {str(nell.pk): -2, str(ludovic.pk): 1}
    card = copy.cards.get(lane__kind=LaneKind.METRICS)
    assert (card.value, card.higher_is_better, card.evidence) == (
        Decimal("4.5"),
        False,
        "measured",
    )


def test_an_emotion_of_a_persona_no_longer_on_the_map_is_not_written(method_map):
    gone = Persona.objects.create(workspace=method_map.workspace, name="Partie")
    touchpoint = method_map.touchpoints.get()
    touchpoint.persona_emotions = {**touchpoint.persona_emotions, str(gone.pk): 2}
    touchpoint.save()
    written = json_format.export_map(method_map)["stages"][0]["touchpoints"][0]
    assert len(written["persona_emotions"]) == 2


@pytest.mark.parametrize("version", [1, 2, 3])
def test_older_files_import_as_assumptions_and_read_their_figures(owner, workspace, version):
    data = file_of(schema_version=version)
    data["lanes"][0]["cards"] = [
        {"stage": 0, "text": "Attente", "figure": "4,5 min"},
        {"stage": 0, "text": "Part", "figure": "1 sur 4"},
    ]
    copy = imported(owner, workspace, data)
    wait, part = copy.cards.order_by("position")
    assert (wait.value, wait.unit, wait.figure) == (Decimal("4.5"), "minutes", "")
    assert (part.value, part.figure) == (None, "1 sur 4")
    assert {wait.evidence, part.evidence} == {Evidence.ASSUMPTION}
    touchpoint = copy.touchpoints.get()
    assert (touchpoint.moment_of_truth, touchpoint.persona_emotions) == (False, {})


@pytest.mark.parametrize(
    ("where", "value", "reason"),
    [
        ("card", {"evidence": "rumour"}, r"lanes\[0\]\.cards\[0\]\.evidence"),
        ("card", {"value": "beaucoup"}, r"cards\[0\]\.value"),
        ("card", {"value": "1.23456"}, r"cards\[0\]\.value"),
        ("card", {"value": True}, r"cards\[0\]\.value"),
        ("card", {"unit": "parsecs"}, r"cards\[0\]\.unit"),
        ("card", {"source_date": "2026-02-30"}, r"cards\[0\]\.source_date"),
        ("card", {"source_url": "javascript:alert(1)"}, r"cards\[0\]\.source_url"),
        ("card", {"higher_is_better": "yes"}, r"cards\[0\]\.higher_is_better"),
        ("touchpoint", {"moment_of_truth": 1}, r"touchpoints\[0\]\.moment_of_truth"),
        (
            "touchpoint",
            {"persona_emotions": [{"persona": 0, "emotion": 3}]},
            r"persona_emotions\[0\]\.emotion",
        ),
        (
            "touchpoint",
            {"persona_emotions": [{"persona": 2, "emotion": 1}]},
            r"persona_emotions\[0\]\.persona",
        ),
    ],
)
def test_bad_values_are_refused_where_they_are(owner, workspace, where, value, reason):
    data = file_of()
    target = (
        data["lanes"][0]["cards"][0] if where == "card" else data["stages"][0]["touchpoints"][0]
    )
    target.update(value)
    with pytest.raises(json_format.ImportRefused, match=reason):
        imported(owner, workspace, data)
    assert not JourneyMap.objects.filter(title__startswith="Carte").exists()


def test_a_number_written_as_a_json_number_is_read_too(owner, workspace):
    data = file_of()
    data["lanes"][0]["cards"][0].update({"value": 42.5, "unit": "percent", "target": 50})
    card = imported(owner, workspace, data).cards.get()
    assert (card.value, card.target) == (Decimal("42.5"), Decimal("50"))


def test_a_snapshot_keeps_the_new_fields_and_restores_them(method_map, owner):
    snapshot = snapshots.take(method_map, name="Avant", user=owner)
    card = method_map.cards.get(lane__kind=LaneKind.METRICS)
    Card.objects.filter(pk=card.pk).update(value=9, evidence=Evidence.ASSUMPTION, source="")
    Touchpoint.objects.update(moment_of_truth=False, persona_emotions={})
    restore.restore_in_place(user=owner, map_id=method_map.pk, snapshot_id=snapshot.pk)
    card.refresh_from_db()
    assert (card.value, card.evidence, card.source) == (Decimal("4.5"), "measured", "Caisse")
    touchpoint = method_map.touchpoints.get()
    assert touchpoint.moment_of_truth and len(touchpoint.persona_emotions) == 2


def test_a_snapshot_from_before_the_method_restores_with_defaults(method_map, owner):
    """A state of version 1 has no evidence or figures as numbers: they read as defaults."""
    from maps import map_state

    state = map_state.state_of(method_map)
    state["version"] = 1
    for card in state["cards"]:
        for name in (
            *Card.EVIDENCE_FIELDS,
            "value",
            "unit",
            "target",
            "higher_is_better",
            "period",
        ):
            del card[name]
    for touchpoint in state["touchpoints"]:
        for name in (*Touchpoint.EVIDENCE_FIELDS, "moment_of_truth", "persona_emotions"):
            del touchpoint[name]
    data = map_state.pack(state)
    old = method_map.snapshots.create(name="Ancien", state=data, size=len(data), revision=0)
    restore.restore_in_place(user=owner, map_id=method_map.pk, snapshot_id=old.pk)
    card = method_map.cards.get(lane__kind=LaneKind.METRICS)
    assert (card.value, card.evidence) == (None, "assumption")
    assert not method_map.touchpoints.get().moment_of_truth


def test_snapshots_in_a_file_get_the_new_map_s_persona_ids(
    method_map, owner, outsider, other_workspace
):
    snapshots.take(method_map, name="Avant", user=owner)
    raw = json_format.dumps(method_map, snapshots=True).encode()
    assert json.loads(raw)["schema_version"] == 5
    copy = services.map_import(user=outsider, workspace=other_workspace, raw=raw)
    state = snapshots.load(copy.snapshots.get())
    nell = copy.personas.get(name="Nell")
    assert {p["id"] for p in state["personas"]} == set(copy.personas.values_list("pk", flat=True))
    emotions = state["touchpoints"][0]["persona_emotions"]
    assert emotions[str(nell.pk)] == -2
    assert state["cards"][-1]["value"] == "4.5"


def test_a_schema_3_file_with_snapshots_of_the_first_state_version_imports(
    journey_map, owner, workspace
):
    snapshots.take(journey_map, name="Avant", user=owner)
    data = json_format.export_map(journey_map, snapshots=True)
    data["schema_version"] = 3
    state = data["snapshots"][0]["state"]
    state["version"] = 1
    new_fields = {*Card.EVIDENCE_FIELDS, "value", "unit", "target", "higher_is_better", "period"}
    for card in state["cards"]:
        for name in new_fields:
            del card[name]
    for touchpoint in state["touchpoints"]:
        for name in (*Touchpoint.EVIDENCE_FIELDS, "moment_of_truth", "persona_emotions"):
            del touchpoint[name]
    copy = imported(owner, workspace, data)
    kept = snapshots.load(copy.snapshots.get())
    assert kept["cards"][0]["evidence"] == "assumption"
    assert kept["cards"][0]["value"] is None
    assert kept["touchpoints"][0]["persona_emotions"] == {}
    restore.restore_in_place(user=owner, map_id=copy.pk, snapshot_id=copy.snapshots.get().pk)
    assert copy.cards.get().evidence == "assumption"
