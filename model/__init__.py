"""The wijkteam model: a Mesa model of a Dutch neighbourhood social team.

from wijkteam.model import WijkteamModel, preset, simulate
summary = simulate(preset("islands"), seed=1)
"""

from .domains import DOMAIN_IDS, DOMAINS, Domain
from .households import Household, HouseholdSpec
from .model import WijkteamModel
from .presets import PRESET_HELP, PRESETS, preset
from .professionals import Professional
from .scenario import Scenario, ScenarioError, parameter_names, parameter_spec
from .summary import KPIS, Kpi


def simulate(scenario: Scenario, seed: int = 0) -> dict[str, float]:
    """Run one replication through warm-up and horizon; return its summary."""
    model = WijkteamModel(scenario, seed=seed)
    model.run()
    return model.summary()


__all__ = [
    "DOMAINS",
    "DOMAIN_IDS",
    "Domain",
    "Household",
    "HouseholdSpec",
    "KPIS",
    "Kpi",
    "PRESETS",
    "PRESET_HELP",
    "Professional",
    "Scenario",
    "ScenarioError",
    "WijkteamModel",
    "parameter_names",
    "parameter_spec",
    "preset",
    "simulate",
]
