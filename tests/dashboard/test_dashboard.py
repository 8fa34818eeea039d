"""The dashboard in a real headless Chromium: it loads offline, shows A and B, reacts to a
preset switch, speaks Dutch and English, tells the mother's story, keeps tabs apart and
answers an invalid lever with a message.

One server for the whole file (2 replications per comparison to keep it quick); every wait is
for something a user would see.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wijkteam.dashboards.results import CARD_KPIS

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
ENV = {"WIJKTEAM_DASHBOARD_REPLICATIONS": "2"}
FIRST_RESULT_MS = 90_000  # the first page of a fresh server also waits for its workers

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]


def open_dashboard(solara_server, page):
    page.goto(solara_server(APP, env=ENV))
    page.get_by_text("Key figures").wait_for(timeout=FIRST_RESULT_MS)
    settled(page, "islands", "integral", FIRST_RESULT_MS)
    return page


def settled(page, a: str, b: str, timeout: float | None = None) -> None:
    """Wait until the results on screen are those of presets `a` and `b`, complete."""
    page.locator(
        f".wt-results[data-a='{a}'][data-b='{b}'][data-done='2'][data-stale='false']"
    ).wait_for(timeout=timeout)


def card_values(page, kpi_label: str) -> list[str]:
    card = page.locator(".wt-kpi", has_text=kpi_label)
    return card.locator(".wt-kpi-value").all_inner_texts()


def choose_preset(page, config: str, label: str) -> None:
    page.locator(f".wt-preset-{config}").click()
    page.get_by_role("option", name=label).click()


def test_page_loads_offline_with_figures_for_both_ways_of_working(solara_server, page, page_log):
    open_dashboard(solara_server, page)
    values = card_values(page, "Time to the right help, median")
    assert len(values) == 2, values
    assert re.match(r"A\s+\d+\.\d working days", values[0]), values
    assert re.match(r"B\s+\d+\.\d working days", values[1]), values
    # every card has a figure for A and for B, and the charts are drawn
    cards = page.locator(".wt-kpi .wt-kpi-value").all_inner_texts()
    assert len(cards) == 2 * len(CARD_KPIS) and all(re.search(r"\d", v) for v in cards), cards
    assert page.locator(".wt-chart img").count() == 4
    assert page.get_by_text("95% interval").count() >= 1
    assert page_log.off_machine() == [], page_log.summary()
    assert page_log.http_errors == [], page_log.summary()


def test_preset_switch_changes_the_kpis(solara_server, page):
    open_dashboard(solara_server, page)
    before = card_values(page, "Misrouted cases")
    choose_preset(page, "A", "Zwolle matured: broad T")
    settled(page, "zwolle-matured", "integral")
    after = card_values(page, "Misrouted cases")
    assert after[0] != before[0] and after[1] == before[1], (before, after)


def test_language_switch_changes_the_labels(solara_server, page):
    open_dashboard(solara_server, page)
    page.get_by_role("button", name="Nederlands").click()
    page.get_by_text("Kerncijfers").wait_for()
    # a KPI card's label in Dutch (the cards carry the time-to-event measures)
    page.locator(".wt-kpi", has_text="Juiste hulp binnen 60").first.wait_for()
    page.get_by_text("Configuratie A", exact=True).wait_for()
    assert page.get_by_text("Key figures").count() == 0
    page.get_by_role("button", name="English").click()
    page.get_by_text("Key figures").wait_for()


def test_story_panel_tells_the_mothers_journey(solara_server, page):
    open_dashboard(solara_server, page)
    page.get_by_role("button", name="Classroom").click()
    page.get_by_text("The question behind the question: Money & debt").wait_for()
    page.get_by_text("She asks about: Parenting & growing up").wait_for()
    page.get_by_text("Show the whole story").click()
    page.get_by_text(
        re.compile(r"the mother comes to the team with a question about parenting")
    ).wait_for()
    page.get_by_text(re.compile(r"the request ends")).first.wait_for()
    lines = page.locator(".wt-story-line").all_inner_texts()
    # islands: the youth desk works on the question she asked (the money is left alone)
    assert len(lines) >= 4 and any("starts working on parenting" in ln for ln in lines), lines
    # the team picture is there, and a step moves its clock by a week
    svg = page.locator("svg.wt-team-svg").first  # islands (integral is drawn beside it)
    day = int(svg.get_attribute("data-day"))
    page.get_by_role("button", name="Step (1 week)").click()
    page.locator(f"svg.wt-team-svg[data-day='{day + 5}']").first.wait_for()
    # play runs the clock on until pause
    page.get_by_role("button", name="Play").click()
    # (frames may be merged when the machine is busy: wait for the clock to pass the mark)
    page.wait_for_function(
        "d => +document.querySelector('svg.wt-team-svg')?.dataset.day >= d", arg=day + 20
    )
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    # a what-if switches a lever and shows its effect, before -> after
    page.get_by_role("button", name="…administration takes half the time?").click()
    page.locator(".wt-effect tr").nth(5).wait_for()
    assert "Right help within 60" in page.locator(".wt-effect").inner_text()
    # in Dutch, too
    page.get_by_role("button", name="Nederlands").click()
    page.get_by_text(re.compile(r"de moeder komt bij het team")).wait_for()


def test_two_tabs_stay_independent(solara_server, browser_context):
    first, second = browser_context.new_page(), browser_context.new_page()
    open_dashboard(solara_server, first)
    open_dashboard(solara_server, second)
    before = card_values(second, "Misrouted cases")
    choose_preset(first, "A", "Integral wijkteam")
    first.get_by_role("button", name="Nederlands").click()
    first.get_by_text("Kerncijfers").wait_for()
    settled(first, "integral", "integral")
    # the second tab kept its language, its preset and its figures
    assert second.get_by_text("Key figures").count() == 1
    assert second.locator(".wt-preset-A").inner_text().find("Islands") >= 0
    assert card_values(second, "Misrouted cases") == before


def test_invalid_lever_shows_a_message_not_a_crash(solara_server, page):
    open_dashboard(solara_server, page)
    demand = page.locator(".wt-lever", has_text="Demand: new requests per working day")
    field = demand.locator("input")
    field.fill("0")
    field.press("Enter")
    page.get_by_text(re.compile(r"must be between 0\.001 and 10000")).first.wait_for()
    field.fill("6")
    field.press("Enter")
    page.get_by_text(re.compile(r"must be between 0\.001")).first.wait_for(state="detached")
    # an impossible team: islands (a desk per domain) with nobody at the money desk
    finance = page.locator(".wt-staff input").nth(1)
    finance.fill("0")
    finance.press("Enter")
    page.get_by_text(re.compile(r"impossible team")).first.wait_for()
    page.get_by_role("button", name="Back to preset").click()
    page.get_by_text(re.compile(r"impossible team")).first.wait_for(state="detached")
    # the page still works: figures are back and a new comparison ran
    settled(page, "islands", "integral")
    assert len(card_values(page, "Misrouted cases")) == 2


def test_arrow_keys_keep_moving_a_lever_of_a_configuration(solara_server, page):
    """Keyboard only: the focus stays on A's breadth slider while the arrow keys move it (the
    'Back to preset' button appeared with the first change and rebuilt the levers, so the
    focus fell to the page and the later key presses moved nothing)."""
    open_dashboard(solara_server, page)
    slider = page.locator(".wt-lever-breadth [role='slider']").first
    slider.focus()
    value = page.locator(".wt-lever-breadth .wt-slider-value").first
    for step in range(1, 7):  # a key at a time, as the value on screen follows
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([el, want]) => el.textContent.trim() === want",
            arg=[value.element_handle(), f"{0.4 + 0.05 * step:.2f}".rstrip("0")],
        )
    assert page.evaluate("document.activeElement.getAttribute('role')") == "slider"
    page.wait_for_function("() => location.search.includes('a.breadth=0.7')")
