"""What a tab may send on its map socket, and how fast.

A tab says two things about itself: what it is editing
(``{"type": "editing", "item": "card-12"}``) and that it is still there
(``{"type": "ping"}``). Anything else is dropped unread, and so is a tab
that talks too fast (``RateLimit``).
"""

from __future__ import annotations

import json
import time

# A tab's own messages are tiny; anything bigger is not one of ours.
MAX_MESSAGE = 2048
# The keys each message may carry, and the type of their values: a flat object, nothing else.
SHAPES: dict[str, dict[str, type]] = {
    "editing": {"type": str, "item": str},
    "ping": {"type": str},
}


def parse(text: str | None) -> dict | None:
    """The message, if it is one of ours; ``None`` for anything else, never an exception.

    Nesting is refused before ``json`` sees it: a frame of ``[[[[…`` would make
    the parser recurse until ``RecursionError``, and a flat object has no
    bracket and one brace pair.
    """
    if not text or len(text) > MAX_MESSAGE:
        return None
    if "[" in text or text.count("{") != 1:
        return None
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict):
        return None
    shape = SHAPES.get(message.get("type"))  # type: ignore[arg-type]
    if shape is None or not set(message) <= set(shape):
        return None
    if any(not isinstance(message[key], kind) for key, kind in shape.items() if key in message):
        return None
    return message


class RateLimit:
    """A token bucket per socket: ``rate`` messages a second, bursts up to ``burst``.

    A message over the limit is dropped; a tab that goes on (``patience`` drops
    within ``window`` seconds) is told to go away. A real tab sends a few
    messages a minute.
    """

    def __init__(
        self,
        rate: float = 20,
        burst: int = 40,
        patience: int = 100,
        window: float = 10,
        clock=time.monotonic,
    ):
        self.rate, self.burst, self.patience, self.window = rate, burst, patience, window
        self.clock = clock
        self.tokens = float(burst)
        self.last = clock()
        self.dropped = 0
        self.first_drop = 0.0

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        if not self.dropped or now - self.first_drop > self.window:
            self.dropped, self.first_drop = 0, now
        self.dropped += 1
        return False

    @property
    def exhausted(self) -> bool:
        """The tab kept sending over the limit: close its socket."""
        return self.dropped >= self.patience
