"""Map changes take turns in the process on SQLite; a nested transaction never waits."""

import threading

from django.db import transaction

from journeymap import sqlite_queue


def test_a_change_outside_any_transaction_takes_its_turn(transactional_db):
    with sqlite_queue.turn():
        assert sqlite_queue._turn.locked()
        # Another writer of this process waits for it.
        waited = []
        other = threading.Thread(target=lambda: waited.append(sqlite_queue._turn.acquire(False)))
        other.start()
        other.join()
        assert waited == [False]
    assert not sqlite_queue._turn.locked()


def test_a_change_inside_a_transaction_does_not_queue(transactional_db):
    # It may already hold SQLite's write lock: waiting for a writer that waits for that
    # lock would never end.
    with transaction.atomic(), sqlite_queue.turn():
        assert not sqlite_queue._turn.locked()


def test_the_turn_is_given_back_when_the_change_fails(transactional_db):
    try:
        with sqlite_queue.turn():
            raise ValueError
    except ValueError:
        pass
    assert not sqlite_queue._turn.locked()
