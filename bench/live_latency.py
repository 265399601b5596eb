"""Live sync benchmark: how long until every open tab has an edit, and how many edits a
second one map sustains.

    python bench/live_latency.py [--clients 10 50 200 500] [--edits 100] [--seconds 10]
    python bench/live_latency.py --redis redis://127.0.0.1:6379/11   # two processes

Builds a map in a throwaway SQLite database, starts the real ASGI server
(uvicorn, one process, in-memory channel layer: the default set-up; with
``--redis``, two uvicorn processes sharing the Redis channel layer, the tabs
spread over both) and connects N WebSocket clients to the map, as N open
tabs. Then, for each N:

- latency: edits a card over HTTP, one edit at a time, and times from sending
  the POST until the last of the N clients has the event; prints p50/p95/p99;
- throughput: four writers edit back to back for ``--seconds``; prints the edits
  per second that reached every client;
- server CPU per subscriber per edit: the server processes' CPU time during the
  latency run, divided by edits x tabs (the edit's own request included);
- the floor: the same figures for a raw ASGI broadcast of a message of the same
  size through the same server (bench/live_floor.py: no channel layer, no
  database, no template), and the ratio ours / floor;
- a reconnect storm: the N tabs drop at once (how long until no presence row is
  left), then N tabs connect at once: how long until the last presence frame,
  and how many presence frames they got in all.

Clients run in this process, the server in another; both share the machine's
cores, as they would not in production. Results are recorded in
docs/benchmarks.md, with the budget: p95 <= 50 ms at N = 50.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from common import configure_django, facilitator_in_a_workspace, start_uvicorn

BUDGET_MS = 50
WRITERS = 4


def prepare() -> tuple[int, list[dict], str]:
    """A facilitator, a map with a card per writer, and the facilitator's session cookie."""
    from django.conf import settings
    from django.test import Client

    from maps.models import Card
    from maps.sample import build_map

    workspace, user = facilitator_in_a_workspace()
    journey_map = build_map(workspace, stages=6, lanes=4, cards=24, title="Bench", author=user)
    cards = [
        {"id": card.pk, "stage": card.stage_id, "lane": card.lane_id, "version": card.version}
        for card in Card.objects.filter(journey_map=journey_map).order_by("pk")[:WRITERS]
    ]
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return journey_map.pk, cards, cookie


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(processes: list[subprocess.Popen]) -> float:
    """User + system CPU time the server processes used so far (Linux)."""
    total = 0
    for process in processes:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def start_server(env: dict, port: int) -> subprocess.Popen:
    # The app of live_floor.py: Parcours, plus the raw broadcast it is measured against.
    return start_uvicorn(env, port, app="bench.live_floor:application")


class Poster:
    """One writer: a kept-alive HTTP connection, posting as htmx does."""

    def __init__(self, port: int, cookie: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.csrf = secrets.token_hex(16)
        self.headers = {
            "Cookie": f"{cookie}; csrftoken={self.csrf}",
            "X-CSRFToken": self.csrf,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }

    def post(self, path: str, body: bytes, content_type: str | None = None) -> tuple[int, object]:
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status, response.msg


class Tabs:
    """N WebSocket clients; each records when it received each revision."""

    def __init__(self, ports: list[int], path: str, cookie: str, count: int) -> None:
        self.ports = ports
        self.path = path
        self.cookie = cookie
        self.count = count
        self.arrivals: dict[int, list[float]] = {}
        self.sizes: list[int] = []
        self.presence_frames = 0
        self.last_presence = 0.0
        self.sockets: list = []
        self.tasks: list = []

    async def connect(self, number: int):
        from websockets.asyncio.client import connect

        port = self.ports[number % len(self.ports)]
        socket_ = await connect(
            f"ws://127.0.0.1:{port}{self.path}",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": self.cookie},
            max_size=None,
            open_timeout=60,
        )
        self.sockets.append(socket_)
        self.tasks.append(asyncio.create_task(self.read(socket_)))

    async def open(self) -> None:
        for number in range(self.count):
            await self.connect(number)

    async def open_at_once(self) -> None:
        await asyncio.gather(*(self.connect(number) for number in range(self.count)))

    async def read(self, socket_) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for message in socket_:
                now = time.perf_counter()
                data = json.loads(message)
                if data.get("type") == "event":
                    self.arrivals.setdefault(data["revision"], []).append(now)
                    self.sizes.append(len(message))
                elif data.get("type") == "presence":
                    self.presence_frames += 1
                    self.last_presence = now
        except ConnectionClosed:
            pass

    async def all_have(self, revision: int, timeout: float = 10) -> float:
        deadline = time.perf_counter() + timeout
        while len(self.arrivals.get(revision, ())) < self.count:
            if time.perf_counter() > deadline:
                raise RuntimeError(
                    f"revision {revision} reached only "
                    f"{len(self.arrivals.get(revision, ()))}/{self.count} tabs"
                )
            await asyncio.sleep(0.0005)
        return max(self.arrivals[revision])

    async def close(self) -> None:
        await asyncio.gather(*(socket_.close() for socket_ in self.sockets))
        for task in self.tasks:
            task.cancel()
        self.sockets, self.tasks = [], []


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Ours:
    """Edits through Parcours: a card's text over HTTP, the event through the map's group."""

    def __init__(self, ports: list[int], map_id: int, cards: list[dict], cookie: str) -> None:
        self.map_id = map_id
        # Shared across runs: each edit bumps its card's version.
        self.cards = cards
        self.posters = [Poster(ports[n % len(ports)], cookie) for n in range(len(cards))]
        self.counter = 0

    def send(self, writer: int) -> int:
        card = self.cards[writer]
        self.counter += 1
        body = urllib.parse.urlencode(
            {
                "text": f"Édition {self.counter} : la file avance lentement.",
                "stage": card["stage"],
                "lane": card["lane"],
                "version": card["version"],
            }
        ).encode()
        status, headers = self.posters[writer].post(
            f"/maps/{self.map_id}/card/{card['id']}/update/", body
        )
        if status != 200:
            raise RuntimeError(f"edit refused with {status}")
        card["version"] += 1
        return int(headers["Parcours-Revision"])


class Floor:
    """The same size of message, broadcast bare through the same server."""

    def __init__(self, ports: list[int], size: int, cookie: str) -> None:
        self.size = size
        # Each process broadcasts to its own sockets: a writer posts to every process.
        self.posters = [[Poster(port, cookie) for port in ports] for _ in range(WRITERS)]
        self.revision = 0

    def send(self, writer: int) -> int:
        self.revision += 1
        revision = self.revision
        body = json.dumps({"revision": revision, "size": self.size}).encode()
        for poster in self.posters[writer]:
            poster.post("/bench/floor/", body, "application/json")
        return revision


async def latency(path, tabs: Tabs, edits: int) -> list[float]:
    samples = []
    for _ in range(edits):
        start = time.perf_counter()
        revision = await asyncio.to_thread(path.send, 0)
        samples.append((await tabs.all_have(revision) - start) * 1000)
    return samples


async def throughput(path, tabs: Tabs, seconds: float) -> tuple[float, int]:
    """Edits a second that reached every tab, four writers editing back to back; and how
    many pushes were dropped on the way (a full channel), which tabs would catch up on."""
    stop = time.perf_counter() + seconds
    revisions: list[int] = []

    async def write(writer: int) -> None:
        while time.perf_counter() < stop:
            revisions.append(await asyncio.to_thread(path.send, writer))

    start = time.perf_counter()
    await asyncio.gather(*(write(n) for n in range(len(path.posters))))
    # Let the last pushes arrive: until nothing new came for half a second.
    seen = -1
    while seen != (seen := sum(len(tabs.arrivals.get(r, ())) for r in revisions)):
        await asyncio.sleep(0.5)
    delivered = [r for r in revisions if len(tabs.arrivals.get(r, ())) == tabs.count]
    last = max(max(tabs.arrivals[r]) for r in delivered)
    return len(delivered) / (last - start), len(revisions) - len(delivered)


def presence_rows(map_id: int) -> int:
    from maps.models import Presence

    return Presence.objects.filter(journey_map_id=map_id).count()


async def storm(ports, map_id, cookie, count) -> dict:
    """N tabs drop at once, then N tabs connect at once."""
    tabs = Tabs(ports, f"/ws/maps/{map_id}/", cookie, count)
    await tabs.open_at_once()
    while await asyncio.to_thread(presence_rows, map_id) < count:
        await asyncio.sleep(0.05)
    await quiet(tabs)
    start = time.perf_counter()
    await tabs.close()
    while await asyncio.to_thread(presence_rows, map_id):
        if time.perf_counter() - start > 30:
            break
        await asyncio.sleep(0.05)
    dropped_in = time.perf_counter() - start
    stale = await asyncio.to_thread(presence_rows, map_id)

    tabs = Tabs(ports, f"/ws/maps/{map_id}/", cookie, count)
    start = time.perf_counter()
    await tabs.open_at_once()
    # Settled: every tab has its row, and the presence frames that follow have stopped.
    while await asyncio.to_thread(presence_rows, map_id) < count:
        if time.perf_counter() - start > 60:
            break
        await asyncio.sleep(0.05)
    await quiet(tabs)
    # No presence frame at all (the layer failed): never settled.
    settled_in = tabs.last_presence - start if tabs.presence_frames else float("nan")
    joined = await asyncio.to_thread(presence_rows, map_id)
    frames = tabs.presence_frames
    await tabs.close()
    await asyncio.sleep(1)
    return {
        "dropped_in": dropped_in,
        "stale": stale,
        "settled_in": settled_in,
        "frames": frames,
        "joined": joined,
    }


async def quiet(tabs: Tabs, seconds: float = 1.0) -> None:
    """Until no presence frame came for ``seconds``."""
    while True:
        seen = tabs.presence_frames
        await asyncio.sleep(seconds)
        if tabs.presence_frames == seen:
            return


async def measure(servers, ports, map_id, cards, cookie, count, edits, seconds) -> dict:
    ours_tabs = Tabs(ports, f"/ws/maps/{map_id}/", cookie, count)
    await ours_tabs.open()
    while await asyncio.to_thread(presence_rows, map_id) < count:
        await asyncio.sleep(0.05)
    await quiet(ours_tabs)  # presence of N tabs settles
    ours = Ours(ports, map_id, cards, cookie)
    await latency(ours, ours_tabs, 5)  # warm-up: caches, connections
    cpu = cpu_seconds(servers)
    ours_ms = await latency(ours, ours_tabs, edits)
    ours_cpu = (cpu_seconds(servers) - cpu) / (edits * count) * 1e6
    ours_rate, ours_dropped = await throughput(ours, ours_tabs, seconds)
    size = int(statistics.median(ours_tabs.sizes))
    await ours_tabs.close()

    floor_tabs = Tabs(ports, "/ws/floor/", cookie, count)
    await floor_tabs.open()
    floor = Floor(ports, size, cookie)
    await latency(floor, floor_tabs, 5)
    cpu = cpu_seconds(servers)
    floor_ms = await latency(floor, floor_tabs, edits)
    floor_cpu = (cpu_seconds(servers) - cpu) / (edits * count) * 1e6
    floor_rate, floor_dropped = await throughput(floor, floor_tabs, seconds)
    await floor_tabs.close()
    return {
        "clients": count,
        "size": size,
        "ours": ours_ms,
        "ours_rate": ours_rate,
        "ours_cpu": ours_cpu,
        "floor": floor_ms,
        "floor_rate": floor_rate,
        "floor_cpu": floor_cpu,
        "dropped": ours_dropped,
        "floor_dropped": floor_dropped,
        **await storm(ports, map_id, cookie, count),
    }


def report(result: dict) -> str:
    ours, floor = result["ours"], result["floor"]
    cells = [f"{percentile(values, p):.1f}" for values in (ours, floor) for p in (50, 95, 99)]
    ratio = percentile(ours, 95) / percentile(floor, 95)
    return (
        f"| {result['clients']} | {' | '.join(cells[:3])} | {result['ours_rate']:.0f} "
        f"({result['dropped']}) | {result['ours_cpu']:.0f} | {' | '.join(cells[3:])} "
        f"| {result['floor_rate']:.0f} ({result['floor_dropped']}) | {result['floor_cpu']:.0f} "
        f"| {ratio:.1f}× | {result['dropped_in']:.2f} s ({result['stale']}) "
        f"| {result['settled_in']:.2f} s | {result['frames']} ({result['joined']}) |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50, 200, 500])
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument(
        "--redis", default="", help="a Redis URL: two server processes share it as channel layer"
    )
    args = parser.parse_args()
    redis = {"REDIS_URL": args.redis} if args.redis else {}

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        env = configure_django(
            Path(folder) / "bench.sqlite3",
            ALLOWED_HOSTS="127.0.0.1",
            # The server process must read the sessions this one signs.
            SECRET_KEY=secrets.token_urlsafe(40),
            **redis,
        )
        map_id, cards, cookie = prepare()
        ports = [free_port() for _ in range(2 if args.redis else 1)]
        servers = [start_server(env, port) for port in ports]
        try:
            results = [
                asyncio.run(
                    measure(servers, ports, map_id, cards, cookie, count, args.edits, args.seconds)
                )
                for count in args.clients
            ]
        finally:
            for server in servers:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()  # still closing sockets: the figures are in
                    server.wait()

    layer = (
        "two processes, Redis channel layer"
        if args.redis
        else ("one process, in-memory channel layer")
    )
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
        f"{load:.1f} before; uvicorn, {layer}, SQLite; {args.edits} edits each, "
        f"{args.seconds:.0f} s of throughput; message {results[0]['size']} bytes"
    )
    print(
        "| tabs | ours p50 ms | p95 | p99 | edits/s (dropped) | CPU µs/tab/edit "
        "| raw floor p50 ms | p95 | p99 | msgs/s (dropped) | CPU µs/tab/msg | p95 ours/floor "
        "| all drop: rows gone in (stale) | all reconnect: settled in | presence frames (rows) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        print(report(result))
    at_50 = [r for r in results if r["clients"] == 50]
    if at_50 and percentile(at_50[0]["ours"], 95) > BUDGET_MS:
        print(f"Over budget: p95 at 50 tabs is above {BUDGET_MS} ms.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
