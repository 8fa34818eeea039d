"""The dashboard's web server: Solara's app behind a guard that lets only the dashboard's own
page drive it, served by uvicorn with a bounded shutdown.

Why a guard: the dashboard starts simulations on request, so any page that can talk to it can
make it work. A browser lets *any* website open a WebSocket to 127.0.0.1 (there is no
same-origin rule for WebSockets), and a hostile site can point its own host name at 127.0.0.1
(DNS rebinding). Both are refused here, for HTTP and WebSocket alike:

- the `Host` header must name this server on loopback (`127.0.0.1`, `localhost`, `[::1]`,
  with the server's port), so a rebound name such as `evil.example` gets 403;
- an `Origin` header, when present (browsers always send one on a WebSocket upgrade and on
  cross-site requests), must be the page's own origin: the same host and port as `Host`.

Listening on anything but loopback needs `--allow-remote` and then a token: the address
printed at start-up carries `?token=...`, the first page load turns it into a cookie, and
every request without it is refused. Tokens are compared in constant time.

Shutdown: uvicorn waits for open WebSockets forever by default, so the server survived SIGTERM
for minutes while a tab was open. Here it waits at most `GRACE_SECONDS`, and the process then
ends even if a session thread is still simulating (sessions hold nothing that must be saved).
"""

from __future__ import annotations

import argparse
import hmac
import ipaddress
import os
import signal
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

APP = Path(__file__).with_name("app.py")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
TOKEN_ENV = "WIJKTEAM_DASHBOARD_TOKEN"
COOKIE = "wijkteam_token"
GRACE_SECONDS = 2


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or name to listen on) is this machine only."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host(value: str) -> tuple[str, int | None]:
    """`Host` header value -> (lower-case name without brackets, port or None)."""
    parts = urlsplit(f"//{value.strip()}")
    try:
        port = parts.port
    except ValueError:
        return "", None
    return (parts.hostname or "").lower(), port


class Guard:
    """ASGI middleware: refuses HTTP requests and WebSocket upgrades with a foreign `Host` or
    `Origin`, or, when a token is set, without the token."""

    def __init__(self, app, port: int, token: str | None = None, any_host: bool = False):
        self.app = app
        self.port = port
        self.token = token
        self.any_host = any_host  # listening on all interfaces: the token protects instead

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        reason = self.refusal(headers, scope.get("query_string", b"").decode("latin-1"))
        if reason is not None:
            return await _refuse(scope, receive, send, reason)
        if self.token and scope["type"] == "http" and self._query_token(scope):
            send = _with_cookie(send, f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/")
        return await self.app(scope, receive, send)

    def refusal(self, headers: dict[str, str], query: str) -> str | None:
        """Why a request is refused, or None when it may pass."""
        host_header = headers.get("host", "")
        name, port = split_host(host_header)
        if not name:
            return "missing or malformed Host header"
        if not self.any_host and (name not in LOOPBACK_NAMES or port != self.port):
            return f"foreign Host {host_header!r}"
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin)
            same = parts.scheme in ("http", "https") and parts.netloc.lower() == (
                host_header.strip().lower()
            )
            if not same:
                return f"foreign Origin {origin!r}"
        if self.token:
            given = parse_qs(query).get("token", [""])[0] or _cookie(headers, COOKIE)
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return "missing or wrong token (open the address printed at start-up)"
        return None

    def _query_token(self, scope) -> bool:
        query = scope.get("query_string", b"").decode("latin-1")
        return bool(parse_qs(query).get("token"))


def _cookie(headers: dict[str, str], name: str) -> str:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie is no token
        return ""
    return jar[name].value if name in jar else ""


def _with_cookie(send, cookie: str):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {
                **message,
                "headers": [*message["headers"], (b"set-cookie", cookie.encode())],
            }
        await send(message)

    return wrapped


async def _refuse(scope, receive, send, reason: str) -> None:
    """403 for HTTP; for a WebSocket, closing before accepting makes uvicorn answer the
    upgrade with 403 (the handshake never completes)."""
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1008, "reason": reason[:100]})
        return
    body = f"403 Forbidden: {reason}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def serve(host: str, port: int, token: str | None = None) -> int:
    """Run the dashboard until SIGTERM or SIGINT; returns the exit code. Solara reads its app
    and asset settings from the environment when imported, so the caller sets those first."""
    os.environ["SOLARA_APP"] = str(APP)
    os.environ["SERVER_NAME"] = host
    os.environ["SERVER_PORT"] = str(port)
    import uvicorn
    from solara.__main__ import LOGGING_CONFIG
    from solara.server import settings

    settings.main.mode = "production"
    import solara.server.starlette as solara_app

    guard = Guard(solara_app.app, port, token=token, any_host=not is_loopback(host))
    config = uvicorn.Config(
        guard,
        host=host,
        port=port,
        log_config=LOGGING_CONFIG,
        timeout_graceful_shutdown=GRACE_SECONDS,
        ws_max_size=16 * 1024 * 1024,
    )
    server = uvicorn.Server(config)
    # uvicorn handles SIGTERM/SIGINT while it runs, then restores these handlers and raises
    # the signal again: so this is where the process ends after its graceful shutdown.
    signal.signal(signal.SIGTERM, _exit_now)
    signal.signal(signal.SIGINT, _exit_now)
    server.run()
    _exit_now(0 if server.started else 1, None)
    return 0  # not reached


def _exit_now(code: int, _frame: object) -> None:
    """End the process now, with the workers it started. Session threads may still be in a
    simulation: nothing of theirs needs saving, and waiting for them is what kept the server
    alive after SIGTERM. A signal's exit code is 128 + its number, as a shell reports it."""
    end_children()
    state = sys.modules.get("wijkteam.dashboards.state")  # imported by the app, if it ran
    if state is not None:
        state.remove_cancel_folder()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if code < 2 else 128 + code)


def end_children(timeout: float = 2.0) -> None:
    """End the worker processes this server started (the simulation pool the sessions
    share), so none is left behind when the server exits without waiting for its threads."""
    import multiprocessing
    import time

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + timeout
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()


def main(argv: list[str] | None = None) -> int:
    """`python -m wijkteam.dashboards.server --host H --port P` (the token, if any, comes in
    the environment variable WIJKTEAM_DASHBOARD_TOKEN, not on the command line where `ps`
    would show it)."""
    parser = argparse.ArgumentParser(prog="wijkteam-dashboard-server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_ENV) or None
    if not is_loopback(args.host) and not token:
        print("wijkteam: error: a non-loopback --host needs a token", file=sys.stderr)
        return 2
    return serve(args.host, args.port, token)


if __name__ == "__main__":
    raise SystemExit(main())
