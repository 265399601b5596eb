"""The action plan's own pages: the plan sorted by priority, and a card turned into an action.

Creating, editing and deleting actions go through the generic item views
(``maps.views.items``), like every other item of the map.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from journeymap.requests import HtmxHttpRequest
from maps.forms import ActionForm
from maps.models import Action, ActionStatus, Card
from maps.plan import actions_plan
from maps.views.lookup import map_for

# A CharField always has a max_length; the stubs allow None.
TITLE_LENGTH: int = Action._meta.get_field("title").max_length  # type: ignore[assignment]


@login_required
@require_GET
def action_plan(request: HttpRequest, map_id: int) -> HttpResponse:
    """Every action of the map, most urgent first: for the wall, the phone and the printer."""
    journey_map = map_for(request.user, map_id)
    actions = list(actions_plan(journey_map))
    context = {
        "journey_map": journey_map,
        "actions": actions,
        "done_count": sum(action.status == ActionStatus.DONE for action in actions),
    }
    return render(request, "maps/action_plan.html", context)


@login_required
@require_GET
def action_new(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The new-action form, prefilled from a card (``?card=<id>``): its text as the title."""
    journey_map = map_for(request.user, map_id, need="edit")
    card_id = request.GET.get("card", "")
    card = None
    if card_id.isdigit():
        card = Card.objects.filter(journey_map=journey_map, pk=int(card_id)).first()
    draft = Action(journey_map=journey_map, source_card=card)
    initial = {"title": Truncator(card.text).chars(TITLE_LENGTH)} if card else {}
    context = {
        "form": ActionForm(instance=draft, initial=initial, journey_map=journey_map),
        "journey_map": journey_map,
        "kind": "action",
        "item": None,
        "target": "new-action",
    }
    if request.htmx:
        return render(request, "maps/item_forms.html#action-new", context)
    return render(request, "maps/action_new.html", context)
