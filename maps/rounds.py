"""Silent emotion scoring and dot voting: opening, closing and adopting rounds; votes.

What a round shows (progress, who has finished, results) is read from
``maps.round_results``, which changes nothing.

While a round is open, each participant's votes are theirs alone: nothing
rendered for the group (fragments, pushes, catch-up, pages) carries a vote;
only counts of who has voted. Results are computed when the round closes.
Votes go through ``services.map_change`` like every change: the map row lock
serialises them, so two tabs of one participant voting at once can neither
double-count nor overspend dots.
"""

from __future__ import annotations

import math
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journeymap.changes import Invalid
from maps import live, persona_curves
from maps.facilitation import locked_open_workshop
from maps.forms import DotRoundForm
from maps.models import Card, MapEvent, Round, RoundKind, Touchpoint, Vote
from maps.round_results import RoundRefused, ballot_cards, emotion_results, open_round
from maps.services import map_change
from workspaces import access

# One dot each leaves nobody a choice to weigh: a small map still gets three.
MIN_DEFAULT_DOTS = 3


def default_dots(card_count: int, *, stacking: bool = False) -> int:
    """About a quarter of the cards, at least three; without stacking, no more than the
    cards on the ballot (a dot per card), so that everyone can place all their dots."""
    dots = max(MIN_DEFAULT_DOTS, round(card_count / 4))
    if not stacking:
        dots = min(dots, card_count)
    return max(1, min(dots, 20))


# Opening and closing ----------------------------------------------------------


def round_open(*, user, map_id: int, kind: str, data=None) -> MapEvent:
    with map_change(
        user=user, map_id=map_id, kind="round.opened", check=access.check_facilitate_map
    ) as change:
        # Checked after access: an outsider learns nothing from a refusal.
        if kind not in RoundKind.values:
            raise RoundRefused(str(_("Unknown kind of round.")))
        journey_map = change.journey_map
        locked_open_workshop(journey_map)
        if open_round(journey_map) is not None:
            raise RoundRefused(str(_("A round is already open: close it first.")))
        fields = {}
        if kind == RoundKind.DOTS:
            form = DotRoundForm(data or {})
            if not form.is_valid():
                raise Invalid(form)
            lane_kinds = form.cleaned_data["lane_kinds"]
            cards = ballot_cards(journey_map, lane_kinds)
            if not cards:
                raise RoundRefused(str(_("There is no card to vote on in these lanes yet.")))
            fields = {
                "lane_kinds": lane_kinds,
                "dots_each": form.cleaned_data["dots_each"]
                or default_dots(len(cards), stacking=form.cleaned_data["stacking"]),
                "stacking": form.cleaned_data["stacking"],
            }
        else:
            if not Touchpoint.objects.filter(journey_map=journey_map).exists():
                raise RoundRefused(str(_("There is no touchpoint to score yet.")))
            persona = _scored_persona(journey_map, (data or {}).get("persona", ""))
            if persona is not None:
                fields["persona"] = persona
        journey_map.rounds.filter(dismissed=False).update(dismissed=True)
        voting = Round.objects.create(journey_map=journey_map, kind=kind, opened_by=user, **fields)
        change.payload = {"round": voting.pk, "kind": kind, **_persona_payload(voting)}
    return change.event


def _scored_persona(journey_map, chosen: object):
    """The persona an emotion round is scored as: ``None`` for the map as a whole.

    Only one of this map's personas, on a map with several: any other id (another
    workspace's, or one taken off the map) is refused, and says so.
    """
    if chosen in (None, ""):
        return None
    personas = persona_curves.map_personas(journey_map)
    found = next((p for p in personas.all if str(p.pk) == str(chosen)), None)
    if found is None or not personas.multi:
        raise RoundRefused(str(_("This persona is not on this map: score for the map instead.")))
    return found


def _persona_payload(voting: Round) -> dict:
    """A persona round names its persona in its events, as it was called then."""
    if voting.persona is None:
        return {}
    return {"persona": voting.persona.pk, "persona_name": voting.persona.name}


def round_close(*, user, map_id: int) -> MapEvent:
    with map_change(
        user=user, map_id=map_id, kind="round.closed", check=access.check_facilitate_map
    ) as change:
        voting = open_round(change.journey_map)
        if voting is None:
            raise RoundRefused(str(_("No round is open.")))
        voting.closed_at = timezone.now()
        voting.save(update_fields=["closed_at"])
        change.payload = {"round": voting.pk, "kind": voting.kind, **_persona_payload(voting)}
    return change.event


def round_dismiss(*, user, map_id: int, round_id: int) -> MapEvent:
    """Put the results away: the map shows its own emotion curve alone again."""
    with map_change(
        user=user, map_id=map_id, kind="round.dismissed", check=access.check_facilitate_map
    ) as change:
        voting = _closed_round(change.journey_map, round_id)
        voting.dismissed = True
        voting.save(update_fields=["dismissed"])
        change.payload = {"round": voting.pk, "kind": voting.kind, **_persona_payload(voting)}
    return change.event


def round_adopt(*, user, map_id: int, round_id: int) -> MapEvent:
    """Make the group's mean score each touchpoint's emotion (rounded)."""
    with map_change(
        user=user, map_id=map_id, kind="round.adopted", check=access.check_facilitate_map
    ) as change:
        voting = _closed_round(change.journey_map, round_id)
        if voting.kind != RoundKind.EMOTION:
            raise RoundRefused(str(_("Only an emotion round has a mean to adopt.")))
        means = {line.touchpoint.pk: line.mean for line in emotion_results(voting).lines if line.n}
        touchpoints = list(Touchpoint.objects.filter(pk__in=means))
        if voting.persona_id is None and _was_scored_as_a_persona(voting):
            # Its persona was deleted since (the link is gone): the map's own emotions
            # are not what the group scored.
            raise RoundRefused(
                str(_("The persona this round was scored for has been deleted: nothing to adopt."))
            )
        if voting.persona_id is not None:
            change.payload = _adopt_for_persona(change.journey_map, voting, touchpoints, means)
        else:
            before = {str(t.pk): t.emotion for t in touchpoints}
            for touchpoint in touchpoints:
                touchpoint.emotion = _adopted(means[touchpoint.pk])
                touchpoint.version += 1
            Touchpoint.objects.bulk_update(touchpoints, ["emotion", "version"])
            change.payload = {
                "round": voting.pk,
                "kind": voting.kind,
                "emotions": {str(t.pk): t.emotion for t in touchpoints},
                "before": before,
            }
        voting.adopted_at = timezone.now()
        voting.save(update_fields=["adopted_at"])
    return change.event


def _was_scored_as_a_persona(voting: Round) -> bool:
    return MapEvent.objects.filter(
        journey_map=voting.journey_map_id,
        kind="round.opened",
        payload__round=voting.pk,
        payload__persona__isnull=False,
    ).exists()


def _adopted(mean: float) -> int:
    return max(-2, min(2, round_half_away(mean)))


def _adopt_for_persona(journey_map, voting: Round, touchpoints: list, means: dict) -> dict:
    """Scored as a persona: the means become that persona's entries, the map's emotion
    stays. ``before`` keeps each touchpoint's entry for the persona (``None``: it had
    none, it felt what the map says), so that undo puts back exactly that."""
    persona_id = voting.persona_id
    assert persona_id is not None
    if persona_id not in persona_curves.map_personas(journey_map).ids:
        raise RoundRefused(
            str(_("This persona is no longer on the map: put them back to adopt the mean."))
        )
    before = {str(t.pk): persona_curves.own_entry(t, persona_id) for t in touchpoints}
    for touchpoint in touchpoints:
        touchpoint.persona_emotions = persona_curves.with_entry(
            touchpoint.persona_emotions, persona_id, _adopted(means[touchpoint.pk])
        )
        touchpoint.version += 1
    Touchpoint.objects.bulk_update(touchpoints, ["persona_emotions", "version"])
    return {
        "round": voting.pk,
        "kind": voting.kind,
        **_persona_payload(voting),
        "emotions": {str(t.pk): persona_curves.own_entry(t, persona_id) for t in touchpoints},
        "before": before,
    }


def round_half_away(value: float) -> int:
    """+0.5 is +1 and −0.5 is −1: the group leaned that way (Python rounds to even)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _closed_round(journey_map, round_id: int) -> Round:
    voting = journey_map.rounds.filter(pk=round_id).first()
    if voting is None or voting.is_open:
        raise RoundRefused(str(_("This round is not closed.")))
    return voting


# Voting -------------------------------------------------------------------------


def _round_to_vote_in(journey_map, kind: str) -> Round:
    voting = open_round(journey_map)
    if voting is None or voting.kind != kind:
        raise RoundRefused(str(_("This round has closed: your vote was not counted.")))
    return voting


def _nudge_other_tabs(map_id: int, user, tab: str) -> None:
    """Once the vote is saved, the voter's other tabs fetch their ballot again.

    Content-less and to the voter alone: their ballot is theirs (``map-<id>-user-<id>``).
    ``tab`` names the tab that voted (its ``Parcours-Tab`` header): its own answer keeps
    it right, and a fetch there would redraw the ballot under the person's next click.
    """
    message = {"type": "map.ballot", "tab": tab}
    transaction.on_commit(partial(live.send_to_user, map_id, user.pk, message))


def score(*, user, map_id: int, touchpoint_id: int, value: int | None, tab: str = "") -> MapEvent:
    """Set (or, with ``None``, clear) the participant's score for one touchpoint."""
    if value is not None and value not in range(-2, 3):
        raise RoundRefused(str(_("A score goes from −2 to +2.")))
    with map_change(
        user=user, map_id=map_id, kind="vote.cast", check=access.check_vote_map
    ) as change:
        voting = _round_to_vote_in(change.journey_map, RoundKind.EMOTION)
        touchpoint = Touchpoint.objects.filter(
            journey_map=change.journey_map, pk=touchpoint_id
        ).first()
        if touchpoint is None:
            raise RoundRefused(str(_("This touchpoint no longer exists.")))
        if value is None:
            Vote.objects.filter(round=voting, voter=user, touchpoint=touchpoint).delete()
        else:
            Vote.objects.update_or_create(
                round=voting, voter=user, touchpoint=touchpoint, defaults={"value": value}
            )
        # Who voted and in which round: never what.
        change.payload = {"round": voting.pk}
        _nudge_other_tabs(map_id, user, tab)
    return change.event


def dot(*, user, map_id: int, card_id: int, delta: int, tab: str = "") -> MapEvent:
    """Put a dot on a card (``delta`` 1) or take one back (−1)."""
    if delta not in (1, -1):
        raise RoundRefused(str(_("One dot at a time.")))
    with map_change(
        user=user, map_id=map_id, kind="vote.cast", check=access.check_vote_map
    ) as change:
        voting = _round_to_vote_in(change.journey_map, RoundKind.DOTS)
        card = Card.objects.filter(
            journey_map=change.journey_map, pk=card_id, lane__kind__in=voting.lane_kinds
        ).first()
        if card is None:
            raise RoundRefused(str(_("This card is not on the ballot.")))
        mine = Vote.objects.filter(round=voting, voter=user)
        line = mine.filter(card=card).first()
        if delta == 1:
            if sum(mine.values_list("value", flat=True)) >= voting.dots_each:
                raise RoundRefused(str(_("You have no dot left: take one back first.")))
            if line is not None and not voting.stacking:
                raise RoundRefused(str(_("One dot per card in this round.")))
            if line is None:
                Vote.objects.create(round=voting, voter=user, card=card, value=1)
            else:
                line.value += 1
                line.save(update_fields=["value"])
        elif line is not None:
            if line.value <= 1:
                line.delete()
            else:
                line.value -= 1
                line.save(update_fields=["value"])
        change.payload = {"round": voting.pk}
        _nudge_other_tabs(map_id, user, tab)
    return change.event
