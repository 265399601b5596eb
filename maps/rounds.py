"""Silent emotion scoring and dot voting.

While a round is open, each participant's votes are theirs alone: nothing
rendered for the group (fragments, pushes, catch-up, pages) carries a vote;
only counts of who has voted. Results are computed when the round closes.
Votes go through ``services.map_change`` like every change: the map row lock
serialises them, so two tabs of one participant voting at once can neither
double-count nor overspend dots.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import partial

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journeymap.changes import ChangeRefused, Invalid
from maps import live
from maps.facilitation import locked_open_workshop
from maps.models import Card, LaneKind, MapEvent, Round, RoundKind, Touchpoint, Vote
from maps.services import map_change
from workspaces import access

VOTABLE_LANES = [LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES]
# A spread (standard deviation) from this on is a disagreement worth talking about.
DISAGREEMENT = 1.0


class RoundRefused(ChangeRefused):
    """Not now: no open round, the wrong kind, or no dots left. ``message`` says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DotRoundForm(forms.Form):
    lane_kinds = forms.MultipleChoiceField(
        label=_("Cards to vote on"),
        choices=[(kind.value, kind.label) for kind in VOTABLE_LANES],
        widget=forms.CheckboxSelectMultiple,
        initial=[kind.value for kind in VOTABLE_LANES],
    )
    dots_each = forms.IntegerField(
        label=_("Dots each"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("Leave empty for a quarter of the post-its, and at least three dots."),
    )
    stacking = forms.BooleanField(label=_("Several dots on one card"), required=False)


def open_round(journey_map) -> Round | None:
    return journey_map.rounds.filter(closed_at__isnull=True).first()


def ballot_cards(journey_map, lane_kinds) -> list[Card]:
    return list(
        Card.objects.filter(journey_map=journey_map, lane__kind__in=lane_kinds)
        .select_related("stage", "lane")
        .order_by("stage__position", "lane__position", "position", "pk")
    )


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
        elif not Touchpoint.objects.filter(journey_map=journey_map).exists():
            raise RoundRefused(str(_("There is no touchpoint to score yet.")))
        journey_map.rounds.filter(dismissed=False).update(dismissed=True)
        voting = Round.objects.create(journey_map=journey_map, kind=kind, opened_by=user, **fields)
        change.payload = {"round": voting.pk, "kind": kind}
    return change.event


def round_close(*, user, map_id: int) -> MapEvent:
    with map_change(
        user=user, map_id=map_id, kind="round.closed", check=access.check_facilitate_map
    ) as change:
        voting = open_round(change.journey_map)
        if voting is None:
            raise RoundRefused(str(_("No round is open.")))
        voting.closed_at = timezone.now()
        voting.save(update_fields=["closed_at"])
        change.payload = {"round": voting.pk, "kind": voting.kind}
    return change.event


def round_dismiss(*, user, map_id: int, round_id: int) -> MapEvent:
    """Put the results away: the map shows its own emotion curve alone again."""
    with map_change(
        user=user, map_id=map_id, kind="round.dismissed", check=access.check_facilitate_map
    ) as change:
        voting = _closed_round(change.journey_map, round_id)
        voting.dismissed = True
        voting.save(update_fields=["dismissed"])
        change.payload = {"round": voting.pk, "kind": voting.kind}
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
        for touchpoint in touchpoints:
            touchpoint.emotion = max(-2, min(2, round_half_away(means[touchpoint.pk])))
            touchpoint.version += 1
        Touchpoint.objects.bulk_update(touchpoints, ["emotion", "version"])
        voting.adopted_at = timezone.now()
        voting.save(update_fields=["adopted_at"])
        change.payload = {
            "round": voting.pk,
            "kind": voting.kind,
            "emotions": {str(t.pk): t.emotion for t in touchpoints},
        }
    return change.event


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


def _nudge_other_tabs(map_id: int, user) -> None:
    """Once the vote is saved, the voter's other tabs fetch their ballot again.

    Content-less and to the voter alone: their ballot is theirs (``map-<id>-user-<id>``).
    """
    transaction.on_commit(partial(live.send_to_user, map_id, user.pk, {"type": "map.ballot"}))


def score(*, user, map_id: int, touchpoint_id: int, value: int | None) -> MapEvent:
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
        _nudge_other_tabs(map_id, user)
    return change.event


def dot(*, user, map_id: int, card_id: int, delta: int) -> MapEvent:
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
        _nudge_other_tabs(map_id, user)
    return change.event


# What people see -----------------------------------------------------------------


@dataclass
class Progress:
    """How many have voted, never what: shown to everyone while the round is open."""

    voters: int


def progress(voting: Round) -> Progress:
    return Progress(voters=voting.votes.values("voter_id").distinct().count())


def finished_voters(voting: Round) -> list[str]:
    """Who has used all their dots, by display name: for the facilitators' eyes only.

    Never rendered into what the map's group receives (``fragments.finished_fragment``
    goes to the facilitators' group and to facilitators' pages).
    """
    from maps.presence import display_name

    if voting.kind != RoundKind.DOTS:
        return []
    totals: dict[int, int] = {}
    users = {}
    for vote in voting.votes.select_related("voter"):
        totals[vote.voter_id] = totals.get(vote.voter_id, 0) + vote.value
        users[vote.voter_id] = vote.voter
    return sorted(
        display_name(users[pk], voting.journey_map)
        for pk, total in totals.items()
        # A pruned guest's dots still count; there is nobody left to name.
        if total >= voting.dots_each and users[pk] is not None
    )


def my_votes(voting: Round, user) -> dict[int, int]:
    """The participant's own ballot: touchpoint or card id → score or dots."""
    votes = voting.votes.filter(voter=user)
    if voting.kind == RoundKind.EMOTION:
        return dict(votes.values_list("touchpoint_id", "value"))
    return dict(votes.values_list("card_id", "value"))


@dataclass
class ScoreLine:
    touchpoint: Touchpoint
    scores: list[int]

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores) if self.scores else 0.0

    @property
    def spread(self) -> float:
        return statistics.pstdev(self.scores) if len(self.scores) > 1 else 0.0

    @property
    def disagreement(self) -> bool:
        return self.spread >= DISAGREEMENT


@dataclass
class EmotionResults:
    round: Round
    lines: list[ScoreLine]

    @property
    def most_disputed(self) -> list[ScoreLine]:
        return sorted(
            (line for line in self.lines if line.disagreement), key=lambda line: -line.spread
        )


def emotion_results(voting: Round) -> EmotionResults:
    if voting.is_open:
        raise RoundRefused(str(_("Results show when the round closes.")))
    touchpoints = Touchpoint.objects.filter(journey_map=voting.journey_map).select_related("stage")
    scores: dict[int, list[int]] = {}
    for touchpoint_id, value in voting.votes.values_list("touchpoint_id", "value"):
        scores.setdefault(touchpoint_id, []).append(value)
    lines = [
        ScoreLine(touchpoint, scores.get(touchpoint.pk, []))
        for touchpoint in touchpoints.order_by("stage__position", "position", "pk")
    ]
    return EmotionResults(voting, lines)


@dataclass
class DotLine:
    card: Card
    dots: int
    voters: int


def dot_results(voting: Round) -> list[DotLine]:
    """Cards by dots received, most first: the group's priorities."""
    if voting.is_open:
        raise RoundRefused(str(_("Results show when the round closes.")))
    totals: dict[int, list[int]] = {}
    for card_id, value in voting.votes.values_list("card_id", "value"):
        totals.setdefault(card_id, []).append(value)
    cards = Card.objects.filter(pk__in=totals).select_related("stage", "lane")
    lines = [DotLine(card, sum(totals[card.pk]), len(totals[card.pk])) for card in cards]
    return sorted(lines, key=lambda line: (-line.dots, -line.voters, line.card.pk))
