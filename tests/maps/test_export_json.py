"""JSON export and import: a lossless round trip, and hostile files refused whole."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from maps import services
from maps.export import json_format
from maps.export.json_format import ImportRefused
from maps.models import Card, JourneyMap, JourneyType, MapEvent
from maps.sample import build_map
from personas.models import Persona


def without_time(data: dict) -> dict:
    """The export without its date, and without the title (an imported map says it is a copy)."""
    data = {key: value for key, value in data.items() if key != "exported_at"}
    return {**data, "map": {k: v for k, v in data["map"].items() if k != "title"}}


def import_file(user, workspace, data) -> JourneyMap:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return services.map_import(user=user, workspace=workspace, raw=raw)


@pytest.fixture
def rich_map(workspace, owner, persona):
    """Every kind of lane, causes, figures, several touchpoints per stage, cards in odd cells."""
    journey_map = build_map(workspace, stages=5, lanes=6, cards=47, touchpoints_per_stage=3)
    journey_map.personas.add(persona)
    persona.hobbies = "Concerts\nVélo le dimanche"
    persona.save()
    # Multi-line text and trailing spaces must survive as written.
    card = Card.objects.filter(journey_map=journey_map).first()
    card.text = "Première ligne\n  deuxième ligne  "
    card.save()
    return journey_map


def test_the_round_trip_into_another_workspace_is_lossless(rich_map, other_workspace, outsider):
    exported = json_format.export_map(rich_map)
    copy = import_file(outsider, other_workspace, exported)
    assert copy.pk != rich_map.pk and copy.workspace == other_workspace
    assert copy.title == "Carte d'exemple (copie)"
    assert without_time(json_format.export_map(copy)) == without_time(exported)
    # The persona came along as a copy in the other workspace.
    assert copy.personas.get().workspace == other_workspace


def test_the_round_trip_into_the_same_workspace_reuses_its_personas(rich_map, owner, workspace):
    copy = import_file(owner, workspace, json_format.export_map(rich_map))
    assert list(copy.personas.all()) == list(rich_map.personas.all())
    assert Persona.objects.filter(workspace=workspace).count() == 1


def test_an_import_is_the_new_map_s_first_revision_and_event(rich_map, owner, workspace):
    copy = import_file(owner, workspace, json_format.export_map(rich_map))
    assert copy.revision == 1
    event = MapEvent.objects.get(journey_map=copy)
    assert (event.revision, event.kind, event.actor) == (1, "map.imported", owner)
    assert event.payload["cards"] == 47


def test_a_marketer_cannot_import(marketer, workspace, journey_map):
    with pytest.raises(PermissionDenied):
        import_file(marketer, workspace, json_format.export_map(journey_map))


def test_a_newer_schema_is_refused_with_a_clear_message(owner, workspace, journey_map):
    data = {**json_format.export_map(journey_map), "schema_version": json_format.SCHEMA_VERSION + 1}
    with translation.override("en"), pytest.raises(ImportRefused, match="newer version"):
        import_file(owner, workspace, data)


def valid() -> dict:
    return {
        "format": "parcours.journey-map",
        "schema_version": 1,
        "map": {"title": "Carte", "journey_type": "integration"},
        "personas": [{"name": "Nell"}],
        "stages": [{"name": "Besoin", "touchpoints": [{"channel": "Bus", "emotion": 1}]}],
        "lanes": [{"kind": "thoughts", "title": "", "cards": [{"stage": 0, "text": "Oh"}]}],
    }


def changed(path: str, value):
    data = valid()
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    return data


HOSTILE = {
    "not json": b"{ this is not json",
    "not utf-8": "{}".encode("utf-16"),
    "NaN": b'{"format": "parcours.journey-map", "schema_version": NaN}',
    "too deep": b"[" * 100_000 + b"]" * 100_000,
    "huge number": b'{"schema_version": ' + b"9" * 5000 + b"}",
    "too large": b" " * (json_format.max_bytes() + 1),
    "a list": b"[]",
    "another format": json.dumps({**valid(), "format": "other"}).encode(),
    "schema as text": json.dumps({**valid(), "schema_version": "1"}).encode(),
    "unknown journey type": changed("map.journey_type", "voyage"),
    "empty title": changed("map.title", "   "),
    "title too long": changed("map.title", "x" * 161),
    "null character": changed("map.title", "Carte\x00"),
    "stages not a list": changed("stages", {"name": "Besoin"}),
    "emotion out of range": changed("stages.0.touchpoints.0.emotion", 3),
    "emotion as boolean": changed("stages.0.touchpoints.0.emotion", True),
    "emotion as text": changed("stages.0.touchpoints.0.emotion", "1"),
    "channel missing": changed("stages.0.touchpoints.0.channel", ""),
    "unknown lane kind": changed("lanes.0.kind", "<script>"),
    "unknown cause": changed("lanes.0.cards.0.cause", "weather"),
    "card of a missing stage": changed("lanes.0.cards.0.stage", 1),
    "negative stage index": changed("lanes.0.cards.0.stage", -1),
    "card text too long": changed("lanes.0.cards.0.text", "x" * 5001),
    "persona age": changed("personas.0.age", 300),
    "persona without name": changed("personas.0.name", None),
    "too many cards": changed("lanes.0.cards", [{"stage": 0, "text": "x"}] * (1501)),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_malformed_or_hostile_file_is_refused_and_creates_nothing(owner, workspace, name):
    maps_before = JourneyMap.objects.count()
    personas_before = Persona.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_file(owner, workspace, HOSTILE[name])
    assert str(refused.value)  # a message the user can act on
    assert JourneyMap.objects.count() == maps_before
    assert Persona.objects.count() == personas_before


def test_the_message_names_the_place_of_the_problem(owner, workspace):
    with (
        translation.override("en"),
        pytest.raises(
            ImportRefused,
            match=r"stages\[0\]\.touchpoints\[0\]\.emotion: a whole number from -2 to 2",
        ),
    ):
        import_file(owner, workspace, changed("stages.0.touchpoints.0.emotion", 9))


def test_a_failure_while_writing_rolls_everything_back(owner, workspace, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(json_format.Card.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_file(owner, workspace, valid())
    assert not JourneyMap.objects.filter(title="Carte").exists()
    assert not Persona.objects.filter(name="Nell").exists()


def test_a_lane_without_a_title_is_named_after_its_kind(owner, workspace):
    journey_map = import_file(owner, workspace, valid())
    assert journey_map.lanes.get().title in {"Pensées et verbatims", "Thoughts and verbatims"}


@pytest.fixture
def private_type(other_workspace):
    return JourneyType.objects.create(
        slug="fidelite-privee", name="Fidélité", definition="Le club", workspace=other_workspace
    )


def test_another_workspace_s_own_journey_type_is_not_used(
    owner, workspace, other_workspace, private_type
):
    with translation.override("en"), pytest.raises(ImportRefused, match="not a journey type"):
        import_file(owner, workspace, changed("map.journey_type", "fidelite-privee"))
    assert not JourneyMap.objects.exists()
    # Nothing refers to it: the workspace that owns it can still be deleted.
    other_workspace.delete()
    assert not JourneyType.objects.filter(pk=private_type.pk).exists()


def test_the_importing_workspace_s_own_journey_type_is_used(
    outsider, other_workspace, private_type
):
    copy = import_file(outsider, other_workspace, changed("map.journey_type", "fidelite-privee"))
    assert copy.journey_type == private_type


def test_a_journey_type_named_like_one_of_the_workspace_s_own_is_found_by_its_name(
    owner, workspace, private_type
):
    own = JourneyType.objects.create(
        slug="fidelite-privee-2", name="Fidélité", definition="Le nôtre", workspace=workspace
    )
    data = changed("map.journey_type", "fidelite-privee")
    data["map"]["journey_type_name"] = "Fidélité"
    assert import_file(owner, workspace, data).journey_type == own


def test_a_file_over_the_map_limits_says_which_limit_and_creates_nothing(
    owner, workspace, settings
):
    settings.PARCOURS_MAX_STAGES = 3
    data = changed("stages", [{"name": f"Étape {n}"} for n in range(4)])
    with (
        translation.override("en"),
        pytest.raises(ImportRefused, match="It holds 4 stages, and a map holds at most 3 stages"),
    ):
        import_file(owner, workspace, data)
    assert not JourneyMap.objects.exists()
