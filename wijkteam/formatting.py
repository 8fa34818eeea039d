"""How an outcome's value is written, for the command line, the dashboard and its reports.

One home, so that a share is "12.3 %" and a cost "€ 1,234" wherever a user reads it. The
unit is the one of `wijkteam.model.KPIS` (share, days, euro, count, index); `lang` "nl" writes
a decimal comma and a thousands point ("12,3 %", "€ 1.234"). Nothing here imports the
dashboard or the model, so both the CLI and the dashboard can use it.
"""

from __future__ import annotations

import math

MISSING = "–"  # no value (NaN or None): an en dash, not "nan"
#: the unit word of durations: the model counts in working days (220 a year)
DAY_WORDS = {"en": "working days", "nl": "werkdagen"}


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def decimal_mark(text: str, lang: str) -> str:
    """A number written the English way ("1,234.5") in `lang` ("1.234,5" in Dutch)."""
    if lang != "nl":
        return text
    return text.translate(str.maketrans(".,", ",."))


def shown_scale(unit: str) -> float:
    """The factor from a stored value to the figure a reader is shown, for tables and
    charts that write numbers without their unit: shares in per cent, all else as stored."""
    return 100.0 if unit == "share" else 1.0


def shown_unit(unit: str, difference: bool = False) -> str:
    """The unit of the figure `shown_scale` gives, for an axis or a column head: "%" for a
    share, "%-pt" for a difference of shares (as `diff_text` writes it), else the unit."""
    if unit == "share":
        return "%-pt" if difference else "%"
    return unit


def number_text(value: float | None, unit: str, lang: str = "en") -> str:
    """The figure without a unit word: "12.3 %", "€ 1,234", "4.5" (days), "0.35", "1,234"
    (counts of 100 and more, and whole counts, without decimals: "38", not "38.00")."""
    if _missing(value):
        return MISSING
    assert value is not None
    if unit == "share":
        text = f"{value * 100:.1f} %"
    elif unit == "euro":
        text = f"€ {value:,.0f}"
    elif unit == "days":
        text = f"{value:.1f}"
    elif unit == "count" and (abs(value) >= 100 or float(value).is_integer()):
        text = f"{value:,.0f}"
    else:
        text = f"{value:.2f}"
    return decimal_mark(text, lang)


def value_text(value: float | None, unit: str, lang: str = "en") -> str:
    """The figure with its unit as a reader wants it: "4.5 working days", "12.3 %"."""
    text = number_text(value, unit, lang)
    if unit == "days" and text != MISSING:
        return f"{text} {DAY_WORDS.get(lang, DAY_WORDS['en'])}"
    return text


def diff_number(value: float | None, unit: str, lang: str = "en") -> str:
    """A difference B - A as a signed number without its unit: "+1.2" (points), "+25" (euro)."""
    if _missing(value):
        return MISSING
    assert value is not None
    if unit == "share":
        text = f"{value * 100:+.1f}"
    elif unit == "euro":
        text = f"{value:+,.0f}"
    elif unit == "days":
        text = f"{value:+.1f}"
    else:
        text = f"{value:+.2f}"
    return decimal_mark(text, lang)


def diff_text(value: float | None, unit: str, lang: str = "en") -> str:
    """A difference B - A, always signed: "+1.2 %-pt", "€ +25", "-0.4" (days), "+0.05"."""
    number = diff_number(value, unit, lang)
    if number == MISSING:
        return number
    return {"share": f"{number} %-pt", "euro": f"€ {number}"}.get(unit, number)


def interval_text(
    value: float | None, lo: float | None, hi: float | None, unit: str, lang: str = "en"
) -> str:
    """A difference with its interval, the unit said once: "+3.6 %-pt [+1.3; +5.9]"."""
    text = diff_text(value, unit, lang)
    if _missing(lo) or _missing(hi):
        return text
    return f"{text} [{diff_number(lo, unit, lang)}; {diff_number(hi, unit, lang)}]"
