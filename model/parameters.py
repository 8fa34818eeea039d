"""The parameter machinery: flat names, coercion, TOML and validation of a `Scenario`.

`scenario.py` declares the parameters (one dataclass field each, with its range, help text and
source); this module knows how to address, parse, convert and check them, for every parameter
alike. Names are flat so that sweeps and the dashboard can address them: a scalar by its field
name (`arrivals_per_day`), a per-domain value as `table.domain` (`staff.youth`).

Every refusal is a `ScenarioError` with a stable `key` ("range", "choices", ...) and the values
the message needs (`details`), so a translation is chosen by key, never by matching the English
text. Nothing here reads or writes files: `to_toml`/`from_toml` convert text, the CLI does the I/O.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import Field, asdict, field, fields, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import tomli_w

from wijkteam.notation import plain_float, plain_int

from .domains import DOMAIN_IDS

if TYPE_CHECKING:
    from .scenario import Scenario

# Fields that hold one value per domain, addressed as `table.domain`.
DOMAIN_TABLES = ("staff", "visibility", "root_weight")
#: the largest custom team, the same bound as `staff` (500 per specialty, 8 specialties)
MAX_PROFESSIONALS = 4000

# Status of the parameters `wijkteam calibrate` fitted (experiments/calibration.toml):
# "calibrated: <the Dutch figures that fix them most>"; the whole run and its spread are in
# docs/PARAMETERS.md#calibration.
CALIBRATED = "calibrated"

# The keys a ScenarioError can carry, with the details each one provides. A translation (the
# dashboard's Dutch) is looked up by key and filled from the details.
MESSAGE_KEYS = {
    "unknown": ("suggestions",),
    "true_false": (),
    "whole_number": (),
    "number": (),
    "choices": ("choices",),
    "range": ("lo", "hi"),
    "not_toml": ("reason",),
    "too_deep": (),
    "too_many_professionals": ("most",),
    "table": (),
    "unknown_domain": ("domains",),
    "custom_only": (),
    "custom_list": (),
    "no_staff": (),
    "desk_staff": (),
    "no_direct_hours": ("hours",),
    "no_root_weight": (),
}


class ScenarioError(ValueError):
    """An invalid parameter: names the parameter, its value and what is allowed.

    `allowed` is the English text; `key` (one of MESSAGE_KEYS) and `details` say the same
    thing in a form a translation can use without parsing the English."""

    def __init__(self, name: str, value: Any, allowed: str, key: str = "invalid", **details: Any):
        self.name = name
        self.value = value
        self.allowed = allowed
        self.key = key
        self.details = details
        super().__init__(f"invalid parameter {name}={value!r}: {allowed}")


# --- declaring a parameter ---------------------------------------------------------------------
def declare(
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
    the Dutch figures by `wijkteam calibrate`), *assumption*, or *design* (a lever or a
    setting of the model's design). Without one it follows from the source text."""
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
    if source.startswith(("docs/ODD.md", "queueing presets", "scenario file", "[design]")):
        return "design"
    return "sourced"


@functools.cache
def _fields() -> Mapping[str, Field]:
    """The declared fields by name, read once: every parameter name looked up asks for them
    (a sweep's plan looks up ~40 names a run, and reading the dataclass's fields each time
    took three quarters of planning a Sobol design). Imported here, not at the top, because
    `scenario.py` imports this module to declare and validate its fields."""
    from .scenario import Scenario

    return MappingProxyType({f.name: f for f in fields(Scenario)})


# --- flat names --------------------------------------------------------------------------------
def parameter_names() -> list[str]:
    """Every flat parameter name, in declaration order."""
    names: list[str] = []
    for name in _fields():
        if name in DOMAIN_TABLES:
            names.extend(f"{name}.{d}" for d in DOMAIN_IDS)
        elif name != "professionals":
            names.append(name)
    return names


def parameter_spec(name: str) -> dict[str, Any]:
    """Range, help, source, group and default of a flat parameter name."""
    return dict(_spec(name))


@functools.cache
def _spec(name: str) -> Mapping[str, Any]:
    """`parameter_spec`, made once per name (a sweep's plan asks for ~40 a run)."""
    check_name(name)
    table, _, key = name.partition(".")
    f = _fields()[table]
    default = f.default_factory()[key] if key else f.default  # type: ignore[operator]
    return MappingProxyType(
        {
            "name": name,
            "default": default,
            "allowed": _allowed(default, f.metadata),
            **f.metadata,
        }
    )


def _allowed(default: Any, meta: Any) -> str:
    """What a parameter accepts, in words: its choices, true/false, or its range."""
    if meta["choices"]:
        return ", ".join(meta["choices"])
    if isinstance(default, bool):
        return "true / false"
    if meta["lo"] is not None:
        return f"{meta['lo']:g} – {meta['hi']:g}"
    return "see the scenario file format"


# A flat name as an identifier: `staff.youth` -> `staff__youth`. Keyword arguments, the EMA
# workbench and SQL engines (the Parquet results) cannot take a dot unquoted; no field name
# contains a double underscore, so the mapping is one to one.
IDENTIFIER_SEPARATOR = "__"


def identifier(name: str) -> str:
    """The identifier-safe form of a flat parameter name (`staff.youth` -> `staff__youth`)."""
    return name.replace(".", IDENTIFIER_SEPARATOR)


def from_identifier(name: str) -> str:
    """The flat parameter name of an identifier-safe one (`staff__youth` -> `staff.youth`);
    other names are returned unchanged."""
    return name.replace(IDENTIFIER_SEPARATOR, ".", 1)


def did_you_mean(name: Any, options: Iterable[str]) -> str:
    """'did you mean X? ' for the option closest to a mistyped `name`, or '' when none is
    close (difflib's ratio at its cut-off of 0.6): one wording for every refused name."""
    close = difflib.get_close_matches(str(name), list(options), n=1)
    return f"did you mean {close[0]}? " if close else ""


def check_name(name: str, value: Any = None) -> None:
    """Refuse an unknown parameter name, suggesting the closest known ones."""
    table, _, key = name.partition(".")
    known_tables = set(_fields())
    ok = (table in DOMAIN_TABLES and key in DOMAIN_IDS) or (
        not key and table in known_tables and table not in DOMAIN_TABLES
    )
    if not ok:
        close = difflib.get_close_matches(name, parameter_names(), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see `wijkteam params`"
        raise ScenarioError(
            name, value, f"unknown parameter; {hint}", "unknown", suggestions=tuple(close)
        )


def check_value(name: str, value: Any) -> Any:
    """One flat-named parameter value on its own: known name, parsed to the parameter's type
    and within its range; returns the parsed value. (Checks that involve several parameters,
    such as an impossible team, need the whole scenario.)"""
    check_name(name, value)
    spec = parameter_spec(name)
    value = coerce(name, value, spec["default"])
    check_scalar(name, value, spec["default"], spec)
    return value


def to_flat(s: Scenario) -> dict[str, Any]:
    """All parameters as one flat dict (`staff.youth`, ...); `professionals` is left out."""
    flat: dict[str, Any] = {}
    for f in fields(s):
        value = getattr(s, f.name)
        if f.name in DOMAIN_TABLES:
            for key in DOMAIN_IDS:
                flat[f"{f.name}.{key}"] = value.get(key, 0)
        elif f.name != "professionals":
            flat[f.name] = value
    return flat


def get(s: Scenario, name: str) -> Any:
    """The value of a flat parameter name."""
    table, _, key = name.partition(".")
    check_name(name)
    value = getattr(s, table)
    return value.get(key, 0) if key else value


def changes(s: Scenario, updates: dict[str, Any]) -> dict[str, Any]:
    """Field values for `dataclasses.replace` from flat-named updates; strings (from the
    CLI) are parsed to the parameter's type."""
    out: dict[str, Any] = {}
    declared = _fields()
    for name, raw in updates.items():
        check_name(name, raw)
        table, _, key = name.partition(".")
        if key:
            current = dict(out.get(table, getattr(s, table)))
            like = declared[table].default_factory()[key]  # type: ignore[operator]
            current[key] = coerce(name, raw, like)
            out[table] = current
        else:
            out[name] = coerce(name, raw, declared[name].default)
    return out


# --- types ---------------------------------------------------------------------------------------
def native(value: Any) -> Any:
    """A numpy scalar as the Python number it stands for (`np.int64(4)` -> 4); anything else
    unchanged. Designs from numpy, SALib and the EMA workbench hand over numpy scalars, which
    are as valid as Python numbers and must be stored as such (TOML and JSON cannot take them)."""
    return value.item() if isinstance(value, np.generic) else value


def to_native(s: Scenario) -> None:
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
    the type of `like`. A number in text must be written plainly (`wijkteam.notation`): `1_0`
    and non-ASCII digits are typos, not 10, wherever the text comes from."""
    raw = native(raw)
    kind = type(like)
    if isinstance(raw, str) and kind is not str:
        text = raw.strip()
        if kind is bool:
            if text.lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                raise _wrong_kind(name, raw, kind)
            return text.lower() in ("true", "1", "yes", "on")
        number = plain_int(text) if kind is int else plain_float(text)
        if number is None:
            raise _wrong_kind(name, raw, kind)
        return number
    if kind is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    return raw


def _wrong_kind(name: str, value: Any, kind: type) -> ScenarioError:
    """The refusal of a value of the wrong type, keyed by the type wanted."""
    text, key = {
        bool: ("true or false", "true_false"),
        int: ("a whole number", "whole_number"),
        float: ("a number", "number"),
    }.get(kind, (kind.__name__, "invalid"))
    if kind in (int, float):  # and where: the allowed range, as every refusal names it
        with contextlib.suppress(ScenarioError):
            text += f" in {parameter_spec(name)['allowed']}"
        if isinstance(value, str):  # and how to write it
            text += f", written plainly (e.g. {'10' if kind is int else '0.5'})"
    return ScenarioError(name, value, f"must be {text}", key)


# --- TOML ----------------------------------------------------------------------------------------
def to_toml(s: Scenario) -> str:
    """The whole scenario as TOML text, loadable with `from_toml`."""
    data = asdict(s)
    if not data["professionals"]:
        del data["professionals"]
    return tomli_w.dumps(data)


def from_toml(text: str, base: Scenario) -> Scenario:
    """A scenario from TOML text; keys not given keep the values of `base`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            "scenario file", "<text>", f"not valid TOML ({exc})", "not_toml", reason=str(exc)
        ) from None
    except RecursionError:  # tables nested thousands deep: not a scenario
        raise ScenarioError("scenario file", "<text>", "nested too deeply", "too_deep") from None
    return from_mapping(data, base)


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
                raise ScenarioError(key, value, "must be a table of domain = value", "table")
            for dom, v in value.items():
                updates[f"{key}.{dom}"] = v
        else:
            updates[key] = value
    new = changes(base, updates)
    if professionals is not None:
        new["professionals"] = professionals
    return replace(base, **new)


# --- validation ----------------------------------------------------------------------------------
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
            check_scalar(f.name, value, f.default, meta)
    _check_team(s)


def check_scalar(name: str, value: Any, default: Any, meta: Any) -> None:
    """One value against its declaration: the type of its default, its choices or range."""
    kind = type(default)
    if kind is bool:
        if not isinstance(value, bool):
            raise _wrong_kind(name, value, bool)
        return
    if kind is str:
        if value not in meta["choices"]:
            choices = tuple(meta["choices"])
            raise ScenarioError(
                name, value, f"must be one of {', '.join(choices)}", "choices", choices=choices
            )
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_kind(name, value, kind)
    if kind is int and not isinstance(value, int):
        raise _wrong_kind(name, value, int)
    if not math.isfinite(value) or not meta["lo"] <= value <= meta["hi"]:
        lo, hi = meta["lo"], meta["hi"]
        raise ScenarioError(
            name, value, f"must be between {lo:g} and {hi:g}", "range", lo=lo, hi=hi
        )


def _unknown_domain(name: str, value: Any, domains: tuple[str, ...]) -> ScenarioError:
    return ScenarioError(
        name, value, f"unknown domain; one of {domains}", "unknown_domain", domains=domains
    )


def _check_table(name: str, table: Any, meta: Any) -> None:
    if not isinstance(table, dict):
        raise ScenarioError(name, table, "must be a table of domain = value", "table")
    for key, value in table.items():
        if key not in DOMAIN_IDS:
            raise _unknown_domain(f"{name}.{key}", value, DOMAIN_IDS)
        like = 0 if name == "staff" else 0.0
        check_scalar(f"{name}.{key}", value, like, meta)


#: what a custom professional may say: a specialty and skills per domain
PROFESSIONAL_KEYS = ("specialty", "skills")


def _check_professionals(s: Scenario, profs: Any) -> None:
    if s.profile != "custom":
        if profs:
            # a list of professionals, or anything else a file put there (`= true`)
            given = f"{len(profs)} given" if isinstance(profs, list) else profs
            raise ScenarioError("professionals", given, "only with profile=custom", "custom_only")
        return
    if not isinstance(profs, list) or not profs:
        raise ScenarioError(
            "professionals", profs, "profile=custom needs a list of professionals", "custom_list"
        )
    if len(profs) > MAX_PROFESSIONALS:
        raise ScenarioError(
            "professionals",
            f"{len(profs):,} given",
            f"at most {MAX_PROFESSIONALS:,} (as staff: 500 per domain, 8 domains)",
            "too_many_professionals",
            most=MAX_PROFESSIONALS,
        )
    for i, p in enumerate(profs):
        where = f"professionals[{i}]"
        if not isinstance(p, dict) or p.get("specialty") not in s.domain_ids:
            choices = tuple(s.domain_ids)
            raise ScenarioError(
                f"{where}.specialty",
                p.get("specialty") if isinstance(p, dict) else p,
                f"must be one of {s.domain_ids}",
                "choices",
                choices=choices,
            )
        for key in p:
            if key not in PROFESSIONAL_KEYS:  # a typo was ignored, and kept in saved files
                hint = did_you_mean(key, PROFESSIONAL_KEYS) or "one of specialty, skills"
                raise ScenarioError(
                    f"{where}.{key}", p[key], f"unknown key; {hint}".strip(), "unknown"
                )
        skills = p.get("skills", {})
        if not isinstance(skills, dict):
            raise ScenarioError(
                f"{where}.skills", skills, "must be a table of domain = skill", "table"
            )
        for dom, k in skills.items():
            if dom not in s.domain_ids:
                raise _unknown_domain(f"{where}.skills.{dom}", k, s.domain_ids)
            check_scalar(f"{where}.skills.{dom}", k, 0.0, {"lo": 0, "hi": 1})


def _check_team(s: Scenario) -> None:
    """Refuse a team that cannot work: nobody in it, a desk without staff, or no room for a
    single case once administration, meetings and coordination are paid."""
    counts = s.staff_counts()
    if sum(counts.values()) == 0:
        raise ScenarioError(
            "staff", counts, "impossible team: at least one professional needed", "no_staff"
        )
    if "desk" in (s.front_door, s.routing):
        empty = [d for d, n in counts.items() if n == 0]
        if empty:
            raise ScenarioError(
                f"staff.{empty[0]}",
                0,
                "impossible team: with front_door or "
                "routing = desk every domain needs at least one professional",
                "desk_staff",
            )
    if s.caseload_limit() < 1:
        hours = s.direct_hours_per_week()
        raise ScenarioError(
            "case_hours_per_week",
            s.case_hours_per_week,
            f"impossible team: only {hours:.2f} direct hours a week are "
            "left after admin, meetings and coordination; must not exceed that",
            "no_direct_hours",
            hours=hours,
        )
    if sum(s.root_weight.get(d, 0) for d in s.domain_ids) <= 0:
        raise ScenarioError(
            "root_weight", s.root_weight, "at least one domain needs weight > 0", "no_root_weight"
        )
