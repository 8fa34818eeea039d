"""The classroom's picture of one team at work: queues, numbered professionals, hand-offs and
households coming back, as one SVG drawn from an immutable view of the model.

Why a view: the play thread advances the model while the page draws; drawing reads only a
frozen `TeamView`, taken under the lesson's lock. `TeamWatch` compares one frame with the
previous one to find what moved in between (a case that changed hands, a household that came
back), because the model itself keeps no list of those for every household.

The picture is drawn in its own pixels: at 1280×720 it is shown at least at its natural width
(780 px), so its 16-unit texts are at least 16 px on a projector.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from wijkteam.model import DOMAINS, WijkteamModel
from wijkteam.model.story import MOTHER

from . import i18n
from .charts import DOMAIN_COLORS
from .i18n import t

MOVE_DAYS = 8.0  # a hand-off or a return stays on the picture this many model days
MAX_MOVES = 14  # drawn at most (the newest)
OUTCOME_KEYS = ("resolved", "closed", "escalated", "dropped")
GOLD, GOLD_DARK = "#d4a017", "#7a5a00"
INK, MUTED = "#1f1f1f", "#555555"
HANDOFF_COLOR = "#b3261e"
RETURN_COLOR = "#6a3d9a"

W = 780
TOP = 36  # below the title line
ROW_H = 26.0
LANE = 22  # the lane at the bottom where households come back
QUEUE_X, DOTS_X, DOTS_ROOM = 4, 104, 10
TEAM_X, CELLS_X = 268, 360
FONT = 16
GLIDE_S = 0.3  # a moving dot glides this long after each frame


# --------------------------------------------------------------------------- views
@dataclass(frozen=True)
class Glyph:
    """One professional as drawn: number (the story's "#5"), specialty, shape, caseload."""

    pid: int
    specialty: str
    deep: tuple[str, ...]
    depth: float
    breadth: float
    load: int
    limit: int
    has_mother: bool


@dataclass(frozen=True)
class Row:
    """One line of waiting households: a desk (islands) or the front door / the team queue."""

    domain: str | None
    name: str  # "desk", "front_door" or "team_queue"
    intake: int
    help: int
    has_mother: bool


@dataclass(frozen=True)
class Move:
    """Something that happened between frames: a case handed from professional `frm` to
    `to`, or a household (`frm`/`to` None) coming back to the front door."""

    kind: str  # "handoff" or "return"
    at: float
    frm: int | None = None
    to: int | None = None


@dataclass(frozen=True)
class TeamView:
    way: str
    time: float
    team: tuple[Glyph, ...]
    rows: tuple[Row, ...]
    counts: dict
    moves: tuple[Move, ...]
    mother_stage: str | None


class TeamWatch:
    """One team's model, looked at frame by frame (see the module's docstring)."""

    def __init__(self, model: WijkteamModel, way: str):
        self.model, self.way = model, way
        self.holders: dict[int, int] = {}  # open case -> professional who last had it
        self.moves: list[Move] = []
        self.seen = model.time
        self.returns = 0  # households that came back since the lesson started
        self.handoffs = 0
        self._known = len(model.cases)
        # what had arrived and ended before the lesson (the warm-up): the lesson counts its
        # own year, as returns and hand-offs do, not the years before it
        self._before = model.census()
        self._note_holders()

    def _note_holders(self) -> list[tuple[int, int]]:
        """Record who holds each open case; return (from, to) of every case that changed
        hands since the last look."""
        changed, holders = [], {}
        for case in self.model.cases.live.values():  # the open requests
            if case.outcome is not None or case.last_prof is None:
                continue
            pid = case.last_prof.pid
            before = self.holders.get(case.rid)
            if before is not None and before != pid:
                changed.append((before, pid))
            holders[case.rid] = pid
        self.holders = holders
        return changed

    def look(self) -> TeamView:
        """What the team looks like now, with what moved since the last look."""
        model, now = self.model, self.model.time
        for frm, to in self._note_holders():
            self.moves.append(Move("handoff", now, frm, to))
            self.handoffs += 1
        for kind, arrival in model.cases.arrivals_since(self._known):
            if kind != "new":
                self.moves.append(Move("return", arrival))
                self.returns += 1
        self._known = len(model.cases)
        self.moves = [m for m in self.moves if now - m.at < MOVE_DAYS][-MAX_MOVES:]
        self.seen = now
        return view_of(
            model, self.way, tuple(self.moves), self.returns, self.handoffs, self._before
        )


def _mother_case(model: WijkteamModel):
    # the mother is followed: her requests are kept whole
    return next((c for c in reversed(model.cases.followed) if c.household.name == MOTHER), None)


def view_of(
    model: WijkteamModel,
    way: str,
    moves: tuple[Move, ...] = (),
    returns: int = 0,
    handoffs: int = 0,
    before: dict[str, int] | None = None,
) -> TeamView:
    """The team as the picture shows it. Arrivals and outcomes are counted since `before`
    (a census taken when the lesson started); who is waiting or in care is counted now."""
    mother = _mother_case(model)
    open_mother = mother is not None and mother.outcome is None
    holder = mother.holder if open_mother else None
    team = []
    for p in model.team:
        other = [k for d, k in p.skills.items() if d not in p.deep]
        team.append(
            Glyph(
                p.pid,
                p.specialty,
                tuple(p.deep),
                max(p.skills[d] for d in p.deep),
                sum(other) / len(other) if other else 0.0,
                len(p.cases),
                p.limit,
                p is holder,
            )
        )
    census = model.census()
    start = before or {}
    counts = {
        "arrived": census["arrived"] - start.get("arrived", 0),
        "waiting": census["waiting"],
        "in_care": census["intake"] + census["treatment"],
        "returns": returns,
        "handoffs": handoffs,
        **{k: census[k] - start.get(k, 0) for k in OUTCOME_KEYS},
    }
    waiting_in = mother.queue if open_mother else None
    return TeamView(
        way,
        model.time,
        tuple(team),
        _rows(model, waiting_in),
        counts,
        moves,
        mother.stage if mother is not None else None,
    )


def _rows(model: WijkteamModel, mother_queue) -> tuple[Row, ...]:
    """A row per desk (its intake and its help queue together), and one row for a shared
    front door or a shared team queue."""
    by_domain: dict[str, list] = {}
    shared = []
    for q in model.queues:
        if q.domain is None:
            shared.append(q)
        else:
            by_domain.setdefault(q.domain, []).append(q)
    rows = [
        Row(
            None,
            "front_door" if q.kind == "entry" else "team_queue",
            q.n if q.kind == "entry" else 0,
            q.n if q.kind != "entry" else 0,
            q is mother_queue,
        )
        for q in shared
        if q.kind == "entry"
    ]
    for d in DOMAINS:
        qs = by_domain.get(d.id, [])
        if qs:
            rows.append(
                Row(
                    d.id,
                    "desk",
                    sum(q.n for q in qs if q.kind == "entry"),
                    sum(q.n for q in qs if q.kind != "entry"),
                    any(q is mother_queue for q in qs),
                )
            )
    rows += [
        Row(None, "team_queue", 0, q.n, q is mother_queue) for q in shared if q.kind != "entry"
    ]
    return tuple(rows)


# --------------------------------------------------------------------------- drawing
def short_domain(domain: str, lang: str) -> str:
    """A domain's first word ("Parenting", "Geldzaken"): what fits a row at 16 px."""
    return i18n.domain_label(domain, lang).split(" ")[0].rstrip(",&")


def picture_height(rows: int, specialties: int) -> float:
    return TOP + max(rows, specialties) * ROW_H + LANE + 6


def describe(view: TeamView, lang: str) -> str:
    """The picture in one sentence, for screen readers (its text alternative)."""
    c = view.counts
    return t(
        "cl_picture_alt",
        lang,
        way=i18n.preset_label(view.way, lang),
        waiting=c["waiting"],
        in_care=c["in_care"],
        returns=c["returns"],
        handoffs=c["handoffs"],
        n=len(view.team),
    )


def team_svg(view: TeamView, lang: str, followed: bool = False, glide_days: float = 2.0) -> str:
    """The team as one SVG: waiting rows on the left, a row of numbered glyphs per specialty
    on the right, moving dots for hand-offs and for households coming back."""
    specialties = [d.id for d in DOMAINS if any(g.specialty == d.id for g in view.team)]
    n_rows = max(len(view.rows), len(specialties), 1)
    row_h = ROW_H
    height = picture_height(len(view.rows), len(specialties))
    label = i18n.preset_label(view.way, lang)
    out = [
        f'<svg viewBox="0 0 {W} {height:.0f}" xmlns="http://www.w3.org/2000/svg" '
        f'class="wt-team-svg" role="img" font-family="Roboto, Arial, sans-serif" '
        f'data-way="{view.way}" data-followed="{str(followed).lower()}" '
        f'data-day="{view.time:.0f}" style="max-width:{W}px">',
        f"<title>{escape(describe(view, lang))}</title>",
    ]
    c = view.counts
    out.append(
        f'<text x="{QUEUE_X}" y="24" font-size="19" font-weight="700" fill="{INK}">'
        f"{escape(label)}</text>"
    )
    out.append(
        f'<text x="{W - 4}" y="24" font-size="{FONT}" text-anchor="end" fill="{INK}">'
        f"{escape(t('cl_counts', lang, waiting=c['waiting'], in_care=c['in_care']))}</text>"
    )
    # waiting rows
    for i, row in enumerate(view.rows):
        y = TOP + i * row_h + row_h / 2
        name = short_domain(row.domain, lang) if row.domain else t(f"cl_{row.name}", lang)
        if row.domain:
            out.append(
                f'<rect x="{QUEUE_X}" y="{y - 7:.1f}" width="6" height="14" '
                f'fill="{DOMAIN_COLORS[row.domain]}"/>'
            )
        out.append(
            f'<text x="{QUEUE_X + 10}" y="{y + 5.5:.1f}" font-size="{FONT}" fill="{INK}">'
            f"{escape(name)}</text>"
        )
        out.append(_dots(DOTS_X, y, row.intake, row.help, row.has_mother))
    # the team: a row per specialty, numbered glyphs
    places: dict[int, tuple[float, float]] = {}
    widest = max((sum(g.specialty == s for g in view.team) for s in specialties), default=1)
    cell_w = min(70.0, (W - CELLS_X) / max(1, widest))
    for ri, dom in enumerate(specialties):
        y0 = TOP + ri * row_h
        out.append(
            f'<rect x="{TEAM_X}" y="{y0 + row_h / 2 - 7:.1f}" width="6" height="14" '
            f'fill="{DOMAIN_COLORS[dom]}"/>'
            f'<text x="{TEAM_X + 10}" y="{y0 + row_h / 2 + 5.5:.1f}" font-size="{FONT}" '
            f'fill="{INK}">{escape(short_domain(dom, lang))}</text>'
        )
        members = [g for g in view.team if g.specialty == dom]
        for ci, g in enumerate(members):
            x0 = CELLS_X + ci * cell_w
            places[g.pid] = (x0 + 8, y0 + row_h / 2)
            out.append(_glyph(g, x0, y0, row_h, DOMAIN_COLORS[dom]))
    # the lane where households come back
    lane_y = TOP + n_rows * row_h + LANE / 2 + 2
    out.append(
        f'<line x1="{QUEUE_X}" y1="{lane_y:.0f}" x2="{W - 4}" y2="{lane_y:.0f}" '
        'stroke="#d9d9d9" stroke-dasharray="4 4"/>'
    )
    out.append(
        f'<text x="{W - 4}" y="{lane_y + 5:.0f}" font-size="{FONT}" text-anchor="end" '
        f'fill="{RETURN_COLOR}" paint-order="stroke" stroke="white" stroke-width="4">'
        f"{escape(t('cl_returns_lane', lang, n=c['returns']))}</text>"
    )
    for m in view.moves:
        out.append(_move(m, view.time, places, lane_y, glide_days))
    out.append("</svg>")
    return "".join(out)


def _dots(x: float, y: float, intake: int, help_: int, mother: bool) -> str:
    """Households waiting: open circles wait for an intake, filled ones for help; the
    mother's dot is gold."""
    parts = []
    kinds = ["intake"] * intake + ["help"] * help_
    for i, kind in enumerate(kinds[:DOTS_ROOM]):
        cx = x + i * 12 + 5
        is_mother = mother and i == len(kinds) - 1
        if is_mother:
            parts.append(f'<circle cx="{cx:.0f}" cy="{y:.0f}" r="5.5" fill="{GOLD}"/>')
        elif kind == "intake":
            parts.append(
                f'<circle cx="{cx:.0f}" cy="{y:.0f}" r="4.3" fill="white" stroke="{MUTED}" '
                'stroke-width="1.6"/>'
            )
        else:
            parts.append(f'<circle cx="{cx:.0f}" cy="{y:.0f}" r="4.6" fill="{MUTED}"/>')
    if len(kinds) > DOTS_ROOM:
        parts.append(
            f'<text x="{x + DOTS_ROOM * 12 + 4:.0f}" y="{y + 5.5:.0f}" font-size="{FONT}" '
            f'fill="{INK}">+{len(kinds) - DOTS_ROOM}</text>'
        )
    return "".join(parts)


def _glyph(g: Glyph, x0: float, y0: float, row_h: float, color: str) -> str:
    """A T (or I, or π) for one professional with its number — the one the story uses —
    and a caseload bar (red when full)."""
    parts = [f'<g class="wt-prof" data-pid="{g.pid}" data-mother="{str(g.has_mother).lower()}">']
    if g.has_mother:
        parts.append(
            f'<rect x="{x0 - 2:.1f}" y="{y0 + 1:.1f}" width="62" height="{row_h - 2:.1f}" '
            f'rx="5" fill="#fff4cc" stroke="{GOLD}" stroke-width="2.5"/>'
        )
    cx, top = x0 + 8, y0 + 4
    bar_w = 5 + 11 * g.breadth
    stem_h = 8 + 11 * g.depth
    parts.append(
        f'<rect x="{cx - bar_w / 2:.1f}" y="{top:.1f}" width="{bar_w:.1f}" height="4" '
        f'rx="1" fill="{color}" opacity="0.6"/>'
    )
    for dx in [0.0] if len(g.deep) == 1 else [-3.0, 3.0]:
        parts.append(
            f'<rect x="{cx + dx - 2:.1f}" y="{top:.1f}" width="4" height="{stem_h:.1f}" '
            f'rx="1" fill="{color}"/>'
        )
    parts.append(
        f'<text x="{x0 + 19:.1f}" y="{y0 + row_h / 2 + 5.5:.1f}" font-size="{FONT}" '
        f'font-weight="700" fill="{INK}" class="wt-prof-number">{g.pid}</text>'
    )
    fill = min(1.0, g.load / g.limit) if g.limit else 0.0
    bx, bh = x0 + 46, row_h - 8
    parts.append(
        f'<rect x="{bx:.1f}" y="{y0 + 4:.1f}" width="6" height="{bh:.1f}" fill="#e6e6e6"/>'
        f'<rect x="{bx:.1f}" y="{y0 + 4 + bh * (1 - fill):.1f}" width="6" '
        f'height="{bh * fill:.1f}" fill="{"#c62828" if g.load >= g.limit else "#616161"}"/>'
    )
    parts.append("</g>")
    return "".join(parts)


def _move(m: Move, now: float, places: dict, lane_y: float, glide_days: float) -> str:
    """A dot travelling along a curve: from one professional to the next (a hand-off), or
    along the bottom lane back to the front door (a household that returns). Its place on
    the curve is the share of MOVE_DAYS gone by; within a frame it glides on to where the
    next frame will draw it."""
    if m.kind == "handoff":
        if m.frm not in places or m.to not in places:
            return ""
        (x1, y1), (x2, y2) = places[m.frm], places[m.to]
        lift = 18 + abs(y2 - y1) * 0.25
        path = f"M{x1:.0f},{y1:.0f} Q{(x1 + x2) / 2:.0f},{min(y1, y2) - lift:.0f} {x2:.0f},{y2:.0f}"
        color = HANDOFF_COLOR
    else:
        x1, x2 = W - 40, DOTS_X - 14
        path = f"M{x1},{lane_y:.0f} C{x1 - 200},{lane_y + 10:.0f} {x2 + 200},{lane_y + 10:.0f} "
        path += f"{x2},{lane_y:.0f} L{x2},{TOP + 8}"
        color = RETURN_COLOR
    p0 = min(1.0, max(0.0, (now - m.at) / MOVE_DAYS))
    p1 = min(1.0, p0 + glide_days / MOVE_DAYS)
    fade = 1.0 - 0.6 * p0
    return (
        f'<g class="wt-move" data-kind="{m.kind}" opacity="{fade:.2f}">'
        f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2" '
        f'stroke-dasharray="5 4" opacity="0.55"/>'
        f'<circle r="6" fill="{color}" stroke="white" stroke-width="1.5">'
        f'<animateMotion dur="{GLIDE_S}s" fill="freeze" calcMode="linear" '
        f'keyPoints="{p0:.3f};{p1:.3f}" keyTimes="0;1" path="{path}"/></circle></g>'
    )
