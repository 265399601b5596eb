"""The method's five criteria of a good map (../domain: "A good map"), checked on the map.

Each criterion is met or not, from what the map holds, and when it is not, says what
is missing and where: the panel links there. Computed from the grid and the action
plan the map page reads anyway, so it costs the page no query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maps.grid import Grid
from maps.models import Action, LaneKind

# Fewer stages than this is a moment, not a journey.
MIN_STAGES = 3


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    met: bool
    # What meets it, or what is missing.
    detail: str
    # Where to go to fix it: an anchor on the map page ("#stage-12"); empty when met.
    link: str = ""
    link_label: str = ""


def check(grid: Grid, actions: Sequence[Action], persona_count: int) -> list[Criterion]:
    """The five criteria, in the method's order."""
    return [
        _customer_view(grid, persona_count),
        _complete_journey(grid),
        _precise_touchpoints(grid),
        _figures(grid),
        _priority_actions(actions),
    ]


def met_count(criteria: Sequence[Criterion]) -> int:
    return sum(1 for criterion in criteria if criterion.met)


def _lanes_of(grid: Grid, kind: str):
    return [row for row in grid.rows if row.lane.kind == kind]


def _customer_view(grid: Grid, persona_count: int) -> Criterion:
    title = _("The customer's point of view")
    if not persona_count:
        return Criterion(
            "customer",
            title,
            False,
            _("No persona is chosen: whose journey is it?"),
            "#map-header",
            _("Choose personas in the title and scope"),
        )
    thoughts = _lanes_of(grid, LaneKind.THOUGHTS)
    if not any(cell.cards for row in thoughts for cell in row.cells):
        return Criterion(
            "customer",
            title,
            False,
            _("No thought or verbatim of the customer yet."),
            f"#lane-{thoughts[0].lane.pk}" if thoughts else "#add-lane",
            _("Write what the customer thinks") if thoughts else _("Add a thoughts lane"),
        )
    return Criterion(
        "customer",
        title,
        True,
        ngettext(
            "%(n)d persona, and the customer's own words.",
            "%(n)d personas, and the customer's own words.",
            persona_count,
        )
        % {"n": persona_count},
    )


def _complete_journey(grid: Grid) -> Criterion:
    title = _("A complete journey")
    if len(grid.columns) < MIN_STAGES:
        return Criterion(
            "journey",
            title,
            False,
            _("Fewer than %(n)d stages: the journey stops short.") % {"n": MIN_STAGES},
            "#add-stage",
            _("Add a stage"),
        )
    empty = [column.stage for column in grid.columns if not column.touchpoints]
    if empty:
        return Criterion(
            "journey",
            title,
            False,
            ngettext(
                "The stage “%(name)s” has no touchpoint.",
                "%(n)d stages have no touchpoint, the first is “%(name)s”.",
                len(empty),
            )
            % {"n": len(empty), "name": empty[0].name},
            f"#stage-{empty[0].pk}",
            _("Go to that stage"),
        )
    return Criterion(
        "journey",
        title,
        True,
        _("%(n)d stages, each with its touchpoints.") % {"n": len(grid.columns)},
    )


def _precise_touchpoints(grid: Grid) -> Criterion:
    title = _("Touchpoints identified precisely")
    touchpoints = [touchpoint for column in grid.columns for touchpoint in column.touchpoints]
    if not touchpoints:
        return Criterion(
            "touchpoints",
            title,
            False,
            _("No touchpoint yet."),
            "#map-grid",
            _("Add touchpoints"),
        )
    vague = [tp for tp in touchpoints if not tp.channel.strip() or not tp.action.strip()]
    if vague:
        return Criterion(
            "touchpoints",
            title,
            False,
            ngettext(
                "%(n)d touchpoint does not say what the customer does there.",
                "%(n)d touchpoints do not say what the customer does there.",
                len(vague),
            )
            % {"n": len(vague)},
            f"#touchpoint-{vague[0].pk}",
            _("Go to the first one"),
        )
    return Criterion(
        "touchpoints",
        title,
        True,
        _("Every touchpoint names its channel and what the customer does."),
    )


def _figures(grid: Grid) -> Criterion:
    title = _("Figures at each stage")
    metrics = _lanes_of(grid, LaneKind.METRICS)
    if not metrics:
        return Criterion(
            "figures",
            title,
            False,
            _("The map has no metrics lane."),
            "#add-lane",
            _("Add a metrics lane"),
        )
    figured = {
        cell.stage.pk
        for row in metrics
        for cell in row.cells
        if any(card.value is not None or card.figure for card in cell.cards)
    }
    missing = [column.stage for column in grid.columns if column.stage.pk not in figured]
    if not grid.columns or missing:
        first = missing[0] if missing else None
        return Criterion(
            "figures",
            title,
            False,
            ngettext(
                "No figure at the stage “%(name)s”.",
                "No figure at %(n)d stages, the first is “%(name)s”.",
                len(missing),
            )
            % {"n": len(missing), "name": first.name}
            if first
            else _("No stage yet."),
            f"#cell-{first.pk}-{metrics[0].lane.pk}" if first else "#add-stage",
            _("Add a figure there") if first else _("Add a stage"),
        )
    return Criterion("figures", title, True, _("Every stage has at least one figure."))


def _priority_actions(actions: Sequence[Action]) -> Criterion:
    title = _("Priority actions")
    if not actions:
        return Criterion(
            "actions",
            title,
            False,
            _("The action plan is empty: what will the team do?"),
            "#action-plan",
            _("Go to the action plan"),
        )
    return Criterion(
        "actions",
        title,
        True,
        ngettext(
            "%(n)d action in the plan, ordered by priority.",
            "%(n)d actions in the plan, ordered by priority.",
            len(actions),
        )
        % {"n": len(actions)},
    )
