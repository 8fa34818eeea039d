"""Steady state: where the warm-up ends, chosen from the output, and whether the run ever
settles at all.

- **Warm-up by MSER-5** (White 1997; White, Cobb & Spratt 2000): the sampled waiting list and
  caseload of the team (`Workload.samples`, one row every `sample_every_days`) are averaged in
  batches of 5; the truncation point d minimises the marginal standard error
  sum_{i>d} (Y_i - mean_{>d})^2 / (n - d)^2 over d in the first half of the series. The warm-up
  used is the later of the two series' points and the scenario's `warmup_days` (a minimum).
  A minimum in the last batches of the allowed half means no truncation makes the series look
  stationary.
- **Not stationary**: after the warm-up, the waiting list or the yearly drop-out share still
  trends: the slope of ten batch means over time is significant (p < 0.01) *and* material
  (the waiting list grows by more than 2% of the requests a year, per year: the team's
  capacity falls short of demand by more than one request in fifty; or the drop-out share
  rises by more than 2 percentage points a year). Growth is weighed against the flow of
  requests, not against the waiting list's own level: a queue that has grown through an
  eight-year warm-up is long, so its growth was always a small part of it, and a team short
  of capacity was called steady.
- **Team overloaded**: more than `OVERLOAD_DROPOUT_SHARE` of the requests drop out while
  waiting. Such a team's waiting list may look steady, but only because households give up.

The model does not stop or change because of these verdicts; the summary carries them as
numbers (`steady_state`, `team_overloaded`, `warmup_days_used`, trends) and `verdict` turns
them into the one line the CLI, reports and the dashboard print.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import stdtr

from .calendar import DAYS_PER_YEAR

if TYPE_CHECKING:
    from .model import WijkteamModel

BATCH = 5  # MSER-5
OVERLOAD_DROPOUT_SHARE = 0.05  # assumption: one request in twenty lost while waiting
TREND_P = 0.01
# growth of the waiting list a year that counts, as a share of the requests a year
WAITING_TREND_MATERIAL = 0.02
# the drop-out trend counts the drop-outs within this many days of the request
DROPOUT_FOLLOW_DAYS = 60.0
DROPOUT_TREND_MATERIAL = 0.02  # drop-out share per year
TREND_BATCHES = 10
ESCALATION_DAYS = 440.0  # follow-up the escalation and resolution measures need (summary.py)
#: the outcomes that are lower bounds in a run with less than ESCALATION_DAYS of follow-up
LONG_FOLLOW_UP_KPIS = ("escalated_share", "resolved_share", "cost_per_household")


def mser_truncation(series: np.ndarray | list[float], batch: int = BATCH) -> tuple[int, bool]:
    """MSER-`batch` truncation point of `series`, in observations (a multiple of `batch`),
    and whether the minimum fell well inside the allowed first half (True = a usable point)."""
    y = np.asarray(series, dtype=float)
    k = len(y) // batch
    if k < 4:
        return 0, False
    means = y[: k * batch].reshape(k, batch).mean(axis=1)
    half = k // 2
    scores = np.empty(half + 1)
    for d in range(half + 1):
        tail = means[d:]
        scores[d] = ((tail - tail.mean()) ** 2).sum() / len(tail) ** 2
    d_best = int(np.argmin(scores))
    return d_best * batch, d_best < half - 1 or half < 3


def choose_warmup(m: WijkteamModel) -> tuple[float, bool]:
    """Warm-up in days (a sample time, never before the scenario's `warmup_days`) from the
    waiting list and the caseload series, and whether that end of the warm-up was found.

    It was not when MSER had no usable point (its minimum at the end of the first half,
    the most it may cut: the series still drift there) and that point, not the scenario's
    minimum, set the warm-up. A run of 440 days from an empty team gets 200 days of warm-up
    that way, while the team takes years to fill; its outcomes are no steady state. When the
    minimum lies beyond MSER's point, the trends after it say whether the run is steady."""
    samples = np.asarray(m.workload.samples, dtype=float)
    if len(samples) == 0:
        return m.params.warmup_days, False
    times = samples[:, 0]
    waiting = samples[:, 1] + samples[:, 2]
    caseload = samples[:, 3] + samples[:, 4]
    points = [mser_truncation(waiting), mser_truncation(caseload)]
    index = max(p for p, _ in points)
    usable = all(ok for _, ok in points)
    t_mser = float(times[min(index, len(times) - 1)])
    minimum = m.params.warmup_days
    return max(minimum, t_mser), usable or minimum > t_mser


def trend_per_year(times: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Slope per year of the batch means of `values` over `times`, and its p-value."""
    t = np.asarray(times, dtype=float)
    v = np.asarray(values, dtype=float)
    k = min(TREND_BATCHES, len(t))
    if k < 3:
        return 0.0, 1.0
    tb = np.array([b.mean() for b in np.array_split(t, k)])
    vb = np.array([b.mean() for b in np.array_split(v, k)])
    if np.allclose(vb, vb[0]):
        return 0.0, 1.0
    slope, p = least_squares_slope(tb, vb)
    return slope * DAYS_PER_YEAR, p


def least_squares_slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Least-squares slope of `y` on `x` and its two-sided p-value (t test, n - 2 degrees of
    freedom): SciPy's `stats.linregress`, same arithmetic, on NumPy and `scipy.special`. Why
    not `linregress` itself: importing `scipy.stats` costs ~0.5–1 CPU second and ~30 MiB in
    every process that summarises a run (each sweep worker, the dashboard's first click),
    while `scipy.special` is loaded by Mesa already. tests/model/test_steady_state.py checks
    both against `linregress`."""
    n = len(x)
    dx, dy = x - x.mean(), y - y.mean()
    ssxm, ssym, ssxym = float(dx @ dx / n), float(dy @ dy / n), float(dx @ dy / n)
    if ssxm == 0.0 or ssym == 0.0:
        return (0.0 if ssxm == 0.0 else ssxym / ssxm), 1.0
    r = min(max(ssxym / math.sqrt(ssxm * ssym), -1.0), 1.0)
    df = n - 2
    t = r * math.sqrt(df / ((1.0 - r + 1e-20) * (1.0 + r + 1e-20)))
    return ssxym / ssxm, float(2 * stdtr(df, -abs(t)))


def waiting_trend(m: WijkteamModel, start: float) -> tuple[float, float, float]:
    """Trend of the waiting list after `start`: (growth per year, p-value, mean level)."""
    samples = np.asarray(m.workload.samples, dtype=float)
    if len(samples) == 0:
        return 0.0, 1.0, 0.0
    keep = samples[:, 0] >= start
    times, waiting = samples[keep, 0], samples[keep, 1] + samples[keep, 2]
    if len(times) == 0:
        return 0.0, 1.0, 0.0
    slope, p = trend_per_year(times, waiting)
    return slope, p, float(waiting.mean())


def dropout_trend(
    arrivals: np.ndarray, ends: np.ndarray, dropped: np.ndarray, now: float
) -> tuple[float, float]:
    """Trend per year, by arrival time, of the share of requests that dropped out within
    `DROPOUT_FOLLOW_DAYS` of the request, over the requests followed that long. The requests
    of the run's last weeks had less time to drop out: counted as not dropped, they bent the
    trend down at the end of every run (by 1 to 3.5 points a year on average in 220-day
    runs), hiding a real rise of that size."""
    followed = arrivals <= now - DROPOUT_FOLLOW_DAYS
    early = dropped & (ends - arrivals <= DROPOUT_FOLLOW_DAYS)
    order = np.argsort(arrivals[followed], kind="stable")
    return trend_per_year(arrivals[followed][order], early[followed][order].astype(float))


def assess(
    waiting: tuple[float, float, float],
    dropout: tuple[float, float],
    dropped_share: float,
    requests_per_year: float,
    warmup_found: bool = True,
) -> dict[str, float]:
    """The steady-state numbers of the summary from the two trends, the drop-out share, the
    requests a year and whether the end of the warm-up was found (`choose_warmup`)."""
    w_slope, w_p, _ = waiting
    d_slope, d_p = dropout
    material = WAITING_TREND_MATERIAL * max(requests_per_year, 1.0)
    waiting_rises = w_p < TREND_P and w_slope > material
    dropout_rises = d_p < TREND_P and d_slope > DROPOUT_TREND_MATERIAL
    return {
        "steady_state": 0.0 if (waiting_rises or dropout_rises or not warmup_found) else 1.0,
        "warmup_found": float(warmup_found),
        "team_overloaded": float(dropped_share > OVERLOAD_DROPOUT_SHARE),
        "waiting_trend_per_year": w_slope,
        "dropout_trend_per_year": d_slope,
    }


def verdict(summary: dict[str, float]) -> str:
    """One line about the run's long-run behaviour, from its summary."""
    warm = summary.get("warmup_days_used", math.nan)
    parts = []
    if summary.get("steady_state", 1.0) < 0.5:
        why = []
        if summary.get("waiting_trend_per_year", 0.0) > 0:
            why.append(f"waiting list {summary['waiting_trend_per_year']:+.0f} a year")
        if summary.get("dropout_trend_per_year", 0.0) > DROPOUT_TREND_MATERIAL:
            why.append(f"drop-out {100 * summary['dropout_trend_per_year']:+.1f} points a year")
        if summary.get("warmup_found", 1.0) < 0.5:
            why.append("no end of the warm-up found: the team is still filling; run longer")
        parts.append("not stationary" + (f" ({', '.join(why)})" if why else ""))
    if summary.get("team_overloaded", 0.0) > 0.5:
        parts.append(
            f"team overloaded ({100 * summary['dropped_share']:.1f}% of requests drop out "
            f"while waiting; limit {100 * OVERLOAD_DROPOUT_SHARE:.0f}%)"
        )
    if not parts:
        parts.append("steady state")
    follow = summary.get("follow_up_days", math.inf)
    short = _follow_up_note(
        follow,
        f"escalations, resolution and cost are lower bounds ({follow:.0f} days of follow-up, "
        f"{ESCALATION_DAYS:.0f} needed)",
        MANY_TEXT["en"]["shorter"],
    )
    return f"{'; '.join(parts)} — warm-up {warm:.0f} working days (MSER-5){short}"


def _follow_up_note(follow: float, lower_bounds: str, not_estimated: str) -> str:
    """What a run that followed its requests `follow` days must add: `lower_bounds` below
    ESCALATION_DAYS, and `not_estimated` below a year (the figures `summary.READ_AT_DAYS`
    leaves out)."""
    note = f"; {lower_bounds}" if follow < ESCALATION_DAYS else ""
    if follow < DAYS_PER_YEAR:
        note += f"; {not_estimated}"
    return note


#: the words of `verdict_many`, in the languages the dashboard speaks (one home for the
#: line the CLI, the reports and the explorer show)
MANY_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "unsteady": "not stationary in {k}/{n} runs",
        "overloaded": "team overloaded in {k}/{n} runs (drop-out above {limit}%)",
        "steady": "steady state in {n}/{n} runs",
        "warmup": "warm-up up to {warm} working days (MSER-5)",
        "short": "escalations, resolution and cost are lower bounds "
        "(follow-up from {follow} days, {needed} needed)",
        "shorter": "figures read at more days than that are not estimated (–)",
    },
    "nl": {
        "unsteady": "niet stationair in {k}/{n} herhalingen",
        "overloaded": "team overbelast in {k}/{n} herhalingen (uitval boven {limit}%)",
        "steady": "stationair in {n}/{n} herhalingen",
        "warmup": "inloop tot {warm} werkdagen (MSER-5)",
        "short": "escalaties, oplossing en kosten zijn ondergrenzen "
        "(vervolg vanaf {follow} dagen, {needed} nodig)",
        "shorter": "cijfers over meer dagen dan dat zijn niet te schatten (–)",
    },
}


def flagged(summaries: list[dict[str, float]]) -> tuple[int, int]:
    """How many of the runs were not stationary, and how many overloaded."""
    unsteady = sum(1 for s in summaries if s.get("steady_state", 1.0) < 0.5)
    overloaded = sum(1 for s in summaries if s.get("team_overloaded", 0.0) > 0.5)
    return unsteady, overloaded


def verdict_many(summaries: list[dict[str, float]], lang: str = "en") -> str:
    """The verdict over replications: how many runs are not stationary or overloaded (in
    English, or Dutch with ``lang="nl"``)."""
    words = MANY_TEXT[lang]
    n = len(summaries)
    unsteady, overloaded = flagged(summaries)
    warm = max((s.get("warmup_days_used", math.nan) for s in summaries), default=math.nan)
    parts = []
    if unsteady:
        parts.append(words["unsteady"].format(k=unsteady, n=n))
    if overloaded:
        limit = f"{100 * OVERLOAD_DROPOUT_SHARE:.0f}"
        parts.append(words["overloaded"].format(k=overloaded, n=n, limit=limit))
    if not parts:
        parts.append(words["steady"].format(n=n))
    follow = min((s.get("follow_up_days", math.inf) for s in summaries), default=math.inf)
    lower_bounds = words["short"].format(follow=f"{follow:.0f}", needed=f"{ESCALATION_DAYS:.0f}")
    short = _follow_up_note(follow, lower_bounds, words["shorter"])
    return f"{'; '.join(parts)} — {words['warmup'].format(warm=f'{warm:.0f}')}{short}"


def yearly(m: WijkteamModel) -> list[dict[str, float]]:
    """Outcomes per year of arrival (from the start of the run): requests, drop-out share,
    right help within 60 days, mean waiting list. What a reader checks to see whether a team
    holds over the years, or slowly collapses. The drop-out share here is the plain share of
    the year's requests that had dropped out by the end of the run (a request still open
    counts as not dropped), not the summary's cumulative incidence: it compares years of
    one run with each other. The last year's share reads low for that reason (its last
    requests had less time to drop out); the years before it are whole."""
    from .cases import DROPPED, KINDS
    from .requestlog import STAGES
    from .summary import first_request_times, right_help_events
    from .survival import EVENT, cumulative_incidence

    samples = np.asarray(m.workload.samples, dtype=float)
    requests = m.cases.columns(("arrival", "household", "kind", "stage"))
    new = requests["kind"] == KINDS.index("new")
    new_arrival = requests["arrival"][new]
    times = first_request_times(m, requests, ("arrived", "helped_at", "lost_at"))
    dropped_code = STAGES.index(DROPPED)
    rows = []
    years = int(math.ceil(m.now / DAYS_PER_YEAR - 1e-9))
    for y in range(years):
        lo, hi = y * DAYS_PER_YEAR, min((y + 1) * DAYS_PER_YEAR, m.now)
        in_year = (requests["arrival"] >= lo) & (requests["arrival"] < hi)
        cases = {name: values[in_year] for name, values in requests.items()}
        n = len(cases["arrival"])
        in_year_new = (new_arrival >= lo) & (new_arrival < hi)
        d, e = right_help_events({k: v[in_year_new] for k, v in times.items()}, m.now)
        in_year = (
            (samples[:, 0] >= lo) & (samples[:, 0] < hi) if len(samples) else np.zeros(0, bool)
        )
        rows.append(
            {
                "year": float(y + 1),
                "requests": float(n),
                "dropped_share": int((cases["stage"] == dropped_code).sum()) / n if n else math.nan,
                "right_help_within_60_share": cumulative_incidence(d, e, EVENT).at(60.0),
                "waiting_mean": float((samples[in_year, 1] + samples[in_year, 2]).mean())
                if len(samples) and np.any(in_year)
                else math.nan,
            }
        )
    return rows
