"""The diff of two states: pure functions on plain data."""

import pytest
from django.utils import translation

from maps.diff import diff, word_diff


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def state(**lists):
    base = {
        "title": "Carte",
        "targets": "",
        "offers": "",
        "journey_type": {"id": 1, "name": "Intégration"},
        "personas": [],
        "stages": [
            {"id": 1, "name": "Besoin", "position": 0},
            {"id": 2, "name": "Achat", "position": 1},
        ],
        "touchpoints": [],
        "lanes": [{"id": 10, "kind": "thoughts", "title": "Pensées", "position": 0}],
        "cards": [],
        "actions": [],
    }
    return {**base, **lists}


def card(id, text, stage=1, lane=10, position=0, **fields):
    return {
        "id": id,
        "stage_id": stage,
        "lane_id": lane,
        "text": text,
        "cause": "",
        "figure": "",
        "position": position,
        **fields,
    }


def touchpoint(id, channel, emotion=0, stage=1, position=0):
    return {
        "id": id,
        "stage_id": stage,
        "channel": channel,
        "action": "",
        "emotion": emotion,
        "feeling": "",
        "position": position,
    }


def test_two_equal_states_differ_in_nothing():
    result = diff(state(cards=[card(1, "A")]), state(cards=[card(1, "A")]))
    assert not result
    assert result.counts == {"added": 0, "removed": 0, "moved": 0, "changed": 0}


def test_items_added_and_removed():
    result = diff(state(cards=[card(1, "Vieux")]), state(cards=[card(2, "Neuf")]))
    cards = result.kinds[3]
    assert [c.label for c in cards.added] == ["Neuf"]
    assert [c.label for c in cards.removed] == ["Vieux"]
    assert cards.added[0].where == "Besoin › Pensées"
    assert result.counts == {"added": 1, "removed": 1, "moved": 0, "changed": 0}


def test_a_card_moved_to_another_stage_says_where_it_was():
    result = diff(state(cards=[card(1, "A")]), state(cards=[card(1, "A", stage=2)]))
    moved = result.kinds[3].moved
    assert [(c.label, c.was, c.where) for c in moved] == [
        ("A", "Besoin › Pensées", "Achat › Pensées")
    ]
    assert result.kinds[3].changed == []


def test_one_card_moved_up_is_one_move_not_all_its_neighbours():
    before = [card(i, str(i), position=i) for i in range(1, 6)]
    after = [card(5, "5", position=0)] + [card(i, str(i), position=i) for i in range(1, 5)]
    assert [c.id for c in diff(state(cards=before), state(cards=after)).kinds[3].moved] == [5]


def test_positions_renumbered_around_a_deleted_card_are_no_move():
    before = [card(1, "1", position=0), card(2, "2", position=1), card(3, "3", position=2)]
    after = [card(1, "1", position=0), card(3, "3", position=1)]
    result = diff(state(cards=before), state(cards=after))
    assert result.kinds[3].moved == []
    assert [c.id for c in result.kinds[3].removed] == [2]


def test_a_changed_card_names_its_fields_and_its_words():
    result = diff(
        state(cards=[card(1, "Le pain est bon", cause="")]),
        state(cards=[card(1, "Le pain est rassis", cause="time")]),
    )
    (change,) = result.kinds[3].changed
    fields = {f.name: f for f in change.fields}
    assert set(fields) == {"text", "cause"}
    assert fields["text"].words == "Le pain est <del>bon</del><ins>rassis</ins>"
    assert (fields["cause"].before, fields["cause"].after) == ("", "Time")


def test_the_word_diff_escapes_what_it_shows():
    assert word_diff("<b>a</b>", "<b>b</b>") == ("&lt;b&gt;<del>a</del><ins>b</ins>&lt;/b&gt;")


def test_emotions_that_changed_are_listed_with_both_values():
    result = diff(
        state(touchpoints=[touchpoint(7, "Site", emotion=-1), touchpoint(8, "Boutique", 1)]),
        state(touchpoints=[touchpoint(7, "Site", emotion=2), touchpoint(8, "Boutique", 1)]),
    )
    assert [(e.channel, e.stage, e.before, e.after) for e in result.emotions] == [
        ("Site", "Besoin", -1, 2)
    ]
    assert [f.name for f in result.kinds[1].changed[0].fields] == ["emotion"]


def test_stages_renamed_and_actions_changed():
    action = {
        "id": 3,
        "title": "Ouvrir tôt",
        "description": "",
        "owner": "",
        "due_date": None,
        "impact": 2,
        "effort": 2,
        "status": "todo",
        "source_card_id": None,
        "position": 0,
    }
    before = state(actions=[action])
    after = state(
        stages=[
            {"id": 1, "name": "Le besoin", "position": 0},
            {"id": 2, "name": "Achat", "position": 1},
        ],
        actions=[{**action, "status": "done", "impact": 3}],
    )
    result = diff(before, after)
    assert result.kinds[0].changed[0].fields[0].words == "<del>Besoin</del><ins>Le besoin</ins>"
    fields = {f.name: (f.before, f.after) for f in result.kinds[4].changed[0].fields}
    assert fields == {"impact": ("medium", "high"), "status": ("To do", "Done")}


def test_the_scope_title_and_personas():
    result = diff(
        state(personas=[{"id": 1, "name": "Nell"}]),
        state(title="Carte du pain", personas=[{"id": 2, "name": "Ludovic"}]),
    )
    assert [(f.name, f.before, f.after) for f in result.scope] == [
        ("title", "Carte", "Carte du pain"),
        ("personas", "Nell", "Ludovic"),
    ]
    assert result


def metric(id, value, unit="percent", target=None, **fields):
    defaults = {
        "higher_is_better": True,
        "period": "",
        "evidence": "assumption",
        "source": "",
        "source_url": "",
        "source_date": None,
    }
    return card(
        id, "Taux de conversion", value=value, unit=unit, target=target, **{**defaults, **fields}
    )


def test_a_figure_reads_with_its_unit_before_and_after():
    with translation.override("fr"):
        result = diff(
            state(cards=[metric(1, "42", target="50")]),
            state(cards=[metric(1, "48", target="45")]),
        )
    (change,) = result.kinds[3].changed
    fields = {f.name: f for f in change.fields}
    assert set(fields) == {"figure", "target"}
    assert (fields["figure"].label, fields["figure"].before, fields["figure"].after) == (
        "valeur",
        "42\u00a0%",
        "48\u00a0%",
    )
    assert (fields["target"].before, fields["target"].after) == ("50\u00a0%", "45\u00a0%")
    assert fields["figure"].words is None  # before → after, not word by word
    assert change.label == "48\u00a0% — Taux de conversion"


def test_a_change_of_unit_alone_shows_in_the_figure():
    result = diff(state(cards=[metric(1, "3", unit="minutes")]), state(cards=[metric(1, "3")]))
    (field,) = result.kinds[3].changed[0].fields
    assert (field.before, field.after) == ("3\u00a0min", "3\u00a0%")


def test_evidence_level_and_source_are_worded():
    with translation.override("fr"):
        result = diff(
            state(cards=[metric(1, "42")]),
            state(
                cards=[
                    metric(
                        1,
                        "42",
                        evidence="measured",
                        source="Enquête en caisse",
                        source_date="2026-11-02",
                    )
                ]
            ),
        )
    fields = {f.name: f for f in result.kinds[3].changed[0].fields}
    assert set(fields) == {"evidence", "source", "source_date"}
    assert (fields["evidence"].before, fields["evidence"].after) == ("Hypothèse", "Mesuré")
    assert fields["evidence"].label == "niveau de preuve"
    assert fields["source"].words == "<ins>Enquête en caisse</ins>"
    assert fields["source_date"].after == "02/11/2026"


def test_a_moment_of_truth_is_worded():
    def point(moment):
        return {**touchpoint(7, "Caisse"), "moment_of_truth": moment, "evidence": "observed"}

    with translation.override("fr"):
        result = diff(state(touchpoints=[point(False)]), state(touchpoints=[point(True)]))
    (field,) = result.kinds[1].changed[0].fields
    assert (field.label, field.before, field.after) == ("moment de vérité", "non", "oui")


def test_a_figure_typed_as_text_then_as_a_number_is_no_change():
    # A snapshot from before figures were numbers holds "42 %" as text, and no value.
    old = card(1, "Taux de conversion", figure="42 %")
    new = metric(1, "42", figure="")
    assert not diff(state(cards=[old]), state(cards=[new]))


def test_fields_an_older_state_lacks_are_not_changes():
    old = touchpoint(7, "Caisse")  # written before evidence and moments of truth
    new = {**touchpoint(7, "Caisse"), "moment_of_truth": False, "evidence": "assumption"}
    assert not diff(state(touchpoints=[old]), state(touchpoints=[new]))
