"""Run a workshop on the local network from this laptop: ``make workshop``.

Finds the laptop's address on the room's network, migrates, and serves Parcours
there with uvicorn, DEBUG off, so guests' phones on the same Wi-Fi can join.
The join link and QR code are built from ``PUBLIC_URL``, which this sets to the
address it serves on. The secret key is made once and kept in ``.secret_key``
(ignored by git), so sessions survive a restart.

    python scripts/workshop.py [--host ADDRESS] [--port 8000]

``--host`` skips the detection (e.g. ``--host 127.0.0.1`` to try it alone).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeGuard

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = ROOT / ".secret_key"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Any private address will do: connecting a UDP socket sends nothing, it only asks
# the system which of its addresses it would send from, i.e. the one on the network.
PROBE_ADDRESS = ("10.255.255.255", 1)


def probe_lan_address() -> str | None:
    """The address this machine would use on its network, or None without a network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(PROBE_ADDRESS)
        except OSError:
            return None
        return probe.getsockname()[0]


def usable_for_guests(address: str | None) -> TypeGuard[str]:
    """Whether a phone in the room could reach this address (not loopback, not unset)."""
    if not address:
        return False
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (parsed.is_loopback or parsed.is_unspecified or parsed.is_link_local)


def choose_address(probe: Callable[[], str | None]) -> tuple[str, str | None]:
    """The address to serve on, and a warning when guests will not be able to reach it."""
    address = probe()
    if usable_for_guests(address):
        return address, None
    return "127.0.0.1", (
        "No local network address found: is this laptop connected to the room's Wi-Fi? "
        "Serving on 127.0.0.1, which only this laptop can open: phones cannot join. "
        "Connect to the network and start again, or give the address with --host."
    )


def public_url(address: str, port: int) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}"


def allowed_hosts(address: str) -> list[str]:
    host = f"[{address}]" if ":" in address else address
    return [host, *(name for name in LOOPBACK_HOSTS if name != host)]


def csrf_trusted_origins(address: str, port: int) -> list[str]:
    return [f"http://{host}:{port}" for host in allowed_hosts(address)]


def secret_key(path: Path = SECRET_KEY_FILE) -> str:
    """The key made the first time, read back after: sessions survive a restart."""
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    path.touch(mode=0o600)
    path.write_text(key + "\n")
    return key


def server_environment(address: str, port: int, key: str) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": key,
        "PUBLIC_URL": public_url(address, port),
        "ALLOWED_HOSTS": ",".join(allowed_hosts(address)),
        "CSRF_TRUSTED_ORIGINS": ",".join(csrf_trusted_origins(address, port)),
        # WhiteNoise serves the static files here, which Django under ASGI warns is
        # slower than nginx would be: true, and nothing the facilitator can act on.
        "PYTHONWARNINGS": "ignore:StreamingHttpResponse must consume synchronous iterators",
    }


def banner(address: str, port: int, warning: str | None) -> str:
    lines = [
        "",
        "Parcours: workshop on the local network",
        f"  Open {public_url(address, port)} on this laptop; guests on the same Wi-Fi",
        "  join with the link or QR code of the workshop page, which point there too.",
        "  Stop with Ctrl+C.",
    ]
    if warning:
        lines += ["", f"  Warning: {warning}"]
    return "\n".join([*lines, ""])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", help="the address to serve on (found by itself otherwise)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--secret-key-file", type=Path, default=SECRET_KEY_FILE)
    args = parser.parse_args(argv)

    if args.host:
        if args.host in {"0.0.0.0", "::"}:  # noqa: S104 (refused, not bound)
            # The join link and QR code need the one address phones will use.
            parser.error("give this laptop's address on the network, not 0.0.0.0")
        address, warning = args.host, None
        if not usable_for_guests(args.host):
            warning = f"{args.host} is a loopback address: phones cannot join."
    else:
        address, warning = choose_address(probe_lan_address)
    env = {**os.environ, **server_environment(address, args.port, secret_key(args.secret_key_file))}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    if usable_for_guests(address):
        # Phones will reach this server: no account may keep a published password.
        ready = subprocess.run(
            [sys.executable, "manage.py", "workshop_ready"], cwd=ROOT, env=env, check=False
        )
        if ready.returncode:
            sys.exit(ready.returncode)
    print(banner(address, args.port, warning), flush=True)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "journeymap.asgi:application",
        "--host",
        address,
        "--port",
        str(args.port),
        "--no-access-log",
        # Channels has no startup or shutdown hooks: without this uvicorn says so on start.
        "--lifespan",
        "off",
    ]
    os.chdir(ROOT)
    # The server takes this process's place: Ctrl+C reaches it directly.
    os.execve(sys.executable, command, env)  # noqa: S606 (our own interpreter, fixed arguments)


if __name__ == "__main__":
    main()
