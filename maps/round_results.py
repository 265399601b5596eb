"""What a round shows: the open round, how many have voted, who has finished, results.

Read-only: the map page, its fragments, the catch-up, the ballot and the round
history read from here; voting and steering rounds are in ``maps.rounds``.
Results refuse to compute while the round is open, so nothing can show them early.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from journeymap.changes import ChangeRefused
from maps.models import Card, Round, RoundKind, Touchpoint
from maps.persona_curves import emotion_for
from maps.presence import display_names

# A spread (standard deviation) from this on is a disagreement worth talking about.
DISAGREEMENT = 1.0


class RoundRefused(ChangeRefused):
    """Not now: no open round, the wrong kind, or no dots left. ``message`` says which.

    Raised by votes (``maps.rounds``), and here by results asked for too early.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_round(journey_map) -> Round | None:
    return journey_map.rounds.filter(closed_at__isnull=True).first()


def ballot_cards(journey_map, lane_kinds) -> list[Card]:
    return list(
        Card.objects.filter(journey_map=journey_map, lane__kind__in=lane_kinds)
        .select_related("stage", "lane")
        .order_by("stage__position", "lane__position", "position", "pk")
    )


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
    if voting.kind != RoundKind.DOTS:
        return []
    # A pruned guest's votes have no voter (None).
    totals: dict[int | None, int] = {}
    users = {}
    for vote in voting.votes.select_related("voter"):
        totals[vote.voter_id] = totals.get(vote.voter_id, 0) + vote.value
        users[vote.voter_id] = vote.voter
    # A pruned guest's dots still count; there is nobody left to name.
    finished = [
        users[pk] for pk, total in totals.items() if total >= voting.dots_each and users[pk]
    ]
    return sorted(display_names(finished, voting.journey_map).values())


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
    # What the map says now for whom the round scored: the touchpoint's emotion, or the
    # persona's in a round scored as a persona.
    current: int | None = None

    @property
    def map_emotion(self) -> int:
        return self.touchpoint.emotion if self.current is None else self.current

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
    persona_id = voting.persona_id
    lines = [
        ScoreLine(
            touchpoint,
            scores.get(touchpoint.pk, []),
            None if persona_id is None else emotion_for(touchpoint, persona_id),
        )
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
