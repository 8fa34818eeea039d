"""Classroom view for teachers: the team at work, one household's journey, and what-ifs.

The animated model belongs to the browser session (`solara.use_ref`); a play thread advances it
and hands the page an immutable snapshot of what to draw, so drawing never reads a model that
is being changed. The seed's mother enters the animated model exactly as in
`wijkteam.model.story.run_story` (same scenario, same seed, at the end of the warm-up), so what
the class sees and the story they read are the same run.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from html import escape

import solara

from wijkteam.model import DOMAINS, KPIS, Scenario, WijkteamModel, preset, simulate
from wijkteam.model.story import MOTHER_WALK_IN, mother_spec, run_story

from . import i18n
from .charts import DOMAIN_COLORS
from .explorer import format_value
from .i18n import t

SEED = 1
WAYS = ("islands", "integral")
MOTHER = "mother"
LEAD_IN_DAYS = 10.0  # the animation starts this long before the mother arrives
FRAME_SECONDS = 0.25
SPEEDS = {"speed_slow": 1.0, "speed_normal": 3.0, "speed_fast": 10.0}  # days per frame
EFFECT_KPIS = (
    "right_help_within_60_share",
    "misrouted_share",
    "handoffs_per_case",
    "repeat_share",
    "resolved_share",
)
OUTCOME_KEYS = ("resolved", "closed", "escalated", "dropped")


def classroom_scenario(way: str, whatifs: tuple[str, ...]) -> Scenario:
    """The team of the classroom: a way of working with the chosen what-ifs on top."""
    updates: dict = {}
    for key in whatifs:
        updates.update(i18n.WHATIFS[key][0])
    return preset(way, updates)


# --------------------------------------------------------------------------- snapshots
@dataclass(frozen=True)
class Glyph:
    pid: int
    specialty: str
    deep: tuple[str, ...]
    depth: float
    breadth: float
    load: int
    limit: int
    has_mother: bool


@dataclass(frozen=True)
class QueueView:
    name: str
    kind: str
    domain: str | None
    n: int
    has_mother: bool


@dataclass(frozen=True)
class Snapshot:
    time: float
    team: tuple[Glyph, ...]
    queues: tuple[QueueView, ...]
    counts: dict
    mother_stage: str | None


def snapshot(model: WijkteamModel) -> Snapshot:
    mother = next((c for c in reversed(model.cases.followed) if c.household.name == MOTHER), None)
    holder = mother.holder if mother is not None and mother.outcome is None else None
    team = []
    for p in model.team:
        other = [k for d, k in p.skills.items() if d not in p.deep]
        team.append(
            Glyph(
                p.pid,
                p.specialty,
                p.deep,
                max(p.skills[d] for d in p.deep),
                sum(other) / len(other) if other else 0.0,
                len(p.cases),
                p.limit,
                p is holder,
            )
        )
    waiting_mother = mother.queue if mother is not None else None
    queues = tuple(
        QueueView(q.name, q.kind, q.domain, q.n, q is waiting_mother) for q in model.queues
    )
    census = model.census()
    counts = {
        "arrived": census["arrived"],
        "waiting": census["waiting"],
        "in_care": census["intake"] + census["treatment"],
        **{k: census[k] for k in OUTCOME_KEYS},
    }
    return Snapshot(
        model.time, tuple(team), queues, counts, None if mother is None else mother.stage
    )


# --------------------------------------------------------------------------- drawing
W, H = 1000, 500
TEAM_X = 432


def _short(label: str) -> str:
    """The first words of a domain label ("Money & debt" of "Money & debt"; "Health" of
    "Health & self-reliance (aids, care)")."""
    head = label.split(" (")[0].split(",")[0]
    return head if len(head) <= 16 else head.split(" ")[0]


def _dots(x: float, y: float, n: int, mother: bool, room: int = 18) -> str:
    parts = []
    for i in range(min(n, room)):
        color = "#d4a017" if mother and i == n - 1 else "#6d6d6d"
        parts.append(f'<circle cx="{x + i * 11:.0f}" cy="{y:.0f}" r="4.3" fill="{color}"/>')
    if n > room:
        parts.append(
            f'<text x="{x + room * 11:.0f}" y="{y + 4:.0f}" font-size="11">+{n - room}</text>'
        )
    return "".join(parts)


def team_svg(snap: Snapshot, lang: str) -> str:
    """The front door, the queues and the team as one SVG picture."""
    out = [
        f'<svg viewBox="0 0 {W} {H}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="Roboto, Arial, sans-serif" class="wt-team-svg" '
        f'data-day="{snap.time:.0f}">',
        '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="6" refY="3" '
        'orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#999"/></marker></defs>',
    ]
    # front door
    out.append(
        '<rect x="8" y="190" width="110" height="110" rx="10" fill="#f3efe6" stroke="#b8a88a"/>'
    )
    out.append(
        '<path d="M38,262 L63,238 L88,262 L88,288 L38,288 Z" fill="#c9b48a"/>'
        '<rect x="57" y="268" width="12" height="20" fill="#8a6d3b"/>'
    )
    out.append(
        f'<text x="63" y="212" text-anchor="middle" font-size="14" font-weight="700">'
        f"{escape(t('front_door', lang))}</text>"
    )
    out.append(
        f'<text x="63" y="230" text-anchor="middle" font-size="11">'
        f"{snap.counts['arrived']} {escape(t('arrived', lang))}</text>"
    )
    # queues: one block "waiting for intake", one "waiting for help"; a row per queue
    blocks = [
        ("intake_queue", [q for q in snap.queues if q.kind == "entry"]),
        ("treatment_queue", [q for q in snap.queues if q.kind == "treatment"]),
    ]
    n_rows = sum(len(qs) + 1 for _, qs in blocks)
    step = min(44.0, (H - 20) / max(1, n_rows))
    y = 18 + max(0.0, (H - 20 - step * n_rows) / 2)
    for kind, queues in blocks:
        out.append(
            f'<text x="136" y="{y + step * 0.6:.0f}" font-size="14" font-weight="700" '
            f'fill="#333">{escape(t(kind, lang))}</text>'
        )
        y += step
        for q in queues:
            label = (
                _short(i18n.domain_label(q.domain, lang))
                if q.domain
                else t("front_door", lang)
                if q.kind == "entry"
                else t("the_team", lang)
            )
            color = DOMAIN_COLORS.get(q.domain, "#555") if q.domain else "#555"
            mid = y + step / 2
            out.append(
                f'<text x="136" y="{mid + 4:.0f}" font-size="12.5" fill="{color}" '
                f'font-weight="600">{escape(label)}</text>'
            )
            out.append(
                f'<rect x="226" y="{mid - 8:.0f}" width="180" height="16" rx="8" '
                f'fill="#f5f5f5" stroke="#e0e0e0"/>'
            )
            out.append(_dots(234, mid, q.n, q.has_mother, room=14))
            out.append(
                f'<line x1="118" y1="245" x2="132" y2="{mid:.0f}" stroke="#ddd" stroke-width="1"/>'
            )
            y += step
    out.append(
        f'<line x1="404" y1="{H / 2:.0f}" x2="{TEAM_X - 6}" y2="{H / 2:.0f}" '
        'stroke="#999" stroke-width="2" marker-end="url(#arrow)"/>'
    )
    # the team: one column per specialty
    ids = [d.id for d in DOMAINS if any(g.specialty == d.id for g in snap.team)]
    col_w = (W - TEAM_X - 10) / max(1, len(ids))
    out.append(
        f'<text x="{TEAM_X + 4}" y="16" font-size="15" font-weight="700">'
        f"{escape(t('the_team', lang))}</text>"
    )
    for ci, dom in enumerate(ids):
        x0 = TEAM_X + ci * col_w
        color = DOMAIN_COLORS.get(dom, "#555")
        members = [g for g in snap.team if g.specialty == dom]
        label = i18n.domain_label(dom, lang).split(" ")[0].rstrip(",&")
        out.append(
            f'<text x="{x0 + col_w / 2:.0f}" y="36" text-anchor="middle" '
            f'font-size="12.5" fill="{color}" font-weight="700">{escape(label)}</text>'
        )
        cell_h = min(74.0, (H - 46) / max(1, len(members)))
        for ri, g in enumerate(members):
            out.append(_glyph(g, x0 + col_w / 2, 44 + ri * cell_h, color, cell_h, lang))
    out.append("</svg>")
    return "".join(out)


def _glyph(g: Glyph, cx: float, y: float, color: str, cell_h: float, lang: str) -> str:
    """A T (or I, or π) for one professional: the bar is the breadth, the stem the depth;
    under it the caseload against its limit."""
    scale = min(1.0, cell_h / 74.0)
    bar_w = (12 + 44 * g.breadth) * scale
    stem_h = (10 + 28 * g.depth) * scale
    parts = [f'<g class="wt-prof" data-pid="{g.pid}">']
    if g.has_mother:
        parts.append(
            f'<rect x="{cx - 30:.0f}" y="{y - 3:.0f}" width="60" '
            f'height="{cell_h - 4:.0f}" rx="8" fill="#fff4cc" stroke="#d4a017" '
            'stroke-width="2"/>'
        )
    parts.append(
        f'<rect x="{cx - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
        f'height="{6 * scale:.1f}" rx="2" fill="{color}" opacity="0.55"/>'
    )
    stems = [0.0] if len(g.deep) == 1 else [-6.0, 6.0]
    for dx in stems:
        parts.append(
            f'<rect x="{cx + dx - 3.5 * scale:.1f}" y="{y:.1f}" '
            f'width="{7 * scale:.1f}" height="{stem_h:.1f}" rx="2" fill="{color}"/>'
        )
    fill = g.load / g.limit if g.limit else 0.0
    by = y + stem_h + 4 * scale
    bar_color = "#c62828" if g.load >= g.limit else "#555"
    parts.append(
        f'<rect x="{cx - 24:.0f}" y="{by:.1f}" width="48" height="{5 * scale:.1f}" '
        f'fill="#eee"/><rect x="{cx - 24:.0f}" y="{by:.1f}" '
        f'width="{48 * min(1.0, fill):.1f}" height="{5 * scale:.1f}" '
        f'fill="{bar_color}"/>'
    )
    parts.append(
        f'<text x="{cx:.0f}" y="{by + 6 * scale + 9:.1f}" text-anchor="middle" '
        f'font-size="{11 * max(scale, 0.8):.1f}" fill="#444">{g.load}/{g.limit}</text>'
    )
    parts.append("</g>")
    return "".join(parts)


# --------------------------------------------------------------------------- components
@solara.component
def Classroom(lang: str):
    way = solara.use_reactive("islands")
    whatifs = solara.use_reactive(())
    playing = solara.use_reactive(False)
    speed = solara.use_reactive("speed_normal")
    full_story = solara.use_reactive(False)
    restarts = solara.use_reactive(0)

    scenario = solara.use_memo(
        lambda: classroom_scenario(way.value, whatifs.value), [way.value, whatifs.value]
    )
    model_ref = solara.use_ref(None)
    lock = solara.use_memo(threading.Lock, [])

    def new_model():
        with lock:
            model = WijkteamModel(scenario, seed=SEED)
            model.add_household(
                mother_spec(scenario), at=scenario.warmup_days, name=MOTHER, walk_in=MOTHER_WALK_IN
            )
            model.run_until(max(0.0, scenario.warmup_days - LEAD_IN_DAYS))
            model_ref.current = model
            return object(), snapshot(model)

    token, first_view = solara.use_memo(new_model, [way.value, whatifs.value, restarts.value])
    latest, set_latest = solara.use_state((None, None))
    view = latest[1] if latest[0] is token else first_view

    def advance(days: float) -> None:
        with lock:
            model = model_ref.current
            if model is None:
                return
            model.run_until(min(model.end_time, model.time + days))
            set_latest((token, snapshot(model)))
            if model.time >= model.end_time:
                playing.set(False)

    def play_loop(cancel: threading.Event):
        if not playing.value:
            return
        days = SPEEDS[speed.value]
        while not cancel.is_set() and playing.value:
            started = time.perf_counter()
            advance(days)
            cancel.wait(max(0.02, FRAME_SECONDS - (time.perf_counter() - started)))

    solara.use_thread(
        play_loop, dependencies=[playing.value, speed.value, token], intrusive_cancel=False
    )

    solara.Style(CSS)
    with solara.Column(classes=["wt-classroom"]):
        solara.Text(t("class_intro", lang), classes=["wt-intro"])
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "10px"}):
            solara.Text(t("way_of_team", lang), style={"font-weight": "600"})
            solara.ToggleButtonsSingle(
                value=way,
                children=[solara.Button(i18n.preset_label(w, lang), value=w) for w in WAYS],
            )
            solara.Button(
                t("pause", lang) if playing.value else t("play", lang),
                icon_name="mdi-pause" if playing.value else "mdi-play",
                color="primary",
                on_click=lambda: playing.set(not playing.value),
            )
            solara.Button(
                t("step", lang),
                icon_name="mdi-step-forward",
                on_click=lambda: advance(5.0),
                disabled=playing.value,
            )
            solara.Button(
                t("restart", lang),
                icon_name="mdi-restart",
                on_click=lambda: (playing.set(False), restarts.set(restarts.value + 1)),
            )
            solara.Text(t("speed", lang))
            solara.ToggleButtonsSingle(
                value=speed, children=[solara.Button(t(k, lang), value=k) for k in SPEEDS]
            )
        with solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap"}):
            with solara.Column(style={"flex": "3 1 640px", "min-width": "0"}):
                if view is not None:
                    _Picture(view, lang)
                _WhatIfs(lang, way.value, whatifs)
            with solara.Column(style={"flex": "2 1 360px", "min-width": "0"}):
                _Story(lang, scenario, view.time if view is not None else 0.0, full_story)


@solara.component
def _Picture(view: Snapshot, lang: str):
    week, day = int(view.time // 5) + 1, int(view.time) + 1
    with solara.Card(margin=0, classes=["wt-picture"]):
        with solara.Row(style={"align-items": "baseline", "flex-wrap": "wrap"}):
            solara.Text(t("clock", lang, week=week, day=day), classes=["wt-clock"])
            for key in ("waiting", "in_care", *OUTCOME_KEYS):
                solara.Text(f"{t(key, lang)}: {view.counts[key]}", classes=["wt-count"])
        solara.HTML(tag="div", unsafe_innerHTML=team_svg(view, lang), classes=["wt-svg"])
        with solara.Row(style={"flex-wrap": "wrap", "gap": "4px 12px"}):
            solara.Text(
                t("mother_frame", lang),
                style={"color": "#8a6d00", "font-size": "12px", "font-weight": "600"},
            )
            for d in DOMAINS:
                solara.Text(
                    f"■ {i18n.domain_label(d.id, lang)}",
                    style={"color": DOMAIN_COLORS[d.id], "font-size": "12px"},
                )


@solara.component
def _Story(lang: str, scenario: Scenario, now: float, full_story):
    def tell():
        return run_story(scenario, SEED, lang)

    result = solara.use_thread(
        tell, dependencies=[scenario.to_toml(), lang], intrusive_cancel=False
    )
    spec = mother_spec(scenario)
    with solara.Card(margin=0, classes=["wt-story"]):
        solara.Text(t("story", lang), classes=["wt-h2"])
        with solara.Div(classes=["wt-behind"]):
            solara.Text(
                f"{t('story_asks', lang)}: {i18n.domain_label(spec.presenting, lang)}",
                classes=["wt-asks"],
            )
            solara.Text(
                f"{t('story_behind', lang)}: {i18n.domain_label(spec.root, lang)}",
                classes=["wt-root"],
            )
        solara.Switch(label=t("whole_story", lang), value=full_story)
        if result.error is not None:
            solara.Error(t("story_failed", lang, message=str(result.error)))
            return
        story = result.value
        if story is None:
            solara.ProgressLinear(True)
            solara.Text(t("story_pending", lang))
            return
        lines = story.lines
        if not full_story.value and len(story.steps) == len(lines):
            lines = [
                line for (when, _, _), line in zip(story.steps, lines, strict=True) if when <= now
            ]
        with solara.Column(gap="4px", classes=["wt-story-lines"]):
            for line in lines:
                solara.Text(line, classes=["wt-story-line"])
            if not lines:
                solara.Text(t("story_pending", lang), classes=["wt-help"])


@solara.component
def _WhatIfs(lang: str, way: str, whatifs):
    active = whatifs.value

    def toggle(key: str) -> None:
        whatifs.set(tuple(k for k in active if k != key) if key in active else (*active, key))

    def effect():
        if not active:
            return None
        one_year = {"horizon_days": 220.0}
        before = simulate(preset(way, one_year), SEED)
        after = simulate(classroom_scenario(way, active).with_updates(one_year), SEED)
        return before, after

    result = solara.use_thread(effect, dependencies=[way, active], intrusive_cancel=False)
    with solara.Card(margin=0, classes=["wt-whatif"]):
        solara.Text(t("whatif", lang), classes=["wt-h2"])
        with solara.Row(style={"flex-wrap": "wrap", "gap": "6px"}):
            for key in i18n.WHATIFS:
                solara.Button(
                    i18n.whatif_label(key, lang),
                    on_click=lambda k=key: toggle(k),
                    color="primary" if key in active else None,
                    outlined=key not in active,
                    small=True,
                    classes=["wt-whatif-button"],
                )
        if active:
            solara.Button(t("undo", lang), text=True, small=True, on_click=lambda: whatifs.set(()))
            what = "; ".join(i18n.whatif_label(k, lang).strip("…?") for k in active)
            solara.Text(
                t("whatif_effect", lang, what=what, way=i18n.preset_label(way, lang)),
                classes=["wt-help"],
            )
            if result.value is None or result.state == solara.ResultState.RUNNING:
                solara.ProgressLinear(True)
            if result.value is not None:
                _EffectTable(lang, *result.value)


@solara.component
def _EffectTable(lang: str, before: dict, after: dict):
    rows = []
    for kpi in EFFECT_KPIS:
        unit, lower_better = KPIS[kpi][1], KPIS[kpi][2]
        b, a = before[kpi], after[kpi]
        shown_b, shown_a = format_value(b, unit, lang), format_value(a, unit, lang)
        changed = shown_a != shown_b and lower_better is not None
        better = (a < b) == lower_better if changed else None
        color = "#2e7d32" if better else "#c62828" if better is False else "#555"
        rows.append(
            f"<tr><td>{escape(i18n.kpi_label(kpi, lang))}</td>"
            f"<td>{escape(shown_b)}</td><td>→</td>"
            f"<td style='color:{color};font-weight:600'>{escape(shown_a)}</td></tr>"
        )
    head = (
        f"<tr><th></th><th>{escape(t('before', lang))}</th><th></th>"
        f"<th>{escape(t('after', lang))}</th></tr>"
    )
    solara.HTML(tag="table", unsafe_innerHTML=head + "".join(rows), classes=["wt-effect"])


CSS = """
.wt-intro, .wt-clock, .wt-count, .wt-h2, .wt-asks, .wt-root, .wt-story-line, .wt-help
  { display: block; }
.wt-intro { color: #444; font-size: 13.5px; max-width: 1100px; }
.wt-clock { font-size: 17px; font-weight: 700; margin-right: 14px; }
.wt-count { font-size: 13px; color: #444; margin-right: 10px; display: inline-block; }
.wt-svg svg { width: 100%; height: auto; }
.wt-picture, .wt-story, .wt-whatif { padding: 10px 12px !important; }
.wt-behind { background: #fff8e1; border-left: 4px solid #d4a017; padding: 6px 10px;
             margin: 6px 0; }
.wt-asks { font-size: 14px; }
.wt-root { font-size: 15px; font-weight: 700; color: #8a4b00; }
.wt-story-line { font-size: 13.5px; line-height: 1.35; border-bottom: 1px dotted #e0e0e0;
                 padding: 2px 0; }
.wt-h2 { font-size: 17px; font-weight: 700; }
.wt-help { font-size: 11.5px; color: #666; }
.wt-whatif-button { text-transform: none !important; }
.wt-effect { border-collapse: collapse; font-size: 13px; margin-top: 6px; }
.wt-effect td, .wt-effect th { padding: 2px 8px; text-align: left; }
"""
