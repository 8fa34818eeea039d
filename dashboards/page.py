"""Settings of the whole page that Solara's template does not give: the page's language,
zoom, visible focus, readable colours, a layout that works at 400 px, projector-sized text in
the classroom.

Why a module of its own: these hold for every view, and the views (explorer, classroom) are
built by different hands; `PageSettings(lang)` is placed once in the app's `Page`.

- `lang` on `<html>` follows the language switch (screen readers pronounce Dutch as Dutch).
- Solara's template says `maximum-scale=1, user-scalable=no`; that blocks zooming on phones
  and tablets, so the viewport tag is rewritten to allow it (WCAG 1.4.4).
- Every focusable element gets a clearly visible focus ring (WCAG 2.4.7).
- Controls that Vuetify 2 and Solara leave without a name (an input or slider with an empty
  label, a select drawn as a "button" around an input, a chart image without `alt`) are
  named from the visible label beside them by a small script (page.vue); the explorer's
  charts carry their text alternative in a hidden `.wt-chart-alt` text.
- Below 700 px the explorer's side panel and results stack instead of squeezing the results
  to a sliver.
"""

from __future__ import annotations

from pathlib import Path

import solara

HERE = Path(__file__).resolve().parent

#: the focus ring: dark blue, 3 px, with a white halo so it shows on coloured buttons too
FOCUS = "#0b3d91"

CSS = f"""
:focus-visible {{ outline: 3px solid {FOCUS} !important; outline-offset: 2px !important;
                 box-shadow: 0 0 0 5px #ffffff !important; }}
.v-btn:focus-visible::before {{ opacity: 0.12 !important; }}
.v-input--selection-controls__input input:focus-visible + div,
.v-slider__thumb-container:focus-within {{ outline: 3px solid {FOCUS}; outline-offset: 2px; }}
/* read by screen readers, not shown (the text alternative of a chart) */
.wt-sr-only {{ position: absolute !important; width: 1px; height: 1px; overflow: hidden;
               clip: rect(0 0 0 0); white-space: nowrap; }}
/* grey help texts dark enough to read (≥ 4.5:1 on white) */
.theme--light.v-label, .theme--light.v-messages {{ color: rgba(0, 0, 0, 0.72) !important; }}
/* the classroom is shown on a projector: every text at least 16 px, the header included */
body:has(.wt-classroom) .v-btn {{ font-size: 16px !important; text-transform: none !important;
                                  letter-spacing: 0 !important; }}
body:has(.wt-classroom) .wt-page-subtitle {{ font-size: 16px !important; }}
.wt-classroom *:not(svg, svg *) {{ font-size: 16px; }}
/* a row of buttons of which one is pressed (widgets.Choice) */
.wt-choice-group {{ display: inline-flex; }}
.wt-choice-btn {{ border-radius: 0 !important; box-shadow: none !important; }}
.wt-choice-group .wt-choice-btn:first-child {{ border-radius: 6px 0 0 6px !important; }}
.wt-choice-group .wt-choice-btn:last-child {{ border-radius: 0 6px 6px 0 !important; }}
/* narrow screens (a phone, 400 px): panels one above the other, charts one per row */
@media (max-width: 700px) {{
  /* a label above its buttons, which may wrap and shrink, and no row wider than the
     screen (the classroom's way buttons made the page 438 px wide on a 390 px phone) */
  .wt-choice {{ flex-wrap: wrap; }}
  .wt-choice .wt-label {{ flex: 1 1 100%; }}
  .wt-choice-group {{ flex-wrap: wrap; max-width: 100%; }}
  .wt-choice-btn {{ max-width: 100%; white-space: normal; }}
  .wt-choice-btn .v-btn__content {{ white-space: normal; }}
  .wt-explorer {{ flex-wrap: wrap !important; }}
  .wt-side, .wt-main {{ flex: 1 1 100% !important; width: 100% !important;
                        min-width: 0 !important; max-width: 100% !important; }}
  .wt-charts {{ grid-template-columns: 1fr !important; }}
  .wt-config {{ min-width: 0 !important; }}
}}
"""


@solara.component_vue(str(HERE / "page.vue"))
def _LangAndZoom(lang: str):
    """Sets `lang` on the page and allows zooming (see page.vue)."""


@solara.component
def PageSettings(lang: str):
    """The page-wide settings above; place once in the app's Page."""
    solara.Style(CSS)
    _LangAndZoom(lang=lang)
