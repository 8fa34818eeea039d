"""The parameter table in docs/ is generated from the scenario definition and kept current."""

from __future__ import annotations

from pathlib import Path

from wijkteam.cli import parameter_table

DOCS = Path(__file__).parents[2] / "docs"


def test_parameter_table_is_current() -> None:
    page = (DOCS / "PARAMETERS.md").read_text(encoding="utf-8")
    assert parameter_table() in page, "regenerate: wijkteam params --markdown"


def test_every_cited_source_is_in_sources_md() -> None:
    """A parameter's source names keys of docs/sources.md (`[inflow]`) or says it is an
    assumption or a design choice; every key exists there, and nothing cites a file outside
    the repository."""
    import re

    from wijkteam.model import parameter_names, parameter_spec

    keys = set(re.findall(r"^### \[([a-z0-9-]+)\]", (DOCS / "sources.md").read_text(), re.M))
    for name in parameter_names():
        source = parameter_spec(name)["source"]
        cited = set(re.findall(r"\[([a-z0-9-]+)\]", source))
        assert cited <= keys, (name, cited - keys)
        assert cited or "assumption" in source, (name, source)
        assert not re.search(r"DESIGN|SOURCES\.md|PLATFORM-NOTES|shared/", source), (name, source)


def test_every_value_a_preset_sets_is_in_the_presets_table() -> None:
    """Every value a preset of the comparison sets (beyond integral's levers, for the Zwolle
    presets) has a row in docs/PARAMETERS.md's Presets table with that value and a status,
    and no row names a value the code does not set."""
    import re

    from wijkteam.model.presets import INTEGRAL, PRESETS

    page = (DOCS / "PARAMETERS.md").read_text(encoding="utf-8")
    section = page.split("\n## Presets\n", 1)[1].split("\n## ", 1)[0]
    rows = {
        (name, key): (value, status)
        for name, key, value, status in re.findall(
            r"^\| ([a-z0-9-]+) \| `([a-z_.]+)` \| ([^|]*) \| ([^|]+) \|$", section, re.M
        )
    }

    def shown(value: object) -> str:
        return str(value).lower() if isinstance(value, bool) else str(value)

    expected = {}
    for name in ("integral", "islands", "zwolle-2015", "zwolle-matured"):
        own = PRESETS[name]
        if name.startswith("zwolle"):
            own = {k: v for k, v in own.items() if k not in INTEGRAL or INTEGRAL[k] != v}
        expected.update({(name, key): shown(value) for key, value in own.items()})
    assert {k: v for k, (v, _) in rows.items()} == expected
    assert all(status.strip() for _, status in rows.values())
