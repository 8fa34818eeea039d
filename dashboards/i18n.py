"""Every label and text of the dashboard in Dutch and English.

`t(key, lang, **values)` looks a text up and fills in `{placeholders}`. KPI, lever, choice,
preset and domain labels have their own tables; English help texts of the levers come from
the scenario (`parameter_spec(name)["help"]`), so they are written once.
"""

from __future__ import annotations

import string

from wijkteam.formatting import DAY_WORDS, decimal_mark
from wijkteam.model import DOMAINS, KPIS, Scenario, parameter_spec

TEXTS: dict[str, tuple[str, str]] = {
    # key: (en, nl)
    "title": (
        "Wijkteam: islands or one integral team?",
        "Wijkteam: eilandjes of één integraal team?",
    ),
    "subtitle": (
        "A simulated Dutch neighbourhood social team. The same residents, two ways of working.",
        "Een gesimuleerd sociaal wijkteam. Dezelfde bewoners, twee manieren van werken.",
    ),
    "language": ("Language", "Taal"),
    "tab_explorer": ("Scenario explorer", "Scenario's verkennen"),
    "tab_classroom": ("Classroom", "Klaslokaal"),
    # explorer
    "neighbourhood": (
        "Neighbourhood (same residents for A and B)",
        "Wijk (dezelfde bewoners voor A en B)",
    ),
    "team": ("Team", "Team"),
    "way": ("Way of working", "Manier van werken"),
    "staff": ("Professionals per specialty", "Professionals per specialisme"),
    "config": ("Configuration", "Configuratie"),
    "edit_config": ("Levers of configuration", "Instellingen van configuratie"),
    "preset": ("Preset", "Voorinstelling"),
    "years": ("Simulated years (after warm-up)", "Gesimuleerde jaren (na inloop)"),
    "replications": ("Replications", "Herhalingen"),
    "seed": (
        "Seed (same residents for A and B)",
        "Startgetal van het toeval (dezelfde bewoners voor A en B)",
    ),
    "reset_levers": ("Back to preset", "Terug naar voorinstelling"),
    "changed": (
        "{n} {n:plural:lever|levers} changed from the preset",
        "{n} {n:plural:instelling|instellingen} gewijzigd t.o.v. de voorinstelling",
    ),
    "invalid": ("Configuration {c}: {message}", "Configuratie {c}: {message}"),
    "invalid_both": ("Both configurations: {message}", "Beide configuraties: {message}"),
    "stale_badge": (
        "Updating… these figures belong to the previous settings",
        "Wordt bijgewerkt… deze cijfers horen bij de vorige instellingen",
    ),
    "paused_badge": (
        "Paused: these figures belong to the last valid settings",
        "Gepauzeerd: deze cijfers horen bij de laatste geldige instellingen",
    ),
    "running": (
        "Running replication {done} of {total}…",
        "Herhaling {done} van {total} loopt…",
    ),
    "done": (
        "{total} {total:plural:replication|replications} of {years:g} "
        "{years:plural:simulated year|simulated years}, seed {seed}: ready in {secs:.1f} s",
        "{total} {total:plural:herhaling|herhalingen} van {years:g} "
        "{years:plural:gesimuleerd jaar|gesimuleerde jaren}, startgetal {seed}: "
        "klaar in {secs:.1f} s",
    ),
    "progress": (
        "{done} of {total} replications done",
        "{done} van {total} herhalingen klaar",
    ),
    "last_valid": (
        "Paused: the results below are those of the last valid settings.",
        "Gepauzeerd: hieronder staan de resultaten van de laatste geldige instellingen.",
    ),
    "no_results": (
        "Paused until the settings are valid.",
        "Gepauzeerd tot de instellingen geldig zijn.",
    ),
    "waiting_first": ("Waiting for the first run…", "Wachten op de eerste run…"),
    "kpis": ("Key figures", "Kerncijfers"),
    "difference": ("B − A", "B − A"),
    "ci": ("95% interval {lo} … {hi}", "95%-interval {lo} … {hi}"),
    "ci_pending": ("interval after 2 replications", "interval na 2 herhalingen"),
    "better": ("B better", "B beter"),
    "worse": ("B worse", "B slechter"),
    "no_diff": ("no clear difference", "geen duidelijk verschil"),
    "charts_of": (
        "Charts: mean of {n} {n:plural:replication|replications}; bars show 95% intervals",
        "Grafieken: gemiddelde van {n} {n:plural:herhaling|herhalingen}; "
        "strepen tonen 95%-intervallen",
    ),
    "chart_waiting_list": ("Waiting list over time", "Wachtlijst in de tijd"),
    "chart_waits": ("Waiting times", "Wachttijden"),
    "chart_misrouting": ("Misrouting and hand-offs", "Verkeerd gerouteerd en overdrachten"),
    "chart_workload": ("Workload per professional", "Werkdruk per professional"),
    "chart_hours": ("Where the hours go", "Waar de uren heen gaan"),
    "waiting_list": ("households waiting", "wachtende huishoudens"),
    "day": ("working day", "werkdag"),
    "days": (DAY_WORDS["en"], DAY_WORDS["nl"]),
    "warmup": ("warm-up", "inloop"),
    "share": ("share", "aandeel"),
    "per_case": ("per case", "per casus"),
    "utilisation": ("utilisation", "bezetting"),
    "professional": ("professionals, by specialty", "professionals, per specialisme"),
    "mean_p90": (
        "mean (bar) and 90th percentile (dot)",
        "gemiddelde (staaf) en 90e percentiel (punt)",
    ),
    "hours_direct": ("direct client work", "direct cliëntcontact"),
    "hours_intake": ("intake", "intake"),
    "hours_coordination": ("coordination", "afstemming"),
    "hours_admin": ("administration", "administratie"),
    "export": ("Export", "Exporteren"),
    "export_scenario": ("Scenario {c} (TOML)", "Scenario {c} (TOML)"),
    "export_results": ("Results (CSV)", "Resultaten (CSV)"),
    "export_png": ("{chart} (PNG)", "{chart} (PNG)"),
    "import_scenario": (
        "Drop a scenario TOML file here to load it into configuration {c}",
        "Sleep een scenario-TOML-bestand hierheen om het in configuratie {c} te laden",
    ),
    "imported": ("Loaded {name} into configuration {c}", "{name} geladen in configuratie {c}"),
    "import_failed": ("Could not load {name}: {message}", "Kon {name} niet laden: {message}"),
    "custom": ("(from file)", "(uit bestand)"),
    "range": ("allowed {lo} … {hi}", "toegestaan {lo} … {hi}"),
    # classroom
    "class_intro": (
        "Households come in at the front door, wait in queues and are helped by the team. "
        "Each T is a professional: the stem is the depth of their specialism, the bar the "
        "breadth of what they know of other domains; the bar below shows their caseload.",
        "Huishoudens komen binnen bij de voordeur, wachten in een rij en worden geholpen door "
        "het team. Elke T is een professional: de poot is de diepte van het specialisme, de "
        "balk de breedte van wat hij of zij van andere domeinen weet; het balkje eronder is de "
        "caseload.",
    ),
    "way_of_team": ("Way of working of the team", "Manier van werken van het team"),
    "play": ("Play", "Afspelen"),
    "pause": ("Pause", "Pauze"),
    "step": ("Step (1 week)", "Stap (1 week)"),
    "restart": ("Start again", "Opnieuw"),
    "speed": ("Speed", "Snelheid"),
    "speed_slow": ("slow", "langzaam"),
    "speed_normal": ("normal", "normaal"),
    "speed_fast": ("fast", "snel"),
    "clock": ("Week {week} · day {day}", "Week {week} · dag {day}"),
    "front_door": ("Front door", "Voordeur"),
    "intake_queue": ("waiting for intake", "wacht op intake"),
    "treatment_queue": ("waiting for help", "wacht op hulp"),
    "the_team": ("The team", "Het team"),
    "arrived": ("arrived", "binnengekomen"),
    "waiting": ("waiting", "wachtend"),
    "in_care": ("in care", "in zorg"),
    "resolved": ("helped (root treated)", "geholpen (oorzaak aangepakt)"),
    "closed": ("closed without the root", "afgesloten zonder oorzaak"),
    "escalated": ("escalated", "geëscaleerd"),
    "dropped": ("dropped out", "afgehaakt"),
    "mother_frame": (
        "▢ gold frame: who has the mother's case",
        "▢ gouden kader: wie de casus van de moeder heeft",
    ),
    "story": ("One household's journey", "De reis van één huishouden"),
    "story_asks": ("She asks about", "Ze vraagt naar"),
    "story_behind": ("The question behind the question", "De vraag achter de vraag"),
    "story_pending": ("Following the mother…", "De moeder volgen…"),
    "cl_preparing": (
        "Preparing the lesson: both teams through their years of warm-up…",
        "De les wordt voorbereid: beide teams door hun jaren van inloop…",
    ),
    "story_failed": (
        "The story could not be told: {message}",
        "Het verhaal kon niet worden verteld: {message}",
    ),
    "whole_story": ("Show the whole story", "Toon het hele verhaal"),
    "whatif": ("What happens if…", "Wat gebeurt er als…"),
    "whatif_effect": (
        "Effect of “{what}” ({way}, one year, same residents)",
        "Effect van „{what}” ({way}, één jaar, dezelfde bewoners)",
    ),
    "before": ("before", "voor"),
    "after": ("after", "na"),
    "undo": ("Undo the what-ifs", "Alle wat-als ongedaan maken"),
}

# ---------------------------------------------------------------------------------------------
# Classroom and page texts (issue 10, classroom / accessibility / Dutch). Kept in their own
# block so the explorer's additions merge without conflicts; every key starts with "cl_" or
# "page_".
CLASSROOM_TEXTS: dict[str, tuple[str, str]] = {
    "cl_intro": (
        "Both teams meet the same residents (same seed, same arrivals, same needs). Each T "
        "is a professional with their number: the stem is the depth of their specialism, the "
        "bar the breadth of what they know of other domains, the bar beside the number their "
        "caseload. Open circles wait for an intake, filled ones for help; the mother is gold. "
        "A red dashed curve is a hand-off, a purple dot on the bottom line a household that "
        "comes back.",
        "Beide teams krijgen dezelfde bewoners (hetzelfde toeval, dezelfde aanmeldingen, "
        "dezelfde vragen). Elke T is een professional met een nummer: de poot is de diepte "
        "van het specialisme, de balk de breedte van wat hij of zij van andere domeinen weet, "
        "het staafje naast het nummer de caseload. Open rondjes wachten op een intake, dichte "
        "op hulp; de moeder is goud. Een rode stippelboog is een overdracht, een paarse stip "
        "op de onderste lijn een huishouden dat terugkomt.",
    ),
    "cl_follow": ("Follow the mother in", "Volg de moeder bij"),
    "cl_unknown_whatif": (
        "The page's address names what-ifs this version does not have, left out: {names}",
        "Het adres van de pagina noemt wat-alsen die deze versie niet kent, weggelaten: {names}",
    ),
    "cl_clock": ("Day {day} of {end} · week {week}", "Dag {day} van {end} · week {week}"),
    "cl_clock_end": (
        "Day {day}: one simulated year is over",
        "Dag {day}: één gesimuleerd jaar is voorbij",
    ),
    "cl_finished": ("Finished", "Afgelopen"),
    "cl_counts": (
        "{waiting} waiting · {in_care} in care",
        "{waiting} wachtend · {in_care} in zorg",
    ),
    "cl_front_door": ("Front door", "Voordeur"),
    "cl_team_queue": ("Team queue", "Teamwachtrij"),
    "cl_returns_lane": (
        "↺ {n} {n:plural:household|households} came back",
        "↺ {n} {n:plural:huishouden|huishoudens} teruggekomen",
    ),
    "cl_picture_alt": (
        "{way}: {waiting} {waiting:plural:household|households} waiting, {in_care} in care, "
        "{returns} came back, {handoffs} {handoffs:plural:hand-off|hand-offs}; "
        "{n} professionals",
        "{way}: {waiting} {waiting:plural:huishouden|huishoudens} wachtend, {in_care} in zorg, "
        "{returns} teruggekomen, {handoffs} {handoffs:plural:overdracht|overdrachten}; "
        "{n} professionals",
    ),
    "cl_story_title": ("The mother's journey with {way}", "De reis van de moeder bij {way}"),
    "cl_live": ("Live: both teams", "Live: beide teams"),
    "cl_waiting": ("Waiting", "Wachtend"),
    "cl_in_care": ("In care", "In zorg"),
    "cl_returns": ("Came back", "Teruggekomen"),
    "cl_handoffs": ("Hand-offs", "Overdrachten"),
    "cl_mini_alt": (
        "{what}, day {start} to day {now}: {a_label} {a}, {b_label} {b}",
        "{what}, dag {start} tot dag {now}: {a_label} {a}, {b_label} {b}",
    ),
    "cl_debrief_title": (
        "The end: one simulated year is over",
        "Einde: één gesimuleerd jaar is voorbij",
    ),
    "cl_debrief_intro": (
        "Both teams met the same residents. What did you see?",
        "Beide teams kregen dezelfde bewoners. Wat zag je?",
    ),
    "cl_q1": (
        "Which team helped the mother sooner, and who did she meet on the way?",
        "Welk team hielp de moeder eerder, en wie kwam ze onderweg tegen?",
    ),
    "cl_q2": (
        "Where did households wait longest: at a desk, at the front door or in the team queue?",
        "Waar wachtten huishoudens het langst: bij een loket, bij de voordeur of in de "
        "teamwachtrij?",
    ),
    "cl_q3": (
        "Why do households come back, and with which team did more of them come back?",
        "Waarom komen huishoudens terug, en bij welk team kwamen er meer terug?",
    ),
    "cl_q4": (
        "Which team had more drop-outs and escalations, and what could explain that?",
        "Welk team had meer afhakers en escalaties, en hoe zou dat komen?",
    ),
    "cl_mother_sum": (
        "{way}: {first}, {right}, {handoffs} {handoffs:plural:hand-off|hand-offs}; {outcome}.",
        "{way}: {first}, {right}, {handoffs} {handoffs:plural:overdracht|overdrachten}; {outcome}.",
    ),
    "cl_first_after": (
        "first contact after {n:g} {n:plural:working day|working days}",
        "eerste contact na {n:g} {n:plural:werkdag|werkdagen}",
    ),
    "cl_first_never": ("no first contact", "geen eerste contact"),
    "cl_right_after": (
        "the right help after {n:g} {n:plural:working day|working days}",
        "de juiste hulp na {n:g} {n:plural:werkdag|werkdagen}",
    ),
    "cl_right_never": ("no right help", "geen juiste hulp"),
    "cl_open": ("still open", "nog open"),
    "cl_team_col": ("Team", "Team"),
    "cl_step": ("Step (1 week)", "Stap (1 week)"),
    "page_chart_alt": (
        "Chart: {title}, {a} (A, blue) against {b} (B, orange). The figures with their "
        "intervals are on the cards above.",
        "Grafiek: {title}, {a} (A, blauw) tegenover {b} (B, oranje). De cijfers met hun "
        "intervallen staan op de kaarten hierboven.",
    ),
}
TEXTS.update(CLASSROOM_TEXTS)

# What-if buttons of the classroom: key -> (flat lever changes, en, nl). Changes that the
# button's words tie to the default ("half", "a third more") are taken from the default
# scenario, so they stay true when the calibration moves it: "a third more" once set 8 first
# requests a day, a third more than the old default of 6 and three times the calibrated 2.71.
_DEFAULT = Scenario()
WHATIFS: dict[str, tuple[dict, str, str]] = {
    "one_door": (
        {"front_door": "single", "intake_mode": "explore"},
        "…there is one front door with an explorative intake?",
        "…er één voordeur is met een verkennende intake?",
    ),
    "t_shaped": (
        {"profile": "T", "breadth": 0.55},
        "…every professional becomes T-shaped?",
        "…iedere professional T-vormig wordt?",
    ),
    "half_admin": (
        {"admin_share": round(_DEFAULT.admin_share / 2, 3)},
        "…administration takes half the time?",
        "…de administratie de helft minder tijd kost?",
    ),
    "honest_question": (
        {"p_present_root": 1.0},
        "…everyone asks about their real problem?",
        "…iedereen naar het echte probleem vraagt?",
    ),
    "busy": (
        {"arrivals_per_day": round(_DEFAULT.arrivals_per_day * 4 / 3, 2)},
        "…a third more residents ask for help?",
        "…een derde meer bewoners om hulp vraagt?",
    ),
}

# KPI labels in Dutch, by KPI name. The English labels are the model's own
# (`wijkteam.model.KPIS`, one home); every KPI of the model needs a Dutch label here
# (tests/dashboard/test_logic.py checks it): there is no fallback to English.
KPI_LABELS_NL: dict[str, str] = {
    "requests": "Hulpvragen",
    "first_contact_within_5_share": "Eerste contact binnen 5 werkdagen",
    "first_contact_median_days": "Eerste contact, mediaan",
    "wait_first_contact_mean": (
        "Wachten op eerste contact, gemiddeld (van wie binnen 220 dagen gezien is)"
    ),
    "right_help_within_20_share": "Juiste hulp binnen 20 werkdagen",
    "right_help_within_60_share": "Juiste hulp binnen 60 werkdagen",
    "right_help_within_220_share": "Juiste hulp binnen 220 werkdagen",
    "right_help_median_days": "Tijd tot de juiste hulp, mediaan",
    "wait_right_help_mean_helped": (
        "Tijd tot de juiste hulp, gemiddeld van wie binnen 220 dagen geholpen is"
    ),
    "wait_right_help_rmean_220": (
        "Tijd tot de juiste hulp, gemiddeld tot 220 dagen (niet geholpen = 220)"
    ),
    "never_helped_share": "Nooit geholpen: afgehaakt, geëscaleerd of vertrokken binnen 220 dagen",
    "p_wait": "Aandeel hulpvragen niet meteen gezien",
    "misrouted_share": "Verkeerd gerouteerde casussen",
    "handoffs_per_case": "Overdrachten per casus",
    "repeat_share": "Herhaalvragen (draaideur)",
    "resolved_share": "Opgelost (oorzaak aangepakt) binnen 2 jaar na de hulpvraag",
    "escalated_share": "Geëscaleerd naar tweede lijn binnen 2 jaar (tijdens of na de hulp)",
    "dropped_share": "Afgehaakt tijdens wachten",
    "utilisation_mean": "Bezetting van professionals",
    "hours_direct_share": "Uren: direct cliëntcontact",
    "hours_intake_share": "Uren: intake",
    "hours_coordination_share": "Uren: afstemming",
    "hours_admin_share": "Uren: administratie",
    "caseload_gini": "Spreiding caseload (Gini)",
    "cost_per_household": "Kosten per huishouden",
}

UNITS: dict[str, tuple[str, str]] = {
    "days": (DAY_WORDS["en"], DAY_WORDS["nl"]),
    "share": ("%", "%"),
    "count": ("", ""),
    "index": ("", ""),
    "euro": ("€", "€"),
}

# Levers shown in the explorer: name -> (en label, nl label, nl help)
LEVERS: dict[str, tuple[str, str, str]] = {
    "arrivals_per_day": (
        "Demand: new requests per working day",
        "Vraag: nieuwe hulpvragen per werkdag",
        "Nieuwe hulpvragen per werkdag (herhaalvragen komen erbij)",
    ),
    "multi_problem_share": (
        "Share of multi-problem households",
        "Aandeel multiprobleemhuishoudens",
        "Aandeel huishoudens met vragen op meer dan één domein",
    ),
    "p_present_root": (
        "How often the question asked is the real one",
        "Hoe vaak de gestelde vraag de echte is",
        "Kans dat de vraag die een huishouden stelt de oorzaak is",
    ),
    "breadth": (
        "Breadth of the T (skill outside the specialty)",
        "Breedte van de T (kennis buiten het specialisme)",
        "Kennis buiten het eigen specialisme: de liggende balk van de T",
    ),
    "admin_share": (
        "Administrative burden (share of hours)",
        "Administratieve last (aandeel uren)",
        "Deel van de uren dat opgaat aan administratie en registratie",
    ),
    "profile": (
        "Skill profile",
        "Vaardigheidsprofiel",
        "I: alleen het eigen vak; T: diep én breed; pi: twee specialismen; generalist",
    ),
    "front_door": (
        "Front door",
        "Voordeur",
        "Een loket per domein, of één voordeur voor elke vraag",
    ),
    "intake_mode": (
        "Intake",
        "Intake",
        "De specialist kijkt naar het eigen domein, of zoekt de vraag achter de vraag",
    ),
    "routing": (
        "Queue and routing",
        "Wachtrij en toewijzing",
        "Een rij per loket, of één gedeelde rij naar wie het best past",
    ),
    "other_needs": (
        "Other needs found later",
        "Later gevonden andere vragen",
        "Doorverwijzen (achteraan in een andere rij) of een collega consulteren",
    ),
    "case_lead": (
        "One case lead per household",
        "Eén regisseur per huishouden",
        "Eén gezin, één plan, één regisseur: de oorzaak eerst",
    ),
    "team_meeting": (
        "Weekly case consultation",
        "Wekelijks casusoverleg",
        "Vastgelopen casussen krijgen een tweede blik van het team",
    ),
}
for _d in DOMAINS:
    LEVERS[f"staff.{_d.id}"] = (_d.en, _d.nl, f"Aantal professionals met specialisme {_d.nl}")

NEIGHBOURHOOD_LEVERS = ("arrivals_per_day", "multi_problem_share", "p_present_root")
TEAM_LEVERS = ("breadth", "admin_share")
STAFF_LEVERS = tuple(f"staff.{d.id}" for d in DOMAINS)
WAY_LEVERS = (
    "front_door",
    "intake_mode",
    "routing",
    "other_needs",
    "case_lead",
    "team_meeting",
    "profile",
)

CHOICES: dict[str, tuple[str, str]] = {
    "desk": ("a desk per domain", "een loket per domein"),
    "single": ("one front door", "één voordeur"),
    "explore": ("explore the question behind the question", "vraag achter de vraag verkennen"),
    "skill": ("one pooled queue, best fit", "één gedeelde rij, beste match"),
    "refer": ("refer to another desk", "doorverwijzen naar ander loket"),
    "consult": ("consult a colleague", "collega consulteren"),
    "I": ("I-shaped (own specialty only)", "I-vormig (alleen eigen vak)"),
    "T": ("T-shaped (deep and broad)", "T-vormig (diep en breed)"),
    "pi": ("π-shaped (two specialties)", "π-vormig (twee specialismen)"),
    "generalist": ("generalist", "generalist"),
    "custom": ("custom (from file)", "eigen (uit bestand)"),
}
# the intake lever says "desk" for a specialist intake: its own wording
INTAKE_DESK = ("specialist looks at own domain", "specialist kijkt naar eigen domein")
ROUTING_DESK = ("a queue per desk", "een rij per loket")

PRESET_NAMES = ("islands", "integral", "zwolle-2015", "zwolle-matured", "default")
PRESET_LABELS: dict[str, tuple[str, str]] = {
    "islands": ("Islands (before 2015)", "Eilandjes (voor 2015)"),
    "integral": ("Integral wijkteam", "Integraal wijkteam"),
    "zwolle-2015": ("Zwolle 2015: integral, thin T", "Zwolle 2015: integraal, smalle T"),
    "zwolle-matured": ("Zwolle matured: broad T", "Zwolle na jaren: brede T"),
    "default": ("Default neighbourhood", "Standaardwijk"),
    "custom": ("From a file", "Uit een bestand"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "nl" else pair[0]


def t(key: str, lang: str, **values) -> str:
    """The text `key` in `lang` ("en" or "nl"), with `values` filled in: numbers with the
    language's decimal mark, `{n:plural:one|more}` as a real plural (see `fill`)."""
    text = _pick(TEXTS[key], lang)
    return fill(text, lang, **values) if values else text


# --------------------------------------------------------------------------- numbers, plurals
class _Filler(string.Formatter):
    """`str.format` that speaks the page's language.

    Why: a Dutch page must show "34,0 s" and "1.234", and a count needs its real plural
    ("1 gesimuleerd jaar", "2 gesimuleerde jaren"), not "ja(a)r(en)". Every text goes through
    here, so a placeholder like `{secs:.1f}` is right in both languages without each caller
    formatting numbers itself.
    """

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            one, _, more = format_spec[len("plural:") :].partition("|")
            return one if is_one(value) else more
        if isinstance(value, bool) or not isinstance(value, int | float):
            return super().format_field(value, format_spec)
        return decimal_mark(format(value, format_spec), self.lang)


def is_one(value) -> bool:
    """Singular or plural: only exactly one takes the singular (0, 0.5 and 2 do not)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 1


def number(value: float, lang: str, decimals: int = 1) -> str:
    """`value` with `decimals` decimals and the language's decimal mark."""
    return decimal_mark(f"{value:,.{decimals}f}", lang)


def fill(template: str, lang: str, **values) -> str:
    """`template` with `values` filled in, numbers and plurals in `lang` (see `_Filler`)."""
    return _Filler(lang).format(template, **values)


def chart_alt(name: str, labels: dict[str, str], lang: str) -> str:
    """The text alternative of an explorer chart: what it shows, for whom (A and B)."""
    title_key = f"chart_{name}"
    title = t(title_key, lang) if title_key in TEXTS else name
    return t("page_chart_alt", lang, title=title, a=labels["A"], b=labels["B"])


def kpi_label(name: str, lang: str) -> str:
    """A KPI's label: in English the model's own (`wijkteam.model.KPIS`), in Dutch from
    `KPI_LABELS_NL`. A KPI without a Dutch label is an error, not an English word on a Dutch
    page (a test checks that every KPI of the model has one)."""
    if lang == "nl":
        return KPI_LABELS_NL[name]
    return KPIS[name].label


def unit_label(unit: str, lang: str) -> str:
    return _pick(UNITS.get(unit, (unit, unit)), lang)


def lever_label(name: str, lang: str) -> str:
    return _pick(LEVERS[name][:2], lang)


def lever_help(name: str, lang: str) -> str:
    return LEVERS[name][2] if lang == "nl" else parameter_spec(name)["help"]


def choice_label(lever: str, value: str, lang: str) -> str:
    if value == "desk" and lever == "intake_mode":
        return _pick(INTAKE_DESK, lang)
    if value == "desk" and lever == "routing":
        return _pick(ROUTING_DESK, lang)
    return _pick(CHOICES.get(value, (value, value)), lang)


def preset_label(name: str, lang: str) -> str:
    return _pick(PRESET_LABELS.get(name, (name, name)), lang)


def domain_label(domain: str, lang: str) -> str:
    return next(d.label(lang) for d in DOMAINS if d.id == domain)


def whatif_label(key: str, lang: str) -> str:
    _, en, nl = WHATIFS[key]
    return nl if lang == "nl" else en


def bool_label(value: bool, lang: str) -> str:
    return ("ja" if value else "nee") if lang == "nl" else ("yes" if value else "no")


# --------------------------------------------------------------------------- errors
# Messages of invalid settings, by the key the model's ScenarioError carries (its
# MESSAGE_KEYS), in both languages, filled from the error's details. Never by rewriting the
# model's English sentence: a key without a translation here fails a test.
ERRORS: dict[str, tuple[str, str]] = {
    "range": ("must be between {lo:g} and {hi:g}", "moet tussen {lo:g} en {hi:g} liggen"),
    "whole_number": ("must be a whole number", "moet een geheel getal zijn"),
    "number": ("must be a number", "moet een getal zijn"),
    "choices": ("must be one of {choices}", "moet een van deze zijn: {choices}"),
    "true_false": ("must be yes or no", "moet ja of nee zijn"),
    "unknown": ("unknown setting", "onbekende instelling"),
    "not_toml": (
        "not a valid scenario file (TOML: {reason})",
        "geen geldig scenariobestand (TOML: {reason})",
    ),
    "too_deep": (
        "not a scenario file: tables nested too deeply",
        "geen scenariobestand: tabellen te diep genest",
    ),
    "too_many_professionals": (
        "at most {most} professionals",
        "hoogstens {most} professionals",
    ),
    "table": ("must be a table of domain = value", "moet een tabel van domein = waarde zijn"),
    "unknown_domain": ("unknown domain; one of {domains}", "onbekend domein; een van {domains}"),
    "custom_only": (
        "professionals one by one only with the custom skill profile",
        "losse professionals alleen met het eigen vaardigheidsprofiel (custom)",
    ),
    "custom_list": (
        "the custom skill profile needs a list of professionals",
        "het eigen vaardigheidsprofiel (custom) heeft een lijst van professionals nodig",
    ),
    "no_staff": (
        "impossible team: at least one professional is needed",
        "onmogelijk team: er is minstens één professional nodig",
    ),
    "desk_staff": (
        "impossible team: with a desk per domain every domain needs at least one professional",
        "onmogelijk team: met loketten heeft elk domein minstens één professional nodig",
    ),
    "no_direct_hours": (
        "impossible team: only {hours:.2f} direct hours a week are left after administration, "
        "meetings and coordination",
        "onmogelijk team: na administratie, overleg en afstemming blijven er maar {hours:.2f} "
        "directe uren per week over",
    ),
    "no_root_weight": (
        "at least one domain needs a weight above 0",
        "minstens één domein heeft een gewicht boven 0 nodig",
    ),
    "invalid": ("not allowed here", "hier niet toegestaan"),
}
SETTING_ERROR = (
    "invalid setting {label} = {value}: {why}",
    "ongeldige instelling {label} = {value}: {why}",
)


def error_kind(exc) -> tuple[str, dict]:
    """The ERRORS key of a ScenarioError and the values its message needs: the model's own
    key and details (lists joined for reading)."""
    key = getattr(exc, "key", "invalid")
    details = {
        k: ", ".join(map(str, v)) if isinstance(v, tuple | list) else v
        for k, v in getattr(exc, "details", {}).items()
    }
    return (key if key in ERRORS else "invalid"), details


def error_text(exc, lang: str) -> str:
    """A ScenarioError (name, value, key, details) as one sentence for the page, in `lang`."""
    name = getattr(exc, "name", "")
    label = lever_label(name, lang) if name in LEVERS else name
    kind, values = error_kind(exc)
    why = fill(_pick(ERRORS[kind], lang), lang, **values)
    if name == "scenario file":  # the file as a whole (its syntax, its depth): no setting
        return why
    value = getattr(exc, "value", "")
    shown = fill("{v}", lang, v=value) if isinstance(value, int | float) else repr(value)
    return fill(_pick(SETTING_ERROR, lang), lang, label=label, value=shown, why=why)


# --------------------------------------------------------------------------- explorer (issue 10a)
# Texts of the explorer's guard rails, URL state, report, sweep and Info page. Kept in one
# block (looked up with `tx`) so that the classroom's texts can change next to it.
EXPLORER_TEXTS: dict[str, tuple[str, str]] = {
    "tab_info": ("Info", "Info"),
    "view_group": ("View", "Weergave"),
    "lang_group": ("Language", "Taal"),
    "import_into": ("Load into configuration", "Laden in configuratie"),
    "jump_results": ("To the results ↓", "Naar de uitkomsten ↓"),
    "seed_field": ("Seed", "Startgetal (seed)"),
    "seed_help": (
        "The same seed gives the same residents to A and B, and the same results again",
        "Hetzelfde startgetal geeft A en B dezelfde bewoners, en opnieuw dezelfde uitkomsten",
    ),
    "empty_value": ("empty", "leeg"),
    "bad_seed": (
        "The seed must be a whole number from 0 to 4294967295 (it is {value})",
        "Het startgetal moet een geheel getal van 0 tot en met 4294967295 zijn (het is {value})",
    ),
    "bad_years": (
        "Simulated years must be a number from 0.25 to 5 (it is {value})",
        "Gesimuleerde jaren moet een getal van 0,25 tot en met 5 zijn (het is {value})",
    ),
    "bad_reps": (
        "Replications must be a whole number from 1 to 50 (it is {value})",
        "Herhalingen moet een geheel getal van 1 tot en met 50 zijn (het is {value})",
    ),
    "budget_refused": (
        "Too large for the dashboard: one replication would take about {events} events "
        "(about {secs} s); the limit is {limit}. Lower the demand or the simulated years, or "
        "run it with `wijkteam compare`.",
        "Te groot voor het dashboard: één herhaling zou ongeveer {events} gebeurtenissen "
        "kosten (ongeveer {secs} s); de grens is {limit}. Verlaag de vraag of het aantal "
        "gesimuleerde jaren, of draai het met `wijkteam compare`.",
    ),
    "budget_shortened": (
        "To stay within the dashboard's work budget this comparison runs {n} of the {asked} "
        "replications (about {events} events each).",
        "Om binnen het werkbudget van het dashboard te blijven draait deze vergelijking {n} "
        "van de {asked} herhalingen (ongeveer {events} gebeurtenissen per herhaling).",
    ),
    "neighbourhood_same": (
        "Neighbourhood: the same residents for A and B",
        "Wijk: dezelfde bewoners voor A en B",
    ),
    "neighbourhood_differs": (
        "A and B now have different residents ({what}): a difference in the results is "
        "partly a difference in demand, not only in the way of working.",
        "A en B hebben nu verschillende bewoners ({what}): een verschil in de uitkomsten komt "
        "dan deels door een andere vraag, niet alleen door de manier van werken.",
    ),
    "same_residents_button": (
        "Give B the residents of A",
        "Geef B de bewoners van A",
    ),
    "import_horizon": (
        " Its measured period ({days} working days) is not used: the field 'Simulated years' "
        "sets it here.",
        " De gemeten periode uit het bestand ({days} werkdagen) telt hier niet: het veld "
        "'Gesimuleerde jaren' bepaalt die.",
    ),
    "imported_both": (
        "Loaded {name} into configuration {c}; its neighbourhood (demand, residents) now "
        "holds for A and B alike.",
        "{name} geladen in configuratie {c}; de wijk uit dit bestand (vraag, bewoners) geldt "
        "nu voor A en B allebei.",
    ),
    "import_too_large": ("The file is larger than 1 MB.", "Het bestand is groter dan 1 MB."),
    "import_label": (
        "Choose a scenario file (TOML) for configuration {c}, or drop it here",
        "Kies een scenariobestand (TOML) voor configuratie {c}, of sleep het hierheen",
    ),
    "value_is": ("{value}", "{value}"),
    "download_report_html": ("Report (HTML)", "Rapport (HTML)"),
    "download_report_pdf": ("Report (PDF)", "Rapport (PDF)"),
    "download_results": ("Results (CSV)", "Resultaten (CSV)"),
    "download_runs": ("Replications (CSV)", "Herhalingen (CSV)"),
    "conclusion": ("In plain words", "In gewone woorden"),
    "concl_intro": (
        "A ({a}) and B ({b}) were run on the same residents: {n} replications of {years}.",
        "A ({a}) en B ({b}) zijn doorgerekend met dezelfde bewoners: {n} herhalingen van {years}.",
    ),
    "concl_pending": (
        "A conclusion needs at least two replications.",
        "Voor een conclusie zijn minstens twee herhalingen nodig.",
    ),
    "concl_item": ("{what} ({b} against {a})", "{what} ({b} tegen {a})"),
    "concl_better": ("B does better on:", "B doet het beter op:"),
    "concl_worse": ("B does worse on:", "B doet het slechter op:"),
    "concl_same": (
        "No clear difference (within the noise of the simulation) in:",
        "Geen duidelijk verschil (binnen de ruis van de simulatie) in:",
    ),
    "concl_none": (
        "On these measures the two ways of working do not differ clearly.",
        "Op deze maten verschillen de twee manieren van werken niet duidelijk.",
    ),
    "concl_overloaded": (
        "Careful: {label} is overloaded in {k} of {n} runs: more than one request in twenty "
        "drops out while waiting, so its waits look shorter than its demand would make them.",
        "Let op: {label} is overbelast in {k} van {n} herhalingen: meer dan één hulpvraag op "
        "de twintig haakt af tijdens het wachten, dus de wachttijden lijken korter dan de "
        "vraag zou maken.",
    ),
    "concl_unsteady": (
        "Careful: {label} had not settled in {k} of {n} runs (its waiting list or drop-out "
        "still grew, or it was still filling up): its figures may still be changing.",
        "Let op: {label} was in {k} van {n} herhalingen nog niet stabiel (de wachtlijst of "
        "het afhaken groeide nog, of het team liep nog vol): de cijfers kunnen nog veranderen.",
    ),
    "sweep_stale": (
        "These sweep results belong to earlier settings of A or B: run the sweep again",
        "Deze reeks hoort bij eerdere instellingen van A of B: voer hem opnieuw uit",
    ),
    "concl_caveat": (
        "These are outcomes of a model with assumptions (see Info), not a forecast for a "
        "real neighbourhood.",
        "Dit zijn uitkomsten van een model met aannames (zie Info), geen voorspelling voor "
        "een echte wijk.",
    ),
    "verdict_better": ("B better", "B beter"),
    "verdict_worse": ("B worse", "B slechter"),
    "verdict_no_diff": ("no clear difference", "geen duidelijk verschil"),
    "verdict_neutral": ("", ""),
    "interval": ("95% interval {lo} to {hi}", "95%-interval {lo} tot {hi}"),
    "csv_measure": ("measure", "maat"),
    "csv_unit": ("unit", "eenheid"),
    "csv_ci": ("95% interval", "95%-interval"),
    "csv_verdict": ("verdict", "oordeel"),
    "csv_head": (
        "seed {seed}; {n} replications of {years}; B − A paired over the replications",
        "startgetal {seed}; {n} herhalingen van {years}; B − A gepaard per herhaling",
    ),
    "report_title": (
        "Wijkteam: comparison of two ways of working",
        "Wijkteam: vergelijking van twee manieren van werken",
    ),
    "report_meta": (
        "Seed {seed} · {n} replications · {years} measured after a warm-up of {warmup} · "
        "made {day} with the Wijkteam simulation",
        "Startgetal {seed} · {n} herhalingen · {years} gemeten na een inloop van {warmup} · "
        "gemaakt op {day} met de Wijkteam-simulatie",
    ),
    "report_conclusion": ("Conclusion", "Conclusie"),
    "steady_title": (
        "Does each team hold in the long run? (steady state)",
        "Houdt elk team het vol op lange termijn? (stabiele toestand)",
    ),
    "report_outcomes": (
        "Outcomes (mean, and B − A with its 95% interval)",
        "Uitkomsten (gemiddelde, en B − A met 95%-interval)",
    ),
    "report_scenario": ("Where A and B differ", "Waar A en B verschillen"),
    "report_charts": ("Charts", "Grafieken"),
    "chart_alt_waiting_list": (
        "Line chart: households waiting over time for A and B",
        "Lijngrafiek: wachtende huishoudens in de tijd voor A en B",
    ),
    "chart_alt_waits": (
        "Bar chart: waiting times of A and B with 95% intervals",
        "Staafgrafiek: wachttijden van A en B met 95%-intervallen",
    ),
    "chart_alt_misrouting": (
        "Bar chart: misrouting, repeat requests, escalations and hand-offs of A and B",
        "Staafgrafiek: verkeerd gerouteerd, herhaalvragen, escalaties en overdrachten van A en B",
    ),
    "chart_alt_workload": (
        "Bar chart: utilisation of each professional, and where the hours go, for A and B",
        "Staafgrafiek: bezetting per professional, en waar de uren heen gaan, voor A en B",
    ),
    "chart_alt_sweep": (
        "Line chart: {what} of A and B over {lever}, with 95% intervals",
        "Lijngrafiek: {what} van A en B bij {lever}, met 95%-intervallen",
    ),
    "sweep": ("One lever over a range", "Eén knop over een bereik"),
    "sweep_help": (
        "Runs A and B at several values of one lever (the same residents at each value) and "
        "shows an outcome with its 95% interval.",
        "Rekent A en B door bij enkele waarden van één knop (dezelfde bewoners bij elke "
        "waarde) en toont een uitkomst met het 95%-interval.",
    ),
    "sweep_lever": ("Lever", "Knop"),
    "sweep_kpi": ("Outcome", "Uitkomst"),
    "sweep_from": ("From", "Van"),
    "sweep_to": ("To", "Tot en met"),
    "sweep_points": ("Points", "Punten"),
    "sweep_reps": ("Replications per point", "Herhalingen per punt"),
    "sweep_run": ("Run the sweep", "Start de reeks"),
    "sweep_running": ("Point {done} of {total}…", "Punt {done} van {total}…"),
    "sweep_done": ("{total} points done", "{total} punten klaar"),
    "sweep_bad": (
        "{what} must be a number from {lo} to {hi}",
        "{what} moet een getal van {lo} tot en met {hi} zijn",
    ),
    "sweep_run_refused": (
        "Too large for the dashboard: at {x} one replication would take about {events} events; "
        "the limit is {limit}. Take a smaller range or fewer years, or run it with `wijkteam "
        "sweep`.",
        "Te groot voor het dashboard: bij {x} zou één herhaling ongeveer {events} "
        "gebeurtenissen kosten; de grens is {limit}. Neem een kleiner bereik of minder jaren, "
        "of draai het met `wijkteam sweep`.",
    ),
    "sweep_stop": ("Stop", "Stop"),
    "sweep_stopped": (
        "Stopped after {done} of {total} points.",
        "Gestopt na {done} van de {total} punten.",
    ),
    "sweep_refused": (
        "Too large for the dashboard: the sweep would take about {events} events; the limit "
        "is {limit}. Take fewer points, replications or years.",
        "Te groot voor het dashboard: de reeks zou ongeveer {events} gebeurtenissen kosten; "
        "de grens is {limit}. Neem minder punten, herhalingen of jaren.",
    ),
    "definition": ("Definition", "Definitie"),
    "sweep_table": (
        "{what} at each value of {lever}: mean of the replications, 95% interval",
        "{what} bij elke waarde van {lever}: gemiddelde van de herhalingen, 95%-interval",
    ),
    "sweep_cell": ("{mean} ({lo} to {hi})", "{mean} ({lo} tot {hi})"),
}


def tx(key: str, lang: str, **values) -> str:
    """A text of the explorer's block (see EXPLORER_TEXTS), `values` filled in."""
    text = _pick(EXPLORER_TEXTS[key], lang)
    return text.format(**values) if values else text


def number_text(value: float, lang: str, digits: int = 1) -> str:
    """A number with a decimal comma in Dutch, without needless zeros."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",") if lang == "nl" else text


def years_text(years: float, lang: str) -> str:
    """'1 simulated year', '2.5 simulated years' (real plurals, decimal comma in Dutch)."""
    n = number_text(years, lang, 2)
    one = abs(years - 1.0) < 1e-9
    if lang == "nl":
        return f"{n} gesimuleerd jaar" if one else f"{n} gesimuleerde jaren"
    return f"{n} simulated year" if one else f"{n} simulated years"


def thousands_text(n: int, lang: str) -> str:
    """A large count with thousands separators (a point in Dutch)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "nl" else text
