"""How every kind of event reads in the history, old payloads included."""

from __future__ import annotations

import pytest
from django.utils import translation

from maps import event_text, history, services
from maps.event_text import Names
from maps.events import EVENT_KINDS
from maps.models import Card, MapEvent, Stage

NAMES = Names(
    stages={1: "Décision", 2: "Achat"},
    lanes={5: "Pensées", 6: "Irritants"},
    items={("card", 9): "Paiement refusé"},
)
CARD = {"id": 9, "stage_id": 1, "lane_id": 5, "text": "Paiement refusé", "cause": "", "figure": ""}
TOUCHPOINT = {"id": 3, "stage_id": 1, "channel": "Site", "action": "Compare les prix"}
ACTION = {"id": 4, "title": "Simplifier le paiement", "status": "todo", "source_card_id": None}

# One line for every kind the registry declares, as the service writes it today.
EXAMPLES: list[tuple[str, dict, str]] = [
    ("map.created", {"title": "Nell achète"}, "created the map “Nell achète”"),
    ("map.imported", {"title": "Nell achète", "stages": 3}, "imported the map “Nell achète”"),
    (
        "map.updated",
        {"title": "Neuf", "targets": "", "before": {"title": "Vieux", "targets": ""}},
        "renamed the map “Vieux” to “Neuf”",
    ),
    (
        "map.restored",
        {"name": "Atelier du 25 novembre", "trashed": 2},
        "restored the map as it was in the snapshot “Atelier du 25 novembre”"
        " (2 removed items put in the trash)",
    ),
    ("map.locked", {"locked": True}, "locked the map"),
    ("map.unlocked", {"locked": False}, "unlocked the map"),
    ("stage.created", {"id": 1, "name": "Décision"}, "added the stage “Décision”"),
    (
        "stage.updated",
        {"id": 1, "name": "Décision", "position": 0, "before": {"name": "Choix", "position": 0}},
        "renamed the stage “Choix” to “Décision”",
    ),
    (
        "stage.moved",
        {"id": 2, "order": [2, 1], "before_order": [1, 2]},
        "moved the stage “Achat” to the left",
    ),
    (
        "stage.deleted",
        {"id": 7, "name": "Livraison", "trash": 1, "content": 10},
        "deleted the stage “Livraison” and its 10 items",
    ),
    (
        "lane.created",
        {"id": 6, "title": "Irritants", "kind": "pain_points"},
        "added the lane “Irritants”",
    ),
    (
        "lane.updated",
        {
            "id": 6,
            "title": "Irritants",
            "kind": "metrics",
            "before": {"title": "Irritants", "kind": "pain_points"},
        },
        "edited the lane “Irritants”: kind",
    ),
    (
        "lane.moved",
        {"id": 6, "order": [6, 5], "before_order": [5, 6]},
        "moved the lane “Irritants” up",
    ),
    (
        "lane.deleted",
        {"id": 8, "title": "Coulisses", "content": 1},
        "deleted the lane “Coulisses” and its 1 item",
    ),
    ("touchpoint.created", TOUCHPOINT, "added the touchpoint “Compare les prix” in Décision"),
    (
        "touchpoint.updated",
        {**TOUCHPOINT, "emotion": -1, "before": {**TOUCHPOINT, "emotion": 1}},
        "edited the touchpoint “Compare les prix”: emotion",
    ),
    (
        "touchpoint.moved",
        {"id": 3, "stage_id": 1, "order": [4, 3], "before_order": [3, 4]},
        "moved a touchpoint later in Décision",
    ),
    (
        "touchpoint.deleted",
        {**TOUCHPOINT, "content": 0},
        "deleted the touchpoint “Compare les prix”",
    ),
    ("card.created", CARD, "added the card “Paiement refusé” in Décision, Pensées"),
    (
        "card.updated",
        {**CARD, "stage_id": 2, "before": CARD},
        "moved the card “Paiement refusé” from Décision to Achat",
    ),
    (
        "card.moved",
        {"id": 9, "stage_id": 1, "lane_id": 5, "order": [9, 10], "before_order": [10, 9]},
        "moved the card “Paiement refusé” up in Décision, Pensées",
    ),
    ("card.deleted", {**CARD, "trash": 2, "content": 0}, "deleted the card “Paiement refusé”"),
    ("action.created", ACTION, "added the action “Simplifier le paiement”"),
    (
        "action.updated",
        {**ACTION, "status": "done", "before": ACTION},
        "edited the action “Simplifier le paiement”: status",
    ),
    ("action.moved", {"id": 4, "order": [4], "before_order": [4]}, "moved an action"),
    ("action.deleted", {**ACTION, "trash": 3}, "deleted the action “Simplifier le paiement”"),
    (
        "stage.restored",
        {"id": 7, "name": "Livraison", "content": 10, "from_trash": 1},
        "restored the stage “Livraison” and its 10 items from the trash",
    ),
    (
        "lane.restored",
        {"id": 8, "title": "Coulisses", "content": 0},
        "restored the lane “Coulisses” from the trash",
    ),
    (
        "touchpoint.restored",
        TOUCHPOINT,
        "restored the touchpoint “Compare les prix” from the trash",
    ),
    ("card.restored", CARD, "restored the card “Paiement refusé” from the trash"),
    ("action.restored", ACTION, "restored the action “Simplifier le paiement” from the trash"),
    ("trash.emptied", {"count": 3}, "emptied the trash (3 items)"),
    ("workshop.started", {"workshop_id": 1}, "started a workshop"),
    ("workshop.ended", {"workshop_id": 1}, "ended the workshop"),
    ("workshop.link_renewed", {"workshop_id": 1}, "renewed the join link"),
    ("workshop.guests_revoked", {"workshop_id": None}, "revoked every guest's access"),
    (
        "workshop.rights_changed",
        {"guests_restructure": True},
        "let guests delete and reorder stages and lanes",
    ),
    ("timer.started", {"duration": 300, "left": 300}, "started the timer (5 minutes)"),
    ("timer.paused", {"duration": 300, "left": 120}, "paused the timer"),
    ("timer.extended", {"duration": 360}, "added a minute to the timer"),
    ("timer.reset", {"duration": 300}, "reset the timer"),
    ("focus.set", {"focus": "lane-6"}, "brought everyone to the lane “Irritants”"),
    ("round.opened", {"round": 1, "kind": "dots"}, "opened a dot voting round"),
    ("round.closed", {"round": 1, "kind": "emotion"}, "closed a silent emotion scoring round"),
    ("round.dismissed", {"round": 1, "kind": "dots"}, "put away the results of a dot voting round"),
    (
        "round.adopted",
        {"round": 1, "kind": "emotion", "emotions": {"3": 1, "4": -2}, "before": {"3": 0, "4": 0}},
        "adopted the group's mean as the emotions of 2 touchpoints",
    ),
    ("vote.cast", {"round": 1}, "voted"),
    (
        "figures.imported",
        {"created": 1, "updated": 1, "lane": None, "cards": [{}, {}]},
        "imported 2 figures (cards added: 1, updated: 1)",
    ),
    ("figures.removed", {"cards": [{}]}, "undid the import of 1 figure"),
    (
        "admin.changed",
        {"model": "card", "id": 9, "change": "changed", "fields": ["text"]},
        "changed a card in the admin: text",
    ),
]


def read(kind: str, payload: dict, names: Names = NAMES, reverts: int | None = None) -> str:
    with translation.override("en"):
        event = MapEvent(kind=kind, payload=payload, reverts=reverts)
        return history.sentence(event, names)


def test_every_declared_kind_has_an_example_here():
    assert sorted({kind for kind, _payload, _text in EXAMPLES}) == sorted(EVENT_KINDS)


@pytest.mark.parametrize(("kind", "payload", "text"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_each_kind_reads_as_a_sentence(kind, payload, text):
    assert read(kind, payload) == text


# Events written before payloads said what they replaced: each still reads.
OLD_PAYLOADS = [
    ("card.updated", {"id": 9, "text": "Paiement refusé"}, "edited the card “Paiement refusé”"),
    ("card.moved", {"id": 11}, "moved a card"),
    ("stage.deleted", {"id": 7, "name": "Livraison"}, "deleted the stage “Livraison”"),
    ("stage.moved", {"id": 1}, "moved the stage “Décision”"),
    ("map.updated", {"title": "Neuf"}, "changed the map's title and scope"),
    ("map.created", {}, "created the map"),
    ("trash.emptied", {}, "emptied the trash"),
    (
        "map.restored",
        {"name": "Avant"},  # before the trash took what a restore removes
        "restored the map as it was in the snapshot “Avant”",
    ),
    ("timer.started", {}, "started the timer"),
    ("round.opened", {}, "opened a round"),
    ("focus.set", {"focus": ""}, "let everyone roam the map again"),
    ("workshop.rights_changed", {}, "changed what guests may do"),
]


@pytest.mark.parametrize(("kind", "payload", "text"), OLD_PAYLOADS)
def test_an_old_payload_still_reads(kind, payload, text):
    assert read(kind, payload) == text


def test_a_stage_reads_by_its_name_now_then_as_recorded_then_as_deleted():
    card = {**CARD, "stage_id": 7, "before": {**CARD, "stage_id": 1}}
    assert read("card.updated", card) == (
        "moved the card “Paiement refusé” from Décision to a deleted stage"
    )
    renamed = Names(stages={7: "Livraison à domicile"})
    assert read("stage.deleted", {"id": 7, "name": "Livraison"}, renamed) == (
        "deleted the stage “Livraison à domicile”"
    )


def test_a_card_edit_says_what_changed():
    edited = {**CARD, "cause": "money", "figure": "12 %", "before": CARD}
    assert read("card.updated", edited) == "edited the card “Paiement refusé”: cause, figure"
    rewritten = {**CARD, "text": "Carte refusée", "before": CARD}
    assert (
        read("card.updated", rewritten) == "rewrote the card “Paiement refusé” as “Carte refusée”"
    )
    both = {**CARD, "lane_id": 6, "figure": "3", "before": CARD}
    assert read("card.updated", both) == (
        "moved the card “Paiement refusé” from Décision, Pensées to Décision, Irritants"
        " and edited its figure"
    )


# Cards and touchpoints as the service records them since evidence, figures and moments
# of truth: what a person reads is what the method calls them.
METRIC = {
    **CARD,
    "text": "Taux de conversion",
    "value": None,
    "unit": "",
    "target": None,
    "higher_is_better": True,
    "period": "",
    "evidence": "assumption",
    "source": "",
    "source_url": "",
    "source_date": None,
}
POINT = {**TOUCHPOINT, "moment_of_truth": False, "evidence": "assumption", "source": ""}


def edit(before: dict, **changes) -> dict:
    return {**before, **changes, "before": before}


def test_an_evidence_change_says_the_new_level():
    assert read("card.updated", edit(METRIC, evidence="measured")) == (
        "marked the card “Taux de conversion” as measured"
    )
    assert read("touchpoint.updated", edit(POINT, evidence="observed")) == (
        "marked the touchpoint “Compare les prix” as observed"
    )
    assert read("card.updated", edit(METRIC, evidence="measured", source="GA4")) == (
        "marked the card “Taux de conversion” as measured (source: “GA4”)"
    )
    back = edit({**METRIC, "evidence": "observed"}, evidence="assumption")
    assert read("card.updated", back) == "marked the card “Taux de conversion” as an assumption"


def test_a_source_alone_is_an_edit_of_its_source():
    assert read("card.updated", edit(METRIC, source="GA4")) == (
        "edited the card “Taux de conversion”: source"
    )


def test_a_moment_of_truth_is_said_both_ways():
    made = edit(POINT, moment_of_truth=True)
    assert read("touchpoint.updated", made) == (
        "marked the touchpoint “Compare les prix” as a moment of truth"
    )
    unmade = edit({**POINT, "moment_of_truth": True}, moment_of_truth=False)
    assert read("touchpoint.updated", unmade) == (
        "took the touchpoint “Compare les prix” off the moments of truth"
    )


def test_a_figure_change_reads_with_its_unit():
    assert read("card.updated", edit(METRIC, value="42", unit="percent")) == (
        "set the figure to 42\u00a0% on the card “Taux de conversion”"
    )
    measured = {**METRIC, "value": "42", "unit": "percent"}
    assert read("card.updated", edit(measured, value="48.5")) == (
        "changed the figure from 42\u00a0% to 48.5\u00a0% on the card “Taux de conversion”"
    )
    assert read("card.updated", edit(measured, target="50")) == (
        "set the target to 50\u00a0% on the card “Taux de conversion”"
    )
    # A figure changed with its text is an edit of both, named.
    both = edit(measured, value="48", text="Conversion")
    assert read("card.updated", both) == "edited the card “Conversion”: text, value"


def test_evidence_figures_and_moments_of_truth_read_in_french():
    with translation.override("fr"):
        measured = MapEvent(kind="card.updated", payload=edit(METRIC, evidence="measured"))
        assert history.sentence(measured, NAMES) == (
            "a marqué le post-it «\u00a0Taux de conversion\u00a0» comme mesuré"
        )
        moment = MapEvent(kind="touchpoint.updated", payload=edit(POINT, moment_of_truth=True))
        assert history.sentence(moment, NAMES) == (
            "a marqué le point de contact «\u00a0Compare les prix\u00a0» comme moment de vérité"
        )
        figure = MapEvent(
            kind="card.updated",
            payload=edit({**METRIC, "value": "42", "unit": "percent"}, value="48"),
        )
        assert history.sentence(figure, NAMES) == (
            "a changé le chiffre de 42\u00a0% à 48\u00a0% sur le post-it"
            " «\u00a0Taux de conversion\u00a0»"
        )


def test_a_long_text_is_cut():
    text = read("card.created", {**CARD, "text": "mot " * 60})
    assert text.endswith("…” in Décision, Pensées") and len(text) < 130


def test_an_undo_says_what_it_took_back_and_a_redo_what_it_did_again():
    created = MapEvent(revision=4, kind="card.created", payload=CARD)
    undo = MapEvent(revision=5, kind="card.deleted", payload=CARD, reverts=4)
    names = Names(stages=NAMES.stages, lanes=NAMES.lanes, reverted={4: created, 5: undo})
    assert read("card.deleted", CARD, names, reverts=4) == (
        "undid: added the card “Paiement refusé” in Décision, Pensées"
    )
    assert read("card.restored", CARD, names, reverts=5) == (
        "redid: added the card “Paiement refusé” in Décision, Pensées"
    )
    assert read("card.deleted", CARD, Names(), reverts=99) == "undid a change"


def test_an_unknown_kind_says_what_it_is():
    assert read("comet.seen", {}) == "made a change (comet.seen)"


def test_sentences_are_translated():
    with translation.override("fr"):
        event = MapEvent(
            kind="stage.deleted", payload={"id": 7, "name": "Livraison", "content": 10}
        )
        assert (
            history.sentence(event, Names())
            == "a supprimé l’étape «\u00a0Livraison\u00a0» et ses 10 éléments"
        )


# Names loaded from the database ----------------------------------------------------


@pytest.mark.django_db
def test_the_names_of_a_page_come_from_the_map(journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    services.item_move(
        user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk, direction="next"
    )
    moved = MapEvent.objects.get(journey_map=journey_map, kind="card.moved")
    names = event_text.names_for(journey_map.pk, [moved])
    assert set(names.stages.values()) == set(Stage.objects.values_list("name", flat=True))
    assert names.items == {("card", card.pk): "Pas de pain ce soir !"}
