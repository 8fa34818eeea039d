"""The `wijkteam dashboard` sub-command: start the Solara dashboard on this machine.

Import-cheap on purpose (the CLI imports it to build its parser): nothing of Solara or the model
is imported until the command runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

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
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.set_defaults(func=cmd_dashboard)


def solara_command(host: str, port: int) -> list[str]:
    """The `solara run` command line of the dashboard."""
    return [
        sys.executable, "-m", "solara", "run", str(APP),
        "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version",
    ]  # fmt: skip


def cmd_dashboard(args: argparse.Namespace) -> int:
    from . import assets

    assets.ensure_assets(verbose=True)
    env = {**SESSION_ENV, **os.environ, **assets.solara_env()}
    print(f"wijkteam dashboard: http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    try:
        return subprocess.call(solara_command(args.host, args.port), env=env)
    except KeyboardInterrupt:
        return 130


def start_background(port: int, log_path: Path, env: dict | None = None, timeout: float = 90):
    """Start the dashboard on 127.0.0.1:`port` as a process group of its own (for benchmarks
    and screenshots), wait until it answers HTTP and return the process; `stop` ends it."""
    import contextlib
    import time
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
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5),
        ):
            return proc
        time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"the dashboard did not start; log:\n{log_path.read_text()[-3000:]}")


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
