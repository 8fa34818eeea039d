"""Wijkteam: an agent-based simulation of a Dutch neighbourhood social team.

- `wijkteam.model`: the Mesa model (no I/O, no plotting);
- `wijkteam.experiments`: replications, paired comparisons, sweeps, reports;
- `wijkteam.dashboards`: the Solara dashboard;
- `wijkteam.cli`: the `wijkteam` command.
"""

__version__ = "0.1.0"
