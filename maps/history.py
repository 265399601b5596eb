"""A map's history: its events newest first, filtered, fifty at a time.

Pages are cut by revision (keyset), not by offset: the thousandth page of a
map with 20,000 events costs what the first does, and the queries are the
same few whatever the map's size. Each line reads its kind's entry in
``maps.events`` (its category, whether it can be undone, its sentence); the
workshop it happened in is found among the map's workshops already loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from maps import event_text, events
from maps.events import Category, EventKind
from maps.models import JourneyMap, MapEvent, Workshop

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    """What the history's GET form asks for; anything malformed is ignored."""

    person: str = ""
    category: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        category = query.get("kind", "")
        return cls(
            person=query.get("person", "").strip()[:150],
            category=category if category in Category.values else "",
            since=_day(query.get("from", "")),
            until=_day(query.get("to", "")),
        )

    @property
    def active(self) -> bool:
        return bool(self.person or self.category or self.since or self.until)

    def apply(self, found: QuerySet[MapEvent]) -> QuerySet[MapEvent]:
        if self.person:
            found = found.filter(actor_name=self.person)
        if self.category:
            found = found.filter(kind__in=events.kinds_in(self.category))
        if self.since:
            found = found.filter(created_at__gte=_midnight(self.since))
        if self.until:
            found = found.filter(created_at__lt=_midnight(self.until + timedelta(days=1)))
        return found


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    """The start of ``day`` where the reader is (the active time zone)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def revision_in(query: QueryDict, name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@dataclass
class Line:
    event: MapEvent
    kind: EventKind
    text: str
    workshop: str  # "Workshop of 25 November 2026", or "" outside any workshop


@dataclass
class Page:
    lines: list[Line]
    # The revision to read newer (``after``) or older (``before``) changes from, if any.
    newer: int | None
    older: int | None


def page_of(
    journey_map: JourneyMap,
    filters: Filters,
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of changes, newest first: older than ``before``, or else the page just newer
    than ``after``, or else the latest."""
    found = filters.apply(MapEvent.objects.filter(journey_map=journey_map))
    if after is not None and before is None:
        rows = list(found.filter(revision__gt=after).order_by("revision")[: size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        # The page came from an older one: the event at ``after`` is still there.
        return _page(journey_map, rows, more_newer, more_older=bool(rows))
    if before is not None:
        found = found.filter(revision__lt=before)
    rows = list(found.order_by("-revision")[: size + 1])
    more_older = len(rows) > size
    return _page(journey_map, rows[:size], more_newer=before is not None, more_older=more_older)


def _page(
    journey_map: JourneyMap, rows: list[MapEvent], more_newer: bool, more_older: bool
) -> Page:
    names = event_text.names_for(journey_map.pk, rows)
    # Prefetched by the view: no query per line.
    workshops = sorted(journey_map.workshops.all(), key=lambda w: w.started_at)
    lines = [
        Line(
            event=event,
            kind=events.kind_of(event.kind),
            text=sentence(event, names),
            workshop=workshop_of(workshops, event),
        )
        for event in rows
    ]
    return Page(
        lines=lines,
        newer=rows[0].revision if rows and more_newer else None,
        older=rows[-1].revision if rows and more_older else None,
    )


def sentence(event: MapEvent, names: event_text.Names) -> str:
    return event_text.sentence(event, names, lambda e: events.kind_of(e.kind).describe)


def sentence_of(journey_map_id: int, revision: int) -> str:
    """One event's sentence, read on its own (the message after an undo)."""
    event = MapEvent.objects.filter(journey_map_id=journey_map_id, revision=revision).first()
    if event is None:
        return ""
    return sentence(event, event_text.names_for(journey_map_id, [event]))


def workshop_of(workshops: Sequence[Workshop], event: MapEvent) -> str:
    """The workshop open when the event happened (they never overlap on one map), named by
    its day; a workshop's own events (its end, written just after it) name it."""
    workshop_id = event.payload.get("workshop_id") if event.kind.startswith("workshop.") else None
    for workshop in reversed(workshops):
        if workshop_id is not None:
            if workshop.pk == workshop_id:
                return event_text.workshop_label(workshop.started_at)
            continue
        if workshop.started_at <= event.created_at:
            ended = workshop.ended_at
            if ended is None or event.created_at <= ended:
                return event_text.workshop_label(workshop.started_at)
            return ""
    return ""


def people(journey_map: JourneyMap) -> list[str]:
    """Everyone named in the map's history, for the filter."""
    return list(
        MapEvent.objects.filter(journey_map=journey_map)
        .exclude(actor_name="")
        .order_by("actor_name")
        .values_list("actor_name", flat=True)
        .distinct()
    )
