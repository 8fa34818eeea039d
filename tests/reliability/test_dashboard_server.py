"""The dashboard's server against hostile pages, with raw requests to a real server on
127.0.0.1: a foreign Origin or Host is refused for HTTP and for the WebSocket upgrade (the
precondition of cross-site WebSocket hijacking and DNS rebinding), a token is enforced when
one is set, a non-loopback address needs a flag, and SIGTERM stops the server in seconds even
with a page connected."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time

import pytest

from wijkteam.dashboards.commands import start_on_free_port, stop

from .conftest import alive, assert_one_line_error, children_of, cli

WS_PATH = "/jupyter/api/kernels/k1/channels?session_id=s1"


def raw(port: int, request: str, keep: bool = False):
    """Send a raw HTTP request; return the status line (and the open socket with `keep`)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    sock.sendall(request.replace("\n", "\r\n").encode())
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    status = data.split(b"\r\n", 1)[0].decode()
    if keep:
        return status, sock
    sock.close()
    return status


def get(port: int, host: str, origin: str | None = None, path: str = "/") -> str:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    if origin:
        lines.append(f"Origin: {origin}")
    return raw(port, "\n".join(lines) + "\n\n")


def upgrade(port: int, host: str, origin: str | None, keep: bool = False):
    lines = [
        f"GET {WS_PATH} HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    return raw(port, "\n".join(lines) + "\n\n", keep=keep)


# The tests on a real server are `slow`: starting Solara and its simulation pool costs
# about 13 s of CPU, more than the rest of the fast loop's reliability checks together.
@pytest.fixture
def server(dashboard_server):
    """The session's dashboard as `wijkteam dashboard` starts it (tests/conftest.py)."""
    return dashboard_server


@pytest.mark.slow
def test_own_page_is_served(server):
    port, _ = server
    assert " 200 " in get(port, f"127.0.0.1:{port}")
    assert " 200 " in get(port, f"localhost:{port}", origin=f"http://localhost:{port}")


@pytest.mark.slow
@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}", "127.0.0.1:1"],
)
def test_foreign_host_is_refused(server, host):
    port, _ = server
    assert " 403 " in get(port, host.format(port=port))


@pytest.mark.slow
@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
def test_foreign_origin_is_refused_for_http(server, origin):
    port, _ = server
    assert " 403 " in get(port, f"127.0.0.1:{port}", origin=origin)


@pytest.mark.slow
def test_websocket_from_a_foreign_origin_is_refused(server):
    port, _ = server
    status = upgrade(port, f"127.0.0.1:{port}", "http://evil.example")
    assert " 403 " in status and " 101 " not in status


@pytest.mark.slow
def test_websocket_with_a_rebound_host_is_refused(server):
    port, _ = server
    status = upgrade(port, f"evil.example:{port}", f"http://evil.example:{port}")
    assert " 403 " in status


@pytest.mark.slow
def test_websocket_from_the_own_page_is_accepted(server):
    port, _ = server
    status = upgrade(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}")
    assert " 101 " in status


@pytest.mark.slow
def test_sigterm_stops_the_server_with_a_page_connected(tmp_path):
    port, proc = start_on_free_port(tmp_path)
    try:
        status, sock = upgrade(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}", keep=True)
        assert " 101 " in status  # an open WebSocket: uvicorn used to wait for it forever
        deadline = time.monotonic() + 60  # the shared simulation pool starts with the app
        while time.monotonic() < deadline:
            children = [pid for pid, cmd in children_of(proc.pid) if "multiprocessing" in cmd]
            if any("spawn_main" in cmd for _, cmd in children_of(proc.pid)):
                break
            time.sleep(0.2)
        assert children, "no worker process seen"
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)  # a guard against waiting forever, not a speed limit
        sock.close()
        # and it leaves no worker behind (the simulation pool the sessions share)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in children if alive(pid)]
    finally:
        stop(proc)


@pytest.mark.slow
def test_a_killed_server_leaves_no_worker_behind(tmp_path):
    """SIGKILL to the server alone (an out-of-memory killer): its simulation workers notice
    their parent has gone and end, instead of waiting for work for ever (a worker still
    starting runs its initializer, the watch, first, and finds the parent gone)."""
    port, proc = start_on_free_port(tmp_path)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60  # the shared simulation pool starts with the app
        while time.monotonic() < deadline and not workers:
            workers = [pid for pid, cmd in children_of(proc.pid) if "spawn_main" in cmd]
            time.sleep(0.2)
        assert workers, "no worker process seen"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 60  # a guard, not a speed limit
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        stop(proc)


@pytest.mark.slow
def test_a_token_is_enforced_when_set(tmp_path):
    port, proc = start_on_free_port(tmp_path, env={"WIJKTEAM_DASHBOARD_TOKEN": "s3cret"})
    try:
        host = f"127.0.0.1:{port}"
        assert " 403 " in get(port, host)
        assert " 403 " in get(port, host, path="/?token=wrong")
        assert " 200 " in get(port, host, path="/?token=s3cret")
        assert " 403 " in upgrade(port, host, f"http://{host}")
    finally:
        stop(proc)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7"])
def test_non_loopback_needs_an_explicit_flag(tmp_path, host):
    done = cli("dashboard", "--host", host, cwd=tmp_path)
    assert_one_line_error(done, f"--host {host}", "--allow-remote")


def test_a_port_that_is_taken_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = cli("dashboard", "--port", str(port), cwd=tmp_path)
    assert_one_line_error(done, f"--port {port}", "cannot listen")
