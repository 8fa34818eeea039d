"""The explorer's logic without a browser: settings in the address, the work budget, the
fair pool that one session cannot take over, cancelled runs that free their worker at once,
verdicts that do not call noise a difference, the conclusion, the CSV and the report."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from wijkteam.dashboards import charts, report, results, scenarios, state, urlstate
from wijkteam.dashboards.state import (
    Cancelled,
    CancelToken,
    FairPool,
    _InThread,
    compare_steps,
    run_replication,
)
from wijkteam.model import WijkteamModel, preset

SHORT = {"horizon_days": 55.0, "warmup_days": 20.0}


@pytest.fixture(scope="module")
def comparison():
    a, b = preset("islands", SHORT), preset("integral", SHORT)
    return list(compare_steps(a, b, 3, 5, pool=_InThread()))[-1]


def test_settings_go_through_the_address_and_back():
    s = urlstate.Settings()
    s = s.with_lever(None, "arrivals_per_day", 7.5).with_lever("B", "breadth", 0.6)
    s = s.with_preset("A", "zwolle-2015")
    s = urlstate.replace(s, lang="nl", view="classroom", seed="-5", years="2")
    path = s.to_path()
    assert path.startswith("/?") and "b.breadth=0.6" in path and "arrivals_per_day=7.5" in path
    assert urlstate.parse(path[2:]) == s
    # the example of the issue, and what a bad link says: kept as written, checked at the field
    t = urlstate.parse("view=explorer&lang=nl&b.arrivals_per_day=7&seed=abc")
    assert t.updates("B") == {"arrivals_per_day": "7"} and t.updates("A") == {}
    checked = scenarios.check(t)
    assert checked.key is None and "startgetal" in checked.errors["seed"].lower()
    assert urlstate.parse("") == urlstate.Settings() and urlstate.Settings().to_path() == "/"


def test_the_classrooms_what_ifs_and_followed_team_go_through_the_address_and_back():
    """A teacher's link opens the lesson the class is to see: its what-ifs and the team whose
    story is told. The same choice is the same link, whatever the order of the clicks."""
    from wijkteam.dashboards.classroom import known_whatifs
    from wijkteam.dashboards.i18n import WHATIFS

    first, second = list(WHATIFS)[:2]
    s = urlstate.parse(f"view=classroom&whatif={second},nonsense,{first}&follow=integral")
    assert s.follow == "integral" and s.whatifs == (second, "nonsense", first)
    assert urlstate.parse(s.to_path()[2:]) == s
    # the lesson: the known what-ifs in the buttons' order; the unknown name is reported
    assert known_whatifs(s.whatifs) == ((first, second), ("nonsense",))
    # nothing chosen, nothing written; an unknown team falls back to the first
    assert urlstate.parse("view=classroom").to_path() == "/?view=classroom"
    assert urlstate.parse("follow=nobody").follow == "islands"


def test_an_imported_neighbourhood_holds_for_a_and_b():
    s = urlstate.Settings().with_lever("B", "arrivals_per_day", "9")
    s = s.with_file(
        "B", {"front_door": "single", "arrivals_per_day": 4.5}, {"arrivals_per_day": 4.5}
    )
    checked = scenarios.check(s)
    a, b = checked.scenarios["A"], checked.scenarios["B"]
    assert a.arrivals_per_day == b.arrivals_per_day == 4.5 and b.front_door == "single"
    assert scenarios.resident_differences(a, b) == []
    other = scenarios.check(urlstate.parse("b.arrivals_per_day=7")).scenarios
    assert scenarios.resident_differences(other["A"], other["B"]) == ["arrivals_per_day"]


def test_the_budget_refuses_a_huge_run_and_shortens_a_long_comparison():
    refused = scenarios.check(urlstate.parse("arrivals_per_day=10000&lang=nl"))
    assert refused.key is None and refused.budget.refused
    assert "Te groot voor het dashboard" in refused.errors["arrivals_per_day"]
    normal = state.plan(preset("islands"), preset("integral"), 10)
    assert not normal.refused and normal.replications == 10
    busy = preset("integral", {"arrivals_per_day": 12.0, "horizon_days": 440.0})
    cut = state.plan(busy, busy, 50)
    assert cut.shortened and 1 <= cut.replications < 50
    assert 2 * cut.replications * cut.events_per_run <= state.MAX_EVENTS_PER_COMPARISON


def test_runs_in_chunks_give_the_same_result_as_one_run():
    s = preset("islands", SHORT)
    whole = WijkteamModel(s, seed=3)
    whole.run()
    assert run_replication(s, 3, False).summary == whole.summary()


def test_the_fair_pool_serves_a_second_session_before_the_first_ones_queue():
    pool = ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn"))
    try:
        fair = FairPool(pool, 2)
        hog = [fair.submit("hog", time.sleep, 0.6) for _ in range(8)]
        time.sleep(0.2)
        assert fair.submit("other", time.sleep, 0.1).result(timeout=30) is None
        # served after the hog's running jobs, not after its line of eight (counted, not
        # timed: a busy machine stretches every sleep)
        assert sum(f.done() for f in hog) <= 4
        fair.cancel_session("hog")
        assert sum(f.cancelled() for f in hog) >= 3
    finally:
        pool.shutdown(cancel_futures=True)


@pytest.mark.slow  # a real spawned worker (its imports) and a long run to stop: ~10 s of CPU
def test_a_cancelled_run_stops_before_its_end_and_frees_its_worker():
    """A run of ~880,000 households (many minutes of one core) is cancelled while it runs:
    it stops where it is, not at its end, and the worker takes the next job. Where it
    stops is read in simulated days, not timed; the timeouts only guard against a hang."""
    huge = preset("integral", {"arrivals_per_day": 400.0, "horizon_days": 2200.0})
    pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
    token = CancelToken()
    try:
        pool.submit(run_replication, preset("islands", SHORT), 1, False).result()  # warm
        job = pool.submit(run_replication, huge, 1, False, token.path)
        time.sleep(1.5)  # let it get going (had it not, it stops before its first day)
        token.set()
        with pytest.raises(Cancelled) as stopped:
            job.result(timeout=120)
        assert stopped.value.day < huge.warmup_days + huge.horizon_days
        assert pool.submit(time.sleep, 0.0).result(timeout=60) is None  # the worker is free
    finally:
        token.discard()
        pool.shutdown(cancel_futures=True)


def test_a_run_cancelled_before_it_starts_builds_no_model(tmp_path):
    flag = tmp_path / "cancelled"
    flag.touch()
    with pytest.raises(Cancelled) as stopped:
        run_replication(preset("islands", SHORT), 4, False, str(flag))
    assert (stopped.value.seed, stopped.value.day) == (4, 0.0)


def test_a_newer_request_stops_the_older_comparison():
    token = CancelToken()
    a, b = preset("islands", SHORT), preset("integral", SHORT)
    seen = []
    for snap in compare_steps(a, b, 5, 1, token, pool=_InThread()):
        seen.append(snap.done)
        token.set()
    assert seen == [1]
    token.discard()


def test_cancel_flags_leave_no_folder_behind(tmp_path):
    """A worker that only imports the module makes no folder; the server's process makes one
    with its first flag and removes it when it ends (by `os._exit`, as on SIGTERM)."""
    code = (
        "import os, sys, concurrent.futures as cf, multiprocessing as mp\n"
        "from wijkteam.dashboards import server, state\n"
        "ctx = mp.get_context('spawn')\n"
        "with cf.ProcessPoolExecutor(1, mp_context=ctx, initializer=state._warm) as pool:\n"
        "    pool.submit(os.getpid).result()\n"
        "print(sorted(os.listdir(sys.argv[1])), flush=True)\n"
        "token = state.CancelToken()\n"
        "token.set()\n"
        "print(sorted(os.listdir(sys.argv[1])), os.path.exists(token.path), flush=True)\n"
        "server._exit_now(0, None)\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    after_worker, with_flag = run.stdout.splitlines()
    assert after_worker == "[]"
    assert with_flag.startswith("['wijkteam-cancel-") and with_flag.endswith("True")
    assert list(tmp_path.iterdir()) == []


def test_verdicts_call_noise_and_trifles_no_clear_difference():
    row = {"diff": -0.2, "diff_lo": -0.3, "diff_hi": -0.1}
    assert report.verdict(row, "wait_right_help_mean_helped") == "no_diff"  # 0.2 days: a trifle
    row = {"diff": -3.0, "diff_lo": -4.0, "diff_hi": 1.0}
    assert report.verdict(row, "wait_right_help_mean_helped") == "no_diff"  # interval holds 0
    row = {"diff": -3.0, "diff_lo": -4.0, "diff_hi": -2.0}
    assert report.verdict(row, "wait_right_help_mean_helped") == "better"
    assert report.verdict(row, "dropped_share") == "better"
    assert (
        report.verdict({"diff": 0.05, "diff_lo": 0.03, "diff_hi": 0.07}, "dropped_share") == "worse"
    )
    assert report.verdict(row, "utilisation_mean") == "neutral"
    assert report.verdict(row, "a_kpi_of_a_later_model") == "neutral"


def test_cards_come_from_the_model_and_tolerate_missing_kpis():
    kpis = results.card_kpis()
    assert "dropped_share" in kpis and "escalated_share" in kpis
    assert all(k in report.KPIS for k in kpis)
    assert "never_helped_share" in results.HEADLINE_KPIS  # shown once issue 8 lands


def test_conclusion_csv_and_report_in_both_languages(comparison, tmp_path):
    labels = {"A": "Islands", "B": "Integral"}
    for lang, words in (("en", "same residents"), ("nl", "dezelfde bewoners")):
        lines = report.conclusion(comparison, results.card_kpis(), labels, lang)
        assert words in lines[0] and len(lines) >= 3
    csv_nl = report.results_csv(
        comparison, results.card_kpis(), {"A": "Eilandjes", "B": "Integraal"}, "nl"
    )
    head, columns, *rows = csv_nl.splitlines()
    assert head.startswith("# startgetal 5; 3 herhalingen")
    assert columns.startswith("maat;eenheid;A: Eilandjes;") and "," not in columns
    # ';'-separated with decimal commas, and a share in per cent as its unit says (the card's
    # "12,3 %" is 12,3 in a Dutch spreadsheet, not 0,123)
    share = next(r.split(";") for r in rows if r.endswith(";misrouted_share"))
    table = {r["kpi"]: r for r in comparison.table.to_dict("records")}
    assert share[1] == "%"
    assert float(share[2].replace(",", ".")) == pytest.approx(
        100 * table["misrouted_share"]["mean_a"]
    )
    pngs = {n: charts.draw_png(n, comparison, "en", labels) for n in ("waiting_list", "waits")}
    data = report.ReportInput(comparison, results.card_kpis(), labels, "en", pngs, [], "/?x")
    html = report.report_html(data)
    assert "Conclusion" in html and html.count("data:image/png") == 2
    pdf = report.report_pdf(data)
    pages = pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ")  # not "/Type /Pages"
    assert pdf.startswith(b"%PDF") and pages == 1  # the one-page report


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_pdf_report_fits_its_page_and_its_table_cells(comparison, lang):
    """Every line of the one-page report lies on the page, and every table text inside its
    cell (lines ran off the right edge mid-word, and long measure names and intervals over
    the next column)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.table import Table
    from matplotlib.text import Text

    labels = {"A": "Eilandjes van specialisten", "B": "Integraal wijkteam"}
    pngs = {n: charts.draw_png(n, comparison, lang, labels) for n in ("waiting_list", "waits")}
    differences = scenarios.lever_differences(comparison.scenario_a, comparison.scenario_b, lang)
    data = report.ReportInput(comparison, results.card_kpis(), labels, lang, pngs, differences, "/")
    fig = report.report_figure(data)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    assert len(texts) > 20  # the page's own lines (the table's cells below)
    for t in texts:
        box = t.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0, t.get_text()
    (table,) = fig.findobj(Table)
    for cell in table.get_celld().values():
        outer, inner = cell.get_window_extent(renderer), cell.get_text().get_window_extent(renderer)
        assert outer.x0 <= inner.x0 and inner.x1 <= outer.x1, cell.get_text().get_text()
        assert outer.y0 <= inner.y0 and inner.y1 <= outer.y1, cell.get_text().get_text()


def test_steady_state_lines_per_team_in_both_languages_and_in_the_report(comparison):
    """The command line's steady-state line for A and for B, counted over the replications
    done, on the page and in the report, in English and in Dutch."""
    labels = {"A": "Islands", "B": "Integral"}
    for c, runs in (("A", comparison.runs_a), ("B", comparison.runs_b)):
        unsteady = sum(r.summary["steady_state"] < 0.5 for r in runs)
        line = comparison.steady_state(c, "en")
        expected = f"not stationary in {unsteady}/3 runs" if unsteady else "in 3/3 runs"
        assert expected in line or "team overloaded" in line, line
        assert "warm-up up to" in line
        assert "herhalingen" in comparison.steady_state(c, "nl")
    lines = report.steady_lines(comparison, labels, "nl")
    assert [c for c, _ in lines] == ["A", "B"] and lines[0][1].startswith("A: Islands: ")
    data = report.ReportInput(comparison, results.card_kpis(), labels, "nl", {}, [], "/")
    html = report.report_html(data)
    assert "Houdt elk team het vol" in html
    assert all(line.split(": ", 2)[2] in html for _, line in lines)


def test_a_shared_setting_that_is_invalid_is_said_once():
    """Demand typed as 'abc' is wrong for both configurations alike: one message at the top,
    not 'Configuration A: ...' and 'Configuration B: ...' with the same words; a setting of
    B alone still names B."""
    shared = scenarios.check(urlstate.Settings().with_lever(None, "arrivals_per_day", "abc"))
    assert len(shared.top) == 1 and shared.top[0].startswith("Both configurations: ")
    assert shared.key is None
    own = scenarios.check(urlstate.Settings().with_lever("B", "breadth", "2"))
    assert [m.split(":")[0] for m in own.top] == ["Configuration B"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_chart_cuts_off_its_labels(comparison, lang):
    """Every text of every explorer chart lies on its figure: the tick labels of the waiting
    times (three lines) and of escalation (four) were cut off at the bottom."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    labels = {"A": "Islands (before 2015)", "B": "Integral wijkteam"}
    for name, make in charts.CHARTS.items():
        fig = make(comparison, lang, labels)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        unused = set()  # tick labels beyond an axis's limits, which matplotlib does not draw
        for ax in fig.axes:
            for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
                for tick in axis.get_major_ticks():
                    if not min(lo, hi) <= tick.get_loc() <= max(lo, hi):
                        unused |= {tick.label1, tick.label2}
        for text in fig.findobj(Text):
            if text.get_text().strip() and text.get_visible() and text not in unused:
                box = text.get_window_extent(renderer)
                assert box.y0 >= 0 and box.y1 <= fig.bbox.y1, (name, text.get_text())


def test_the_plain_words_say_when_a_team_held_only_through_drop_outs():
    """'B does better' must not stand alone when B was overloaded (households gave up while
    waiting, which shortens its waits) or had not settled: the conclusion says so, per team,
    with the count of runs, in both languages; a team that held is not flagged."""
    labels = {"A": "Islands", "B": "Integral"}
    calm = preset("integral", {"horizon_days": 440.0, "warmup_days": 20.0, "arrivals_per_day": 1.0})
    busy = preset("integral", {"horizon_days": 440.0, "warmup_days": 20.0, "arrivals_per_day": 6.0})
    cmp = list(compare_steps(calm, busy, 2, 5, pool=_InThread()))[-1]
    assert not any(r.summary["team_overloaded"] for r in cmp.runs_a)
    assert all(r.summary["team_overloaded"] for r in cmp.runs_b)
    en = report.conclusion(cmp, results.card_kpis(), labels, "en")
    assert (
        sum(line.startswith("Careful: B (Integral) is overloaded in 2 of 2 runs") for line in en)
        == 1
    )
    assert not any(line.startswith("Careful: A ") and "overloaded" in line for line in en)
    nl = report.conclusion(cmp, results.card_kpis(), labels, "nl")
    assert any(line.startswith("Let op: B (Integral) is overbelast in 2 van 2") for line in nl)


def test_a_flag_set_after_its_work_is_over_leaves_no_file():
    """A page moving on from a choice whose work had finished sets that choice's flag; the
    work discarded it already, so no file is made (one file per what-if clicked piled up in
    the cancel folder for the server's lifetime). Set while the work runs, the file is there
    for the worker to see."""
    running = CancelToken()
    running.set()
    assert os.path.exists(running.path)
    running.discard()
    assert not os.path.exists(running.path)
    over = CancelToken()
    over.discard()
    over.set()
    assert over.is_set() and not os.path.exists(over.path)
