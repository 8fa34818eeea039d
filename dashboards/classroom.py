"""Classroom view for teachers, made for a projector: islands and integral side by side on the
same residents, the mother's story beside the picture, live mini charts, and a visible end
with a short debrief.

The lesson itself (`lesson.Lesson`: both teams on the same residents, prepared in the
dashboard's worker processes) is created per browser session; a play thread advances it and
hands the page an immutable `Frame`, so drawing never reads a model that is being changed.

The toggle only says which team's story is told: it changes no model and starts no work, so
rapid clicks cannot leave it out of step with the picture and the text (defect 6 of issue 10).
The what-ifs and the followed team live in the page's address (`urlstate`), so a reload or a
teacher's link brings the same lesson back; where the lesson is (its day, playing or not)
does not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from html import escape
from typing import cast

import solara

from wijkteam.experiments.verdict import BETTER, WORSE, direction
from wijkteam.formatting import value_text
from wijkteam.model import KPIS
from wijkteam.model.story import TEXT as STORY_TEXT
from wijkteam.model.story import Story, lesson_day, mother_spec

from . import i18n
from .hooks import discarding, use_cancel_token, use_session
from .i18n import t
from .lesson import WAYS, Frame, Lesson, classroom_scenario, year_outcomes
from .minicharts import WAY_COLORS, mini_charts_html
from .team_picture import team_svg
from .urlstate import Settings
from .widgets import Choice

FRAME_SECONDS = 0.25
STEP_DAYS = 5.0  # one working week
SPEEDS = {"speed_slow": 1.0, "speed_normal": 3.0, "speed_fast": 10.0}  # days per frame
# What a what-if changes, over the one simulated year the effect is measured on. Only
# measures a year can observe whole: resolution within two years would be a lower bound here
# (docs/outcomes.md), so it is not among them.
EFFECT_KPIS = (
    "right_help_within_60_share",
    "misrouted_share",
    "handoffs_per_case",
    "repeat_share",
    "dropped_share",
)
DEBRIEF_ROWS = ("resolved", "dropped", "escalated", "returns", "handoffs")


# --------------------------------------------------------------------------- components
def known_whatifs(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The what-ifs of the address this version has, in the order of the buttons (so the
    same choice is the same lesson and the same link, whatever the order of the clicks), and
    the names it does not have (a link from another version, or a typo)."""
    known = tuple(k for k in i18n.WHATIFS if k in names)
    return known, tuple(dict.fromkeys(n for n in names if n not in i18n.WHATIFS))


@solara.component
def Classroom(
    lang: str,
    whatifs: tuple[str, ...],
    follow: str,
    update: Callable[[Callable[[Settings], Settings]], None],
    shown: bool = True,
):
    """The classroom for `whatifs` and the `follow`ed team, from the page's address; a change
    goes back through `update`, given how to change the settings as they are then (clicks in
    a burst come before the page is drawn again, and each must build on the one before it).
    It stays on the page while another view is shown (`shown` False), so a look at Info or
    the explorer keeps the lesson where it was; it pauses meanwhile."""
    active, unknown = known_whatifs(whatifs)
    session = use_session()
    playing = solara.use_reactive(False)
    speed = solara.use_reactive("speed_normal")
    restarts = solara.use_reactive(0)
    steps = solara.use_reactive(0)
    ended = solara.use_reactive(cast(Lesson | None, None))  # the lesson that reached its end

    # built in the workers: the page answers at once, and a click on another what-if while
    # one is being prepared stops that one (it froze the page for every click queued)
    cancel = use_cancel_token([active, restarts.value])
    built = solara.use_thread(
        lambda _: discarding(cancel, lambda: Lesson.prepare(active, cancel, session)),
        dependencies=[active, restarts.value],
        intrusive_cancel=False,
    )
    preparing = built.state != solara.ResultState.FINISHED
    # hidden, or preparing new what-ifs: the lesson on screen stops where it is
    solara.use_effect(
        lambda: None if shown and not preparing else playing.set(False), [shown, preparing]
    )
    lesson = built.value

    def step() -> None:
        if lesson is None:
            return
        lesson.advance(STEP_DAYS)
        if lesson.frame.finished:
            ended.set(lesson)
        steps.set(steps.value + 1)

    def set_follow(way: str) -> None:
        update(lambda s: replace(s, follow=way))

    solara.Style(CSS)
    with solara.Column(classes=["wt-classroom"], gap="8px"):
        with solara.Column(gap="8px"):  # the what-ifs below keep their place (and their work)
            if built.error is not None:
                solara.Error(t("story_failed", lang, message=str(built.error)))
            elif lesson is None:  # the first lesson of this page
                _Preparing(lang)
            else:
                finished = ended.value is lesson
                _Controls(
                    lang,
                    finished,
                    playing,
                    speed,
                    follow,
                    set_follow,
                    restarts,
                    step,
                    preparing,
                )
                # the lesson shown is the last one until the new one is ready; its slot is
                # always there, so the stage below keeps its place and its state
                with solara.Div(classes=["wt-preparing-slot"]):
                    if preparing:
                        _Preparing(lang)
                _Stage(
                    lang,
                    lesson,
                    follow,
                    playing,
                    speed.value,
                    steps.value,
                    ended,
                )
        _WhatIfs(lang, follow, active, unknown, update, session)


@solara.component
def _Preparing(lang: str):
    solara.ProgressLinear(True)
    solara.Text(t("cl_preparing", lang), classes=["wt-status", "wt-preparing"])


@solara.component
def _Stage(lang, lesson: Lesson, follow: str, playing, speed: str, steps: int, ended):
    """The part of the page that changes with every frame: clock, pictures, story, charts.

    Why a component of its own: a frame re-renders only this part, not the buttons above
    it, so a click on a button is never lost in a button that is being redrawn."""
    tick, set_tick = solara.use_state(0)
    frame: Frame = lesson.frame

    def play_loop(cancel: threading.Event):
        if not playing.value:
            return
        days, n = SPEEDS[speed], 0
        while not cancel.is_set() and playing.value and not lesson.frame.finished:
            started = time.perf_counter()
            lesson.advance(days)
            n += 1
            set_tick(n)
            cancel.wait(max(0.02, FRAME_SECONDS - (time.perf_counter() - started)))
        if lesson.frame.finished:
            ended.set(lesson)
            playing.set(False)

    solara.use_thread(
        play_loop, dependencies=[playing.value, speed, lesson], intrusive_cancel=False
    )
    glide = SPEEDS[speed] if playing.value else STEP_DAYS
    # the lesson's own calendar: day 1 is the first day after the warm-up (the years in
    # which the team filled up are not the class's to count)
    elapsed = frame.time - frame.start
    day, end = lesson_day(frame.time, frame.start), round(frame.end - frame.start)
    if frame.finished:
        clock = t("cl_clock_end", lang, day=end)
    else:
        clock = t("cl_clock", lang, day=day, end=end, week=int(elapsed // 5) + 1)
    with solara.Row(classes=["wt-class-main"], gap="14px"):
        with solara.Column(classes=["wt-stage"], gap="6px"):
            # which what-ifs the lesson on screen has (the buttons say which were chosen)
            solara.Div(attributes={"data-whatifs": ",".join(lesson.whatifs)}, classes=["wt-lesson"])
            solara.Text(clock, classes=["wt-clock"] + (["wt-clock-end"] if frame.finished else []))
            for way in WAYS:
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=team_svg(frame.views[way], lang, way == follow, glide),
                    classes=["wt-svg"] + (["wt-followed"] if way == follow else []),
                )
            solara.Text(t("cl_intro", lang), classes=["wt-intro"])
        with solara.Column(classes=["wt-side-story"], gap="10px"):
            if frame.finished:
                _Debrief(lang, frame, lesson.story(lang))
            _Story(lang, follow, frame.time, lesson.story(lang)[follow])
            with solara.Card(margin=0, classes=["wt-live"]):
                solara.Text(t("cl_live", lang), classes=["wt-h2"])
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=mini_charts_html(frame.history, lang, frame.start, frame.end),
                    classes=["wt-minis"],
                )


@solara.component
def _Controls(
    lang, finished: bool, playing, speed, follow: str, set_follow, restarts, step, preparing: bool
):
    with solara.Row(classes=["wt-controls"]):
        solara.Button(
            t("cl_finished", lang)
            if finished
            else t("pause", lang)
            if playing.value
            else t("play", lang),
            icon_name="mdi-pause" if playing.value else "mdi-play",
            color="primary",
            disabled=finished or preparing,
            on_click=lambda: playing.set(not playing.value),
        )
        solara.Button(
            t("cl_step", lang),
            icon_name="mdi-step-forward",
            on_click=step,
            disabled=playing.value or finished or preparing,
        )
        solara.Button(
            t("restart", lang),
            icon_name="mdi-restart",
            on_click=lambda: (playing.set(False), restarts.set(restarts.value + 1)),
        )
        Choice(
            t("speed", lang),
            speed.value,
            speed.set,
            {k: t(k, lang) for k in SPEEDS},
            "wt-speed-toggle",
        )
        Choice(
            t("cl_follow", lang),
            follow,
            set_follow,
            {w: i18n.preset_label(w, lang) for w in WAYS},
            "wt-way-toggle",
        )


@solara.component
def _Story(lang: str, way: str, now: float, story: Story):
    full = solara.use_reactive(False)
    scenario = classroom_scenario(way, ())
    spec = mother_spec(scenario)
    label = i18n.preset_label(way, lang)
    with solara.Card(margin=0, classes=["wt-story"], style={"border-color": WAY_COLORS[way]}):
        with solara.Div(attributes={"data-way": way}, classes=["wt-story-head"]):
            solara.Text(t("cl_story_title", lang, way=label), classes=["wt-h2"])
        with solara.Div(classes=["wt-behind"]):
            solara.Text(
                f"{t('story_asks', lang)}: {i18n.domain_label(spec.presenting, lang)}",
                classes=["wt-asks"],
            )
            solara.Text(
                f"{t('story_behind', lang)}: {i18n.domain_label(spec.root, lang)}",
                classes=["wt-root"],
            )
        solara.Switch(label=t("whole_story", lang), value=full)
        lines = story.lines
        if not full.value and len(story.steps) == len(lines):
            lines = [
                line for (when, _, _), line in zip(story.steps, lines, strict=True) if when <= now
            ]
        # newest at the bottom and in view: the box scrolls from its end (column-reverse)
        with (
            solara.Div(
                classes=["wt-story-scroll"],
                attributes={"tabindex": "0", "role": "log", "aria-label": t("story", lang)},
            ),
            solara.Column(gap="2px", classes=["wt-story-lines"]),
        ):
            for line in lines:
                solara.Text(line, classes=["wt-story-line"])
            if not lines:
                solara.Text(t("story_pending", lang), classes=["wt-help"])


def _days_text(what: str, value: float | None, lang: str) -> str:
    """ "first contact after 3 working days", or "no first contact" (not "after never")."""
    if value is None:
        return t(f"cl_{what}_never", lang)
    return t(f"cl_{what}_after", lang, n=round(value))


@solara.component
def _Debrief(lang: str, frame: Frame, stories: dict[str, Story]):
    """The visible end: what happened in each team, and questions for the class."""
    with solara.Card(margin=0, classes=["wt-debrief"]):
        solara.Text(t("cl_debrief_title", lang), classes=["wt-h2"])
        head = "".join(
            f'<th style="color:{WAY_COLORS[w]}">{escape(i18n.preset_label(w, lang))}</th>'
            for w in WAYS
        )
        rows = []
        for key in DEBRIEF_ROWS:
            name = t(f"cl_{key}", lang) if key in ("returns", "handoffs") else t(key, lang)
            cells = "".join(f"<td>{frame.views[w].counts[key]}</td>" for w in WAYS)
            rows.append(f"<tr><th scope='row'>{escape(name)}</th>{cells}</tr>")
        solara.HTML(
            tag="table",
            unsafe_innerHTML=f"<tr><td></td>{head}</tr>{''.join(rows)}",
            classes=["wt-debrief-table"],
        )
        for w in WAYS:
            s = stories[w]
            outcome = STORY_TEXT[lang]["outcomes"].get(s.outcome, t("cl_open", lang))
            solara.Text(
                t(
                    "cl_mother_sum",
                    lang,
                    way=i18n.preset_label(w, lang),
                    first=_days_text("first", s.first_contact, lang),
                    right=_days_text("right", s.right_help, lang),
                    handoffs=s.handoffs,
                    outcome=outcome,
                ),
                classes=["wt-story-line"],
            )
        solara.Text(t("cl_debrief_intro", lang), classes=["wt-h3"])
        items = "".join(f"<li>{escape(t(f'cl_q{i}', lang))}</li>" for i in range(1, 5))
        solara.HTML(tag="ol", unsafe_innerHTML=items, classes=["wt-questions"])


@solara.component
def _WhatIfs(
    lang: str, way: str, active: tuple[str, ...], unknown: tuple[str, ...], update, session: str
):
    def toggle(key: str) -> None:
        # from the settings then, not the ones this render saw: clicks in a burst come
        # before the page is drawn again, and each would undo the one before it
        def change(s: Settings) -> Settings:
            now = known_whatifs(s.whatifs)[0]
            chosen = tuple(k for k in now if k != key) if key in now else (*now, key)
            return replace(s, whatifs=known_whatifs(chosen)[0])

        update(change)

    cancel = use_cancel_token([way, active])

    def effect(_):
        def years():
            return year_outcomes(way, ((), active), cancel, session) if active else None

        found = discarding(cancel, years)  # without what-ifs too: its token is done with
        return None if found is None else (active, *found)

    result = solara.use_thread(effect, dependencies=[way, active], intrusive_cancel=False)
    with solara.Card(margin=0, classes=["wt-whatif"]):
        solara.Text(t("whatif", lang), classes=["wt-h2"])
        if unknown:  # said, not silently dropped: the class may expect a lesson it won't see
            solara.Warning(
                t("cl_unknown_whatif", lang, names=", ".join(unknown)),
                dense=True,
                classes=["wt-unknown-whatif"],
            )
        with solara.Row(style={"flex-wrap": "wrap", "gap": "6px"}):
            for key in i18n.WHATIFS:
                solara.Button(
                    i18n.whatif_label(key, lang),
                    on_click=lambda k=key: toggle(k),
                    color="primary" if key in active else None,
                    outlined=key not in active,
                    small=True,
                    classes=["wt-whatif-button"],
                    attributes={
                        "aria-pressed": "true" if key in active else "false",
                        "data-whatif": key,
                    },
                )
        if active:
            solara.Button(
                t("undo", lang),
                text=True,
                small=True,
                on_click=lambda: update(lambda s: replace(s, whatifs=())),
            )
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
def _EffectTable(lang: str, whatifs: tuple[str, ...], before: dict, after: dict):
    """Before and after of the followed team's year; `whatifs` marks which choice it shows
    (while a newer one runs, this one stays on screen under a progress bar)."""
    rows = []
    for kpi in EFFECT_KPIS:
        unit, lower_better = KPIS[kpi].unit, KPIS[kpi].lower_is_better
        b, a = before[kpi], after[kpi]
        shown_b, shown_a = value_text(b, unit, lang), value_text(a, unit, lang)
        # one run before and after: judged on the sign alone, when the shown figures differ
        way = direction(a - b, lower_better) if shown_a != shown_b else None
        color = {BETTER: "#2e7d32", WORSE: "#c62828"}.get(way or "", "#555")
        rows.append(
            f"<tr><td>{escape(i18n.kpi_label(kpi, lang))}</td>"
            f"<td>{escape(shown_b)}</td><td>→</td>"
            f"<td style='color:{color};font-weight:600'>{escape(shown_a)}</td></tr>"
        )
    head = (
        f"<tr><th></th><th>{escape(t('before', lang))}</th><th></th>"
        f"<th>{escape(t('after', lang))}</th></tr>"
    )
    with solara.Div(attributes={"data-whatifs": ",".join(whatifs)}, classes=["wt-effect-of"]):
        solara.HTML(tag="table", unsafe_innerHTML=head + "".join(rows), classes=["wt-effect"])


CSS = """
.wt-classroom, .wt-classroom .v-btn, .wt-classroom .v-label, .wt-classroom td,
.wt-classroom th, .wt-classroom li { font-size: 16px !important; }
.wt-classroom .v-btn { text-transform: none !important; letter-spacing: 0 !important; }
.wt-intro, .wt-clock, .wt-h2, .wt-h3, .wt-asks, .wt-root, .wt-story-line, .wt-help,
.wt-mini-label { display: block; }
.wt-controls { align-items: center; flex-wrap: wrap; gap: 8px 10px; }
.wt-clock { font-size: 19px !important; font-weight: 700; min-width: 14em; }
.wt-clock-end { color: #8a4b00; }
.wt-label { font-weight: 600; }
.wt-class-main { align-items: flex-start; flex-wrap: wrap; }
.wt-stage { flex: 1 1 780px; min-width: 0; max-width: 820px; }
.wt-side-story { flex: 1 1 360px; min-width: 0; max-width: 620px; }
.wt-svg svg { width: 100%; height: auto; display: block; }
.wt-svg { border: 2px solid #e0e0e0; border-radius: 8px; padding: 2px 4px; background: #fff; }
.wt-svg.wt-followed { border-color: #7a5a00; }
.wt-intro { color: #333; line-height: 1.35; }
.wt-story, .wt-live, .wt-debrief, .wt-whatif { padding: 8px 12px !important; }
.wt-story { border-left: 6px solid !important; }
.wt-behind { background: #fff8e1; border-left: 4px solid #d4a017; padding: 4px 10px;
             margin: 4px 0; }
.wt-root { font-weight: 700; color: #7a4100; }
.wt-story-scroll { max-height: 230px; overflow-y: auto; display: flex;
                   flex-direction: column-reverse; }
.wt-story-line { line-height: 1.35; border-bottom: 1px dotted #d0d0d0; padding: 2px 0; }
.wt-h2 { font-size: 19px !important; font-weight: 700; }
.wt-h3 { font-weight: 700; margin-top: 6px; }
.wt-help { color: #555; }
.wt-mini { display: grid; grid-template-columns: 7.5em 1fr; column-gap: 8px;
           align-items: center; margin-top: 4px; }
.wt-mini-svg { width: 100%; height: 44px; grid-column: 2; grid-row: 1 / span 2; }
.wt-mini-label { font-weight: 600; }
.wt-mini-values { grid-column: 1; }
.wt-mini-value { display: block; font-weight: 700; }
.wt-debrief { background: #fffdf5 !important; border: 2px solid #d4a017 !important; }
.wt-debrief-table { border-collapse: collapse; margin: 4px 0; }
.wt-debrief-table td, .wt-debrief-table th { padding: 1px 10px 1px 0; text-align: left; }
.wt-questions { margin: 2px 0 0 0; }
.wt-whatif-button { text-transform: none !important; }
.wt-effect { border-collapse: collapse; margin-top: 6px; }
.wt-effect td, .wt-effect th { padding: 2px 8px; text-align: left; }
@media (max-width: 700px) {
  .wt-stage, .wt-side-story { flex: 1 1 100%; max-width: 100%; }
}
"""
