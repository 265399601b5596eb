"""Evidence counted by the database, for what does not hold the whole grid in hand: a
stage's strip pushed live after a change, and the map list's summary.

One statement whatever the number of stages or maps: the cards' and the touchpoints'
counts, grouped by stage (or map) and evidence level, in one ``UNION ALL``.
``maps.coverage`` counts the same from a grid already read (the map page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import CharField, Count, IntegerField, QuerySet, Value

from maps.coverage import Coverage, count
from maps.models import Card, JourneyMap, Stage, Touchpoint

# The evidence column of the rows that only say "this stage exists".
_PRESENT = "-"


def _counted(items: QuerySet, by: str) -> QuerySet:
    return items.values_list(by, "evidence").annotate(n=Count("pk")).order_by()


def _tally(rows: Iterable[tuple[int, str, int]]) -> dict[int, Coverage]:
    tally: dict[int, Coverage] = defaultdict(Coverage)
    for owner, evidence, n in rows:
        if evidence == _PRESENT:
            tally[owner] += Coverage()
            continue
        one = count([evidence])  # an unknown level counts as a guess, as on the page
        tally[owner] += Coverage(one.assumption * n, one.observed * n, one.measured * n)
    return tally


def of_stages(journey_map: JourneyMap, stage_ids: Iterable[int]) -> dict[int, Coverage]:
    """The coverage of each of these stages that is still on the map (a deleted one is
    left out): its touchpoints and its cards in every lane."""
    ids = sorted(set(stage_ids))
    if not ids:
        return {}
    on_map = {"journey_map": journey_map, "stage_id__in": ids}
    present = (
        Stage.objects.filter(journey_map=journey_map, pk__in=ids)
        .values_list(
            "pk",
            Value(_PRESENT, output_field=CharField()),
            Value(0, output_field=IntegerField()),
        )
        .order_by()
    )
    rows = present.union(
        _counted(Card.objects.filter(**on_map), "stage_id"),
        _counted(Touchpoint.objects.filter(**on_map), "stage_id"),
        all=True,
    )
    return dict(_tally(rows))


def of_maps(map_ids: Iterable[int]) -> dict[int, Coverage]:
    """Each map's coverage (an empty map's is all zeros), for a page of the map list."""
    ids = sorted(set(map_ids))
    if not ids:
        return {}
    cards = _counted(Card.objects.filter(journey_map_id__in=ids), "journey_map_id")
    touchpoints = _counted(Touchpoint.objects.filter(journey_map_id__in=ids), "journey_map_id")
    tally = _tally(cards.union(touchpoints, all=True))
    return {map_id: tally.get(map_id, Coverage()) for map_id in ids}
