"""Map changes take turns in the process on SQLite; a nested transaction never waits."""

import threading
from types import SimpleNamespace

import pytest

from journeymap import sqlite_queue


@pytest.fixture
def sqlite(monkeypatch):
    """The default connection as a map change finds it: SQLite, no transaction yet."""
    connection = SimpleNamespace(vendor="sqlite", in_atomic_block=False)
    monkeypatch.setattr(sqlite_queue, "connection", connection)
    return connection


def test_a_change_outside_any_transaction_takes_its_turn(sqlite):
    with sqlite_queue.turn():
        assert sqlite_queue._turn.locked()
        # Another writer of this process waits for it.
        waited = []
        other = threading.Thread(target=lambda: waited.append(sqlite_queue._turn.acquire(False)))
        other.start()
        other.join()
        assert waited == [False]
    assert not sqlite_queue._turn.locked()


def test_a_change_inside_a_transaction_does_not_queue(sqlite):
    # It may already hold SQLite's write lock: waiting for a writer that waits for that
    # lock would never end.
    sqlite.in_atomic_block = True
    with sqlite_queue.turn():
        assert not sqlite_queue._turn.locked()


def test_postgresql_wakes_the_next_writer_itself(sqlite):
    sqlite.vendor = "postgresql"
    with sqlite_queue.turn():
        assert not sqlite_queue._turn.locked()


def test_the_turn_is_given_back_when_the_change_fails(sqlite):
    with pytest.raises(ValueError), sqlite_queue.turn():
        raise ValueError
    assert not sqlite_queue._turn.locked()
