"""Life domains: the areas in which a household can have a need and a professional a skill.

The default set follows docs/ODD.md. Everything that differs per domain and that a user may
want to move (how visible a need is, how often it is the root cause, which needs come
together) lives in the scenario as a parameter; this module only holds the ids, the labels
and the default values, so there is one place to read them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    """A life domain with its labels in Dutch and English."""

    id: str
    nl: str
    en: str

    def label(self, language: str = "en") -> str:
        """The label in `language` ("nl" or "en")."""
        return self.nl if language == "nl" else self.en


DOMAINS: tuple[Domain, ...] = (
    Domain("youth", "Opvoeden & opgroeien", "Parenting & growing up"),
    Domain("finance", "Geldzaken & schulden", "Money & debt"),
    Domain("work", "Werk, participatie & dagbesteding", "Work, participation & daytime activities"),
    Domain("housing", "Wonen", "Housing"),
    Domain("health", "Gezondheid & zelfredzaamheid (Wmo)", "Health & self-reliance (aids, care)"),
    Domain("mental", "Psychische gezondheid", "Mental health"),
    Domain("safety", "Veiligheid & huiselijk geweld", "Safety & domestic violence"),
    Domain("social", "Sociaal netwerk & eenzaamheid", "Social network & loneliness"),
)

DOMAIN_IDS: tuple[str, ...] = tuple(d.id for d in DOMAINS)
DOMAIN_BY_ID: dict[str, Domain] = {d.id: d for d in DOMAINS}

# Team composition of the default neighbourhood team (~30, the seed's disciplines): youth and
# family workers, Wmo consultants and social workers are the largest groups. Assumption.
DEFAULT_STAFF: dict[str, int] = {
    "youth": 6,
    "finance": 4,
    "work": 3,
    "housing": 2,
    "health": 5,
    "mental": 4,
    "safety": 2,
    "social": 4,
}

# How often each domain is the root cause of a household's trouble (relative weights).
# Assumption, shaped by the share of youth and Wmo provisions in the SCP figures and the
# prominence of debt ("debts play a role in about 80% of questions", [debt] in docs/sources.md).
DEFAULT_ROOT_WEIGHT: dict[str, float] = {
    "youth": 0.20,
    "finance": 0.20,
    "work": 0.10,
    "housing": 0.08,
    "health": 0.17,
    "mental": 0.12,
    "safety": 0.05,
    "social": 0.08,
}

# How readily a household names a need as its question (0 hidden .. 1 visible): a child's
# tantrums are visible, debt, mental illness and violence are hidden by shame. Assumption.
DEFAULT_VISIBILITY: dict[str, float] = {
    "youth": 1.0,
    "finance": 0.3,
    "work": 0.6,
    "housing": 0.7,
    "health": 0.8,
    "mental": 0.3,
    "safety": 0.15,
    "social": 0.5,
}

# Which needs tend to come with a root in a given domain (relative weights of the
# consequences). Money - parenting - mental health; health - loneliness; safety with parenting
# and mental health (docs/ODD.md). Pairs not listed get weight 1. Assumption.
COOCCURRENCE: dict[str, dict[str, float]] = {
    "youth": {"finance": 3, "mental": 3, "safety": 2, "social": 1.5},
    "finance": {"youth": 4, "work": 4, "mental": 3, "housing": 3},
    "work": {"finance": 4, "mental": 2, "social": 2},
    "housing": {"finance": 3, "health": 2, "social": 2},
    "health": {"social": 4, "housing": 2, "mental": 2},
    "mental": {"social": 3, "work": 3, "youth": 2, "finance": 2},
    "safety": {"youth": 4, "mental": 4, "housing": 2},
    "social": {"health": 3, "mental": 3},
}


def domain_ids(count: int) -> tuple[str, ...]:
    """The ids of the first `count` default domains (a scenario may use fewer than eight)."""
    return DOMAIN_IDS[:count]


def cooccurrence_weight(root: str, other: str, strength: float) -> float:
    """Weight of `other` as a consequence of `root`: 1 without structure, the table's value
    at full `strength`; in between a linear blend, so co-occurrence is a continuous lever."""
    table = COOCCURRENCE.get(root, {}).get(other, 1.0)
    return 1.0 + strength * (table - 1.0)
