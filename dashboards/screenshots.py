"""Screenshots of the dashboard for the README, taken with headless Debian Chromium:

    python -m wijkteam.dashboards.screenshots [--out docs/screenshots]

writes `explorer.png` (islands vs integral, all replications done), `report.png` (its
one-page HTML report), `classroom.png` (both
teams a few weeks after the seed's mother came in, her story so far, one what-if) and
`projector.png` (the classroom as a projector shows it, 1280×720).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .commands import start_on_free_port, stop

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM = os.environ.get("WIJKTEAM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip
VIEWPORT: ViewportSize = {"width": 1440, "height": 1000}


@contextmanager
def dashboard_in_chromium(viewport: ViewportSize, args: list[str] = CHROMIUM_ARGS):
    """A dashboard process on a free loopback port and a headless Chromium (fresh profile):
    yields (url, browser context); stops both and removes their files afterwards."""
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="wijkteam-dashboard-"))
    port, server = start_on_free_port(tmp)
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(tmp / "profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=args,
                viewport=viewport,
            )
            context.set_default_timeout(120_000)
            try:
                yield f"http://127.0.0.1:{port}/", context
            finally:
                context.close()
    finally:
        stop(server)
        shutil.rmtree(tmp, ignore_errors=True)


def take(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with dashboard_in_chromium(VIEWPORT) as (url, context):
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(
            """() => { const r = document.querySelector(
                 ".wt-results[data-stale='false']");
               return r && r.dataset.done === r.dataset.total; }""",
            polling=100,
        )
        page.set_viewport_size({"width": 1440, "height": 1850})
        time.sleep(0.5)  # let the last images decode
        path = out / "explorer.png"
        page.screenshot(path=path)
        written.append(path)
        written.append(report_shot(context, page, out / "report.png"))

        page.set_viewport_size({"width": 1440, "height": 1180})
        page.get_by_role("button", name="Classroom").click()
        page.locator(".wt-story-scroll").wait_for()
        page.get_by_role("button", name="…a third more residents ask for help?").click()
        page.locator(".wt-effect").wait_for()
        page.locator(".wt-story-scroll").wait_for()
        page.get_by_role("button", name="Play").click()
        page.locator(".wt-story-line").nth(3).wait_for()
        page.get_by_role("button", name="Pause").click()
        time.sleep(0.5)
        path = out / "classroom.png"
        page.screenshot(path=path)
        written.append(path)

        # projector mode: a fresh lesson at 1280x720, three weeks after the mother came in
        first = lesson_start()
        page.get_by_role("button", name="Undo the what-ifs").click()
        page.locator(f"svg.wt-team-svg[data-day='{first}']").first.wait_for()  # a fresh lesson
        page.locator(".wt-story-scroll").wait_for()
        page.set_viewport_size({"width": 1280, "height": 720})
        for week in range(1, 6):  # one click per week, each waited for
            page.get_by_role("button", name="Step (1 week)").click()
            page.locator(f"svg.wt-team-svg[data-day='{first + 5 * week}']").first.wait_for()
        time.sleep(0.8)  # let the moving dots glide to their place
        path = out / "projector.png"
        page.screenshot(path=path)
        written.append(path)
    return written


def lesson_start() -> int:
    """The day a fresh lesson shows first (the lead-in before the mother comes, at the end of
    the warm-up): from the classroom itself, since it moves with the default warm-up (it
    was day 120 when the warm-up was 130 days)."""
    from .lesson import classroom_scenario, start_day

    return round(start_day(classroom_scenario("islands", ())))


def report_shot(context, page, path: Path) -> Path:
    """The one-page HTML report as the explorer's download button gives it, opened in the
    browser like a reader would open the file."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Report (HTML)").click()
    html = path.with_suffix(".html")  # a browser reads a file by its extension
    download.value.save_as(html)
    report = context.new_page()
    report.set_viewport_size({"width": 1000, "height": 1400})
    report.goto(html.resolve().as_uri())
    time.sleep(0.5)  # let the embedded charts decode
    report.screenshot(path=path, full_page=True)
    report.close()
    html.unlink()
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = ap.parse_args(argv)
    for path in take(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
