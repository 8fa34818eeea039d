"""The Info page (like NetLogo's Info tab) and the definition of every outcome measure, in
Dutch and English. The definitions are also the hover texts of the KPI cards."""

from __future__ import annotations

import solara

from wijkteam.model import KPIS

from . import i18n

# name -> (en, nl): what the measure counts, over which households, in which unit
DEFINITIONS: dict[str, tuple[str, str]] = {
    "requests": (
        "Help requests that arrived after the warm-up (first requests and repeats).",
        "Hulpvragen die na de inloop binnenkwamen (eerste vragen en herhaalvragen).",
    ),
    "wait_first_contact_mean": (
        "Working days from a request to the first contact with a professional, mean over "
        "the requests that got one within 220 working days.",
        "Werkdagen van een hulpvraag tot het eerste contact met een professional, gemiddeld "
        "over de vragen die dat binnen 220 werkdagen kregen.",
    ),
    "wait_right_help_rmean_220": (
        "Per household: working days from its first request to the start of help for its "
        "real problem (the root), counted up to 220 working days; a household not helped by "
        "then counts as 220 (a restricted mean: it means the same over any run length).",
        "Per huishouden: werkdagen van de eerste hulpvraag tot het begin van hulp voor het "
        "echte probleem (de oorzaak), geteld tot 220 werkdagen; een huishouden dat dan nog "
        "niet geholpen is telt als 220 (een begrensd gemiddelde: het betekent hetzelfde bij "
        "elke looptijd).",
    ),
    "misrouted_share": (
        "Share of taken cases that started at a professional without the depth for the "
        "household's real problem.",
        "Aandeel casussen dat begon bij een professional zonder diepgang in het echte "
        "probleem van het huishouden.",
    ),
    "handoffs_per_case": (
        "Times a case passed from one professional to another, per finished case.",
        "Aantal keren dat een casus van de ene naar de andere professional ging, per "
        "afgeronde casus.",
    ),
    "repeat_share": (
        "Share of requests that are a household coming back because its problem was not "
        "solved (the revolving door).",
        "Aandeel hulpvragen van huishoudens die terugkomen omdat het probleem niet is "
        "opgelost (de draaideur).",
    ),
    "resolved_share": (
        "Share of requests that end with the root treated within two years of the request "
        "(cumulative incidence; in a shorter run a lower bound).",
        "Aandeel hulpvragen dat binnen twee jaar na de hulpvraag eindigt met de oorzaak "
        "aangepakt (cumulatieve incidentie; bij een kortere run een ondergrens).",
    ),
    "escalated_share": (
        "Share of households that escalate to second-line (specialist) care within two years "
        "of their first request, during or after the team's care, because a problem grew too "
        "severe (cumulative incidence; in a shorter run a lower bound).",
        "Aandeel huishoudens dat binnen twee jaar na de eerste hulpvraag in tweedelijnszorg "
        "belandt, tijdens of na de hulp van het team, omdat een probleem te zwaar werd "
        "(cumulatieve incidentie; bij een kortere run een ondergrens).",
    ),
    "dropped_share": (
        "Share of requests whose household gave up while waiting (its patience ran out), "
        "within 220 working days of the request (cumulative incidence: requests still open at "
        "the end of the run are counted for as long as they were followed).",
        "Aandeel hulpvragen waarbij het huishouden afhaakte tijdens het wachten (het geduld "
        "was op), binnen 220 werkdagen na de hulpvraag (cumulatieve incidentie: hulpvragen die "
        "aan het eind van de run nog open zijn tellen mee zolang ze gevolgd zijn).",
    ),
    "p_wait": (
        "Share of the requests not seen by a professional the moment they came: seen later, "
        "still waiting at the end of the run, or given up unseen. With a single front door "
        "anyone with room does the intake, so this share is small there and the waiting "
        "moves to the treatment queue: compare the time to the right help for the whole "
        "wait.",
        "Aandeel hulpvragen dat niet meteen door een professional werd gezien: later gezien, "
        "aan het eind van de run nog wachtend, of ongezien afgehaakt. Met één voordeur doet "
        "wie ruimte heeft de intake, dus daar is dit aandeel klein en verschuift het wachten "
        "naar de wachtrij voor behandeling: de tijd tot de juiste hulp toont het hele "
        "wachten.",
    ),
    "hours_direct_share": (
        "Share of the hours worked that went to treating households' needs.",
        "Deel van de gewerkte uren dat naar het behandelen van de vragen van huishoudens ging.",
    ),
    "hours_intake_share": (
        "Share of the hours worked that went to intake conversations.",
        "Deel van de gewerkte uren dat naar intakegesprekken ging.",
    ),
    "hours_coordination_share": (
        "Share of the hours worked that went to coordination: consultations with colleagues "
        "and the weekly team meeting.",
        "Deel van de gewerkte uren dat naar afstemming ging: overleg met collega's en het "
        "wekelijkse teamoverleg.",
    ),
    "hours_admin_share": (
        "Share of the hours worked that went to administration. The administration hours "
        "are the same in every team of the same size; a team that works fewer hours on "
        "cases shows a larger share of them.",
        "Deel van de gewerkte uren dat naar administratie ging. De administratie-uren zijn "
        "gelijk in elk even groot team; een team dat minder uren aan casussen werkt, laat er "
        "een groter deel van zien.",
    ),
    "caseload_gini": (
        "How unevenly the open cases are spread over the professionals at any moment: the "
        "Gini coefficient (0 = everyone has as many, 1 = one has them all), mean over time.",
        "Hoe ongelijk de open casussen op elk moment over de professionals verdeeld zijn: de "
        "Gini-coëfficiënt (0 = iedereen evenveel, 1 = één heeft ze allemaal), gemiddeld "
        "over de tijd.",
    ),
    "utilisation_mean": (
        "Share of their available hours that professionals spend working (client work, "
        "intake, coordination, administration), mean over the team.",
        "Deel van de beschikbare uren dat professionals werken (cliëntcontact, intake, "
        "afstemming, administratie), gemiddeld over het team.",
    ),
    "cost_per_household": (
        "Salary of the team for the measured period per household that first asked for help "
        "in it, plus the expected cost of its escalations: what a household costs over its "
        "whole journey, returns included.",
        "Salariskosten van het team over de gemeten periode per huishouden dat daarin voor het "
        "eerst om hulp vroeg, plus de verwachte kosten van zijn escalaties: wat een huishouden "
        "kost over zijn hele traject, terugkeer inbegrepen.",
    ),
    "right_help_within_20_share": (
        "Share of households that got the right help within 20 working days of their first "
        "request (cumulative incidence; dropping out and escalation compete).",
        "Aandeel huishoudens dat binnen 20 werkdagen na de eerste vraag de juiste hulp "
        "kreeg (cumulatieve incidentie; afhaken en escalatie concurreren).",
    ),
    "right_help_within_60_share": (
        "Share of households that got the right help within 60 working days (three months) "
        "of their first request (cumulative incidence; dropping out and escalation compete).",
        "Aandeel huishoudens dat binnen 60 werkdagen (drie maanden) na de eerste vraag de "
        "juiste hulp kreeg (cumulatieve incidentie; afhaken en escalatie concurreren).",
    ),
    "right_help_within_220_share": (
        "Share of households that got the right help within a year (220 working days) of "
        "their first request (cumulative incidence; dropping out and escalation compete).",
        "Aandeel huishoudens dat binnen een jaar (220 werkdagen) na de eerste vraag de juiste "
        "hulp kreeg (cumulatieve incidentie; afhaken en escalatie concurreren).",
    ),
    "right_help_median_days": (
        "Working days by which half of the households got the right help. Often exactly "
        "the length of one intake: when more than half are seen at once and the intake "
        "finds the right help, the median is the day the intake ends, in every run alike "
        "(its interval then has no width). The shares within 20 and 60 days show more.",
        "Werkdagen waarna de helft van de huishoudens de juiste hulp had. Vaak precies de "
        "duur van één intake: als meer dan de helft direct terecht kan en de intake de "
        "juiste hulp vindt, is de mediaan de dag waarop de intake eindigt, in elke run "
        "gelijk (het interval heeft dan geen breedte). De aandelen binnen 20 en 60 dagen "
        "zeggen meer.",
    ),
    "wait_right_help_mean_helped": (
        "Mean working days to the right help, over the households that got it.",
        "Gemiddelde werkdagen tot de juiste hulp, over de huishoudens die die kregen.",
    ),
    "never_helped_share": (
        "Share of households lost within 220 working days of their first request without the "
        "right help: they gave up, escalated or left with the root untreated.",
        "Aandeel huishoudens dat binnen 220 werkdagen na de eerste vraag verloren ging zonder "
        "de juiste hulp: afgehaakt, geëscaleerd of vertrokken met de oorzaak onbehandeld.",
    ),
    "first_contact_within_5_share": (
        "Share of requests with a first contact within 5 working days.",
        "Aandeel hulpvragen met een eerste contact binnen 5 werkdagen.",
    ),
    "first_contact_median_days": (
        "Working days by which half of the requests had a first contact.",
        "Werkdagen waarna de helft van de hulpvragen een eerste contact had.",
    ),
}


def definition(kpi: str, lang: str) -> str:
    """The definition of a KPI (the model's English label when none is written yet)."""
    if kpi in DEFINITIONS:
        en, nl = DEFINITIONS[kpi]
        return nl if lang == "nl" else en
    return KPIS[kpi].label if kpi in KPIS else kpi


SECTIONS: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (
        ("What is it?", "Wat is het?"),
        (
            "An agent-based simulation of a Dutch neighbourhood social team (sociaal "
            "wijkteam). Households with problems in one or more life domains (parenting, "
            "money, work, housing, health, mental health, safety, social contacts) ask for "
            "help; professionals with a specialism take them on. It compares two ways of "
            "working on exactly the same residents: islands of specialists, each with their "
            "own desk and queue (as before 2015), and one integral team with one front door.",
            "Een agent-gebaseerde simulatie van een sociaal wijkteam. Huishoudens met "
            "problemen op één of meer levensdomeinen (opvoeden, geld, werk, wonen, gezondheid, "
            "psyche, veiligheid, sociale contacten) vragen om hulp; professionals met een "
            "specialisme nemen ze op. Het vergelijkt twee manieren van werken met precies "
            "dezelfde bewoners: eilandjes van specialisten met elk een eigen loket en rij "
            "(zoals voor 2015), en één integraal team met één voordeur.",
        ),
    ),
    (
        ("How does it work?", "Hoe werkt het?"),
        (
            "Requests arrive at random (a Poisson stream). A household often asks about a "
            "symptom, not its real problem (the question behind the question). A "
            "professional who is broad enough (the bar of the T) may find the root; one who "
            "is not treats the symptom or refers the household on. Waiting too long, a "
            "household may drop out; a problem left alone grows and may escalate to "
            "second-line care. Coordination, meetings and administration take hours from "
            "client work. Every run starts with a warm-up that is not counted.",
            "Hulpvragen komen willekeurig binnen (een Poisson-stroom). Een huishouden vraagt "
            "vaak naar een symptoom, niet naar het echte probleem (de vraag achter de vraag). "
            "Een professional die breed genoeg is (de balk van de T) kan de oorzaak vinden; "
            "wie dat niet is, behandelt het symptoom of verwijst door. Wie te lang wacht, kan "
            "afhaken; een probleem dat blijft liggen groeit en kan escaleren naar de tweede "
            "lijn. Afstemming, overleg en administratie kosten uren die niet naar cliënten "
            "gaan. Elke run begint met een inloop die niet meetelt.",
        ),
    ),
    (
        ("How to use it", "Hoe gebruik je het?"),
        (
            "Choose a preset for A and B, move levers (the neighbourhood holds for both), "
            "and read the key figures: A, B, the difference B − A with its 95% interval, and "
            "a verdict. A difference within the noise of the simulation, or too small to "
            "matter (under half a working day, half a percentage point, €25), is called 'no "
            "clear difference'. More replications narrow the intervals. The address of the "
            "page holds every setting: copy it to share exactly what you see. Download a "
            "one-page report (HTML or PDF) for a meeting.",
            "Kies een voorinstelling voor A en B, verschuif knoppen (de wijk geldt voor "
            "allebei) en lees de kerncijfers: A, B, het verschil B − A met het 95%-interval, "
            "en een oordeel. Een verschil binnen de ruis van de simulatie, of te klein om "
            "ertoe te doen (minder dan een halve werkdag, een half procentpunt, € 25), heet "
            "'geen duidelijk verschil'. Meer herhalingen maken de intervallen smaller. Het "
            "adres van de pagina bevat elke instelling: kopieer het om precies te delen wat u "
            "ziet. Download een rapport van één pagina (HTML of PDF) voor een vergadering.",
        ),
    ),
    (
        ("Things to try", "Om te proberen"),
        (
            "Raise the demand until the waiting list of integral work grows: where is the "
            "break-even? Make every question the real one (how often the question asked is "
            "the real one = 1): does integral work still win? Halve the administrative "
            "burden. Give the islands a broad T. Use 'One lever over a range' to see where "
            "the lines of A and B cross.",
            "Verhoog de vraag tot de wachtlijst van het integrale team groeit: waar ligt het "
            "omslagpunt? Maak elke vraag de echte (hoe vaak de gestelde vraag de echte is = "
            "1): wint integraal werken dan nog? Halveer de administratieve last. Geef de "
            "eilandjes een brede T. Gebruik 'Eén knop over een bereik' om te zien waar de "
            "lijnen van A en B elkaar kruisen.",
        ),
    ),
    (
        ("Limits", "Beperkingen"),
        (
            "A model, not a forecast: many parameters are assumptions (each marked in the "
            "parameter table, `wijkteam params`). It has no co-treatment, no waiting-list "
            "management by the municipality, no staff turnover. Runs in the dashboard are "
            "limited in size; larger studies run with `wijkteam sweep`.",
            "Een model, geen voorspelling: veel parameters zijn aannames (elk gemarkeerd in "
            "de parametertabel, `wijkteam params`). Het kent geen gezamenlijke behandeling, "
            "geen wachtlijstbeheer door de gemeente en geen personeelsverloop. Runs in het "
            "dashboard zijn begrensd in omvang; grotere studies draaien met `wijkteam sweep`.",
        ),
    ),
    (
        ("Sources", "Bronnen"),
        (
            "Demand from the number of registrations of Dutch neighbourhood teams per 1,000 "
            "residents; multi-problem households from SCP (2020); the Zwolle presets follow "
            "the evaluations of the Zwolle wijkteams since 2015. Each parameter names its "
            "source or says it is an assumption (docs/PARAMETERS.md, docs/ODD.md).",
            "Vraag uit het aantal aanmeldingen bij Nederlandse wijkteams per 1.000 inwoners; "
            "multiprobleemhuishoudens uit SCP (2020); de Zwolse voorinstellingen volgen de "
            "evaluaties van de Zwolse wijkteams sinds 2015. Elke parameter noemt zijn bron of "
            "zegt dat het een aanname is (docs/PARAMETERS.md, docs/ODD.md).",
        ),
    ),
]


@solara.component
def Info(lang: str):
    """The Info page: the model in plain words, and the definition of every outcome the
    model reports (the cards show a selection; the tables, reports and downloads show all)."""
    nl = lang == "nl"
    with solara.Column(classes=["wt-info"], style={"max-width": "860px"}):
        for title, body in SECTIONS:
            solara.HTML(tag="h2", unsafe_innerHTML=title[nl], classes=["wt-info-h"])
            solara.Text(body[nl], classes=["wt-info-p"])
        solara.HTML(
            tag="h2",
            unsafe_innerHTML="Outcome measures" if not nl else "Uitkomstmaten",
            classes=["wt-info-h"],
        )
        rows = "".join(
            f"<dt>{i18n.kpi_label(k, lang)}</dt><dd>{definition(k, lang)}</dd>" for k in KPIS
        )
        solara.HTML(tag="dl", unsafe_innerHTML=rows, classes=["wt-definitions"])
