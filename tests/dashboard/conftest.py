"""Fixtures for the dashboard's browser tests: those of tests/browser/conftest.py (a Solara
server on loopback, headless Debian Chromium), reused rather than copied.

Playwright's sync API allows one running instance per thread and tests/browser has its own
session-scoped one: when both folders run in one session, `_playwright` here hands out that
instance if it is already running instead of starting a second one.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BROWSER_CONFTEST = Path(__file__).resolve().parent.parent / "browser" / "conftest.py"


def _load_browser_conftest():
    """The module pytest loaded for tests/browser/conftest.py, or a private copy of it (a
    site-packages `tests` package may shadow this folder's name)."""
    for mod in list(sys.modules.values()):
        path = getattr(mod, "__file__", None)
        if path and Path(path).resolve() == BROWSER_CONFTEST:
            return mod
    spec = importlib.util.spec_from_file_location("_wijkteam_browser_conftest", BROWSER_CONFTEST)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


browser = _load_browser_conftest()

# re-exported fixtures and hook (pytest registers them for this folder under the same names)
solara_assets = browser.solara_assets
_solara_server_pool = browser._solara_server_pool
solara_server = browser.solara_server
browser_context = browser.browser_context
page_log = browser.page_log
page = browser.page
pytest_runtest_makereport = browser.pytest_runtest_makereport


def _running_browser_playwright(request: pytest.FixtureRequest):
    """The Playwright of tests/browser/conftest.py, if its session fixture is set up."""
    manager = request._fixturemanager
    by_node = getattr(manager, "_arg2node2fixturedefs", None)
    if by_node is not None:  # pytest >= 9
        defs = [d for ds in by_node.get("_playwright", {}).values() for d in ds]
    else:
        defs = list(getattr(manager, "_arg2fixturedefs", {}).get("_playwright", []))
    for fixturedef in defs:
        cached = fixturedef.cached_result
        code = getattr(fixturedef.func, "__code__", None)
        if (
            cached is not None
            and cached[2] is None
            and code is not None
            and Path(code.co_filename).resolve() == BROWSER_CONFTEST
        ):
            return cached[0]
    return None


@pytest.fixture(scope="session")
def _playwright(request: pytest.FixtureRequest):
    shared = _running_browser_playwright(request)
    if shared is not None:
        yield shared
        return
    yield from browser._playwright._get_wrapped_function()()
