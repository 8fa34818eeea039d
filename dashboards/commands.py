"""The `wijkteam dashboard` sub-command: start the Solara dashboard on this machine.

Import-cheap on purpose (the CLI imports it to build its parser): nothing of Solara or the model
is imported until the command runs. The server itself, and the guard that lets only the
dashboard's own page drive it, are in `server.py`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

TOKEN_ENV = "WIJKTEAM_DASHBOARD_TOKEN"

APP = Path(__file__).with_name("app.py")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: a closed tab's session (and the background replications it started) ends after this long
#: without a connection; Solara's default keeps it for 24 hours
SESSION_ENV = {"SOLARA_KERNEL_CULL_TIMEOUT": "60s"}


def add_commands(subparsers) -> None:
    """Register `dashboard` on the `wijkteam` command's sub-parsers."""
    p = subparsers.add_parser(
        "dashboard",
        help="start the dashboard (scenario explorer and classroom) in the browser",
        description="Start the Wijkteam dashboard: a Solara server on this machine that "
        "works without internet (Solara's front-end files are served from a local folder, "
        "fetched once from the npm registry). Open the printed address in a browser.",
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; any other "
        "address needs --allow-remote)",
    )
    p.add_argument(
        "--port", type=port_value, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other than loopback; every visitor then needs the token in the "
        f"printed address (set it with ${TOKEN_ENV}, else a random one is made)",
    )
    p.set_defaults(func=cmd_dashboard)


def port_value(text: str) -> int:
    """argparse type of --port: 1 - 65535, plain digits."""
    from wijkteam.notation import plain_int

    value = plain_int(text)
    if value is None or not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; allowed 1 - 65535")
    return value


def solara_command(host: str, port: int) -> list[str]:
    """The command line of the dashboard's server process (see `server.py`)."""
    return [sys.executable, "-m", "wijkteam.dashboards.server", "--host", host, "--port", str(port)]


def check_address(host: str, port: int, allow_remote: bool) -> str | None:
    """Refuse (UserError) a non-loopback address without --allow-remote, or a port that is
    taken; returns the token a remote dashboard needs (None on loopback)."""
    import secrets
    import socket

    from wijkteam.errors import UserError

    from .server import is_loopback

    token = None
    if not is_loopback(host):
        if not allow_remote:
            raise UserError(
                f"--host {host}: not this machine only; the dashboard has no accounts and "
                "can be made to run long simulations: add --allow-remote to listen there "
                "with a token"
            )
        token = os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(16)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UserError(
                f"--host {host} --port {port}: cannot listen ({exc.strerror})"
            ) from None
    return token


def cmd_dashboard(args: argparse.Namespace) -> int:
    from . import assets
    from .server import serve

    token = check_address(args.host, args.port, args.allow_remote)
    assets.ensure_assets(verbose=True)
    # Solara reads these when it is imported (in `serve`): the session timeout unless the
    # user set one, the local asset folder always
    for key, value in SESSION_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.update(assets.solara_env())
    url = f"http://{args.host}:{args.port}/"
    if token:
        url += f"?token={token}"
        print(
            f"wijkteam: warning: listening on {args.host} (not only this machine): anyone who "
            "can reach it and has the token can start simulations here",
            file=sys.stderr,
            flush=True,
        )
    print(f"wijkteam dashboard: {url}  (Ctrl+C stops it)", flush=True)
    return serve(args.host, args.port, token)


def start_background(port: int, log_path: Path, env: dict | None = None, timeout: float = 90):
    """Start the dashboard on 127.0.0.1:`port` as a process group of its own (for benchmarks
    and screenshots), wait until it answers HTTP and return the process; `stop` ends it."""
    import time
    import urllib.error
    import urllib.request

    from . import assets

    assets.ensure_assets(verbose=False)
    full_env = {**SESSION_ENV, **os.environ, **assets.solara_env(), **(env or {})}
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(
            solara_command("127.0.0.1", port),
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                return proc
        except urllib.error.HTTPError:  # it answers (403 without the token it was given)
            return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"the dashboard did not start; log:\n{log_path.read_text()[-3000:]}")


def start_on_free_port(
    folder: Path, env: dict | None = None, attempts: int = 3
) -> tuple[int, subprocess.Popen]:
    """`start_background` on a free loopback port, its log in `folder`: `(port, process)`.
    A port found free can be taken by another process before the server binds it; then the
    server ends at once saying so, and another port is tried."""
    for attempt in range(1, attempts + 1):
        port = free_port()
        log_path = folder / f"server-{port}.log"
        try:
            return port, start_background(port, log_path, env)
        except RuntimeError:
            taken = "address already in use" in log_path.read_text(errors="replace").lower()
            if not taken or attempt == attempts:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


def stop(proc: subprocess.Popen) -> None:
    """End a dashboard started by `start_background`, with everything it started."""
    import contextlib
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def free_port() -> int:
    """A free TCP port on loopback."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
