"""Builds maps of any size with plausible content, for tests and benchmarks.

Not demo data (see ``load_demo``): these maps exist to measure and to check
that nothing grows with the number of stages, lanes and cards.
"""

from __future__ import annotations

from decimal import Decimal

from maps.models import (
    Card,
    Cause,
    Evidence,
    JourneyMap,
    JourneyType,
    Lane,
    LaneKind,
    MapEvent,
    Stage,
    Touchpoint,
    Unit,
)
from workspaces.models import Workspace

EMOTIONS = [0, 1, -1, 2, -2]
EVIDENCE = [Evidence.ASSUMPTION, Evidence.ASSUMPTION, Evidence.OBSERVED, Evidence.MEASURED]


def build_map(
    workspace: Workspace,
    *,
    stages: int,
    lanes: int,
    cards: int,
    touchpoints_per_stage: int = 1,
    title: str = "Carte d'exemple",
    author=None,
) -> JourneyMap:
    """A map at revision 1, its cards spread row by row so every cell gets its share."""
    journey_map = JourneyMap.objects.create(
        workspace=workspace,
        title=title,
        targets="Actifs urbains",
        offers="Pain et viennoiseries",
        journey_type=JourneyType.objects.get(slug="integration"),
        created_by=author,
        revision=1,
    )
    MapEvent.objects.create(journey_map=journey_map, revision=1, kind="map.created", actor=author)
    stage_rows = Stage.objects.bulk_create(
        Stage(journey_map=journey_map, name=f"Étape {n + 1}", position=n) for n in range(stages)
    )
    kinds = list(LaneKind)
    lane_rows = Lane.objects.bulk_create(
        Lane(
            journey_map=journey_map,
            kind=kinds[n % len(kinds)],
            title=f"{kinds[n % len(kinds)].label} {n + 1}",
            position=n,
        )
        for n in range(lanes)
    )
    Touchpoint.objects.bulk_create(
        Touchpoint(
            journey_map=journey_map,
            stage=stage,
            channel=f"Canal {s + 1}.{t + 1}",
            action="La cliente compare deux offres sur son téléphone avant de se décider.",
            emotion=EMOTIONS[(s * touchpoints_per_stage + t) % len(EMOTIONS)],
            feeling="hésitante",
            evidence=EVIDENCE[(s + t) % len(EVIDENCE)],
            moment_of_truth=t == 0 and s % 3 == 0,
            position=t,
        )
        for s, stage in enumerate(stage_rows)
        for t in range(touchpoints_per_stage)
    )
    if not (stage_rows and lane_rows):
        return journey_map
    causes = list(Cause)
    positions: dict[tuple[int, int], int] = {}
    card_rows = []
    for n in range(cards):
        stage = stage_rows[n % len(stage_rows)]
        lane = lane_rows[(n // len(stage_rows)) % len(lane_rows)]
        position = positions.get((stage.pk, lane.pk), 0)
        positions[(stage.pk, lane.pk)] = position + 1
        card_rows.append(
            Card(
                journey_map=journey_map,
                stage=stage,
                lane=lane,
                text=f"Post-it {n + 1} : la file avance lentement et personne n'annonce l'attente."
                + " Elle pense repartir." * (n % 3),
                cause=causes[n % len(causes)] if lane.kind == LaneKind.PAIN_POINTS else "",
                value=Decimal(n % 97) if lane.kind == LaneKind.METRICS else None,
                unit=Unit.PERCENT if lane.kind == LaneKind.METRICS else "",
                target=Decimal(50) if lane.kind == LaneKind.METRICS and n % 2 else None,
                # As in a real map: mostly guesses, some heard, a few measured.
                evidence=EVIDENCE[n % len(EVIDENCE)],
                position=position,
            )
        )
    Card.objects.bulk_create(card_rows)
    return journey_map
