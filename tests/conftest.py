"""Fixtures shared by every test folder: one headless Chromium and one pool of dashboard
servers for the whole session, whichever folders run (tests/browser, tests/dashboard,
tests/reliability).

- ``solara_server``: a factory; ``solara_server(app_path, env=None)`` starts
  ``solara run <app> --host 127.0.0.1 --port <free> --production`` with the local asset
  folder (``wijkteam.dashboards.assets``), waits until it answers HTTP and returns its base
  URL. One server per app (and env) for the whole session; all are terminated at the end.
  A failing test gets the tail of each server's log in its report.
- ``dashboard_server``: the dashboard as ``wijkteam dashboard`` starts it (its own origin and
  host checks), on a free loopback port, once per session: ``(port, process)``.
- ``browser_context``: a fresh ``launch_persistent_context`` of /usr/bin/chromium (headless,
  new empty profile) per test, from one Playwright for the session.
- ``page``: a new page in that context; ``page_log`` records what it requested, what failed
  and the console errors (``page_log.off_machine()`` lists requests that left loopback); a
  console error or an uncaught exception on the page fails the test.

A test that uses ``page``, ``browser_context`` or ``solara_server`` is marked ``browser``.
Without /usr/bin/chromium (or the browser named by ``WIJKTEAM_CHROMIUM``) those tests are
skipped, except under CI (env ``CI`` set), where that is an error.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from wijkteam.dashboards import assets, commands
from wijkteam.dashboards.screenshots import CHROMIUM_ARGS  # one home for the flags

CHROMIUM = Path(os.environ.get("WIJKTEAM_CHROMIUM", "/usr/bin/chromium"))
SERVER_START_TIMEOUT = 180.0  # seconds until the server must answer HTTP (generous: a busy
# machine can take a minute to import Solara and start the worker pool)
PAGE_TIMEOUT_MS = 60_000  # default Playwright timeout for waits, actions and `expect`
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


BROWSER_FIXTURES = {"page", "browser_context", "solara_server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------- server


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as e:
        return f"<no log: {e}>"
    return text if len(text) <= chars else "...\n" + text[-chars:]


@dataclass
class SolaraServer:
    app: Path
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self, chars: int = 4000) -> str:
        return _tail(self.log_path, chars)

    def stop(self) -> None:
        """Terminate the server and everything it started (it leads its own process group)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        # children that outlived the leader
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def _start_server(app: Path, env: Mapping[str, str], log_dir: Path) -> SolaraServer:
    last_log = ""
    attempts = 0
    for _ in range(3):  # another process may grab the free port before solara binds it
        port = commands.free_port()
        log_path = log_dir / f"{app.stem}-{port}.log"
        cmd = [
            sys.executable,
            "-m",
            "solara",
            "run",
            str(app),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--production",
            "--no-open",
            "--no-check-version",
        ]
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                cmd,
                cwd=app.parent,
                # its temp files in the test's folder: `solara run` ends by the signal,
                # without exit handlers, so what it made in /tmp would stay there
                env={**os.environ, "TMPDIR": str(log_dir), **env},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        attempts += 1
        server = SolaraServer(app, f"http://127.0.0.1:{port}", process, log_path)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(server.url + "/", timeout=5) as response:
                    if response.status == 200:
                        return server
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        server.stop()
        last_log = server.log()
        if "address already in use" not in last_log.lower():
            break
    reason = (
        f"exited with code {process.returncode}"
        if process.returncode is not None
        else f"did not answer HTTP within {SERVER_START_TIMEOUT:.0f} s"
    )
    pytest.fail(
        f"solara server for {app} {reason} (attempt {attempts}).\n"
        f"command: {' '.join(cmd)}\n--- server log ---\n{last_log}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def solara_assets() -> Path:
    """The local folder of Solara's CDN packages, fetched from npm if incomplete."""
    return assets.ensure_assets(verbose=False)


@pytest.fixture(scope="session")
def _solara_server_pool(
    solara_assets: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., SolaraServer]]:
    log_dir = tmp_path_factory.mktemp("solara-logs")
    servers: dict[tuple, SolaraServer] = {}

    def get(app: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> SolaraServer:
        app_path = Path(app)
        if not app_path.is_absolute():
            app_path = (Path.cwd() / app_path).resolve()
        full_env = {**assets.solara_env(), **(env or {})}
        key = (str(app_path), tuple(sorted(full_env.items())))
        server = servers.get(key)
        if server is None or server.process.poll() is not None:
            server = servers[key] = _start_server(app_path, full_env, log_dir)
        return server

    try:
        yield get
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture
def solara_server(
    _solara_server_pool: Callable[..., SolaraServer], request: pytest.FixtureRequest
) -> Callable[..., str]:
    """Factory: ``base_url = solara_server(app_path, env=None)``.

    ``app_path`` is a Solara app file (a relative path is taken from the current directory).
    ``env`` adds environment variables for the server process (a different env starts a
    separate server). Servers are shared by the tests of a session (each page load gets its
    own Solara session and state).
    """
    used: list[SolaraServer] = []
    request.node.stash[_SERVERS_USED] = used

    def start(app: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> str:
        server = _solara_server_pool(app, env)
        used.append(server)
        return server.url

    return start


_SERVERS_USED = pytest.StashKey[list[SolaraServer]]()


@pytest.fixture(scope="session")
def dashboard_server(
    solara_assets: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, subprocess.Popen]]:
    """The dashboard as ``wijkteam dashboard`` runs it (origin and host checks included), on
    a free loopback port, shared by the session: ``(port, process)``. Tests that stop a server
    or need other settings start their own with ``commands.start_on_free_port``."""
    port, process = commands.start_on_free_port(tmp_path_factory.mktemp("dashboard"))
    try:
        yield port, process
    finally:
        commands.stop(process)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed:
        for server in item.stash.get(_SERVERS_USED, []):
            report.sections.append((f"solara server log ({server.url})", server.log()))
    return report


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def _playwright() -> Iterator:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian: apt-get install -y chromium)"
        if _in_ci():
            pytest.fail(f"browser tests need Chromium under CI: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # `expect(...)` keeps its own timeout (5 s unless set), not the context's: on a busy
    # machine a reload or a server round trip can take longer than that
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser_context(_playwright) -> Iterator:
    """A headless Chromium with a new, empty profile, closed after the test."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    context = _playwright.chromium.launch_persistent_context(
        profile,
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-error"):
        return True
    host = (parts.hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


@dataclass
class PageLog:
    """What a page did: every request URL, failed requests, HTTP errors, console errors."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def off_machine(self) -> list[str]:
        """Requests the page made to anything but loopback (none is reachable here)."""
        return [url for url in self.requests if not _is_loopback(url)]

    def summary(self) -> str:
        return (
            f"off-machine requests: {self.off_machine()}\nfailed: {self.failed}\n"
            f"http errors: {self.http_errors}\nconsole errors: {self.console_errors}"
        )


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser_context, page_log: PageLog):
    """A new page in ``browser_context`` whose traffic is recorded in ``page_log``; the
    test fails at teardown if the page logged a console error or an uncaught exception."""
    page = browser_context.new_page()
    page.on("request", lambda r: page_log.requests.append(r.url))
    page.on("requestfailed", lambda r: page_log.failed.append(f"{r.url} ({r.failure})"))
    page.on(
        "response",
        lambda r: page_log.http_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on(
        "console",
        lambda m: page_log.console_errors.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: page_log.console_errors.append(f"pageerror: {e}"))
    yield page
    page.close()
    # a script that failed on the page is a defect a user meets, whatever the test checked
    assert page_log.console_errors == [], page_log.summary()
