"""The facilitator's controls (timer, focus, rounds) and each participant's ballot.

Controls are changes of the map: they answer like edits (the event's
fragments, applied in revision order). A ballot is the voter's alone: it is
answered to them and pushed to their other tabs, never to the map's group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from journeymap.changes import ChangeRefused
from maps import facilitation, round_results, rounds
from maps.models import Emotion, JourneyMap, MapEvent, Round, RoundKind, Touchpoint
from maps.views.lookup import map_for
from maps.views.responses import event_response, refused_toast
from workspaces import access

BALLOT = "maps/ballot.html#my-ballot"


def refused(refusal: ChangeRefused) -> HttpResponse:
    """A control that cannot apply now: without a reason of its own, the workshop is missing."""
    return refused_toast(
        refusal, _("Start a workshop first: the timer, the focus and the rounds belong to it.")
    )


def _control(request: HttpRequest, change) -> HttpResponse:
    try:
        event = change()
    except ChangeRefused as refusal:
        return refused(refusal)
    return event_response(event)


@login_required
@require_POST
def timer(request: HttpRequest, map_id: int) -> HttpResponse:
    action = request.POST.get("action")
    user = request.user
    if action == "start":
        try:
            minutes = int(request.POST.get("minutes", ""))
        except ValueError:
            # Answered before any service looks: the map stays a secret to outsiders.
            map_for(user, map_id)
            return refused(rounds.RoundRefused(_("How many minutes? Type a number.")))
        return _control(
            request, lambda: facilitation.timer_start(user=user, map_id=map_id, minutes=minutes)
        )
    actions: dict[str, Callable[..., MapEvent]] = {
        "resume": facilitation.timer_start,
        "pause": facilitation.timer_pause,
        "extend": facilitation.timer_add_minute,
        "reset": facilitation.timer_reset,
    }
    if action not in actions:
        raise Http404
    return _control(request, lambda: actions[action](user=user, map_id=map_id))


@login_required
@require_POST
def focus(request: HttpRequest, map_id: int) -> HttpResponse:
    target = request.POST.get("target", "")
    return _control(
        request, lambda: facilitation.focus_set(user=request.user, map_id=map_id, target=target)
    )


@login_required
@require_POST
def round_open(request: HttpRequest, map_id: int) -> HttpResponse:
    kind = request.POST.get("kind", "")
    return _control(
        request,
        lambda: rounds.round_open(user=request.user, map_id=map_id, kind=kind, data=request.POST),
    )


@login_required
@require_POST
def round_close(request: HttpRequest, map_id: int) -> HttpResponse:
    return _control(request, lambda: rounds.round_close(user=request.user, map_id=map_id))


@login_required
@require_POST
def round_adopt(request: HttpRequest, map_id: int, round_id: int) -> HttpResponse:
    return _control(
        request, lambda: rounds.round_adopt(user=request.user, map_id=map_id, round_id=round_id)
    )


@login_required
@require_POST
def round_dismiss(request: HttpRequest, map_id: int, round_id: int) -> HttpResponse:
    return _control(
        request, lambda: rounds.round_dismiss(user=request.user, map_id=map_id, round_id=round_id)
    )


# The participant's own ballot ------------------------------------------------------


def ballot_context(journey_map: JourneyMap, user, message: str = "") -> dict:
    voting = round_results.open_round(journey_map)
    context: dict[str, Any] = {"journey_map": journey_map, "round": voting, "message": message}
    if voting is None:
        return context
    try:
        access.check_vote_map(user, journey_map)
    except (PermissionDenied, Http404):
        return {**context, "can_vote": False}
    mine = round_results.my_votes(voting, user)
    context.update(can_vote=True, mine=mine)
    if voting.kind == RoundKind.EMOTION:
        touchpoints = list(
            Touchpoint.objects.filter(journey_map=journey_map)
            .select_related("stage")
            .order_by("stage__position", "position", "pk")
        )
        for touchpoint in touchpoints:
            touchpoint.my_score = mine.get(touchpoint.pk)  # type: ignore[attr-defined]  # for the template
        context.update(touchpoints=touchpoints, emotions=Emotion.choices)
    else:
        cards = round_results.ballot_cards(journey_map, voting.lane_kinds)
        for card in cards:
            card.my_dots = mine.get(card.pk, 0)  # type: ignore[attr-defined]  # for the template
        context.update(cards=cards, left=voting.dots_each - sum(mine.values()))
    return context


@login_required
@require_GET
def ballot(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id)
    response = render(request, BALLOT, ballot_context(journey_map, request.user))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def vote(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id)
    message = ""
    # Which tab voted (static/js/live/main.js): its other tabs are nudged, not it.
    tab = request.headers.get("Parcours-Tab", "")[:40]
    try:
        if "touchpoint" in request.POST:
            value = request.POST.get("value", "")
            rounds.score(
                user=request.user,
                map_id=map_id,
                touchpoint_id=_int(request.POST["touchpoint"]),
                value=_int(value) if value != "" else None,
                tab=tab,
            )
        else:
            rounds.dot(
                user=request.user,
                map_id=map_id,
                card_id=_int(request.POST.get("card", "")),
                delta=_int(request.POST.get("delta", "")),
                tab=tab,
            )
    except rounds.RoundRefused as refusal:
        message = refusal.message
    context = ballot_context(journey_map, request.user, message)
    response = render(request, BALLOT, context, status=422 if message else 200)
    response["Cache-Control"] = "no-store"
    return response


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
@require_GET
def round_history(request: HttpRequest, map_id: int) -> HttpResponse:
    """Past rounds: who ran them, when, and what came out."""
    journey_map = map_for(request.user, map_id)
    past: list[
        tuple[Round, round_results.EmotionResults | None, list[round_results.DotLine] | None]
    ] = []
    closed = journey_map.rounds.filter(closed_at__isnull=False)
    for voting in closed.select_related("opened_by", "persona"):
        runner = voting.opened_by
        voting.runner = (runner.get_full_name() or runner.get_username()) if runner else "—"  # type: ignore[attr-defined]  # for the template
        if voting.kind == RoundKind.EMOTION:
            past.append((voting, round_results.emotion_results(voting), None))
        else:
            past.append((voting, None, round_results.dot_results(voting)))
    context = {
        "journey_map": journey_map,
        "past": past,
        "open": round_results.open_round(journey_map),
    }
    return render(request, "maps/rounds.html", context)
