"""The scenario: every parameter of the model in one validated object.

A scenario is a frozen dataclass. Each field carries its allowed range, a help text and the
source of its default in `metadata`, so validation, the CLI, the dashboard's levers and the
parameter table in `docs/PARAMETERS.md` all read from one place. Names are flat so that sweeps
and the dashboard can address them: a scalar by its field name (`arrivals_per_day`), a
per-domain value as `table.domain` (`staff.youth`, `visibility.finance`).

Nothing here reads or writes files: `to_toml`/`from_toml` convert text, the CLI does the I/O.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import numpy as np
import tomli_w

from .domains import (
    DEFAULT_ROOT_WEIGHT,
    DEFAULT_STAFF,
    DEFAULT_VISIBILITY,
    DOMAIN_IDS,
    domain_ids,
)

PROFILES = ("I", "T", "pi", "generalist", "custom")
FRONT_DOORS = ("desk", "single")
INTAKE_MODES = ("desk", "explore")
ROUTINGS = ("desk", "skill")
OTHER_NEEDS = ("refer", "consult")
COORDINATION_CHARGES = ("spent", "reserved")

DOMAIN_TABLES = ("staff", "visibility", "root_weight")
#: the largest custom team, the same bound as `staff` (500 per specialty, 8 specialties)
MAX_PROFESSIONALS = 4000


class ScenarioError(ValueError):
    """An invalid parameter: names the parameter, its value and what is allowed."""

    def __init__(self, name: str, value: Any, allowed: str):
        self.name = name
        self.value = value
        self.allowed = allowed
        super().__init__(f"invalid parameter {name}={value!r}: {allowed}")


def _p(
    default: Any,
    help: str,
    source: str = "assumption",
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] | None = None,
    group: str = "model",
    status: str | None = None,
) -> Any:
    """A scenario field with its range, help text, source and status, in one line per
    parameter. Status (docs/PARAMETERS.md): *sourced* (a public figure), *calibrated* (to
    the Dutch figures by `wijkteam calibrate`; *to calibrate* until its value comes from a
    full calibration run), *assumption*, or *design* (a lever or a setting of the model's
    design). Without one it follows from the source text."""
    meta = {
        "help": help,
        "source": source,
        "lo": lo,
        "hi": hi,
        "choices": choices,
        "group": group,
        "status": status or _status_of(source),
    }
    if isinstance(default, dict | list):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


def _status_of(source: str) -> str:
    """The status a source text implies: an assumption says so, the design's own choices
    name the design, anything else names a public figure."""
    if source.startswith("assumption"):
        return "assumption"
    if source.startswith(("DESIGN.md", "queueing presets", "scenario file")):
        return "design"
    return "sourced"


# Status of the parameters `wijkteam calibrate` fits (experiments/calibration.toml), with the
# Dutch figures that fix them, until a full calibration run sets their defaults; then
# "calibrated: <figures>".
TO_CALIBRATE = "to calibrate"


@dataclass(frozen=True)
class Scenario:
    """All parameters of one run. Defaults describe the default neighbourhood with an
    integral team (the most common Dutch model); presets change levers, not code paths."""

    # --- time ---------------------------------------------------------------------------
    warmup_days: float = _p(
        130.0,
        "Warm-up in working days, not counted in outcomes: a minimum; the summary starts "
        "later if the output shows the team still filling up (MSER-5, warmup_days_used)",
        "DESIGN.md §1: 26 weeks",
        0,
        22000,
        group="time",
    )
    horizon_days: float = _p(
        440.0,
        "Measured period after the warm-up, in working days",
        "DESIGN.md §1: 2 years of 220 days",
        1,
        220000,
        group="time",
    )
    sample_every_days: float = _p(
        5.0,
        "Interval of the time series (waiting list, caseloads)",
        "assumption: one working week",
        0.5,
        2200,
        group="time",
    )

    # --- neighbourhood: demand ------------------------------------------------------------
    domains: int = _p(
        8,
        "Number of life domains (the first N of the default eight)",
        "DESIGN.md §2",
        1,
        8,
        group="neighbourhood",
    )
    arrivals_per_day: float = _p(
        6.0,
        "New help requests per working day (first requests; repeats come on top)",
        "SOURCES.md: 36-57 registrations per 1,000 residents a year x ~26,000 residents per "
        "Zwolle team / 220 days = 4.3-6.7",
        0.001,
        10000,
        group="neighbourhood",
    )
    multi_problem_share: float = _p(
        0.35,
        "Share of households with needs in more than one domain",
        "assumption; SCP 2020: 13% use provisions under more than one law (a lower bound)",
        0,
        1,
        group="neighbourhood",
    )
    extra_needs_mean: float = _p(
        1.6,
        "Mean number of consequences (extra needs) of a multi-problem household",
        "assumption",
        1,
        7,
        group="neighbourhood",
    )
    cooccurrence_strength: float = _p(
        1.0,
        "How strongly needs cluster (0 = any domain equally, 1 = the built-in table)",
        "assumption: DESIGN.md §3 clusters",
        0,
        1,
        group="neighbourhood",
    )
    p_present_root: float = _p(
        0.5,
        "Probability that the question a household asks is its root need",
        "assumption (no public figure; SOURCES.md 'not found')",
        0,
        1,
        group="neighbourhood",
    )
    visibility: dict = _p(
        dict(DEFAULT_VISIBILITY),
        "How readily a need is named as the question (0 hidden .. 1 visible)",
        "assumption: shame hides debt, mental illness, violence",
        0,
        1,
        group="neighbourhood",
    )
    root_weight: dict = _p(
        dict(DEFAULT_ROOT_WEIGHT),
        "Relative frequency of each domain as the root cause",
        "assumption",
        0,
        1000,
        group="neighbourhood",
    )
    severity_mean: float = _p(
        0.45,
        "Mean severity of a root need at the first request (0..1)",
        "assumption",
        0.01,
        0.99,
        group="neighbourhood",
    )
    severity_sd: float = _p(
        0.15,
        "Spread of the root severity (0 = all equal)",
        "assumption",
        0,
        0.5,
        group="neighbourhood",
    )
    consequence_ratio: float = _p(
        0.7,
        "Severity of a consequence relative to its root",
        "assumption",
        0.05,
        1,
        group="neighbourhood",
    )
    severity_growth_per_year: float = _p(
        0.35,
        "Growth of an untreated root's severity per year (debts grow, stress grows)",
        "assumption",
        0,
        10,
        group="neighbourhood",
        status=f"{TO_CALIBRATE}: specialised care",
    )
    escalation_threshold: float = _p(
        0.95,
        "Severity at which an untreated root escalates to second-line care",
        "assumption",
        0.05,
        1,
        group="neighbourhood",
        status=f"{TO_CALIBRATE}: specialised care",
    )
    patience_days_mean: float = _p(
        40.0,
        "Mean patience while waiting in a queue, working days (0 = never drop out)",
        "assumption; Wmo legal term 8 weeks",
        0,
        100000,
        group="neighbourhood",
        status=f"{TO_CALIBRATE}: specialised care, start of support",
    )
    return_prob: float = _p(
        0.6,
        "Probability that a household that dropped out comes back",
        "assumption",
        0,
        1,
        group="neighbourhood",
    )
    return_days_mean: float = _p(
        40.0,
        "Mean time until a dropped-out household returns",
        "assumption",
        0.01,
        100000,
        group="neighbourhood",
    )
    relapse_prob: float = _p(
        0.5,
        "Probability that a consequence treated while its root persists comes back",
        "assumption (the revolving door)",
        0,
        1,
        group="neighbourhood",
        status=f"{TO_CALIBRATE}: household duration",
    )
    relapse_days_mean: float = _p(
        60.0,
        "Mean time until such a relapse, working days",
        "assumption",
        0.01,
        100000,
        group="neighbourhood",
        status=f"{TO_CALIBRATE}: household duration",
    )
    low_skill_relapse: float = _p(
        0.4,
        "Extra relapse risk of a need treated with low skill, times (1 - skill)",
        "assumption: treating with low skill is less effective",
        0,
        1,
        group="neighbourhood",
    )
    spillover: float = _p(
        0.7,
        "Share by which treating the root eases each consequence",
        "assumption",
        0,
        1,
        group="neighbourhood",
    )
    resolved_threshold: float = _p(
        0.1, "Severity below which a need needs no help", "assumption", 0, 1, group="neighbourhood"
    )

    # --- team -------------------------------------------------------------------------------
    staff: dict = _p(
        dict(DEFAULT_STAFF),
        "Professionals per specialty",
        "SOURCES.md: ~30 per Zwolle team; mix is an assumption",
        0,
        500,
        group="team",
    )
    servers: int = _p(
        0,
        "If > 0: this many professionals per domain, replacing `staff`",
        "queueing presets",
        0,
        500,
        group="team",
    )
    profile: str = _p(
        "T",
        "Skill profile: I, T, pi (two deep skills), generalist, custom",
        "DESIGN.md §4",
        choices=PROFILES,
        group="team",
    )
    depth: float = _p(
        0.9, "Skill in the specialty (the vertical bar of the T)", "assumption", 0, 1, group="team"
    )
    breadth: float = _p(
        0.4,
        "Skill outside the specialty (the horizontal bar of the T)",
        "assumption; Zwolle: >75% keep a specialism",
        0,
        1,
        group="team",
    )
    base_skill: float = _p(
        0.1,
        "What every professional knows of any domain (I-shaped floor)",
        "assumption",
        0,
        1,
        group="team",
    )
    professionals: list = _p(
        [],
        "Explicit professionals for profile=custom: a list of "
        "{specialty, skills = {domain = skill}}",
        "scenario file",
        group="team",
    )
    contract_hours: float = _p(
        32.0, "Contract hours per week", "assumption: 0.9 FTE", 1, 80, group="team"
    )
    admin_share: float = _p(
        0.37,
        "Share of hours spent on administration and registration",
        "SOURCES.md: Movisie 2023, 37%",
        0,
        0.95,
        group="team",
    )
    case_hours_per_week: float = _p(
        0.75,
        "Direct hours a week one open case takes; caseload limit = direct hours / this",
        "SOURCES.md: ~20-30 open cases per worker (derived)",
        0.01,
        80,
        group="team",
        status=f"{TO_CALIBRATE}: caseload, start of support",
    )
    max_caseload: int = _p(
        0,
        "Upper limit of open cases per professional (0 = by hours)",
        "queueing presets",
        0,
        1000,
        group="team",
    )
    intake_hours: float = _p(
        1.5,
        "Hours of one intake conversation (0 = no intake step)",
        "assumption",
        0,
        40,
        group="team",
        status=f"{TO_CALIBRATE}: start of support",
    )
    service_mean_days: float = _p(
        70.0,
        "Mean treatment time of one need of mean severity by a fully skilled "
        "professional, working days",
        "SOURCES.md: 6-month norms, ~20 months per client; assumption",
        0.001,
        100000,
        group="team",
        status=f"{TO_CALIBRATE}: request and household durations, caseload",
    )
    effort_cv: float = _p(
        0.8,
        "Variation of work content between needs (1 = exponential)",
        "assumption",
        0,
        3,
        group="team",
    )
    min_speed: float = _p(
        0.1,
        "Lowest working speed, as a fraction of a full skill's",
        "assumption: guards against zero skill",
        0.01,
        1,
        group="team",
    )
    learning_rate: float = _p(
        0.0,
        "Learning on the job: share of the gap to the cap learnt per joint case",
        "assumption; seed: 'she grew broader over the years'",
        0,
        1,
        group="team",
    )
    learning_cap: float = _p(
        0.7,
        "Highest skill reachable outside the specialty by learning",
        "assumption",
        0,
        1,
        group="team",
    )
    cost_per_fte_year: float = _p(
        69000.0, "Cost of one FTE per year, euro", "SOURCES.md: Utrecht 2016", 0, 1e7, group="team"
    )
    fte_hours: float = _p(36.0, "Hours per week of one FTE", "CAO convention", 1, 80, group="team")
    escalation_cost: float = _p(
        25000.0,
        "Cost of one escalation to second-line care, euro",
        "assumption; multi-problem family ~114,000/yr (NJi 2017)",
        0,
        1e8,
        group="team",
    )

    # --- way of working (DESIGN.md §5) -------------------------------------------------------
    front_door: str = _p(
        "single",
        "desk: one desk per domain; single: one front door",
        "DESIGN.md §5",
        choices=FRONT_DOORS,
        group="way",
    )
    intake_mode: str = _p(
        "explore",
        "desk: a specialist looks at their own domain; explore: "
        "look for the question behind the question",
        "DESIGN.md §5",
        choices=INTAKE_MODES,
        group="way",
    )
    routing: str = _p(
        "skill",
        "desk: the desk treats its own domain; skill: pooled queue, "
        "best-fitting professional with room",
        "DESIGN.md §5",
        choices=ROUTINGS,
        group="way",
    )
    other_needs: str = _p(
        "consult",
        "refer: back of another queue; consult: ask a colleague and keep the case",
        "DESIGN.md §5",
        choices=OTHER_NEEDS,
        group="way",
    )
    case_lead: bool = _p(
        True,
        "One case lead per household who plans the root first",
        "DESIGN.md §5: one family, one plan, one director",
        group="way",
    )
    team_meeting: bool = _p(
        True, "Weekly case consultation of stuck cases", "DESIGN.md §5", group="way"
    )
    meeting_hours: float = _p(
        1.5, "Hours per professional per weekly team meeting", "assumption", 0, 40, group="way"
    )
    meeting_cases: int = _p(
        5, "Stuck cases discussed per weekly meeting", "assumption", 0, 1000, group="way"
    )
    stuck_days: float = _p(
        20.0,
        "A case is stuck after this long in care without its root",
        "assumption",
        0,
        100000,
        group="way",
    )
    coordination_share: float = _p(
        0.1,
        "Share of direct hours each professional may spend on consultation a week (with "
        "coordination_charge = reserved: set aside, lowering the caseload limit)",
        "assumption; seed: coordination takes time",
        0,
        0.9,
        group="way",
    )
    coordination_charge: str = _p(
        "spent",
        "How consultation time is charged. spent: the hours come out of direct time when a "
        "consultation happens, and coordination_share is only the weekly budget for them; "
        "reserved: coordination_share of direct hours is set aside whether used or not "
        "(lowers the caseload limit)",
        "decision, docs/ODD.md 'Coordination time' (issue 8)",
        choices=COORDINATION_CHARGES,
        group="way",
    )
    consult_hours: float = _p(
        1.0,
        "Hours one consultation costs each of the two; it comes out of the weekly "
        "coordination reserve, so with a reserve smaller than this cases are referred instead",
        "assumption",
        0,
        40,
        group="way",
    )
    consult_transfer: float = _p(
        0.6,
        "With a consultation, the share of the gap to the specialist's skill bridged",
        "assumption",
        0,
        1,
        group="way",
    )
    detection_rate: float = _p(
        1.2,
        "Detection of hidden needs: chance = 1 - exp(-rate x skill x hours x focus)",
        "assumption",
        0,
        100,
        group="way",
    )
    desk_focus: float = _p(
        0.25,
        "Attention a desk intake pays to other domains (focus)",
        "assumption",
        0,
        1,
        group="way",
    )
    self_treat_skill: float = _p(
        0.5,
        "A professional treats a need personally when their skill in it is at least this",
        "assumption",
        0,
        1,
        group="way",
    )
    review_hours: float = _p(
        0.5,
        "Hours of each treatment (and of a team-meeting review) that look at the rest "
        "of the household's life, for finding hidden needs",
        "assumption",
        0,
        40,
        group="way",
    )

    # ------------------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        _to_native(self)
        validate(self)

    @property
    def domain_ids(self) -> tuple[str, ...]:
        """The active domains of this scenario."""
        return domain_ids(self.domains)

    def staff_counts(self) -> dict[str, int]:
        """Professionals per specialty, after `servers` and `profile=custom`."""
        ids = self.domain_ids
        if self.profile == "custom":
            counts = dict.fromkeys(ids, 0)
            for p in self.professionals:
                counts[p["specialty"]] += 1
            return counts
        if self.servers > 0:
            return dict.fromkeys(ids, self.servers)
        return {d: int(self.staff.get(d, 0)) for d in ids}

    def direct_hours_per_week(self) -> float:
        """Hours a week a professional has for cases and intakes (after admin, the meeting
        and, when charged as reserved, the coordination reserve)."""
        meeting = self.meeting_hours if self.team_meeting else 0.0
        reserve = self.coordination_share if self.coordination_charge == "reserved" else 0.0
        return (self.contract_hours * (1 - self.admin_share) - meeting) * (1 - reserve)

    def caseload_limit(self) -> int:
        """Open cases one professional can carry at once: as many as their weekly direct
        hours cover, capped by `max_caseload` when that is set."""
        limit = math.floor(self.direct_hours_per_week() / self.case_hours_per_week + 1e-9)
        return min(limit, self.max_caseload) if self.max_caseload > 0 else limit

    # --- flat names ------------------------------------------------------------------------------
    def to_flat(self) -> dict[str, Any]:
        """All parameters as one flat dict (`staff.youth`, ...); `professionals` is left out."""
        flat: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in DOMAIN_TABLES:
                for key in DOMAIN_IDS:
                    flat[f"{f.name}.{key}"] = value.get(key, 0)
            elif f.name != "professionals":
                flat[f.name] = value
        return flat

    def get(self, name: str) -> Any:
        """The value of a flat parameter name."""
        table, _, key = name.partition(".")
        check_name(name)
        value = getattr(self, table)
        return value.get(key, 0) if key else value

    def with_updates(self, updates: dict[str, Any]) -> Scenario:
        """A new scenario with flat-named parameters changed; strings are parsed (from the
        CLI), and the result is validated as a whole."""
        return replace(self, **self._changes(updates))

    def _changes(self, updates: dict[str, Any]) -> dict[str, Any]:
        """Field values for `dataclasses.replace` from flat-named updates."""
        changes: dict[str, Any] = {}
        for name, raw in updates.items():
            check_name(name, raw)
            table, _, key = name.partition(".")
            if key:
                current = dict(changes.get(table, getattr(self, table)))
                current[key] = coerce(name, raw, _field(table).default_factory()[key])
                changes[table] = current
            else:
                changes[name] = coerce(name, raw, _field(name).default)
        return changes

    # --- TOML ------------------------------------------------------------------------------------
    def to_toml(self) -> str:
        """The whole scenario as TOML text, loadable with `from_toml`."""
        data = asdict(self)
        if not data["professionals"]:
            del data["professionals"]
        return tomli_w.dumps(data)

    @classmethod
    def from_toml(cls, text: str, base: Scenario | None = None) -> Scenario:
        """A scenario from TOML text; keys not given keep the values of `base`."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError("scenario file", "<text>", f"not valid TOML ({exc})") from None
        except RecursionError:  # tables nested thousands deep: not a scenario
            raise ScenarioError("scenario file", "<text>", "nested too deeply") from None
        return from_mapping(data, base or cls())


def _field(name: str):
    return {f.name: f for f in fields(Scenario)}[name]


def parameter_names() -> list[str]:
    """Every flat parameter name, in declaration order."""
    names = []
    for f in fields(Scenario):
        if f.name in DOMAIN_TABLES:
            names.extend(f"{f.name}.{d}" for d in DOMAIN_IDS)
        elif f.name != "professionals":
            names.append(f.name)
    return names


def parameter_spec(name: str) -> dict[str, Any]:
    """Range, help, source, group and default of a flat parameter name."""
    check_name(name)
    table, _, key = name.partition(".")
    f = _field(table)
    default = f.default_factory()[key] if key else f.default
    return {
        "name": name,
        "default": default,
        "allowed": _allowed(default, f.metadata),
        **f.metadata,
    }


def _allowed(default: Any, meta: Any) -> str:
    """What a parameter accepts, in words: its choices, true/false, or its range."""
    if meta["choices"]:
        return ", ".join(meta["choices"])
    if isinstance(default, bool):
        return "true / false"
    if meta["lo"] is not None:
        return f"{meta['lo']:g} – {meta['hi']:g}"
    return "see the scenario file format"


def check_value(name: str, value: Any) -> Any:
    """One flat-named parameter value on its own: known name, parsed to the parameter's type
    and within its range; returns the parsed value. (Checks that involve several parameters,
    such as an impossible team, need the whole scenario.)"""
    check_name(name, value)
    spec = parameter_spec(name)
    value = coerce(name, value, spec["default"])
    _check_scalar(name, value, spec["default"], spec)
    return value


def check_name(name: str, value: Any = None) -> None:
    """Refuse an unknown parameter name, suggesting the closest known ones."""
    table, _, key = name.partition(".")
    known_tables = {f.name for f in fields(Scenario)}
    ok = (table in DOMAIN_TABLES and key in DOMAIN_IDS) or (
        not key and table in known_tables and table not in DOMAIN_TABLES
    )
    if not ok:
        close = difflib.get_close_matches(name, parameter_names(), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see `wijkteam params`"
        raise ScenarioError(name, value, f"unknown parameter; {hint}")


def native(value: Any) -> Any:
    """A numpy scalar as the Python number it stands for (`np.int64(4)` -> 4); anything else
    unchanged. Designs from numpy, SALib and the EMA workbench hand over numpy scalars, which
    are as valid as Python numbers and must be stored as such (TOML and JSON cannot take them)."""
    return value.item() if isinstance(value, np.generic) else value


def _to_native(s: Scenario) -> None:
    """Replace numpy scalars in a freshly built scenario by Python numbers, in place."""
    for f in fields(s):
        value = getattr(s, f.name)
        if isinstance(value, dict):
            value = {k: native(v) for k, v in value.items()}
        elif isinstance(value, list):
            value = [
                {
                    k: native(v)
                    if not isinstance(v, dict)
                    else {a: native(b) for a, b in v.items()}
                    for k, v in p.items()
                }
                if isinstance(p, dict)
                else p
                for p in value
            ]
        else:
            value = native(value)
        object.__setattr__(s, f.name, value)


def coerce(name: str, raw: Any, like: Any) -> Any:
    """Turn `raw` (a string from the CLI, a TOML value, or a numpy scalar from a design) into
    the type of `like`."""
    raw = native(raw)
    kind = type(like)
    if isinstance(raw, str) and kind is not str:
        text = raw.strip()
        try:
            if kind is bool:
                if text.lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                    raise ValueError
                return text.lower() in ("true", "1", "yes", "on")
            if kind is int:
                return int(text)
            return float(text)
        except ValueError:
            raise ScenarioError(name, raw, f"must be {_kind_text(kind)}") from None
    if kind is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    return raw


def _kind_text(kind: type) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number"}.get(
        kind, kind.__name__
    )


def from_mapping(data: dict[str, Any], base: Scenario) -> Scenario:
    """A scenario from a nested mapping as found in a TOML file (tables for per-domain values,
    an array of tables for custom professionals); unknown keys are refused."""
    updates: dict[str, Any] = {}
    professionals = None
    for key, value in data.items():
        if key == "professionals":
            professionals = value
        elif key in DOMAIN_TABLES:
            if not isinstance(value, dict):
                raise ScenarioError(key, value, "must be a table of domain = value")
            for dom, v in value.items():
                updates[f"{key}.{dom}"] = v
        else:
            updates[key] = value
    changes = base._changes(updates)
    if professionals is not None:
        changes["professionals"] = professionals
    return replace(base, **changes)


# --- validation ---------------------------------------------------------------------------------
def validate(s: Scenario) -> None:
    """Check every parameter's type and range, then the team as a whole; raise ScenarioError
    naming the first problem found."""
    for f in fields(s):
        value = getattr(s, f.name)
        meta = f.metadata
        if f.name in DOMAIN_TABLES:
            _check_table(f.name, value, meta)
        elif f.name == "professionals":
            _check_professionals(s, value)
        else:
            _check_scalar(f.name, value, f.default, meta)
    _check_team(s)


def _check_scalar(name: str, value: Any, default: Any, meta: dict) -> None:
    kind = type(default)
    if kind is bool:
        if not isinstance(value, bool):
            raise ScenarioError(name, value, "must be true or false")
        return
    if kind is str:
        if value not in meta["choices"]:
            raise ScenarioError(name, value, f"must be one of {', '.join(meta['choices'])}")
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(name, value, f"must be {_kind_text(kind)}")
    if kind is int and not isinstance(value, int):
        raise ScenarioError(name, value, "must be a whole number")
    if not math.isfinite(value) or not meta["lo"] <= value <= meta["hi"]:
        raise ScenarioError(name, value, f"must be between {meta['lo']:g} and {meta['hi']:g}")


def _check_table(name: str, table: Any, meta: dict) -> None:
    if not isinstance(table, dict):
        raise ScenarioError(name, table, "must be a table of domain = value")
    for key, value in table.items():
        if key not in DOMAIN_IDS:
            raise ScenarioError(f"{name}.{key}", value, f"unknown domain; one of {DOMAIN_IDS}")
        like = 0 if name == "staff" else 0.0
        _check_scalar(f"{name}.{key}", value, like, meta)


def _check_professionals(s: Scenario, profs: Any) -> None:
    if s.profile != "custom":
        if profs:
            raise ScenarioError("professionals", f"{len(profs)} given", "only with profile=custom")
        return
    if not isinstance(profs, list) or not profs:
        raise ScenarioError("professionals", profs, "profile=custom needs a list of professionals")
    if len(profs) > MAX_PROFESSIONALS:
        raise ScenarioError(
            "professionals",
            f"{len(profs):,} given",
            f"at most {MAX_PROFESSIONALS:,} (as staff: 500 per domain, 8 domains)",
        )
    for i, p in enumerate(profs):
        where = f"professionals[{i}]"
        if not isinstance(p, dict) or p.get("specialty") not in s.domain_ids:
            raise ScenarioError(
                f"{where}.specialty",
                getattr(p, "get", dict().get)("specialty"),
                f"must be one of {s.domain_ids}",
            )
        skills = p.get("skills", {})
        if not isinstance(skills, dict):
            raise ScenarioError(f"{where}.skills", skills, "must be a table of domain = skill")
        for dom, k in skills.items():
            if dom not in s.domain_ids:
                raise ScenarioError(
                    f"{where}.skills.{dom}", k, f"unknown domain; one of {s.domain_ids}"
                )
            _check_scalar(f"{where}.skills.{dom}", k, 0.0, {"lo": 0, "hi": 1})


def _check_team(s: Scenario) -> None:
    """Refuse a team that cannot work: nobody in it, a desk without staff, or no room for a
    single case once administration, meetings and coordination are paid."""
    counts = s.staff_counts()
    if sum(counts.values()) == 0:
        raise ScenarioError("staff", counts, "impossible team: at least one professional needed")
    if "desk" in (s.front_door, s.routing):
        empty = [d for d, n in counts.items() if n == 0]
        if empty:
            raise ScenarioError(
                f"staff.{empty[0]}",
                0,
                "impossible team: with front_door or "
                "routing = desk every domain needs at least one professional",
            )
    if s.caseload_limit() < 1:
        raise ScenarioError(
            "case_hours_per_week",
            s.case_hours_per_week,
            f"impossible team: only {s.direct_hours_per_week():.2f} direct hours a week are "
            "left after admin, meetings and coordination; must not exceed that",
        )
    if sum(s.root_weight.get(d, 0) for d in s.domain_ids) <= 0:
        raise ScenarioError("root_weight", s.root_weight, "at least one domain needs weight > 0")
