"""The dashboard's settings as the query string of its address, so that a reload, the back
and forward buttons and a shared link bring them back:

    /?view=explorer&lang=nl&a.preset=islands&b.arrivals_per_day=3.7&years=2&seed=3

- ``view`` (explorer, classroom, info) and ``lang`` (en, nl);
- ``a.preset`` / ``b.preset``: the preset of configuration A / B (``file``: an imported file,
  whose values differ from the default scenario as ``a.file.<name>=value``);
- ``<name>=value``: a lever of the neighbourhood, for A and B alike (the same residents);
- ``a.<name>=value`` / ``b.<name>=value``: a lever of one configuration only;
- ``years``, ``reps``, ``seed``: the run;
- ``whatif`` (comma-separated) and ``follow``: the classroom's what-ifs and the team whose
  story it tells, so that a teacher's link opens the lesson the class is to see.

Values are kept as the text the user typed (or the link said): an invalid one is shown at
its field with a message, never dropped. Only what differs from the defaults is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

CONFIGS = ("A", "B")
VIEWS = ("explorer", "classroom", "info")
LANGS = ("en", "nl")
DEFAULT_PRESETS = ("islands", "integral")
DEFAULT_YEARS = "1"
DEFAULT_SEED = "1"
FOLLOWS = ("islands", "integral")  # the classroom's two teams (`lesson.WAYS`)


def as_text(value: Any) -> str:
    """A lever value as it stands in the address (true/false for switches)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class Settings:
    """Everything a user chose on the page, as texts."""

    view: str = "explorer"
    lang: str = "en"
    presets: tuple[str, str] = DEFAULT_PRESETS
    shared: dict[str, str] = field(default_factory=dict)
    levers: tuple[dict[str, str], dict[str, str]] = field(default_factory=lambda: ({}, {}))
    files: tuple[dict[str, str], dict[str, str]] = field(default_factory=lambda: ({}, {}))
    years: str = DEFAULT_YEARS
    replications: str = ""  # empty: the dashboard's default
    seed: str = DEFAULT_SEED
    whatifs: tuple[str, ...] = ()  # the classroom's what-ifs, as named in the address
    follow: str = FOLLOWS[0]  # the classroom's followed team

    # ---------------------------------------------------------------- reading
    def preset(self, c: str) -> str:
        return self.presets[CONFIGS.index(c)]

    def updates(self, c: str) -> dict[str, str]:
        """The levers of configuration `c` on top of its preset (shared first)."""
        return {**self.shared, **self.levers[CONFIGS.index(c)]}

    def file(self, c: str) -> dict[str, str]:
        return self.files[CONFIGS.index(c)]

    # ---------------------------------------------------------------- changing
    def _pair(self, pair: tuple, c: str, value: Any) -> tuple:
        i = CONFIGS.index(c)
        return (value, pair[1]) if i == 0 else (pair[0], value)

    def with_lever(self, c: str | None, name: str, value: Any) -> Settings:
        """A lever moved: for both configurations (c None: the neighbourhood) or one."""
        text = as_text(value)
        if c is None:
            a, b = ({k: v for k, v in d.items() if k != name} for d in self.levers)
            return replace(self, shared={**self.shared, name: text}, levers=(a, b))
        i = CONFIGS.index(c)
        return replace(self, levers=self._pair(self.levers, c, {**self.levers[i], name: text}))

    def with_preset(self, c: str, name: str) -> Settings:
        """Another preset for `c`: its own levers go back to the preset's values."""
        return replace(
            self,
            presets=self._pair(self.presets, c, name),
            levers=self._pair(self.levers, c, {}),
            files=self._pair(self.files, c, {} if name != "file" else self.file(c)),
        )

    def reset(self, c: str) -> Settings:
        return replace(self, levers=self._pair(self.levers, c, {}))

    def with_file(self, c: str, values: dict[str, Any], shared: dict[str, Any]) -> Settings:
        """An imported file in `c`: its values (as differences from the default scenario),
        and its neighbourhood for A and B alike."""
        files = self._pair(self.files, c, {k: as_text(v) for k, v in values.items()})
        a, b = ({k: v for k, v in d.items() if k not in shared} for d in self.levers)
        levers = self._pair((a, b), c, {})
        return replace(
            self,
            presets=self._pair(self.presets, c, "file"),
            files=files,
            levers=levers,
            shared={**self.shared, **{k: as_text(v) for k, v in shared.items()}},
        )

    # ---------------------------------------------------------------- the address
    def to_query(self) -> str:
        """The query string (without '?'); only what differs from the defaults."""
        items: list[tuple[str, str]] = []
        if self.view != "explorer":
            items.append(("view", self.view))
        if self.lang != "en":
            items.append(("lang", self.lang))
        for c, name, default in zip(CONFIGS, self.presets, DEFAULT_PRESETS, strict=True):
            if name != default:
                items.append((f"{c.lower()}.preset", name))
        for c, values in zip(CONFIGS, self.files, strict=True):
            items += [(f"{c.lower()}.file.{k}", v) for k, v in sorted(values.items())]
        items += sorted(self.shared.items())
        for c, values in zip(CONFIGS, self.levers, strict=True):
            items += [(f"{c.lower()}.{k}", v) for k, v in sorted(values.items())]
        for key, value, default in (
            ("years", self.years, DEFAULT_YEARS),
            ("reps", self.replications, ""),
            ("seed", self.seed, DEFAULT_SEED),
        ):
            if value != default:
                items.append((key, value))
        if self.whatifs:
            items.append(("whatif", ",".join(self.whatifs)))
        if self.follow != FOLLOWS[0]:
            items.append(("follow", self.follow))
        return urlencode(items)

    def to_path(self) -> str:
        query = self.to_query()
        return "/?" + query if query else "/"


def parse(search: str | None) -> Settings:
    """Settings from a query string; unknown views and languages fall back to the defaults,
    lever values stay as written (they are checked where they are shown)."""
    s = Settings()
    presets, shared = list(s.presets), {}
    levers: tuple[dict, dict] = ({}, {})
    files: tuple[dict, dict] = ({}, {})
    fields: dict[str, str] = {}
    for key, value in parse_qsl(search or "", keep_blank_values=True):
        prefix, _, rest = key.partition(".")
        if key in ("view", "lang", "years", "reps", "seed", "whatif", "follow"):
            fields[key] = value
        elif prefix in ("a", "b") and rest:
            i = "ab".index(prefix)
            if rest == "preset":
                presets[i] = value
            elif rest.startswith("file."):
                files[i][rest[5:]] = value
            else:
                levers[i][rest] = value
        elif key:
            shared[key] = value
    return Settings(
        view=fields["view"] if fields.get("view") in VIEWS else "explorer",
        lang=fields["lang"] if fields.get("lang") in LANGS else "en",
        presets=(presets[0], presets[1]),
        shared=shared,
        levers=levers,
        files=files,
        years=fields.get("years", DEFAULT_YEARS),
        replications=fields.get("reps", ""),
        seed=fields.get("seed", DEFAULT_SEED),
        whatifs=tuple(name for name in fields.get("whatif", "").split(",") if name),
        follow=fields["follow"] if fields.get("follow") in FOLLOWS else FOLLOWS[0],
    )
