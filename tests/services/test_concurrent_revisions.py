"""Many people saving at once on PostgreSQL: every accepted change gets exactly one
revision, with no gap, and replaying the event log gives the map as it is saved."""

import random
import threading

import pytest
from django.db import connection

from maps import services
from maps.models import Card, Lane, MapEvent, Stage
from maps.sample import build_map

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WRITERS = 8
CHANGES_EACH = 30
CARD_FIELDS = ("stage_id", "lane_id", "text", "position")


def cards_now(journey_map) -> dict[int, dict]:
    return {
        card["id"]: {name: card[name] for name in CARD_FIELDS}
        for card in Card.objects.filter(journey_map=journey_map).values("id", *CARD_FIELDS)
    }


def replay(start: dict[int, dict], events) -> dict[int, dict]:
    """The cards as the log says they are: the state at the start, then each event."""
    cards = {pk: dict(fields) for pk, fields in start.items()}
    for event in events:
        payload = event.payload
        if event.kind in {"card.created", "card.updated"}:
            cards[payload["id"]] = {name: payload[name] for name in CARD_FIELDS}
        elif event.kind == "card.moved":
            for position, pk in enumerate(payload["order"]):
                cards[pk]["position"] = position
        elif event.kind == "card.deleted":
            del cards[payload["id"]]
    return cards


def writer(user, journey_map, seed: int, accepted: list, refused: list, errors: list) -> None:
    pick = random.Random(seed)
    stages = list(Stage.objects.filter(journey_map=journey_map).values_list("pk", flat=True))
    lanes = list(Lane.objects.filter(journey_map=journey_map).values_list("pk", flat=True))
    try:
        for step in range(CHANGES_EACH):
            card = Card.objects.filter(journey_map=journey_map).order_by("?").first()
            action = pick.choice(["create", "update", "update", "move", "delete"])
            try:
                if action == "create" or card is None:
                    event = services.item_create(
                        user=user,
                        map_id=journey_map.pk,
                        kind_name="card",
                        data={
                            "text": f"writer {seed} step {step}",
                            "stage": pick.choice(stages),
                            "lane": pick.choice(lanes),
                        },
                    )
                elif action == "update":
                    event = services.item_update(
                        user=user,
                        map_id=journey_map.pk,
                        kind_name="card",
                        item_id=card.pk,
                        data={
                            "text": f"writer {seed} rewrote at step {step}",
                            "stage": pick.choice(stages),
                            "lane": card.lane_id,
                            "version": card.version,
                        },
                    )
                elif action == "move":
                    event = services.item_move(
                        user=user,
                        map_id=journey_map.pk,
                        kind_name="card",
                        item_id=card.pk,
                        direction=pick.choice(["prev", "next"]),
                    )
                else:
                    event = services.item_delete(
                        user=user, map_id=journey_map.pk, kind_name="card", item_id=card.pk
                    )
            except services.ChangeRefused:
                refused.append(action)  # a stale version: the conflict the user would see
            except Exception as error:
                if type(error).__name__ == "Http404":
                    refused.append(action)  # someone deleted that card meanwhile
                else:
                    raise
            else:
                accepted.append(event.revision)
    except Exception as error:
        errors.append(error)
    finally:
        connection.close()


def test_concurrent_writers_get_gapless_revisions_and_a_replayable_log(workspace, owner):
    journey_map = build_map(workspace, stages=4, lanes=3, cards=40, title="Charge", author=owner)
    start_revision = journey_map.revision
    start = cards_now(journey_map)

    accepted: list[int] = []
    refused: list[str] = []
    errors: list[Exception] = []
    threads = [
        threading.Thread(target=writer, args=(owner, journey_map, seed, accepted, refused, errors))
        for seed in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(accepted) + len(refused) == WRITERS * CHANGES_EACH
    assert len(accepted) > WRITERS * CHANGES_EACH // 2
    journey_map.refresh_from_db()
    # Exactly one revision per accepted change, and no revision without one.
    assert sorted(accepted) == list(range(start_revision + 1, journey_map.revision + 1))
    events = list(
        MapEvent.objects.filter(journey_map=journey_map, revision__gt=start_revision).order_by(
            "revision"
        )
    )
    assert [event.revision for event in events] == sorted(accepted)
    assert replay(start, events) == cards_now(journey_map)
