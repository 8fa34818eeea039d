"""`wijkteam report DIR`: the tables, figures and Markdown summary of a finished sweep.

Writes DIR/report/: `summary.md` (a table per KPI: each way's mean with 95% CI per factor
level, and the paired differences between ways), `levels.csv` and `paired.csv` (the same in
tidy form), figures as PNG and SVG, and for Morris/Sobol designs the ranked sensitivity
indices with a plot. For a path of ways (`compare = "previous"`) the figures follow the
path: the KPI at every way, and what every step adds.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from . import analysis, plots, sensitivity


def write_report(
    folder: Path, kpis: list[str] | None = None, warn: Callable[[str], None] | None = None
) -> Path:
    """Analyse the results in `folder`; return the path of the Markdown summary. A report
    of part of a sweep says so in the summary, and to `warn` (the terminal) too: half a sweep
    is easy to mistake for all of it."""
    res = analysis.load(folder)
    kpis = list(dict.fromkeys(kpis)) if kpis else kpis  # --kpi x --kpi x once (it crashed)
    names = res.kpis(kpis)
    if kpis:  # an outcome, not any column (run_id, way, seed, error are columns too)
        from wijkteam.errors import UserError
        from wijkteam.model import KPIS
        from wijkteam.model.parameters import did_you_mean

        known = (set(KPIS) | set(res.manifest.get("kpis") or [])) & set(res.rows.columns)
        unknown = sorted(k for k in kpis if k not in known)
        if unknown:
            hint = did_you_mean(unknown[0], sorted(known)) or "the KPIs: wijkteam compare --json"
            raise UserError(
                f"--kpi {unknown[0]}: not an outcome recorded in {folder}; {hint}".strip()
            )
        names = [k for k in names if k in known]
    out = folder / "report"
    out.mkdir(exist_ok=True)
    _clear(out)
    m = res.manifest
    design = m.get("design", "grid")
    failed = int(res.runs["error"].notna().sum())
    lines = [f"# {m['name']}", ""]
    if m.get("question"):
        lines += [f"*{m['question']}*", ""]
    lines += [
        f"- runs: {len(res.runs)} ({failed} failed), ways of working: {', '.join(res.ways)}, "
        # the sweep's, not those present: half a sweep's parts hold fewer (said below)
        f"replications: {m.get('replications', res.rows['replication'].nunique())}, "
        f"master seed: {m['seed']}",
        f"- design: {design}; factors: {', '.join(res.factors) or 'none'}; model version: "
        f"{', '.join(sorted(res.runs['model_version'].unique()))}",
        f"- reproduce: `{_sweep_command(res, folder)}` then "
        f"`wijkteam report {_folder_for_shell(folder)}`",
        "- means with 95% confidence intervals (Student t) over replications; differences are "
        "paired by replication (common random numbers).",
        "",
    ]
    if res.missing:
        incomplete = _incomplete(res, folder)
        lines += [f"- **incomplete**: {incomplete}"]
        if warn is not None:
            warn(f"report of {folder} is incomplete: {incomplete}")
    lines += _steady_state(res) + [""]
    if failed:
        errors = res.runs.loc[res.runs["error"].notna(), "error"].value_counts()
        lines += ["## Failed runs", ""]
        lines += [f"- {n} x {err}" for err, n in errors.items()] + [""]

    if design in ("morris", "sobol"):
        lines += _sensitivity(res, names, out)
    else:
        lines += _levels(res, names, out, lhs=design == "lhs")
    path = out / "summary.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: what a report writes into `report/`: each report replaces all of them
REPORT_FILES = ("*.md", "*.png", "*.svg", "*.csv")


def _clear(out: Path) -> None:
    """Remove the files an earlier report wrote: `report --kpi A` after a report of B left
    B's figures beside A's summary, where they looked like part of it."""
    for pattern in REPORT_FILES:
        for path in out.glob(pattern):
            path.unlink(missing_ok=True)


def _incomplete(res: analysis.Results, folder: Path) -> str:
    """What a report of part of a sweep must say: how much is missing, and why."""
    have = f"{len(res.rows)} of {res.cells_total} cells have a run"
    if res.busy:
        return f"{have}; a sweep is still writing into this folder: report again when it ends"
    resume = f"{_sweep_command(res, folder)} --resume"
    return f"{have}; the sweep stopped before the end: `{resume}` runs the rest"


def _sweep_command(res: analysis.Results, folder: Path) -> str:
    """The command that ran (or resumes) this sweep: with its --set values, its number of
    replications (a resume without it would take the file's and quietly shrink or grow the
    experiment) and its work budget when that is not the default. Paths are absolute (as the
    sweep recorded its file: `commands.named_for_anywhere`) and quoted for a shell, so the
    command works from any folder."""
    from wijkteam.model.budget import DEFAULT_MAX_EVENTS

    m = res.manifest
    sets = "".join(f" --set {n}={v}" for n, v in m.get("sets", {}).items())
    flags = f" --replications {m['replications']}" if "replications" in m else ""
    if m.get("max_events", DEFAULT_MAX_EVENTS) != DEFAULT_MAX_EVENTS:
        flags += f" --max-events {m['max_events']}"
    out = _folder_for_shell(folder)
    return f"wijkteam sweep {shlex.quote(m['source'])}{sets}{flags} --out {out}"


def _folder_for_shell(folder: Path) -> str:
    """The results folder as the report's commands name it: absolute, so they work from any
    folder, and quoted for a shell (the reproduce line's sweep and report say it alike)."""
    return shlex.quote(str(folder.resolve()))


def _steady_state(res: analysis.Results) -> list[str]:
    """One line per way of working: in how many runs the team was not in steady state, or
    held only through drop-outs (`model/steady_state.py`)."""
    from wijkteam.model.steady_state import verdict_many

    ok = res.ok
    if "steady_state" not in ok.columns:
        return ["- steady state: not recorded (results from an older model version)"]
    lines = []
    for way in res.ways:
        # a run that serves several cells (a way that pins the factor) is counted once
        mine = ok[ok["way"] == way].drop_duplicates("run_id")
        if len(mine):
            lines.append(f"- steady state, {way}: {verdict_many(mine.to_dict('records'))}")
    return lines


def _levels(res: analysis.Results, names: list[str], out: Path, lhs: bool) -> list[str]:
    levels = analysis.level_table(res, names)
    paired = analysis.paired_table(res, names)
    levels.to_csv(out / "levels.csv", index=False)
    paired.to_csv(out / "paired.csv", index=False)
    lines: list[str] = []
    numeric_first = (
        bool(res.factors)
        and pd.api.types.is_numeric_dtype(levels[res.factors[0]])
        and not pd.api.types.is_bool_dtype(levels[res.factors[0]])
    )
    if not res.factors:
        plots.kpi_panels(res, levels, names, out)
        lines += ["![KPIs per way of working](kpis.png)", ""]
    if res.manifest.get("reference") == "erlang_c":
        lines += _erlang(res, levels, out)
    crossings: list[str] = []
    for kpi in names:
        lines += [f"## {analysis.axis_label(kpi)}", ""]  # "(%)" as its cells, not "(share)"
        if res.ok[kpi].isna().all():  # e.g. within 60 days, in runs that followed fewer
            follow = res.ok["follow_up_days"].min() if "follow_up_days" in res.ok else math.nan
            lines += [
                f"Not estimated in any run: the runs followed their requests for {follow:.0f} "
                "days or more, fewer than this outcome is read at.",
                "",
            ]
            continue
        if lhs:
            plots.scatter_vs_factors(res, kpi, out)
            lines += [f"![{kpi}]({kpi}.png)", ""]
            continue
        lines += [analysis.markdown_table(res, levels, paired, kpi), ""]
        pairs = _has_pairs(paired, kpi)
        if res.manifest.get("compare") == "previous" and len(paired):
            plots.kpi_along_path(res, levels, kpi, out)
            lines += [f"![{kpi}]({kpi}.png)", ""]
            if pairs:
                plots.steps(res, paired, kpi, out)
                lines += [f"![{kpi} steps]({kpi}_steps.png)", ""]
            continue
        if res.factors:
            plots.kpi_vs_factor(res, levels, kpi, out)
            lines += [f"![{kpi}]({kpi}.png)", ""]
            if pairs and numeric_first:
                plots.difference_vs_factor(res, paired, kpi, out)
                lines += [f"![{kpi} difference]({kpi}_difference.png)", ""]
                found = _break_even(res, paired, kpi)
                lines += found
                crossings += [f"- {kpi}: {line[2:]}" for line in found if line]
    if crossings:
        lines += ["## Break-even summary", "", *crossings, ""]
    return lines


def _has_pairs(paired: pd.DataFrame, kpi: str) -> bool:
    """Whether `kpi` has a paired difference anywhere. Pairs of other KPIs are not enough:
    a KPI that one way never estimates (read at more days than that way followed its
    requests) has none, and its difference figure was an empty frame the summary linked."""
    return bool(len(paired)) and bool(paired.loc[paired["kpi"] == kpi, "diff"].notna().any())


def _break_even(res: analysis.Results, paired: pd.DataFrame, kpi: str) -> list[str]:
    """Where each way's paired difference crosses zero along the first factor."""
    x = res.factors[0]
    rest = res.factors[1:]
    lines = []
    for way in res.ways[1:]:
        mine = paired[(paired["way"] == way) & (paired["kpi"] == kpi)]
        groups = mine.groupby(rest) if rest else [((), mine)]
        for key, rows in groups:
            at = analysis.break_even(rows, x, kpi)
            where = ", ".join(
                f"{f} = {v}"
                for f, v in zip(rest, key if isinstance(key, tuple) else (key,), strict=True)
            )
            where = f" (at {where})" if where else ""
            if at is None:
                d = rows["diff"].dropna()
                if d.eq(0).all():
                    continue
                sign = "below" if d.le(0).all() else "above"
                lines.append(
                    f"- {way} − {res.reference_of(way)}{where}: no break-even over the range of "
                    f"{x}; the difference stays {sign} zero."
                )
            elif (rows["hi"] < 0).any() and (rows["lo"] > 0).any():
                lines.append(
                    f"- {way} − {res.reference_of(way)}{where}: break-even at {x} ≈ {at:.3g} "
                    "(linear interpolation of the mean paired difference, which is clearly "
                    "below zero at some levels and clearly above at others)."
                )
            else:  # a crossing of the means inside the noise is no break-even
                lines.append(
                    f"- {way} − {res.reference_of(way)}{where}: no clear break-even; the mean "
                    f"difference crosses zero at {x} ≈ {at:.3g}, but its 95% interval is not "
                    "clearly on both sides of zero (more replications may tell)."
                )
    return [*lines, ""] if lines else []


def _erlang(res: analysis.Results, levels: pd.DataFrame, out: Path) -> list[str]:
    ref = analysis.erlang_c_reference(res)
    sim = levels[levels["kpi"] == "wait_first_contact_mean"]
    merged = ref.merge(sim, on=[*res.factors, "way", "kpi"])
    merged["within_ci"] = (merged["erlang_c"] >= merged["lo"]) & (
        merged["erlang_c"] <= merged["hi"]
    )
    lines = [
        "## Model against Erlang C",
        "",
        "| "
        + " | ".join(
            [*res.factors, "way", "load ρ", "Erlang C Wq", "model Wq [95% CI]", "within CI"]
        )
        + " |",
        "|" + "---|" * (len(res.factors) + 5),
    ]
    for _, r in merged.iterrows():
        cells = [analysis.fmt(r[f]) for f in res.factors]
        cells += [
            r["way"],
            f"{r['load']:.2f}",
            analysis.fmt(r["erlang_c"]),
            analysis.fmt(r["mean"], r["lo"], r["hi"]),
            "yes" if r["within_ci"] else "no",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    merged.to_csv(out / "erlang_c.csv", index=False)
    return [*lines, ""]


def _sensitivity(res: analysis.Results, names: list[str], out: Path) -> list[str]:
    design = res.manifest["design"]
    sample = sensitivity.design_sample(res)
    lines = [
        f"Sensitivity analysis ({design}) over {', '.join(res.factors)}; "
        f"{len(sample.x)} factor points.",
        "",
    ]
    if res.missing:  # Morris and Sobol indices are defined on the whole design, not a part
        return [
            *lines,
            "No sensitivity indices yet: they need a run of every factor point of the design, "
            f"and {len(res.rows)} of {res.cells_total} cells have one (see above).",
            "",
        ]
    tables = []
    for kpi in names:
        table = sensitivity.analyse(res, kpi, sample)
        for note in table.attrs.get("notes", []):
            lines += [f"Note: the sensitivity analysis warned: {note}", ""]
        if not len(table):
            continue
        table.insert(0, "kpi", kpi)
        tables.append(table)
        sensitivity.plot(table, design, kpi, out)
        lines += [
            f"## {analysis.kpi_label(kpi)}",
            "",
            sensitivity.markdown(table, design),
            f"![sensitivity of {kpi}](sensitivity_{kpi}.png)",
            "",
        ]
    if tables:
        pd.concat(tables).to_csv(out / "sensitivity.csv", index=False)
    return lines
