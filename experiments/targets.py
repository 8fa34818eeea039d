"""The published Dutch figures the default neighbourhood must reproduce: what each is, the
observed figure or range, where it comes from (an entry of `docs/sources.md`), and the range
the model's mean must fall in to pass.

Validation prints these as rows; calibration uses the same ranges as its acceptance region.
Where a figure is a single number the pass range is a stated tolerance around it, written out
in `observed` so a reader sees how strict the row is.
"""

from __future__ import annotations

from dataclasses import dataclass

# How the default neighbourhood is run to compare it with these figures, in validation and
# in calibration (`calibration.toml` repeats it; a test keeps the two equal). Households come
# back for years with follow-up questions, so caseloads fill slowly: after this four-year
# warm-up they are at 90-99% of their steady level (steady state takes about eight years,
# docs/outcomes.md), and the figures are measured over four more years (a household's ~20
# months must fit in the follow-up of `measures.dutch_measures`). Four years, not eight, keep
# the calibration's thousands of runs affordable; docs/validation.md says so too.
STEADY_RUN: dict[str, float] = {"warmup_days": 880.0, "horizon_days": 880.0}


@dataclass(frozen=True)
class DutchTarget:
    """One published figure: a measure of `measures.dutch_measures` and its pass range."""

    measure: str
    what: str
    observed: str
    source: str  # key(s) of the entries in docs/sources.md
    lo: float
    hi: float
    unit: str = ""

    def passes(self, value: float) -> bool:
        return self.lo <= value <= self.hi


DUTCH_TARGETS: tuple[DutchTarget, ...] = (
    DutchTarget(
        "inflow_per_1000",
        "Requests per 1,000 residents a year",
        "36–57 (Almere 2020: 36–45; Nijmegen 2017–19: ~57)",
        "inflow; zwolle",
        36.0,
        57.0,
        "per 1,000",
    ),
    DutchTarget(
        "support_start_days",
        "Working days from request to the start of support",
        "4.3–5.5 (Utrecht 2016–18) up to 10–12 weeks (Den Bosch, Wijchen): 4–60",
        "utrecht; waits",
        4.0,
        60.0,
        "days",
    ),
    DutchTarget(
        "no_specialised_share",
        "Households handled without specialised care",
        "83–86% (Utrecht 2016–18; ~85% buurtteam only); pass 0.80–0.90",
        "utrecht",
        0.80,
        0.90,
        "share",
    ),
    DutchTarget(
        "request_months",
        "Months a request lasts",
        "norms 6 (adults) – 12 (youth) months",
        "duration",
        6.0,
        12.0,
        "months",
    ),
    DutchTarget(
        "household_months",
        "Months a household is in the team's care",
        "~20 months on average; pass 14–26 (±30%)",
        "duration",
        14.0,
        26.0,
        "months",
    ),
    DutchTarget(
        "caseload_mean",
        "Open cases per professional",
        "~20–30 (derived from Utrecht figures)",
        "caseload",
        20.0,
        30.0,
        "cases",
    ),
    DutchTarget(
        "admin_share_worked",
        "Share of working hours on administration",
        "37% (Movisie 2023); pass 30–44%",
        "administration",
        0.30,
        0.44,
        "share",
    ),
)
