"""The people of the history's filter: the map's DISTINCT actor names, with and without
the (journey_map, actor_name) index, on SQLite and on PostgreSQL.

    python bench/history_people.py [--runs N] [--events N] [--postgres URL]

Builds the history benchmark's 20,000-event map (``bench/history.py``), beside
four other maps of as many events (a server holds more than one map; alone
in the table, a map's rows are the whole table and any plan reads them all),
in a throwaway SQLite database and, with ``--postgres``, in a throwaway database
created on that server (``postgres://postgres@127.0.0.1:5432/test``: the
server's ``test`` database is only used to create and drop it). For each, it
prints the query plan of ``maps.history.people`` and the median and p95 of N
calls, with the index ``event_by_actor_name`` and then with it dropped (the
baseline of the same run), and says whether the plan reads the index.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import configure_django, facilitator_in_a_workspace, in_a_throwaway_database

INDEX = "event_by_actor_name"
OTHER_MAPS = 4


def timed(call, runs: int) -> tuple[float, float]:
    call()  # warm: the pages are in the cache, as on a server that has been up a while
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def plan(journey_map) -> str:
    from django.db import connection

    from maps.history import people
    from maps.models import MapEvent

    query = (
        MapEvent.objects.filter(journey_map=journey_map)
        .exclude(actor_name="")
        .order_by("actor_name")
        .values_list("actor_name", flat=True)
        .distinct()
    )
    sql, params = query.query.sql_with_params()
    assert list(query) == people(journey_map)  # the very query the page runs
    explain = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        rows = cursor.fetchall()
    return "\n".join("    " + " ".join(str(cell) for cell in row) for row in rows)


def measure(runs: int, events: int) -> int:
    import django
    from django.db import connection
    from history import build_logged_map

    from maps.history import people
    from maps.models import MapEvent

    workspace, facilitator = facilitator_in_a_workspace()
    journey_map = build_logged_map(
        workspace, facilitator, events=events, cards=400, title="Grande carte"
    )
    for n in range(OTHER_MAPS):
        build_logged_map(workspace, facilitator, events=events, cards=40, title=f"Autre {n}")
    index = next(i for i in MapEvent._meta.indexes if i.name == INDEX)
    version = (
        f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        if connection.vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"
    )
    print(f"## {version}, Django {django.get_version()}, {events} events, {runs} runs\n")
    for label in ("with the index", "without it"):
        if connection.vendor == "postgresql":
            # What autovacuum does on a server: statistics, and the visibility map that
            # lets a scan answer from the index alone.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE maps_mapevent")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        shown = plan(journey_map)
        median, p95 = timed(lambda: people(journey_map), runs)
        reads = "reads the index" if INDEX in shown else "does not read the index"
        print(f"### {label}: median {median:.2f} ms, p95 {p95:.2f} ms; the plan {reads}\n")
        print(shown + "\n")
        if label == "with the index":
            with connection.schema_editor() as editor:
                editor.remove_index(MapEvent, index)
    with connection.schema_editor() as editor:
        editor.add_index(MapEvent, index)
    return 0


def on_postgres(url: str, runs: int, events: int) -> int:
    """A database of its own on the server, created and dropped around the run."""
    import psycopg

    name = f"parcours_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        database_url = url.rsplit("/", 1)[0] + "/" + name
        configure_django(Path("unused"), DATABASE_URL=database_url, DATABASE_POOL="false")
        try:
            return measure(runs, events)
        finally:
            from django.db import connections

            connections.close_all()
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed calls (default 50)")
    parser.add_argument("--events", type=int, default=20_000, help="events of the map")
    parser.add_argument("--postgres", help="a PostgreSQL server's URL, to measure there")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1 or args.events < 1:
        parser.error("--runs and --events must be at least 1")
    if args.only == "sqlite":
        return in_a_throwaway_database(lambda: measure(args.runs, args.events))
    if args.only == "postgres":
        return on_postgres(args.postgres, args.runs, args.events)
    load = os.getloadavg()
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    print("Load average before the runs: {:.2f} {:.2f} {:.2f}\n".format(*load), flush=True)
    # Django is set up once per process: each database in a process of its own.
    status = 0
    for only in ["sqlite", *(["postgres"] if args.postgres else [])]:
        command = [sys.executable, __file__, "--only", only, "--runs", str(args.runs)]
        command += ["--events", str(args.events), "--postgres", args.postgres or ""]
        status = status or subprocess.run(command).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
