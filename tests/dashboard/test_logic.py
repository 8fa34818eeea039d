"""The dashboard's logic without a browser: scenarios from presets and levers, invalid
settings, paired replications on common random numbers, exports, charts and texts."""

from __future__ import annotations

import io
import re
import string

import pandas as pd
import pytest

from wijkteam.dashboards import charts, i18n
from wijkteam.dashboards.lesson import Lesson, classroom_scenario
from wijkteam.dashboards.results import CARD_KPIS, kpi_card_html
from wijkteam.dashboards.scenarios import build_scenario, shown_value
from wijkteam.dashboards.state import CancelToken, _InThread, compare_steps
from wijkteam.dashboards.team_picture import team_svg
from wijkteam.dashboards.urlstate import Settings
from wijkteam.formatting import diff_text, value_text
from wijkteam.model import (
    DOMAINS,
    KPIS,
    Scenario,
    ScenarioError,
    parameter_names,
    preset,
)
from wijkteam.model.calendar import DAYS_PER_YEAR

SHORT = {"horizon_days": 60.0, "warmup_days": 20.0}
#: levers whose English and Dutch labels are rightly the same word
SAME_WORD_IN_BOTH = {"intake_mode"}  # "Intake" is Dutch too


@pytest.fixture(scope="module")
def comparison():
    a = preset("islands", SHORT)
    b = preset("integral", SHORT)
    return list(compare_steps(a, b, 2, 7, pool=_InThread()))


def test_scenario_from_preset_levers_and_years():
    s = build_scenario("islands", None, {"breadth": 0.6, "staff.youth": 7}, 1.5)
    assert s.front_door == "desk" and s.breadth == 0.6 and s.staff["youth"] == 7
    assert s.horizon_days == 330.0
    # what a lever shows: the preset's value until the user moves it (A is islands)
    settings = Settings()
    assert shown_value(settings, "A", "front_door") == "desk"
    moved = settings.with_lever("A", "front_door", "single")
    assert shown_value(moved, "A", "front_door") == "single"
    assert shown_value(moved, "B", "front_door") == "single"  # integral's own: one door
    base = Scenario.from_toml("arrivals_per_day = 4.5\n")
    assert build_scenario("custom", base, {}, 1).arrivals_per_day == 4.5


@pytest.mark.parametrize(
    "updates, pattern",
    [
        ({"arrivals_per_day": 0.0}, r"must be between 0\.001 and 10000"),
        ({"staff.finance": 0}, r"impossible team"),
        ({f"staff.{d.id}": 0 for d in DOMAINS}, r"impossible team"),
    ],
)
def test_invalid_settings_raise_a_message_in_both_languages(updates, pattern):
    with pytest.raises(ScenarioError) as info:
        build_scenario("islands", None, updates, 1)
    assert re.search(pattern, i18n.error_text(info.value, "en"))
    nl = i18n.error_text(info.value, "nl")
    assert nl.startswith("ongeldige instelling") and "must be" not in nl


def test_every_message_key_of_the_model_has_a_translation():
    """Translation goes by the key the model's error carries: a new key without a Dutch (and
    English) text here fails, instead of reaching the page in English or as 'not allowed'."""
    from wijkteam.model.parameters import MESSAGE_KEYS

    assert set(MESSAGE_KEYS) | {"invalid"} <= set(i18n.ERRORS)
    for key, needs in MESSAGE_KEYS.items():
        en, nl = i18n.ERRORS[key]
        for detail in needs:
            if detail in ("suggestions", "reason"):  # shown by the CLI, not on the page
                continue
            assert "{" + detail in en and "{" + detail in nl, (key, detail)


@pytest.mark.parametrize(
    "updates, dutch",
    [
        ({"front_door": "window"}, "moet een van deze zijn: desk, single"),
        ({"case_hours_per_week": 30.0, "admin_share": 0.8}, "directe uren per week over"),
        ({"staff.finance": 1.5}, "moet een geheel getal zijn"),
    ],
)
def test_a_refusal_is_translated_from_its_key_and_details(updates, dutch):
    with pytest.raises(ScenarioError) as info:
        build_scenario("islands", None, updates, 1)
    nl = i18n.error_text(info.value, "nl")
    assert dutch in nl, nl


def test_replications_are_paired_on_common_random_numbers(comparison):
    first, last = comparison[0], comparison[-1]
    assert [c.done for c in comparison] == [1, 2] and last.finished
    # the same seed gives the same residents: A's first replication equals a fresh run of A
    again = list(compare_steps(first.scenario_a, first.scenario_a, 1, 7, pool=_InThread()))[0]
    assert again.runs_a[0].summary == again.runs_b[0].summary == first.runs_a[0].summary
    table = last.table.set_index("kpi")
    assert set(CARD_KPIS) <= set(table.index)
    assert not table.loc["misrouted_share", ["diff_lo", "diff_hi"]].isna().any()


def test_exports(comparison):
    cmp = comparison[-1]
    results = pd.read_csv(io.StringIO(cmp.results_csv()))
    assert {"kpi", "mean_a", "mean_b", "diff", "diff_lo", "diff_hi"} <= set(results.columns)
    reps = pd.read_csv(io.StringIO(cmp.replications_csv()))
    assert sorted(reps["config"].unique()) == ["A", "B"] and len(reps) == 4
    assert Scenario.from_toml(cmp.scenario_a.to_toml()) == cmp.scenario_a


def test_charts_are_pngs(comparison):
    pngs = charts.draw_all(comparison[-1], "nl", {"A": "Eilandjes", "B": "Integraal"}, _InThread())
    assert set(pngs) == set(charts.CHARTS)
    assert all(p.startswith(b"\x89PNG") for p in pngs.values())


def test_kpi_cards_show_a_b_difference_and_verdict(comparison):
    rows = {r["kpi"]: r for r in comparison[-1].table.to_dict("records")}
    row = rows["misrouted_share"]
    html = kpi_card_html("misrouted_share", row, "en", 2)
    assert html.count("wt-kpi-value") == 2 and "B − A" in html and "95% interval" in html
    # the integral team (B) sends fewer questions to the wrong desk: its single front door
    # explores the question behind the question. The card says so, as its interval does.
    assert row["diff_hi"] < 0
    assert 'data-verdict="better"' in html and i18n.tx("verdict_better", "en") in html
    assert value_text(0.123, "share", "nl") == "12,3 %"
    assert value_text(1234.0, "euro", "nl") == "€ 1.234"


def test_every_text_in_both_languages():
    for key, (en, nl) in i18n.TEXTS.items():
        assert en and nl, key
        fields = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(nl) if f}, key
    for name in i18n.LEVERS:
        assert name in parameter_names()
        en, nl = i18n.lever_label(name, "en"), i18n.lever_label(name, "nl")
        assert en != nl or name in SAME_WORD_IN_BOTH, name
    for key in i18n.WHATIFS:
        classroom_scenario("islands", (key,))  # every what-if is a valid lever change


def test_every_kpi_of_the_model_has_a_dutch_label_and_its_english_one_is_the_models():
    """One home for the English labels (the model's KPIS); a KPI the model gains without a
    Dutch label fails here, instead of showing English on a Dutch page."""
    missing = sorted(set(KPIS) - set(i18n.KPI_LABELS_NL))
    assert not missing, f"KPIs without a Dutch label in dashboards/i18n.py: {missing}"
    assert not set(i18n.KPI_LABELS_NL) - set(KPIS), "Dutch labels of KPIs the model lacks"
    for kpi, (label, _, _) in KPIS.items():
        assert i18n.kpi_label(kpi, "en") == label
        assert i18n.kpi_label(kpi, "nl") == i18n.KPI_LABELS_NL[kpi] != label, kpi
    with pytest.raises(KeyError):  # no silent fallback to English
        i18n.kpi_label("a_kpi_without_a_dutch_label", "nl")


def test_one_formatter_for_page_report_and_command_line():
    assert value_text(0.123, "share", "nl") == "12,3 %"
    assert value_text(4.25, "days", "en") == "4.2 working days"
    assert value_text(1234.0, "count") == "1,234" and value_text(0.354, "count") == "0.35"
    assert diff_text(-0.0123, "share", "nl") == "-1,2 %-pt"
    assert diff_text(1234.0, "euro", "nl") == "€ +1.234"
    assert value_text(float("nan"), "days") == diff_text(None, "share") == "–"


def test_the_what_if_buttons_do_what_they_say():
    """A teacher reads the button, not the parameter: "a third more residents" must be a
    third more first requests than the default neighbourhood, and "half the time" half its
    administration, whatever the calibration makes the default. The first set 8 a day: a
    third more than a default of 6, three times the calibrated 2.71."""
    from wijkteam.model import Scenario

    default = Scenario()
    busy = i18n.WHATIFS["busy"][0]["arrivals_per_day"]
    assert busy / default.arrivals_per_day == pytest.approx(4 / 3, rel=0.01)
    assert "a third more" in i18n.WHATIFS["busy"][1]
    half = i18n.WHATIFS["half_admin"][0]["admin_share"]
    assert half / default.admin_share == pytest.approx(0.5, rel=0.01)
    assert "half" in i18n.WHATIFS["half_admin"][1]


def test_the_what_if_effects_are_measures_one_year_observes_whole():
    """The classroom measures a what-if over one simulated year: too short for resolution
    within two years, escalation or cost, which would be lower bounds there (the verdict
    says so). It once showed resolution after one year."""
    from wijkteam.dashboards.classroom import EFFECT_KPIS
    from wijkteam.model.steady_state import ESCALATION_DAYS, LONG_FOLLOW_UP_KPIS

    assert DAYS_PER_YEAR < ESCALATION_DAYS
    assert not set(EFFECT_KPIS) & set(LONG_FOLLOW_UP_KPIS)


def test_classroom_lesson_shows_both_teams_on_the_same_residents():
    lesson = Lesson.prepare((), CancelToken())
    assert lesson is not None
    frame = lesson.advance(15.0)  # the mother arrived 10 days after the start
    islands, integral = frame.views["islands"], frame.views["integral"]

    # the same residents: the same first requests at the same times with the same needs
    def first_requests(model):
        req = model.requests_frame()
        new = req[req["kind"] == "new"]
        return list(zip(new["arrival"], new["root"], new["presenting"], strict=True))

    firsts = {way: first_requests(w.model) for way, w in lesson.watches.items()}
    assert firsts["islands"] == firsts["integral"]
    # ...and a busy neighbourhood: about arrivals_per_day first requests a day since the start
    rate = classroom_scenario("islands", ()).arrivals_per_day
    assert len(firsts["islands"]) > 0.8 * rate * lesson.watches["islands"].model.now
    assert len(islands.team) == sum(classroom_scenario("islands", ()).staff_counts().values())
    assert islands.mother_stage is not None and integral.mother_stage is not None
    svg = team_svg(integral, "nl", followed=True)
    assert svg.startswith("<svg") and "Voordeur" in svg
    assert svg.count('class="wt-prof"') == len(integral.team)
    # every professional carries its number, the one the story uses ("#5")
    for g in integral.team:
        assert f'class="wt-prof-number">{g.pid}</text>' in svg
    # the lesson has an end: one simulated year after the warm-up
    while not frame.finished:
        frame = lesson.advance(40.0)
    assert frame.time == classroom_scenario("islands", ()).warmup_days + 220.0
    assert len(frame.history["islands"]) == len(frame.history["integral"]) > 5
    # and its end-of-year table counts that year: requests that arrived and ended in it, not
    # since the start of the warm-up (it showed 7,190 helped in a year of ~600 households)
    for way, watch in lesson.watches.items():
        req = watch.model.requests_frame()
        counts = frame.views[way].counts
        assert counts["arrived"] == int((req["arrival"] >= lesson.start).sum())
        ended = req[req["end"] >= lesson.start]
        for outcome in ("resolved", "closed", "escalated", "dropped"):
            assert counts[outcome] == int((ended["outcome"] == outcome).sum()), outcome


def test_the_mothers_summary_says_no_right_help_not_after_never():
    """The end-of-lesson line for a mother who never got the right help said 'the right
    help after never' ('de juiste hulp na nooit')."""
    from wijkteam.dashboards.classroom import _days_text

    line = i18n.t(
        "cl_mother_sum",
        "nl",
        way="Eilandjes",
        first=_days_text("first", 3.2, "nl"),
        right=_days_text("right", None, "nl"),
        handoffs=2,
        outcome="opgelost",
    )
    assert (
        line
        == "Eilandjes: eerste contact na 3 werkdagen, geen juiste hulp, 2 overdrachten; opgelost."
    )
    assert _days_text("right", 1, "en") == "the right help after 1 working day"
    assert "never" not in _days_text("first", None, "en")


def test_a_what_if_run_stops_when_the_class_moves_on_and_is_kept_when_it_ends():
    """The what-if table's years of a team, before and after, run in the workers: runs whose
    what-if was replaced by another click stop (None, nothing kept), so the next click's runs
    do not wait behind them; finished runs are kept, so clicking the same what-if again, or
    the 'before' of any what-if, costs nothing; and each is the same year as a plain run of
    that team."""
    from wijkteam.dashboards import lesson
    from wijkteam.model import simulate

    moved_on = CancelToken()
    moved_on.set()
    choices = ((), ("one_door",))
    for whatifs in choices:
        lesson._YEARS.pop(("islands", whatifs), None)
    assert lesson.year_outcomes("islands", choices, moved_on) is None
    assert ("islands", ()) not in lesson._YEARS
    years = lesson.year_outcomes("islands", choices, CancelToken())
    assert years is not None
    again = lesson.year_outcomes("islands", choices[::-1], moved_on)  # kept: no run at all
    assert again is not None and again[0] is years[1] and again[1] is years[0]
    for whatifs, year in zip(choices, years, strict=True):
        plain = simulate(classroom_scenario("islands", whatifs), lesson.SEED)
        assert year == plain, whatifs
    assert years[0] != years[1]  # the what-if changed the year


def test_every_kpi_has_a_definition_in_both_languages():
    """A KPI without one showed its English label as its 'definition', on the Dutch page
    too (the six hour shares, the share who waited and the caseload Gini)."""
    from wijkteam.dashboards.info import DEFINITIONS, definition

    assert set(KPIS) <= set(DEFINITIONS)
    for kpi in KPIS:
        en, nl = definition(kpi, "en"), definition(kpi, "nl")
        assert en != KPIS[kpi].label and nl != en, kpi


def test_a_malformed_scenario_file_is_explained_with_its_line_and_column() -> None:
    """An imported file with a syntax error: the page says where (as the command line does),
    in both languages, not "invalid setting scenario file = '<text>'"."""
    from wijkteam.dashboards import i18n
    from wijkteam.model import Scenario, ScenarioError

    with pytest.raises(ScenarioError) as info:
        Scenario.from_toml("arrivals_per_day = 3\nbreadth =\n")
    for lang in ("en", "nl"):
        text = i18n.error_text(info.value, lang)
        assert "line 2, column 10" in text and "TOML" in text, text
        assert "<text>" not in text and "scenario file =" not in text, text


def test_a_lesson_prepared_in_steps_is_the_run_itself_and_stops_when_asked() -> None:
    """The classroom prepares its lesson in the workers, in steps so that a newer choice can
    stop it: the steps do not change the run (the same requests as one run to the lesson's
    first day), the model sent back goes on as that run, the story told is that run's, and a
    cancelled preparation gives no lesson."""
    from wijkteam.dashboards.lesson import SEED, start_day
    from wijkteam.model import WijkteamModel
    from wijkteam.model.story import add_mother, run_story

    lesson = Lesson.prepare(("one_door",), CancelToken())
    assert lesson is not None
    scenario = classroom_scenario("islands", ("one_door",))
    whole = WijkteamModel(scenario, seed=SEED)
    add_mother(whole, scenario)
    whole.run_until(start_day(scenario))
    played = lesson.watches["islands"].model
    assert played.requests_frame().equals(whole.requests_frame())
    # the copy the page plays, sent back from a worker, goes on as the run itself
    lesson.advance(lesson.end - lesson.start)
    whole.run()
    assert played.requests_frame().equals(whole.requests_frame())
    assert played.summary() == whole.summary()
    # and the story told is that run's, in both languages (as `wijkteam story` tells it)
    for lang in ("en", "nl"):
        told = run_story(scenario, SEED, lang, day_one=start_day(scenario))
        assert lesson.story(lang)["islands"] == told
    stop = CancelToken()
    stop.set()
    assert Lesson.prepare((), stop) is None


def test_an_empty_run_field_is_called_empty() -> None:
    """A seed field emptied: the message said "(it is )"."""
    from dataclasses import replace

    from wijkteam.dashboards.scenarios import check_run_fields

    for lang, word in (("en", "(it is empty)"), ("nl", "(het is leeg)")):
        errors, _ = check_run_fields(replace(Settings(), seed=""), lang)
        assert errors["seed"].endswith(word), errors
