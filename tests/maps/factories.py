"""Builds maps of any size for tests that care about scale."""

from maps.models import Card, JourneyMap, JourneyType, Lane, LaneKind, Stage, Touchpoint


def build_map(workspace, *, stages: int, lanes: int, cards: int, title: str = "Grande carte"):
    journey_map = JourneyMap.objects.create(
        workspace=workspace, title=title, journey_type=JourneyType.objects.first()
    )
    stage_rows = Stage.objects.bulk_create(
        Stage(journey_map=journey_map, name=f"Étape {i + 1}", position=i) for i in range(stages)
    )
    kinds = list(LaneKind)
    lane_rows = Lane.objects.bulk_create(
        Lane(
            journey_map=journey_map, kind=kinds[i % len(kinds)], title=f"Ligne {i + 1}", position=i
        )
        for i in range(lanes)
    )
    Touchpoint.objects.bulk_create(
        Touchpoint(
            journey_map=journey_map,
            stage=stage,
            channel=f"Canal {i}",
            emotion=(i % 5) - 2,
            position=i,
        )
        for i, stage in enumerate(stage_rows)
    )
    Card.objects.bulk_create(
        Card(
            journey_map=journey_map,
            stage=stage_rows[i % stages],
            lane=lane_rows[(i // stages) % lanes],
            text=f"Carte {i}",
            position=i,
        )
        for i in range(cards)
    )
    return journey_map
