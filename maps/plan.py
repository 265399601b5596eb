"""The action plan of a map, in priority order: the one place that decides that order.

High expected impact and low effort come first (the "quick wins"), then the
nearest due date (actions without one last), then the order they were added.
The map page, the action plan page and the PDF export all read it from here.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, QuerySet

from maps.models import Action, JourneyMap

PRIORITY = ("-impact", "effort", F("due_date").asc(nulls_last=True), "position", "pk")


def actions_plan(journey_map: JourneyMap | int) -> QuerySet[Action]:
    """The map's actions, most urgent first, each with the card it answers (one query)."""
    return (
        Action.objects.filter(journey_map=journey_map)
        .select_related("source_card")
        .order_by(*PRIORITY)
    )


def by_priority(actions: list[Action]) -> list[Action]:
    """``PRIORITY`` for actions already in memory (a snapshot's plan)."""
    return sorted(
        actions,
        key=lambda a: (
            -a.impact,
            a.effort,
            a.due_date is None,
            a.due_date or date.min,
            a.position,
            a.pk or 0,
        ),
    )
