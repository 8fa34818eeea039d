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
    env = {**os.environ, **assets.solara_env()}
    print(f"wijkteam dashboard: http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    try:
        return subprocess.call(solara_command(args.host, args.port), env=env)
    except KeyboardInterrupt:
        return 130
