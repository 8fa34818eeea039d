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
