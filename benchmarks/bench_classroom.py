"""How fast does the classroom answer a teacher's what-ifs?

    .venv/bin/python benchmarks/bench_classroom.py [--load 0] [--rounds 1]

Starts one dashboard process (as `bench_dashboard.py` does: loopback, local assets) and drives
headless Chromium against its classroom. Per round, in a fresh tab:

1. each what-if alone: click it, and time until the button shows pressed, until the lesson
   with it is ready to play (both teams through their warm-up), and until the what-if table
   shows its before and after; then Undo. The first round runs the what-if table's years;
   later rounds find them kept by the server, as a class clicking the same what-if again would.
2. a burst: all what-ifs clicked at once (one script, no waits between the clicks), and the
   time until every button shows pressed and the lesson of all of them is ready (or how many
   showed pressed when `--timeout` passed).

`--load N` keeps N busy processes running meanwhile (a loaded machine, or a server shared with
other sessions). Prints the figures; exits 0. Needs /usr/bin/chromium (or $WIJKTEAM_CHROMIUM).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
BUTTONS = ".wt-whatif-button"
PRESSED = f"{BUTTONS}[aria-pressed='true']"
# the what-ifs chosen (pressed), and those of the lesson and the what-if table on screen
CHOSEN = f"[...document.querySelectorAll(\"{PRESSED}\")].map(b => b.dataset.whatif).join(',')"
LESSON_READY = (
    f"document.querySelector('.wt-lesson')?.dataset.whatifs === {CHOSEN}"
    " && !document.querySelector('.wt-preparing')"
)
TABLE_READY = (
    f"document.querySelector('.wt-effect-of')?.dataset.whatifs === {CHOSEN}"
    " && !document.querySelector('.wt-whatif .v-progress-linear')"
)


def seconds_until(page, condition: str, started: float, timeout_ms: float = 120_000) -> float:
    """Wait until the page's `condition` (a JavaScript expression) holds; seconds since
    `started` (a `time.perf_counter()`)."""
    page.wait_for_function(f"() => {condition}", timeout=timeout_ms, polling=20)
    return time.perf_counter() - started


def ready(page) -> None:
    """Wait until the lesson on screen is the one of the buttons pressed."""
    page.wait_for_function(f"() => {LESSON_READY}", timeout=120_000, polling=50)


def click_all(page, indexes: list[int]) -> float:
    """Click the what-if buttons `indexes` in one script (a burst); the time just before."""
    started = time.perf_counter()
    page.evaluate(
        "(ix) => { const b = document.querySelectorAll('.wt-whatif-button');"
        " for (const i of ix) b[i].click(); }",
        indexes,
    )
    return started


def singles(page) -> list[tuple[float, float, float]]:
    """Each what-if alone: (pressed, lesson ready, table shown) after its click."""
    times = []
    for i in range(page.locator(BUTTONS).count()):
        started = click_all(page, [i])
        pressed = seconds_until(
            page, f'document.querySelectorAll("{PRESSED}").length === 1', started
        )
        lesson = seconds_until(page, LESSON_READY, started)
        table = seconds_until(page, TABLE_READY, started)
        times.append((pressed, lesson, table))
        page.get_by_role("button", name="Undo").click()
        page.wait_for_function(f'() => document.querySelectorAll("{PRESSED}").length === 0')
        ready(page)
    return times


def burst(page, timeout_ms: float) -> str:
    """All what-ifs clicked at once: when all show pressed, when their lesson is ready."""
    count = page.locator(BUTTONS).count()
    started = click_all(page, list(range(count)))
    try:
        pressed = seconds_until(
            page, f'document.querySelectorAll("{PRESSED}").length === {count}', started, timeout_ms
        )
        lesson = seconds_until(page, LESSON_READY, started, timeout_ms)
    except PlaywrightTimeout:
        shown = page.locator(PRESSED).count()
        return f"not done within {timeout_ms / 1000:.0f} s ({shown} of {count} shown pressed)"
    return f"all pressed after {pressed:.2f} s, their lesson ready after {lesson:.2f} s"


def busy_loops(n: int) -> list[subprocess.Popen]:
    """`n` processes that keep a core busy each (the `--load`)."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--load", type=int, default=0, help="busy processes running meanwhile")
    ap.add_argument("--rounds", type=int, default=1, help="rounds, each in a fresh tab")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a burst")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT))
    from wijkteam.dashboards.screenshots import CHROMIUM_ARGS, dashboard_in_chromium

    with dashboard_in_chromium({"width": 1400, "height": 1000}, CHROMIUM_ARGS) as (url, context):
        print(f"dashboard at {url}, {os.cpu_count()} cores, {args.load} busy processes", flush=True)
        loops = busy_loops(args.load)
        try:
            for r in range(1, args.rounds + 1):
                page = context.new_page()
                page.goto(url + "?view=classroom")
                page.locator("svg.wt-team-svg").first.wait_for(timeout=120_000)
                ready(page)
                times = singles(page)
                for what, k in (("pressed", 0), ("lesson ready", 1), ("table shown", 2)):
                    xs = [x[k] for x in times]
                    print(
                        f"round {r}, one what-if, {what}: median {statistics.median(xs):.2f} s,"
                        f" max {max(xs):.2f} s ({', '.join(f'{x:.2f}' for x in xs)})",
                        flush=True,
                    )
                outcome = burst(page, args.timeout * 1000)
                print(f"round {r}, a burst of {len(times)} what-ifs: {outcome}", flush=True)
                page.close()
        finally:
            for p in loops:
                p.kill()
                p.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
