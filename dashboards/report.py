"""What a policy maker takes to a council meeting: a verdict per outcome that does not call
noise a difference, a conclusion in plain Dutch or English, the comparison as a CSV file in
the page's language, and a one-page report (HTML, and PDF drawn with matplotlib, which needs
no browser and nothing from the internet)."""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from datetime import date
from html import escape

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from wijkteam.experiments.verdict import RELEVANT
from wijkteam.experiments.verdict import verdict as rule
from wijkteam.formatting import diff_text, interval_text, shown_scale, value_text
from wijkteam.model import KPIS
from wijkteam.model.steady_state import flagged

from . import i18n
from .state import Comparison


def verdict(row: dict, kpi: str) -> str:
    """'better', 'worse', 'no_diff' (within noise or too small to matter) or 'neutral' (a
    measure where neither direction is better, or no interval yet): the one rule of
    `wijkteam.experiments.verdict`, with its smallest relevant difference per unit."""
    meta = KPIS.get(kpi)  # None: the current model lacks it
    if meta is None:
        return "neutral"
    smallest = RELEVANT.get(meta.unit, 0.0)
    v = rule(
        row.get("diff"), row.get("diff_lo"), row.get("diff_hi"), meta.lower_is_better, smallest
    )
    return v or "neutral"


def _rows(cmp: Comparison) -> dict[str, dict]:
    return {r["kpi"]: r for r in cmp.table.to_dict("records")}


def conclusion(cmp: Comparison, kpis: tuple[str, ...], labels: dict, lang: str) -> list[str]:
    """The comparison in plain sentences: what B does better, what it costs, what does not
    differ clearly. Only what the intervals support is said."""
    rows = _rows(cmp)
    better, worse, same = [], [], []
    for kpi in kpis:
        row = rows.get(kpi)
        if row is None or kpi not in KPIS:
            continue
        unit = KPIS[kpi].unit
        what = i18n.kpi_label(kpi, lang).lower()
        v = verdict(row, kpi)
        a, b = value_text(row["mean_a"], unit, lang), value_text(row["mean_b"], unit, lang)
        if v == "better":
            better.append(i18n.tx("concl_item", lang, what=what, b=b, a=a))
        elif v == "worse":
            worse.append(i18n.tx("concl_item", lang, what=what, b=b, a=a))
        elif v == "no_diff":
            same.append(what)
    out = [
        i18n.tx(
            "concl_intro",
            lang,
            a=labels["A"],
            b=labels["B"],
            n=cmp.done,
            years=i18n.years_text(cmp.years, lang),
        )
    ]
    if cmp.done < 2:
        out.append(i18n.tx("concl_pending", lang))
        return out
    if better:
        out.append(i18n.tx("concl_better", lang) + " " + "; ".join(better) + ".")
    if worse:
        out.append(i18n.tx("concl_worse", lang) + " " + "; ".join(worse) + ".")
    if same:
        out.append(i18n.tx("concl_same", lang) + " " + ", ".join(same) + ".")
    if not better and not worse:
        out.append(i18n.tx("concl_none", lang))
    out += _warnings(cmp, labels, lang)
    out.append(i18n.tx("concl_caveat", lang))
    return out


def _warnings(cmp: Comparison, labels: dict, lang: str) -> list[str]:
    """What the plain words must not leave out: a team that held only because households
    gave up (overloaded), or that had not settled, in some of its runs."""
    out = []
    for c, runs in (("A", cmp.runs_a), ("B", cmp.runs_b)):
        n = len(runs)
        label = f"{c} ({labels[c]})"
        unsteady, overloaded = flagged([r.summary for r in runs])
        if overloaded:
            out.append(i18n.tx("concl_overloaded", lang, label=label, k=overloaded, n=n))
        if unsteady:
            out.append(i18n.tx("concl_unsteady", lang, label=label, k=unsteady, n=n))
    return out


def steady_lines(cmp: Comparison, labels: dict, lang: str) -> list[tuple[str, str]]:
    """(configuration, line) for A and B: whether each team holds in the long run, over
    the replications done (the command line's steady-state line, in the page's language)."""
    return [(c, f"{c}: {labels[c]}: {cmp.steady_state(c, lang)}") for c in ("A", "B")]


def comparison_frame(cmp: Comparison, kpis: tuple[str, ...], labels: dict, lang: str):
    """The comparison as a table in the page's language, A and B named. Shares are in per
    cent, as the cards show them and as the unit column says (B − A in percentage points)."""
    rows = _rows(cmp)
    a, b = f"A: {labels['A']}", f"B: {labels['B']}"
    ci = i18n.tx("csv_ci", lang)
    out = []
    for kpi in kpis:
        row = rows.get(kpi)
        if row is None:
            continue
        unit = KPIS[kpi].unit
        scale = shown_scale(unit)
        out.append(
            {
                i18n.tx("csv_measure", lang): i18n.kpi_label(kpi, lang),
                i18n.tx("csv_unit", lang): i18n.unit_label(unit, lang),
                a: scale * row["mean_a"],
                f"{a} {ci} -": scale * row["lo_a"],
                f"{a} {ci} +": scale * row["hi_a"],
                b: scale * row["mean_b"],
                f"{b} {ci} -": scale * row["lo_b"],
                f"{b} {ci} +": scale * row["hi_b"],
                "B − A": scale * row["diff"],
                f"B − A {ci} -": scale * row["diff_lo"],
                f"B − A {ci} +": scale * row["diff_hi"],
                i18n.tx("csv_verdict", lang): i18n.tx(f"verdict_{verdict(row, kpi)}", lang),
                "kpi": kpi,
            }
        )
    return pd.DataFrame(out)


def results_csv(cmp: Comparison, kpis: tuple[str, ...], labels: dict, lang: str) -> str:
    """CSV of the comparison; in Dutch with ';' and decimal commas (as Dutch spreadsheets
    read it), with the seed, replications and horizon on top as comment lines."""
    frame = comparison_frame(cmp, kpis, labels, lang)
    head = i18n.tx(
        "csv_head",
        lang,
        seed=cmp.seed,
        n=cmp.done,
        years=i18n.years_text(cmp.years, lang),
    )
    if lang == "nl":
        body = frame.to_csv(index=False, sep=";", decimal=",")
    else:
        body = frame.to_csv(index=False)
    return f"# {head}\n{body}"


@dataclass(frozen=True)
class ReportInput:
    """Everything the one-page report shows."""

    cmp: Comparison
    kpis: tuple[str, ...]
    labels: dict
    lang: str
    pngs: dict  # chart name -> PNG bytes
    differences: list[tuple[str, str, str]]  # (lever label, A value, B value)
    link: str = ""


def meta_line(cmp: Comparison, lang: str) -> str:
    """Seed, replications, horizon, warm-up and date: the line under the report's title (the
    same in the HTML and the PDF)."""
    return i18n.tx(
        "report_meta",
        lang,
        seed=cmp.seed,
        n=cmp.done,
        years=i18n.years_text(cmp.years, lang),
        warmup=value_text(cmp.scenario_a.warmup_days, "days", lang),
        day=date.today().isoformat(),
    )


def report_html(r: ReportInput) -> str:
    """A self-contained one-page HTML report (images inline), printable on one A4 page."""
    lang, cmp = r.lang, r.cmp
    frame = comparison_frame(cmp, r.kpis, r.labels, lang)
    rows = _rows(cmp)
    table = []
    for kpi in frame["kpi"]:
        row, unit = rows[kpi], KPIS[kpi].unit
        ci = i18n.tx(
            "interval",
            lang,
            lo=diff_text(row["diff_lo"], unit, lang),
            hi=diff_text(row["diff_hi"], unit, lang),
        )
        table.append(
            f"<tr><td>{escape(i18n.kpi_label(kpi, lang))}</td>"
            f"<td>{escape(value_text(row['mean_a'], unit, lang))}</td>"
            f"<td>{escape(value_text(row['mean_b'], unit, lang))}</td>"
            f"<td>{escape(diff_text(row['diff'], unit, lang))} <small>{escape(ci)}</small></td>"
            f"<td>{escape(i18n.tx('verdict_' + verdict(row, kpi), lang))}</td></tr>"
        )
    levers = "".join(
        f"<tr><td>{escape(n)}</td><td>{escape(a)}</td><td>{escape(b)}</td></tr>"
        for n, a, b in r.differences
    )
    images = "".join(
        f'<img alt="{escape(i18n.tx("chart_alt_" + name, lang))}" '
        f'src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        for name, png in r.pngs.items()
        if name in ("waiting_list", "waits")
    )
    conclusion_html = "".join(
        f"<p>{escape(s)}</p>" for s in conclusion(cmp, r.kpis, r.labels, lang)
    )
    steady_html = "".join(
        f'<p class="steady">{escape(line)}</p>' for _, line in steady_lines(cmp, r.labels, lang)
    )
    meta = meta_line(cmp, lang)
    link = f'<p class="meta">{escape(r.link)}</p>' if r.link not in ("", "/") else ""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{escape(i18n.tx("report_title", lang))}</title>
<style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: sans-serif; font-size: 11px; color: #222; max-width: 190mm; margin: auto; }}
h1 {{ font-size: 17px; margin: 0 0 4px; }} h2 {{ font-size: 13px; margin: 10px 0 4px; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 2px 4px; text-align: left; }}
.meta {{ color: #555; }} .a {{ color: #1f6fb2; }} .b {{ color: #b35f00; }}
img {{ width: 49%; }}
</style></head><body>
<h1>{escape(i18n.tx("report_title", lang))}</h1>
<p><b class="a">A: {escape(r.labels["A"])}</b> — <b class="b">B: {escape(r.labels["B"])}</b></p>
<p class="meta">{escape(meta)}</p>{link}
<h2>{escape(i18n.tx("report_conclusion", lang))}</h2>{conclusion_html}
<h2>{escape(i18n.tx("steady_title", lang))}</h2>{steady_html}
<h2>{escape(i18n.tx("report_outcomes", lang))}</h2>
<table><tr><th>{escape(i18n.tx("csv_measure", lang))}</th><th>A</th><th>B</th>
<th>B − A</th><th>{escape(i18n.tx("csv_verdict", lang))}</th></tr>{"".join(table)}</table>
<h2>{escape(i18n.tx("report_scenario", lang))}</h2>
<table><tr><th></th><th>A</th><th>B</th></tr>{levers}</table>
<h2>{escape(i18n.tx("report_charts", lang))}</h2>{images}
</body></html>"""


#: an A4 page in inches, and the share of its width the text may take (0.06 margins)
A4 = (8.27, 11.69)
TEXT_WIDTH = 0.88


def chars_per_line(size: float, width: float = TEXT_WIDTH) -> int:
    """How many characters of a `size`-point sans-serif text fit in `width` of the page: an
    average character is about 0.55 em wide (DejaVu Sans, matplotlib's default), so this
    errs on the short side for text with capitals and digits (a test checks the page)."""
    return int(width * A4[0] * 72 / (size * 0.58))


def report_pdf(r: ReportInput) -> bytes:
    """The same report as a one-page A4 PDF (matplotlib's PDF backend: offline, no browser)."""
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        pdf.savefig(report_figure(r))
    return buf.getvalue()


def report_figure(r: ReportInput) -> Figure:
    """The one-page report as a matplotlib figure of an A4 page: every line wrapped to the
    page's width, the table's measure names wrapped in their column."""
    from matplotlib.image import imread

    lang, cmp = r.lang, r.cmp
    fig = Figure(figsize=A4)
    y = 0.965

    def text(s: str, size: float = 8.5, weight: str = "normal", color: str = "#222") -> None:
        nonlocal y
        for line in textwrap.wrap(s, chars_per_line(size)):
            fig.text(0.06, y, line, fontsize=size, weight=weight, color=color, va="top")
            y -= size / A4[1] / 72 * 1.45
        y -= 0.004

    text(i18n.tx("report_title", lang), 14, "bold")
    text(f"A: {r.labels['A']}   —   B: {r.labels['B']}", 10, "bold")
    text(meta_line(cmp, lang), 7.5, color="#555")
    text(i18n.tx("report_conclusion", lang), 10, "bold")
    for s in conclusion(cmp, r.kpis, r.labels, lang):
        text(s)
    text(i18n.tx("steady_title", lang), 10, "bold")
    for _, line in steady_lines(cmp, r.labels, lang):
        text(line, 7.5)
    text(i18n.tx("report_outcomes", lang), 10, "bold")
    rows = _rows(cmp)
    widths = (0.39, 0.13, 0.13, 0.21, 0.14)  # of the table: measure, A, B, B - A, verdict
    cells = []
    for kpi in r.kpis:
        if kpi not in rows or kpi not in KPIS:
            continue
        row, unit = rows[kpi], KPIS[kpi].unit
        cells.append(
            [
                textwrap.fill(
                    i18n.kpi_label(kpi, lang), chars_per_line(7, widths[0] * TEXT_WIDTH * 0.94)
                ),
                value_text(row["mean_a"], unit, lang),
                value_text(row["mean_b"], unit, lang),
                interval_text(row["diff"], row["diff_lo"], row["diff_hi"], unit, lang),
                textwrap.fill(
                    i18n.tx("verdict_" + verdict(row, kpi), lang),
                    chars_per_line(7, widths[4] * TEXT_WIDTH * 0.94),
                ),
            ]
        )
    line_height = 7 / A4[1] / 72 * 1.25  # of a 7-point line, as a share of the page
    lines = [max(cell.count("\n") + 1 for cell in row) for row in cells]
    heights = [line_height * (n + 0.5) for n in [1, *lines]]
    ax = fig.add_axes((0.06, y - sum(heights), TEXT_WIDTH, sum(heights)))
    ax.axis("off")
    table = ax.table(
        cellText=cells,
        colLabels=[
            i18n.tx("csv_measure", lang),
            "A",
            "B",
            "B − A [95%]",
            i18n.tx("csv_verdict", lang),
        ],
        colWidths=list(widths),
        loc="upper left",
        cellLoc="left",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    for (row_index, _), cell in table.get_celld().items():  # row 0 is the header
        cell.set_height(heights[row_index] / sum(heights))
        cell.PAD = 0.03  # of the cell's width on each side (matplotlib's 0.1 cut texts off)
    y -= sum(heights) + 0.015
    if r.differences:
        text(i18n.tx("report_scenario", lang), 10, "bold")
        for n, a, b in r.differences[:12]:
            text(f"{n}: A {a} · B {b}", 7.5)
    charts = [r.pngs[n] for n in ("waiting_list", "waits") if n in r.pngs]
    bottom = 0.03
    width = 0.44
    for k, png in enumerate(charts):
        img = imread(io.BytesIO(png), format="png")
        h = width * img.shape[0] / img.shape[1] * 8.27 / 11.69
        ax = fig.add_axes((0.06 + k * (width + 0.02), bottom, width, min(h, max(0.05, y - bottom))))
        ax.imshow(img)
        ax.axis("off")
    return fig
