"""Experiments: replications, paired comparisons, sweeps, reports and sensitivity analysis
built on `wijkteam.model`."""
