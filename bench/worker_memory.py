"""Idle worker benchmark: a uvicorn worker's memory once idle, and how soon it serves.

    python bench/worker_memory.py [--runs 5] [--with-daphne]

Starts the app as production does (``uvicorn journeymap.asgi:application``,
``--lifespan off``, ``--no-access-log``, DEBUG off; docs/deploy.md and
scripts/workshop.py) on a throwaway SQLite database, times from starting the
process until its first answer (the login page, the whole stack: database,
templates, middleware), then lets it idle a second and reads its resident
memory (``VmRSS`` in ``/proc``). Median of ``--runs`` fresh processes.

``--with-daphne`` puts daphne back at the head of INSTALLED_APPS, as every
process had it before only ``manage.py runserver`` loaded it: the "before".
Results are recorded in docs/benchmarks.md, with the budget: idle ≤ 70 MB.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, configure_django, uvicorn_command

BUDGET_MB = 70
WITH_DAPHNE = """from journeymap.settings import *  # noqa: F403

INSTALLED_APPS = ["daphne", *INSTALLED_APPS]  # noqa: F405
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def one_worker(env: dict, port: int) -> tuple[float, float]:
    """Seconds until the first answer, and idle MB, of a fresh worker."""
    command = uvicorn_command(port)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/login/")
                status = connection.getresponse().status
                break
            except OSError:
                if time.perf_counter() - start > 30:
                    raise SystemExit("The worker did not start.") from None
                time.sleep(0.01)
        first = time.perf_counter() - start
        if status != 200:
            raise SystemExit(f"The login page answered {status}.")
        time.sleep(1.0)
        return first, rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--with-daphne", action="store_true", help="the set-up before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as directory:
        workdir = Path(directory)
        env = configure_django(workdir / "bench.sqlite3")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        env = {**os.environ, **env}
        if args.with_daphne:
            (workdir / "settings_with_daphne.py").write_text(WITH_DAPHNE)
            env["PYTHONPATH"] = f"{workdir}{os.pathsep}{ROOT}"
            env["DJANGO_SETTINGS_MODULE"] = "settings_with_daphne"
        from live_latency import free_port

        runs = [one_worker(env, free_port()) for _ in range(args.runs)]
    first = statistics.median(r[0] for r in runs)
    idle = statistics.median(r[1] for r in runs)
    setup = "daphne in INSTALLED_APPS" if args.with_daphne else "as configured"
    print(f"Load average: {os.getloadavg()[0]:.2f}; {args.runs} workers; {setup}")
    print("| first answer s | idle MB |")
    print("|---:|---:|")
    print(f"| {first:.2f} | {idle:.0f} |")
    within = idle <= BUDGET_MB
    print(f"\nIdle within {BUDGET_MB} MB: {'yes' if within else 'NO'}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
