"""How big a map may grow.

Every way of adding to a map checks here: the item services (the editor, the
action plan, "turn into an action") before they write, under the map's row
lock so that two people adding at once cannot pass the bound together, and
the import before it writes anything. The bounds are settings
(``PARCOURS_MAX_STAGES`` and the others), far above what a workshop fills,
low enough that the map's page and its PDF stay affordable.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from maps.models import Action, Card, JourneyMap, Lane, Stage, Touchpoint

# Item kind → (setting, model).
BOUNDS: dict[str, tuple[str, type[Stage | Touchpoint | Lane | Card | Action]]] = {
    "stage": ("PARCOURS_MAX_STAGES", Stage),
    "touchpoint": ("PARCOURS_MAX_TOUCHPOINTS", Touchpoint),
    "lane": ("PARCOURS_MAX_LANES", Lane),
    "card": ("PARCOURS_MAX_CARDS", Card),
    "action": ("PARCOURS_MAX_ACTIONS", Action),
}


def maximum(kind: str) -> int:
    return getattr(settings, BOUNDS[kind][0])


def _counted(kind: str, count: int) -> str:
    # One sentence per kind: translators get whole phrases, not a glued-in noun.
    number = number_format(count, force_grouping=True)
    return {
        "stage": _("%(count)s stages"),
        "touchpoint": _("%(count)s touchpoints"),
        "lane": _("%(count)s lanes"),
        "card": _("%(count)s cards"),
        "action": _("%(count)s actions"),
    }[kind] % {"count": number}


def map_full(journey_map: JourneyMap, kind: str, adding: int = 1) -> str:
    """Why ``adding`` more items of this kind do not fit on the map; empty when they do."""
    if kind not in BOUNDS:
        return ""
    limit = maximum(kind)
    held = BOUNDS[kind][1]._default_manager.filter(journey_map=journey_map).count()
    if held + adding <= limit:
        return ""
    return _(
        "This map already holds %(limit)s, the most a map can hold. "
        "Delete some before adding more, or start another map."
    ) % {"limit": _counted(kind, limit)}


def too_many(counts: dict[str, int]) -> str:
    """Why a map with these counts (item kind → number) cannot be made; empty when it can."""
    for kind, count in counts.items():
        limit = maximum(kind)
        if count > limit:
            return _("It holds %(count)s, and a map holds at most %(limit)s.") % {
                "count": _counted(kind, count),
                "limit": _counted(kind, limit),
            }
    return ""


def map_over_limits(journey_map: JourneyMap) -> str:
    """Why this map is over the limits (made before they existed, or behind their back);
    empty when it is within them. Costly work on a map (its PDF) checks this first."""
    return too_many(
        {
            kind: model._default_manager.filter(journey_map=journey_map).count()
            for kind, (_setting, model) in BOUNDS.items()
        }
    )
