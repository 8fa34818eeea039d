"""Figures of a report, with matplotlib (Agg, no display needed), as PNG and SVG.

- KPI against a factor: one line per way of working on the same axes, with the 95% CI over
  replications as a band; further grid factors become panels.
- Without factors: every KPI in its own panel, each way as a point with its CI.
- Paired difference against a factor, with its CI and the zero line (where a way stops paying
  off).
- A path of ways (`compare = "previous"`): the KPI along the path, one line per factor point,
  and each step's paired difference as a bar with its CI.

Their axes are in the numbers the report's tables show: a share in per cent, a difference of
shares in points (`analysis.shown_scale_of`, `analysis.axis_label`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .analysis import Results, axis_label, shown_scale_of

COLOURS = ("#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig, folder: Path, name: str) -> list[Path]:
    """Write the figure as PNG and SVG; return both paths."""
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    fig.savefig(paths[0], dpi=130, bbox_inches="tight")
    fig.savefig(paths[1], bbox_inches="tight")
    _pyplot().close(fig)
    return paths


def _of(table: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """The rows of `kpi` in a level or paired table, in the numbers the report's tables show
    (a share in per cent: `analysis.shown_scale_of`), so a figure reads like its table."""
    rows = table[table["kpi"] == kpi].copy()
    shown = [c for c in ("mean", "lo", "hi", "diff") if c in rows.columns]
    rows[shown] = rows[shown] * shown_scale_of(kpi)
    return rows


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _panels(res: Results, table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Panels of a figure: one per combination of the factors after the first."""
    rest = res.factors[1:]
    if not rest:
        return [("", table)]
    return [
        (
            ", ".join(
                f"{f} = {v}"
                for f, v in zip(rest, key if isinstance(key, tuple) else (key,), strict=True)
            ),
            rows,
        )
        for key, rows in table.groupby(rest, sort=True)
    ]


def kpi_vs_factor(res: Results, levels: pd.DataFrame, kpi: str, folder: Path) -> list[Path]:
    """KPI against the first factor, both ways on one axis, CI bands."""
    plt = _pyplot()
    x_name = res.factors[0]
    panels = _panels(res, _of(levels, kpi))
    fig, axes = plt.subplots(
        1, len(panels), figsize=(5.2 * len(panels), 3.8), squeeze=False, sharey=True
    )
    for ax, (title, rows) in zip(axes[0], panels, strict=True):
        categorical = not _numeric(rows[x_name])
        labels = list(dict.fromkeys(rows[x_name])) if categorical else []
        for i, way in enumerate(res.ways):
            r = rows[rows["way"] == way].sort_values(x_name)
            x = [labels.index(v) for v in r[x_name]] if categorical else r[x_name]
            colour = COLOURS[i % len(COLOURS)]
            ax.plot(x, r["mean"], marker="o", color=colour, label=way)
            ax.fill_between(x, r["lo"], r["hi"], color=colour, alpha=0.2, linewidth=0)
        if categorical:
            ax.set_xticks(range(len(labels)), [str(v) for v in labels])
        ax.set_xlabel(x_name)
        ax.set_title(title, fontsize=9)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(axis_label(kpi))
    axes[0][0].legend(title="way of working", fontsize=8)
    fig.suptitle(f"{res.manifest['name']}: {axis_label(kpi)}, mean and 95% CI", fontsize=10)
    fig.tight_layout()
    return save(fig, folder, kpi)


def difference_vs_factor(res: Results, paired: pd.DataFrame, kpi: str, folder: Path) -> list[Path]:
    """Paired difference (way - its reference: the first way, or the way before it in a path)
    against the first factor, with CI and zero line."""
    plt = _pyplot()
    x_name = res.factors[0]
    rows_all = _of(paired, kpi)
    panels = _panels(res, rows_all)
    fig, axes = plt.subplots(
        1, len(panels), figsize=(5.2 * len(panels), 3.6), squeeze=False, sharey=True
    )
    for ax, (title, rows) in zip(axes[0], panels, strict=True):
        for i, way in enumerate(res.ways[1:], start=1):
            r = rows[rows["way"] == way].sort_values(x_name)
            if not _numeric(r[x_name]):
                continue
            colour = COLOURS[i % len(COLOURS)]
            ax.plot(
                r[x_name],
                r["diff"],
                marker="o",
                color=colour,
                label=f"{way} − {res.reference_of(way)}",
            )
            ax.fill_between(r[x_name], r["lo"], r["hi"], color=colour, alpha=0.2, linewidth=0)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xlabel(x_name)
        ax.set_title(title, fontsize=9)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(f"difference in {axis_label(kpi, difference=True)}")
    axes[0][0].legend(fontsize=8)
    fig.suptitle(f"{res.manifest['name']}: paired difference, mean and 95% CI", fontsize=10)
    fig.tight_layout()
    return save(fig, folder, f"{kpi}_difference")


def kpi_panels(
    res: Results, levels: pd.DataFrame, kpis: list[str], folder: Path, name: str = "kpis"
) -> list[Path]:
    """Without factors: a panel per KPI with each way's mean and 95% CI."""
    plt = _pyplot()
    cols = min(4, len(kpis))
    rows_n = (len(kpis) + cols - 1) // cols
    fig, axes = plt.subplots(rows_n, cols, figsize=(3.3 * cols, 2.9 * rows_n), squeeze=False)
    for ax in axes.flat[len(kpis) :]:
        ax.set_visible(False)
    for ax, kpi in zip(axes.flat, kpis, strict=False):
        r = _of(levels, kpi).groupby("way").first().reindex(res.ways)
        for i, way in enumerate(res.ways):
            mean, lo, hi = r.loc[way, ["mean", "lo", "hi"]]
            ax.errorbar(
                [i],
                [mean],
                yerr=[[mean - lo], [hi - mean]],
                fmt="o",
                capsize=4,
                color=COLOURS[i % len(COLOURS)],
                markersize=7,
            )
        ax.set_xticks(range(len(res.ways)), res.ways)
        ax.set_xlim(-0.6, len(res.ways) - 0.4)
        ax.set_title(axis_label(kpi), fontsize=8.5)
        ax.grid(alpha=0.3, axis="y")
    fig.suptitle(
        f"{res.manifest['name']}: mean and 95% CI over "
        f"{int(levels['n'].max())} paired replications",
        fontsize=10,
    )
    fig.tight_layout()
    return save(fig, folder, name)


def scatter_vs_factors(res: Results, kpi: str, folder: Path) -> list[Path]:
    """For a Latin hypercube: each point's mean KPI against each factor, per way."""
    plt = _pyplot()
    ok = res.ok
    means = ok.groupby(["point", "way"])[[kpi, *res.factors]].mean(numeric_only=True)
    means = means.reset_index()
    means[kpi] = means[kpi] * shown_scale_of(kpi)  # as the tables show it
    n = len(res.factors)
    fig, axes = plt.subplots(1, n, figsize=(4 * n, 3.4), squeeze=False, sharey=True)
    for ax, factor in zip(axes[0], res.factors, strict=True):
        for i, way in enumerate(res.ways):
            r = means[means["way"] == way]
            ax.scatter(
                r[factor], r[kpi], s=14, color=COLOURS[i % len(COLOURS)], label=way, alpha=0.8
            )
        ax.set_xlabel(factor)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(axis_label(kpi))
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    return save(fig, folder, kpi)


def _point_labels(res: Results, table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """One group per factor point, named by its factor values (or one unnamed group)."""
    if not res.factors:
        return [("", table)]
    return [
        (
            ", ".join(
                f"{f} = {v}" for f, v in zip(res.factors, rows.iloc[0][res.factors], strict=True)
            ),
            rows,
        )
        for _, rows in table.groupby("point", sort=True)
    ]


def kpi_along_path(res: Results, levels: pd.DataFrame, kpi: str, folder: Path) -> list[Path]:
    """A path of ways: the KPI at each way in the path's order, a line per factor point, so
    the eye follows what each lever does from the first way to the last."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(1.0 * len(res.ways) + 2.5, 3.8))
    x = range(len(res.ways))
    for i, (label, rows) in enumerate(_point_labels(res, _of(levels, kpi))):
        r = rows.set_index("way").reindex(res.ways)
        colour = COLOURS[i % len(COLOURS)]
        ax.plot(x, r["mean"], marker="o", color=colour, label=label or None)
        ax.fill_between(x, r["lo"], r["hi"], color=colour, alpha=0.2, linewidth=0)
    ax.set_xticks(list(x), res.ways, rotation=30, ha="right")
    ax.set_ylabel(axis_label(kpi))
    ax.grid(alpha=0.3)
    if res.factors:
        ax.legend(fontsize=8)
    fig.suptitle(
        f"{res.manifest['name']}: {axis_label(kpi)} along the path, mean and 95% CI", fontsize=10
    )
    fig.tight_layout()
    return save(fig, folder, kpi)


def steps(res: Results, paired: pd.DataFrame, kpi: str, folder: Path) -> list[Path]:
    """A path of ways: what each step adds (the way against the one before it, paired), a
    bar per factor point with its 95% CI; a bar across zero is no clear effect."""
    plt = _pyplot()
    names = res.ways[1:]
    groups = _point_labels(res, _of(paired, kpi))
    width = 0.8 / max(len(groups), 1)
    fig, ax = plt.subplots(figsize=(1.0 * len(names) + 2.5, 3.8))
    for i, (label, rows) in enumerate(groups):
        r = rows.set_index("way").reindex(names)
        x = [k + (i - (len(groups) - 1) / 2) * width for k in range(len(names))]
        err = [r["diff"] - r["lo"], r["hi"] - r["diff"]]
        colour = COLOURS[i % len(COLOURS)]
        ax.bar(x, r["diff"], width, yerr=err, color=colour, alpha=0.8, label=label or None)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)), [f"+ {w}" for w in names], rotation=30, ha="right")
    ax.set_ylabel(f"step in {axis_label(kpi, difference=True)}")
    ax.grid(alpha=0.3, axis="y")
    if res.factors:
        ax.legend(fontsize=8)
    fig.suptitle(
        f"{res.manifest['name']}: what each step adds, paired, mean and 95% CI", fontsize=10
    )
    fig.tight_layout()
    return save(fig, folder, f"{kpi}_steps")
