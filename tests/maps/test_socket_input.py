"""What a tab may send on its map socket: flat messages of ours, at a tab's pace."""

import json

import pytest

from maps.socket_input import MAX_MESSAGE, RateLimit, parse


def test_a_tabs_own_messages_are_read():
    assert parse('{"type": "editing", "item": "card-12"}') == {"type": "editing", "item": "card-12"}
    assert parse('{"type": "ping"}') == {"type": "ping"}


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json",
        "[1, 2]",
        "[" * MAX_MESSAGE,
        "{" * MAX_MESSAGE,
        '{"type": "editing", "item": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"type": "editing", "item": {"id": 1}}',
        '{"type": "editing", "item": 12}',
        '{"type": "editing", "item": "card-1", "extra": "x"}',
        '{"type": "delete", "item": "card-1"}',
        '{"type": ["ping"]}',
        json.dumps({"type": "editing", "item": "x" * MAX_MESSAGE}),
        '"ping"',
    ],
)
def test_anything_else_is_dropped_without_an_exception(text):
    assert parse(text) is None


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_rate_holds():
    clock = Clock()
    limit = RateLimit(rate=20, burst=40, clock=clock)
    assert sum(limit.allow() for _ in range(100)) == 40
    clock.now += 1
    assert sum(limit.allow() for _ in range(100)) == 20


def test_a_tab_that_keeps_going_over_the_limit_is_let_go_and_one_that_slows_down_is_not():
    clock = Clock()
    limit = RateLimit(rate=20, burst=40, patience=100, window=10, clock=clock)
    for _ in range(40 + 99):
        limit.allow()
    assert not limit.exhausted
    clock.now += 11  # a pause: old drops are forgiven
    for _ in range(40 + 99):
        limit.allow()
    assert not limit.exhausted
    limit.allow()
    assert limit.exhausted
