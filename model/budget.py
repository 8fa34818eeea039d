"""The work budget: how big a run will be, estimated from its scenario before it starts.

A run's cost grows with the requests it simulates: every request is a handful of events
(arrival, intake, treatment, perhaps a drop-out, a return or a relapse) and one record that is
kept until the end. Estimating this up front lets the CLI, experiment files and the dashboard
refuse a run that would take hours or exhaust memory (`arrivals_per_day=10000` with
`horizon_days=220000` is about 10^10 events) with one line, instead of starting it.

The factors below were measured on this model (`WijkteamModel(...).events._seq` and
`tracemalloc` peak, seeds 1, presets default/islands/integral/mmc-*, demand 6-200 a day):

- events per request: 2.0 (queueing presets) to 4.9 (default) and 5.4 when the team is
  overloaded (more repeats and relapses); the estimate uses 5.5, so it errs on the large side;
  a first request brings up to 1 / (1 - `follow_up_prob`) requests with follow-up questions,
  fewer in a short run (`_follow_up_factor`);
- memory: 4.2-5.1 KB per first request (records of cases, households and their needs), plus
  ~15 MB for the model itself; the estimate uses 5.5 KB.

Nothing here reads or writes files, and nothing changes what a run computes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import DAYS_PER_WEEK
from .scenario import Scenario, ScenarioError

#: Events one first request causes, measured (see the module docstring); on the large side.
EVENTS_PER_REQUEST = 5.5
#: Memory kept per first request, in MB (records of the case, household and needs).
MB_PER_REQUEST = 5.5e-3
#: Memory of a model before any request arrives, in MB.
BASE_MEMORY_MB = 15.0
#: Memory of one row of the time series and one professional, in MB.
MB_PER_SAMPLE = 0.5e-3
MB_PER_PROFESSIONAL = 2e-3

#: The largest run accepted unless the user raises the limit (`--max-events N`, an
#: experiment file's `max_events`). Measured at 45,000-65,000 events a second on one core
#: here, 2,000,000 events is 30-60 s and about 2 GB of records: about a minute is the most a
#: single run should take by accident. The shipped presets and experiments stay far below
#: it (the largest, a run of the calibration, is ~270,000; the Erlang check's ~220,000).
DEFAULT_MAX_EVENTS = 2_000_000

#: Replications of one configuration (compare, an experiment): 1,000 already gives a CI
#: about 7x narrower than the usual 20; more is hours of work that tells nothing new.
MAX_REPLICATIONS = 1000
#: Factor points of one experiment design (grid, LHS, Morris, Sobol), checked before the
#: design is built: a 10^6-point grid once took an hour and 16 GB just to plan. Room for a
#: Sobol analysis of 20 factors with N = 4,096 (90,112 points); at the most runs allowed
#: (below), planning takes ~20 s and checking every run's budget ~25 s (docs/performance.md).
MAX_POINTS = 100_000
#: Runs of one experiment (points x ways x replications).
MAX_RUNS = 200_000


class WorkTooLarge(ScenarioError):
    """A run whose estimated work exceeds the limit: names the estimate, the limit and how
    to raise it. A ScenarioError (a ValueError), so every front end already shows it as one
    line."""

    def __init__(self, estimate: WorkEstimate, limit: int, scenario: Scenario):
        self.estimate = estimate
        self.limit = limit
        self.name = "max_events"
        self.value = estimate.events
        self.allowed = f"at most {limit:,}"
        days = scenario.warmup_days + scenario.horizon_days
        message = (
            f"run too large: about {estimate.events:,} events and "
            f"{estimate.memory_mb:,.0f} MB (arrivals_per_day={scenario.arrivals_per_day:g} x "
            f"{days:g} days of warmup_days + horizon_days); the limit is {limit:,} events"
            f"{' (about a minute)' if limit == DEFAULT_MAX_EVENTS else ''}; lower those "
            "parameters or raise the limit with --max-events N"
        )
        ValueError.__init__(self, message)


@dataclass(frozen=True)
class WorkEstimate:
    """The expected size of one run: events processed and memory of the records kept."""

    events: int
    memory_mb: float


def team_size(scenario: Scenario) -> int:
    """Professionals in the team (after `servers` and `profile=custom`)."""
    return sum(scenario.staff_counts().values())


def _follow_up_factor(scenario: Scenario, days: float) -> float:
    """Requests per first request that a run of `days` sees with follow-up questions.

    Why this shape: in the long run a first request brings 1 / (1 - p) requests (fewer when
    households give up or escalate); a follow-up comes a treatment and a delay after the
    request before it, so a run much shorter than that sees hardly any."""
    p = scenario.follow_up_prob
    if p <= 0:
        return 1.0
    cycle = scenario.service_mean_days + scenario.follow_up_days_mean
    return 1.0 + p / (1.0 - p) * days / (days + cycle)


def estimate_work(scenario: Scenario) -> WorkEstimate:
    """The expected events and memory of one run of `scenario` (warm-up plus horizon).

    Why this shape: requests dominate (arrivals x days x events per request); the time series
    and the weekly pass over the team add a little, and only matter for extreme settings
    (a sample every half day, thousands of professionals)."""
    days = scenario.warmup_days + scenario.horizon_days
    requests = scenario.arrivals_per_day * days * _follow_up_factor(scenario, days)
    samples = days / scenario.sample_every_days
    team = team_size(scenario)
    weekly_work = days / DAYS_PER_WEEK * team
    events = requests * EVENTS_PER_REQUEST + samples + weekly_work
    memory = (
        BASE_MEMORY_MB
        + requests * MB_PER_REQUEST
        + samples * MB_PER_SAMPLE
        + team * MB_PER_PROFESSIONAL
    )
    return WorkEstimate(events=int(round(events)), memory_mb=round(memory, 1))


def check_work(scenario: Scenario, max_events: int | None = None) -> WorkEstimate:
    """The estimate of `scenario`'s work, or WorkTooLarge when it exceeds `max_events`
    (default `DEFAULT_MAX_EVENTS`)."""
    limit = DEFAULT_MAX_EVENTS if max_events is None else max_events
    estimate = estimate_work(scenario)
    if estimate.events > limit:
        raise WorkTooLarge(estimate, limit, scenario)
    return estimate
