"""The classroom's lesson: islands and integral on the same residents, advanced together.

Both teams are models of one lesson, created per browser session. The two models get the
same seed, so the same residents arrive at the same times with the same needs (common random
numbers), and the seed's mother enters both exactly as in `wijkteam.model.story.run_story`.

The work behind a lesson runs in the dashboard's worker processes (`state.run_jobs`), one
team per worker: each takes its team through the warm-up to the lesson's first day, keeps a
copy of the model there for the page to play, and plays the rest of the year itself to tell
the mother's story. So the story told and the picture shown are the same run, and the page's
server only plays the lesson. The what-if table's years (`year_outcomes`) are plain runs of a
team, as `wijkteam run` would give them, in the workers too.

No widgets here: the page is `classroom.py`.
"""

from __future__ import annotations

import pickle
import threading
from dataclasses import dataclass

from wijkteam.model import Scenario, WijkteamModel, preset
from wijkteam.model.calendar import DAYS_PER_YEAR
from wijkteam.model.story import MOTHER_SEED, TEXT, Story, add_mother, story_of

from . import i18n
from .minicharts import Point
from .state import Cancelled, CancelToken, flag_at, run_in_steps, run_jobs, run_replication
from .team_picture import TeamView, TeamWatch
from .urlstate import FOLLOWS

SEED = MOTHER_SEED  # the seed whose mother's journey tells the interview's case
WAYS = FOLLOWS  # the two teams, islands first (the address names the followed one)
LANGUAGES = tuple(TEXT)  # the story is told in each at once: a language switch runs nothing
LEAD_IN_DAYS = 10.0  # the animation starts this long before the mother arrives


def classroom_scenario(way: str, whatifs: tuple[str, ...]) -> Scenario:
    """The team of the classroom: a way of working with the chosen what-ifs on top, for one
    simulated year after the warm-up (a lesson needs an end it reaches)."""
    updates: dict = {"horizon_days": DAYS_PER_YEAR}
    for key in whatifs:
        updates.update(i18n.WHATIFS[key][0])
    return preset(way, updates)


def start_day(scenario: Scenario) -> float:
    """The first day the lesson shows: the lead-in before the mother arrives at the end of the
    warm-up (so the class sees the team as she meets it)."""
    return max(0.0, scenario.warmup_days - LEAD_IN_DAYS)


# --------------------------------------------------------------------------- in the workers
@dataclass(frozen=True)
class TeamStart:
    """One team of a lesson, prepared in a worker: its model at the lesson's first day
    (pickled, so the page plays a copy of its own) and the mother's story in each language,
    told from the same run played to its end."""

    model: bytes
    stories: dict[str, Story]


def prepare_team(way: str, whatifs: tuple[str, ...], cancel_path: str | None = None) -> TeamStart:
    """`way` with `whatifs` through its warm-up, and on to the end for the story, looking at
    the cancel flag every few simulated days (a newer choice of what-ifs makes this pointless)."""
    cancelled = flag_at(cancel_path)
    scenario = classroom_scenario(way, whatifs)
    day_one = start_day(scenario)
    model = WijkteamModel(scenario, seed=SEED)
    add_mother(model, scenario)
    stopped = run_in_steps(model, cancelled, until=day_one)
    if stopped is None:
        start = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        stopped = run_in_steps(model, cancelled)
    if stopped is not None:
        raise Cancelled(SEED, stopped)
    # in the lesson's days, as its clock counts them (not the model's day 1,760)
    return TeamStart(start, {lang: story_of(model, lang, day_one=day_one) for lang in LANGUAGES})


# --------------------------------------------------------------------------- in the server
#: one year's outcomes of a way of working with what-ifs, by (way, what-ifs): the same seed
#: gives the same figures, so a what-if clicked again, and the "before" of every what-if of a
#: way, is computed once per server
_YEARS: dict[tuple[str, tuple[str, ...]], dict[str, float]] = {}
_YEARS_LOCK = threading.Lock()


def year_outcomes(
    way: str, choices: tuple[tuple[str, ...], ...], cancel: CancelToken, session: str = ""
) -> tuple[dict[str, float], ...] | None:
    """The what-if table's figures: a year of `way` for each choice of what-ifs (before and
    after), those not known yet run side by side; None when `cancel` was set on the way (a
    click on another what-if stops this one's runs instead of queueing behind them). Each
    year is a plain run of the team, without the mother, as the explorer's replications are
    (`state.run_replication`): the table's figures are those of `wijkteam run`."""
    keys = [(way, tuple(sorted(whatifs))) for whatifs in choices]
    with _YEARS_LOCK:
        missing = list(dict.fromkeys(k for k in keys if k not in _YEARS))
    if missing:
        jobs = [(run_replication, (classroom_scenario(*key), SEED, False)) for key in missing]
        runs = run_jobs(jobs, cancel, session)
        if runs is None:
            return None
        with _YEARS_LOCK:
            _YEARS.update(zip(missing, (r.summary for r in runs), strict=True))
    with _YEARS_LOCK:
        return tuple(_YEARS[k] for k in keys)


@dataclass(frozen=True, eq=False)
class Frame:
    """What the page draws: both teams at one moment, and their history so far."""

    time: float
    start: float
    end: float
    views: dict[str, TeamView]
    history: dict[str, tuple[Point, ...]]

    @property
    def finished(self) -> bool:
        return self.time >= self.end


class Lesson:
    """Islands and integral with `whatifs` on the same residents, advanced together;
    `stories[way][lang]` is the mother's story in that team, told from the same run."""

    def __init__(
        self,
        watches: dict[str, TeamWatch],
        stories: dict[str, dict[str, Story]],
        whatifs: tuple[str, ...] = (),
    ):
        self.lock = threading.Lock()
        self.watches = watches
        self.stories = stories
        self.whatifs = whatifs
        first = self.watches[WAYS[0]].model
        self.start, self.end = first.time, first.end_time
        self.history: dict[str, list[Point]] = {way: [] for way in WAYS}
        self.frame = self._look()

    def _look(self) -> Frame:
        views = {way: w.look() for way, w in self.watches.items()}
        for way, v in views.items():
            c = v.counts
            self.history[way].append(Point(v.time, c["waiting"], c["in_care"], c["returns"]))
        now = min(v.time for v in views.values())
        history = {way: tuple(h) for way, h in self.history.items()}
        return Frame(now, self.start, self.end, views, history)

    @classmethod
    def prepare(
        cls, whatifs: tuple[str, ...], cancel: CancelToken, session: str = ""
    ) -> Lesson | None:
        """The two teams at the lesson's first day, each prepared in a worker (about a
        second each); None when `cancel` was set on the way."""
        started = run_jobs([(prepare_team, (way, whatifs)) for way in WAYS], cancel, session)
        if started is None:
            return None
        teams = dict(zip(WAYS, started, strict=True))
        watches = {way: TeamWatch(pickle.loads(s.model), way) for way, s in teams.items()}
        return cls(watches, {way: s.stories for way, s in teams.items()}, whatifs)

    def story(self, lang: str) -> dict[str, Story]:
        """The mother's story in each team, in `lang`."""
        return {way: self.stories[way][lang] for way in WAYS}

    def advance(self, days: float) -> Frame:
        """Both teams `days` further (never past the end); the new frame."""
        with self.lock:
            target = min(self.end, self.frame.time + days)
            for w in self.watches.values():
                w.model.run_until(target)
            self.frame = self._look()
            return self.frame
