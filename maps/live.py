"""Live push: every map event goes, rendered once, to every tab open on the map.

Each open map page holds one WebSocket (``maps.consumers.MapConsumer``). The
channel group ``map-<id>`` holds one member per server process with tabs on the
map (its room, ``maps.fanout``), which hands each message to those tabs. A change
is saved first; once its transaction has committed, its fragments are rendered
and sent to the group. If the channel
layer is down (Redis gone), the change stays saved and the tabs get it when
they catch up (``catch_up``) after reconnecting.
"""

from __future__ import annotations

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from maps import events, fragments
from maps.models import JourneyMap, MapEvent

logger = logging.getLogger(__name__)

# Beyond this many missed events, one snapshot of the map is smaller and faster.
CATCH_UP_LIMIT = 100


def group_name(map_id: int) -> str:
    """What every tab of the map gets: one member per process (``maps.fanout``)."""
    return f"map-{map_id}"


def user_group(map_id: int, user_id: int) -> str:
    """One participant's tabs on one map: for what is theirs alone (their ballot)."""
    return f"map-{map_id}-user-{user_id}"


def send_to_user(map_id: int, user_id: int, message: dict) -> bool:
    return send(map_id, message, group=user_group(map_id, user_id))


def facilitators_group(map_id: int) -> str:
    """The tabs of those who may facilitate the map: for what only they may see."""
    return f"map-{map_id}-facilitators"


def sockets_of(user_id: int) -> str:
    """Every map socket one person has open, whatever the map: to re-check their access."""
    return f"user-{user_id}"


def share_link_group(link_id: int) -> str:
    """The open pages of one share link (``maps.share_consumer``): closed when it is revoked."""
    return f"share-link-{link_id}"


def share_link_revoked(link_id: int) -> bool:
    """Close every open page of the link at once (4403)."""
    return _to_share_link(link_id, "share.revoked")


def share_link_changed(link_id: int) -> bool:
    """The link was edited: its open pages check it again, and close (4403) if it no
    longer opens the map to them (a new password, an earlier expiry)."""
    return _to_share_link(link_id, "share.changed")


def _to_share_link(link_id: int, kind: str) -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(share_link_group(link_id), {"type": kind})
    except Exception:
        logger.warning("Could not reach the pages of share link %s.", link_id, exc_info=True)
        return False
    return True


def recheck_access(user_id: int) -> bool:
    """The person's access may have changed (``maps.revocation``):
    each of their open sockets checks again, and closes (4403) if it is denied now."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(sockets_of(user_id), {"type": "access.recheck"})
    except Exception:
        logger.warning("Could not reach the sockets of user %s.", user_id, exc_info=True)
        return False
    return True


def event_message(event: MapEvent) -> str:
    """The wire form of an event, the same for every tab and for the author's HTTP response."""
    return json.dumps(
        {"type": "event", "revision": event.revision, "html": fragments.render_event(event)}
    )


def publish_event(event: MapEvent) -> None:
    send(
        event.journey_map_id,
        {"type": "map.event", "text": event_message(event), "kind": event.kind},
    )
    if fragments.parts_of(event) & FINISHED_SHOWN_IN:
        publish_finished(event)


# Parts that show (and, redrawn, empty) the "used all their dots" names.
FINISHED_SHOWN_IN = {("round",), ("progress",)}


def publish_finished(event: MapEvent) -> None:
    """Who has used all their dots, to the facilitators' tabs only.

    Tagged with the event's revision: a tab fills the names in once it has applied
    that revision, so the redrawn (empty) panel never wipes them afterwards.
    """
    html = fragments.finished_fragment(event.journey_map)
    if not html:
        return
    text = json.dumps({"type": "finished", "revision": event.revision, "html": html})
    send(
        event.journey_map_id,
        {"type": "map.finished", "text": text},
        group=facilitators_group(event.journey_map_id),
    )


def redraw_personas(map_id: int) -> bool:
    """The map's emotion curve and persona chips as they are now, to every tab, outside
    the revision order: for what changes them without changing the map (a persona
    renamed or deleted in the library)."""
    journey_map = JourneyMap.objects.filter(pk=map_id).first()
    if journey_map is None:
        return False
    html = fragments.curve_fragment(journey_map) + fragments.personas_fragment(journey_map)
    text = json.dumps({"type": "redraw", "html": html})
    return send(map_id, {"type": "map.redraw", "text": text})


def send(map_id: int, message: dict, group: str = "") -> bool:
    """Send to the map's group; a layer failure is logged, never raised to the user."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group or group_name(map_id), message)
    except Exception:
        # The change is saved; open tabs will fetch it when their socket comes back.
        logger.warning("Could not push to map %s; tabs will catch up.", map_id, exc_info=True)
        return False
    return True


def catch_up(journey_map: JourneyMap, since: int) -> dict:
    """What a tab that applied revision ``since`` is missing, as one message.

    Each touched part of the page is rendered once, as it is now; too many
    missed events (or an unknown revision) get a snapshot of the whole map.
    """
    journey_map.refresh_from_db(fields=["revision"])
    revision = journey_map.revision
    if 0 <= since == revision:
        return {"type": "catch-up", "revision": revision, "html": ""}
    missed = list(
        MapEvent.objects.filter(
            journey_map=journey_map, revision__gt=since, revision__lte=revision
        ).only("kind", "payload", "revision")[: CATCH_UP_LIMIT + 1]
    )
    complete = len(missed) == revision - since and len(missed) <= CATCH_UP_LIMIT
    if since < 0 or since > revision or not complete:
        parts = set(events.WHOLE_MAP)
    else:
        parts = set().union(*(fragments.parts_of(event) for event in missed))
    html = fragments.render_parts(journey_map, parts)
    return {"type": "catch-up", "revision": revision, "html": html}
