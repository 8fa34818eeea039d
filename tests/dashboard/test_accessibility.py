"""Accessibility and reach of both views in a real headless Chromium: axe-core (from npm)
finds no serious or critical violation, the page says its language and switches it, zoom is
allowed, the keyboard focus is visible, and the page is usable on a 390 px phone; in Dutch no text
of the English catalogue is left on the page."""

from __future__ import annotations

import contextlib
import importlib.util
import re
import string
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from wijkteam.dashboards import i18n
from wijkteam.dashboards.lesson import classroom_scenario, start_day
from wijkteam.model import KPIS

START = int(start_day(classroom_scenario("islands", ())))  # the lesson's first day

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
ENV = {"WIJKTEAM_DASHBOARD_REPLICATIONS": "2"}
FIRST_RESULT_MS = 120_000

pytestmark = [pytest.mark.browser, pytest.mark.timeout(360)]


def _axe_module():
    path = Path(__file__).resolve().parents[1] / "browser" / "axe.py"
    spec = importlib.util.spec_from_file_location("_wijkteam_axe", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


axe = _axe_module()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return axe.ensure_axe()


def open_explorer(solara_server, page):
    page.goto(solara_server(APP, env=ENV))
    page.locator(".wt-results[data-stale='false'][data-done='2']").wait_for(timeout=FIRST_RESULT_MS)


def open_classroom(solara_server, page):
    open_explorer(solara_server, page)
    page.get_by_role("button", name="Classroom").click()
    page.locator(".wt-story-scroll").wait_for(timeout=FIRST_RESULT_MS)


@pytest.mark.parametrize("view", ["explorer", "classroom"])
def test_no_serious_axe_violations_lang_zoom_focus(solara_server, page, axe_script, view):
    (open_explorer if view == "explorer" else open_classroom)(solara_server, page)
    violations = axe.run_axe(page, axe_script)
    assert not violations, f"axe-core on the {view}:\n{axe.describe(violations)}"
    # the page says its language, and says it again after the switch
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_function("document.documentElement.lang === 'nl'")
    viewport = page.evaluate("document.querySelector('meta[name=viewport]').content")
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport, viewport
    # the keyboard focus shows: a thick outline on the focused control
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(3):
        page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline
    # the settled page (the page while results are recomputed: the next test)
    page.locator(".wt-stale").first.wait_for(state="detached", timeout=FIRST_RESULT_MS)
    violations = axe.run_axe(page, axe_script)
    assert not violations, f"axe-core on the {view} in Dutch:\n{axe.describe(violations)}"


# the opacity a text is drawn with: its own times that of every ancestor. Below 0.95 counts as
# translucent (the old stale styling was 0.45); a fade-in that is a few frames from its end
# (0.98) changes no contrast ratio in its second decimal.
DIMMED_TEXTS_JS = """(root) => {
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    if (opacity < 0.95) out.push([el.textContent.trim().slice(0, 40), opacity]);
  }
  return out;
}"""


def test_results_being_recomputed_keep_aa_contrast(solara_server, page, axe_script):
    """Results of the previous settings stay on screen while new ones are computed. They
    are marked as out of date (hatching, a badge in words) but not faded: axe-core checked
    *during* the recompute finds no serious violation and no text is drawn translucent.

    What is checked must be the page in flight, and a recompute lasts about as long as
    axe-core takes (one replication of a few simulated years, ~1 s since the summary got
    cheaper): when the new results arrive before axe-core is done, that look is void, and
    the page is looked at again during the next recompute (other horizons, up to five)."""
    open_explorer(solara_server, page)
    stale = page.locator(".wt-results[data-stale='true']")
    for horizon in ("4", "5", "4.5", "3.5", "4.75"):  # each a new key: no cached results
        dimmed, violations = _look_while_recomputing(page, axe_script, stale, horizon)
        if stale.count() == 1:
            break
        page.locator(".wt-results[data-stale='false']").wait_for(timeout=FIRST_RESULT_MS * 2)
    # what was checked was the page in flight: the recompute had not finished meanwhile
    assert stale.count() == 1, "the recompute ended before axe-core had looked (five times)"
    assert not dimmed, f"translucent texts while recomputing: {dimmed[:10]}"
    assert not violations, f"axe-core while recomputing:\n{axe.describe(violations)}"
    # and when the new results arrive, the marks go
    page.locator(".wt-results[data-stale='false']").wait_for(timeout=FIRST_RESULT_MS * 2)
    assert page.locator(".wt-stale-badge").count() == 0


def _look_while_recomputing(page, axe_script, stale, horizon: str) -> tuple[list, list]:
    """Set the horizon to `horizon` years (a recompute starts), check the marks of stale
    results, and return the translucent texts and axe-core's violations as they are then."""
    years = page.locator(".wt-years input")
    years.fill(horizon)
    years.press("Tab")
    stale.wait_for(timeout=FIRST_RESULT_MS)
    # From here on the recompute may end at any moment, and a locator of the stale results
    # would then wait for stale results that never come: the results' element is held (it
    # is the same element, stale or not), and its marks are read in one step.
    shown = page.locator(".wt-results").element_handle()
    still, badge, busy = shown.evaluate(
        "el => [el.dataset.stale, el.querySelector('.wt-stale-badge')?.innerText, "
        "el.getAttribute('aria-busy')]"
    )
    if still != "true":  # the new results came first: this look is void, the caller looks again
        return [], []
    assert badge is not None and badge.startswith("Updating"), badge
    assert busy == "true"
    # let the re-render's fade-in end (a few frames), so what is measured is the stale styling
    page.wait_for_function(
        "(root) => root.getAnimations({subtree: true}).every(a => a.playState !== 'running')",
        arg=shown,
        timeout=5_000,
    )
    # (on a busy machine a late frame of the fade-in can still be caught: allow it to end;
    # a stale styling that is itself translucent keeps the texts dimmed and fails the test)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"(root) => ({DIMMED_TEXTS_JS})(root).length === 0",
            arg=shown,
            timeout=3_000,
        )
    dimmed = page.evaluate(DIMMED_TEXTS_JS, shown)
    return dimmed, axe.run_axe(page, axe_script, still=False)


def test_usable_on_a_phone(solara_server, page):
    page.set_viewport_size({"width": 390, "height": 844})  # a common phone
    open_explorer(solara_server, page)
    results = page.locator(".wt-results").bounding_box()
    assert results["width"] >= 340, results
    cards = page.locator(".wt-kpi").first.bounding_box()
    assert cards["width"] >= 200, cards
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Classroom").click()
    picture = page.locator(".wt-svg").first.bounding_box()
    assert picture["width"] >= 340, picture
    # and the classroom's rows of buttons fit the screen (the way buttons overflowed it)
    page.locator(".wt-way-toggle").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for button in page.locator(".wt-choice-btn:visible").all():  # the explorer is hidden
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (button.inner_text(), box)


def _english_catalogue() -> set[str]:
    """Every English text of the catalogue that differs from its Dutch one, cut at its
    placeholders into the pieces a page would show (pieces of at least 6 characters)."""
    pairs: list[tuple[str, str]] = list(i18n.TEXTS.values())
    pairs += [(KPIS[k].label, nl) for k, nl in i18n.KPI_LABELS_NL.items()]
    pairs += list(i18n.CHOICES.values())
    pairs += list(i18n.PRESET_LABELS.values())
    pairs += [(en, nl) for _, en, nl in i18n.WHATIFS.values()]
    pairs += [(en, nl) for en, nl, _ in i18n.LEVERS.values()]
    pairs += [i18n.INTAKE_DESK, i18n.ROUTING_DESK]
    pieces = set()
    for en, nl in pairs:
        for literal, _, spec, _ in string.Formatter().parse(en):
            parts = [literal] + (spec[len("plural:") :].split("|") if spec else [])
            for part in parts:
                part = part.strip(" :;,.()…·")
                if len(part) >= 6 and re.search("[a-z]{3}", part) and part not in nl:
                    pieces.add(part)
    return pieces | {"This website runs on Solara"}


@pytest.mark.parametrize("view", ["explorer", "classroom"])
def test_dutch_page_has_no_english_text(solara_server, page, view):
    (open_explorer if view == "explorer" else open_classroom)(solara_server, page)
    page.get_by_role("button", name="Nederlands").click()
    if view == "explorer":
        page.get_by_text("Kerncijfers", exact=True).wait_for()
        page.locator(".wt-status-done").wait_for(timeout=FIRST_RESULT_MS)
    else:
        page.get_by_text(re.compile("De reis van de moeder")).wait_for()
        for week in (1, 2, 3):  # she comes in ten days after the start
            page.get_by_role("button", name="Stap (1 week)").click()
            page.locator(f"svg.wt-team-svg[data-day='{START + 5 * week}']").first.wait_for()
        page.get_by_text(re.compile(r"de moeder komt bij het team")).wait_for()
    # The switch reaches the parts of the page one after another (the explorer's sweep
    # panel, last on the page, after the cards and the status line): let it reach them all.
    # English that stays on the page is still there after this, and fails below.
    pieces = sorted(_english_catalogue())
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "pieces => { const text = document.body.innerText;"
            " return !pieces.some(p => text.includes(p)); }",
            arg=pieces,
            polling=250,
            timeout=15_000,
        )
    text = page.locator("body").inner_text()
    english = sorted(p for p in pieces if p in text)
    assert not english, f"English on the Dutch {view}: {english}"
    if view == "explorer":
        done = page.locator(".wt-status-done").inner_text()
        # decimal commas and real plurals: "2 herhalingen van 1 gesimuleerd jaar … 3,4 s"
        assert re.search(r"van 1 gesimuleerd jaar\b.*klaar in \d+,\d s", done), done
        # a decimal point: a dot not followed by exactly three digits ("€ 2.231" is Dutch)
        points = [m for m in re.finditer(r"\d\.(\d+)", text) if len(m.group(1)) != 3]
        shown = [text[m.start() - 60 : m.end()] for m in points]
        assert not points, f"decimal points in nl: {shown}"


PRESSED_JS = (
    "els => els.filter(e => e.getAttribute('aria-pressed') === 'true')"
    ".map(e => e.textContent.trim())"
)


def test_toggles_say_which_is_pressed_presets_come_first_and_a_phone_jumps_to_results(
    solara_server, page
):
    """Vuetify's toggles said only "button" to a screen reader, not which was pressed; the
    presets came after every lever to the keyboard and on a phone, where the results began
    ~2,400 px down with no way past the levers."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_explorer(solara_server, page)

    def pressed(group: str) -> list[str]:
        return page.locator(f"{group} [aria-pressed]").evaluate_all(PRESSED_JS)

    assert pressed(".wt-view-toggle") == ["Scenario explorer"]
    assert pressed(".wt-lang-toggle") == ["English"]
    assert pressed(".wt-edit-toggle") == ["A"]
    assert page.locator(".wt-view-toggle [role=group]").get_attribute("aria-label") == "View"
    # the presets come before the first lever in the page, so to the keyboard too
    presets_first = page.evaluate(
        "() => !!(document.querySelector('.wt-preset-A').compareDocumentPosition("
        "document.querySelector('.wt-lever')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert presets_first
    # the jump past the levers: the results on screen, the focus with them
    assert page.locator(".wt-results").bounding_box()["y"] > 1500  # below every lever
    page.get_by_role("button", name="To the results ↓").click()
    page.wait_for_function("document.activeElement.classList.contains('wt-main')")
    box = page.locator(".wt-results").bounding_box()
    assert 0 <= box["y"] < 844, box
    # a press moves the pressed state with it
    page.locator(".wt-edit-toggle").get_by_role("button", name="B").click()
    page.wait_for_function(
        "() => document.querySelector('.wt-edit-toggle [aria-pressed=true]')"
        "?.textContent.trim() === 'B'"
    )
    page.locator(".wt-lang-toggle").get_by_role("button", name="Nederlands").click()
    page.wait_for_function("document.documentElement.lang === 'nl'")
    # (`lang` is set on the page before the toggles below it are redrawn: wait for them)
    expect(page.locator(".wt-lang-toggle [aria-pressed=true]")).to_have_text(["Nederlands"])
    assert pressed(".wt-lang-toggle") == ["Nederlands"]
    group = page.locator(".wt-view-toggle [role=group]")
    expect(group).to_have_attribute("aria-label", "Weergave")


def test_a_card_focused_with_tab_shows_its_definition(solara_server, page):
    """A keyboard user reaches a card with Tab and reads what it measures there: the
    definition was a tooltip only, which shows for the mouse and not on focus."""
    from wijkteam.dashboards.info import definition

    open_explorer(solara_server, page)
    card = page.locator(".wt-kpi[data-kpi='never_helped_share']")
    assert not card.locator(".wt-kpi-def").is_visible()
    card.focus()
    shown = card.locator(".wt-kpi-def")
    shown.wait_for(state="visible")
    assert shown.inner_text() == definition("never_helped_share", "en")
    # and the line that says the results are ready is a live region a screen reader reads
    assert page.locator("[role='status'] .wt-status-done").count() == 1


def test_controls_are_renamed_when_the_language_changes(solara_server, page):
    """The names a screen reader hears follow the language: the page named unnamed
    controls once, so after a switch to Dutch the selects were still "Front door",
    "Intake", "Preset A"."""
    open_explorer(solara_server, page)
    english = i18n.lever_label("front_door", "en")
    dutch = i18n.lever_label("front_door", "nl")
    assert english != dutch
    page.get_by_role("combobox", name=english).first.wait_for()
    page.get_by_role("button", name="Nederlands").click()
    page.get_by_role("combobox", name=dutch).first.wait_for()
    assert page.get_by_role("combobox", name=english, exact=True).count() == 0
