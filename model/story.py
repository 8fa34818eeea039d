"""One household's journey through the team, told step by step in plain language.

The model records what happens to a followed household (`Case.journey`); this module turns
those steps into sentences in Dutch or English. The default household is the seed's mother:
she asks about her three-year-old's tantrums (presenting: youth) while the root is money and
work, with stress and bad sleep in between (the Zwolle interview, docs/sources.md [seed-zwolle]).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .domains import DOMAIN_BY_ID
from .households import HouseholdSpec
from .model import WijkteamModel
from .scenario import Scenario

ROLES = {
    "youth": ("jeugd- en gezinswerker", "youth and family worker"),
    "finance": ("schuldhulpverlener", "debt counsellor"),
    "work": ("participatiecoach", "work and participation coach"),
    "housing": ("woonconsulent", "housing consultant"),
    "health": ("Wmo-consulent", "Wmo consultant (care and aids)"),
    "mental": ("sociaal-psychiatrisch verpleegkundige", "community mental health nurse"),
    "safety": ("aandachtsfunctionaris huiselijk geweld", "domestic violence specialist"),
    "social": ("welzijnswerker", "community worker"),
}

TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "arrive": "Day {t}: {who} comes to the team with a question about {presenting}. "
        "Behind it: {root} (the root), and also {others}.",
        "arrive_single": "Day {t}: {who} comes to the team with a question about {presenting}.",
        "repeat": "Day {t}: {who} is back (the revolving door), now asking about {presenting}.",
        "return": "Day {t}: {who} tries again, after giving up earlier.",
        "follow_up": "Day {t}: {who} comes back with a new question, about {presenting}.",
        "queue": "Day {t}: she waits in the queue '{queue}'.",
        "intake": "Day {t}: intake with {prof}.",
        "intake_done": "Day {t}: the intake ends; {found}.",
        "found_none": "only the question she asked is on the table",
        "found_some": "they also find {domains}",
        "found": "Day {t}: the team discovers {domains}.",
        "mother_arrive": "Day {t}: the mother comes to the team with a question about "
        "{presenting}: her daughter of three has been crying a lot lately and has more and "
        "more tantrums.",
        "walk_in": "Day {t}: {prof} holds the walk-in hour and talks with her.",
        "behind": "Day {t}: together they find the question behind the question: not "
        "{presenting}, but {root} — the real problem{others}.",
        "behind_others": ", with {domains}",
        "eased": "Day {t}: {domain} eases now that the root is dealt with; no separate help "
        "needed.",
        "eased_mental": "Day {t}: her stress eases now that the money is being sorted out.",
        "eased_youth": "Day {t}: her daughter's behaviour eases now that the stress does; no "
        "separate parenting help needed.",
        "meeting": "Day {t}: at the weekly team meeting colleagues look at her case and "
        "see {found}.",
        "handoff": "Day {t}: she is handed over from {frm} to {to}.",
        "refer": "Day {t}: {prof} cannot help with {domain} and refers her on.",
        "consult": "Day {t}: {prof} consults {colleague} about {domain}, and keeps the case.",
        "treat": "Day {t}: {prof} starts working on {domain}{root_note} "
        "(skill {skill:.0%}, about {days:.0f} working days).",
        "root_note": " — the real problem",
        "treated": "Day {t}: the help with {domain} is finished.",
        "relapse_later": "Day {t}: the root is still there, so {domains} will come back.",
        "relapse_skill": "Day {t}: the help with {domains} did not hold; it will come back.",
        "end": "Day {t}: the request ends: {outcome}.",
        "outcomes": {
            "resolved": "the root is solved",
            "closed": "closed, but the root is still there",
            "escalated": "things got out of hand: second-line care takes over",
            "dropped": "she gave up waiting",
        },
        "and": "and",
        "nothing": "no other needs",
        "who": "the mother",
        "summary": "{label}: first contact after {first} days, the right help after {right}, "
        "{handoffs} hand-off(s), {requests} request(s); {outcome}.",
        "never": "never",
        "open": "still open at the end",
    },
    "nl": {
        "arrive": "Dag {t}: {who} komt bij het team met een vraag over {presenting}. "
        "Daarachter: {root} (de kern), en ook {others}.",
        "arrive_single": "Dag {t}: {who} komt bij het team met een vraag over {presenting}.",
        "repeat": "Dag {t}: {who} is terug (de draaideur), nu met een vraag over {presenting}.",
        "return": "Dag {t}: {who} probeert het opnieuw, nadat ze eerder afhaakte.",
        "follow_up": "Dag {t}: {who} komt terug met een nieuwe vraag, over {presenting}.",
        "queue": "Dag {t}: ze wacht in de wachtrij '{queue}'.",
        "intake": "Dag {t}: aanmeldgesprek met {prof}.",
        "intake_done": "Dag {t}: het aanmeldgesprek is klaar; {found}.",
        "found_none": "alleen haar eigen vraag ligt op tafel",
        "found_some": "ze vinden ook {domains}",
        "found": "Dag {t}: het team ontdekt {domains}.",
        "mother_arrive": "Dag {t}: de moeder komt bij het team met een vraag over "
        "{presenting}: haar dochter van drie huilt de laatste tijd veel en heeft steeds meer "
        "driftbuien.",
        "walk_in": "Dag {t}: {prof} houdt het inloopspreekuur en gaat met haar in gesprek.",
        "behind": "Dag {t}: samen komen ze achter de vraag achter de vraag: niet "
        "{presenting}, maar {root} — het eigenlijke probleem{others}.",
        "behind_others": ", met {domains}",
        "eased": "Dag {t}: {domain} wordt minder nu de kern wordt aangepakt; aparte hulp is "
        "niet nodig.",
        "eased_mental": "Dag {t}: haar stress neemt af nu haar geldzaken worden aangepakt.",
        "eased_youth": "Dag {t}: het gedrag van haar dochter wordt rustiger nu de stress "
        "afneemt; aparte opvoedhulp is niet nodig.",
        "meeting": "Dag {t}: in het wekelijkse casusoverleg kijken collega's naar haar "
        "situatie en zien {found}.",
        "handoff": "Dag {t}: ze wordt overgedragen van {frm} aan {to}.",
        "refer": "Dag {t}: {prof} kan niet helpen met {domain} en verwijst haar door.",
        "consult": "Dag {t}: {prof} overlegt met {colleague} over {domain} en houdt de casus.",
        "treat": "Dag {t}: {prof} gaat aan de slag met {domain}{root_note} "
        "(vaardigheid {skill:.0%}, zo'n {days:.0f} werkdagen).",
        "root_note": " — het eigenlijke probleem",
        "treated": "Dag {t}: de hulp bij {domain} is afgerond.",
        "relapse_later": "Dag {t}: de kern is er nog, dus {domains} komt terug.",
        "relapse_skill": "Dag {t}: de hulp bij {domains} beklijfde niet; het komt terug.",
        "end": "Dag {t}: de hulpvraag wordt afgesloten: {outcome}.",
        "outcomes": {
            "resolved": "de kern is opgelost",
            "closed": "afgesloten, maar de kern is er nog",
            "escalated": "het liep uit de hand: de tweede lijn neemt het over",
            "dropped": "ze haakte af tijdens het wachten",
        },
        "and": "en",
        "nothing": "geen andere problemen",
        "who": "de moeder",
        "summary": "{label}: eerste contact na {first} dagen, de juiste hulp na {right}, "
        "{handoffs} overdracht(en), {requests} hulpvraag/-vragen; {outcome}.",
        "never": "nooit",
        "open": "nog open aan het eind",
    },
}


@dataclass
class Story:
    """A told journey: the sentences, the raw steps, and the key figures."""

    lines: list[str]
    steps: list[tuple[float, str, dict[str, Any]]]
    first_contact: float | None = None
    right_help: float | None = None
    handoffs: int = 0
    requests: int = 0
    outcome: str | None = None
    households: int = 0  # households that arrived in the run (`run_story`)

    def summary_line(self, label: str, language: str = "en") -> str:
        """One sentence with the journey's key figures."""
        t = TEXT[language]

        def fmt(x):
            return f"{x:.0f}" if x is not None else t["never"]

        return t["summary"].format(
            label=label,
            first=fmt(self.first_contact),
            right=fmt(self.right_help),
            handoffs=self.handoffs,
            requests=self.requests,
            outcome=t["outcomes"].get(self.outcome, t["open"]),
        )


def mother_spec(scenario: Scenario) -> HouseholdSpec:
    """The seed's mother: money trouble after losing her job (the root), stress and bad
    sleep, and a daughter with tantrums — which is what she asks about."""
    # Stress and the daughter's tantrums are consequences mild enough to ease once the
    # money is dealt with ("given the situation, quite normal", the seed says); losing her
    # job is a need of its own.
    wanted = {"finance": 0.6, "work": 0.45, "mental": 0.32, "youth": 0.3}
    severity = {d: v for d, v in wanted.items() if d in scenario.domain_ids}
    root = "finance" if "finance" in severity else next(iter(severity), scenario.domain_ids[0])
    severity.setdefault(root, 0.6)
    presenting = "youth" if "youth" in severity else root
    patience = scenario.patience_days_mean if scenario.patience_days_mean > 0 else float("inf")
    return HouseholdSpec(
        root=root,
        severity=severity,
        presenting=presenting,
        patience=patience,
        work=dict.fromkeys(severity, 1.0),
    )


# The seed's mother came to the walk-in hour of a youth and family worker.
MOTHER_WALK_IN = "youth"
# The story's default seed for the mother: one in which the intake finds the money question
# behind her question, as in the interview. The journey varies with the seed (in other seeds
# the intake finds less and the team meeting or a later treatment finds the rest); this
# seed is chosen to tell the interview's case, not to show a typical one: the first of
# 0, 1, 2, … that does (it was 28 until the model charged owed coordination time and chose
# the meeting's cases by age, 25 Nov 2026; 28 then has her wait and escalate).
MOTHER_SEED = 66
MOTHER = "mother"  # her household's name, by which the classroom's picture finds her


def add_mother(model: WijkteamModel, scenario: Scenario) -> None:
    """The seed's mother enters `model` as the interview tells: at the end of the warm-up, at
    the walk-in hour of a youth and family worker. The story and the classroom's lesson add
    her alike, so the story told is the picture shown."""
    model.add_household(
        mother_spec(scenario), at=scenario.warmup_days, name=MOTHER, walk_in=MOTHER_WALK_IN
    )


def run_story(
    scenario: Scenario,
    seed: int | None = None,
    language: str = "en",
    household: int | None = None,
    day_one: float | None = None,
) -> Story:
    """Run the scenario with one followed household — the mother arriving at the end of the
    warm-up, or the `household`-th household to arrive — and tell its journey. Without a
    seed: MOTHER_SEED for the mother, 0 for another household. Days are the model's (from
    the start of the run), or counted from `day_one` (day 1) as a lesson's clock counts."""
    if seed is None:
        seed = MOTHER_SEED if household is None else 0
    model = WijkteamModel(scenario, seed=seed)
    if household is None:
        add_mother(model, scenario)
    else:
        model.follow(household)
    model.run()
    return story_of(model, language, household, day_one)


def story_of(
    model: WijkteamModel,
    language: str = "en",
    household: int | None = None,
    day_one: float | None = None,
) -> Story:
    """The story of a run that followed one household (the mother when `household` is None),
    as far as the run has gone: `run_story`'s telling, for a caller that ran the model itself
    (the classroom, which shows the same run it tells)."""
    cases = [c for c in model.cases.followed if c.journey is not None]
    story = tell(model, cases, language, household, day_one)
    return replace(story, households=model.households_made)


def lesson_day(time: float, day_one: float) -> int:
    """The number of the day `time` falls on, counting `day_one` as day 1: how a lesson's
    clock, its story and its charts all count (not the model's day 1,760)."""
    return int(time - day_one) + 1


def tell(
    model: WijkteamModel,
    cases: list,
    language: str = "en",
    who: int | None = None,
    day_one: float | None = None,
) -> Story:
    """Sentences for the journey steps of `cases` (one household's requests); days as in
    `run_story`."""
    t = TEXT[language]
    name = (
        t["who"]
        if who is None
        else (f"household {who}" if language == "en" else f"huishouden {who}")
    )
    steps = [step for c in cases for step in c.journey]
    # what earlier steps said that later sentences need: the request's question and root,
    # whether this is the seed's mother, and whether her first intake has been told yet
    ctx: dict[str, Any] = {"mother": who is None, "intakes": 0, "day_one": day_one}
    lines = [
        _sentence(model, t, language, name, time, kind, data, ctx) for time, kind, data in steps
    ]
    story = Story(lines=[x for x in lines if x], steps=steps, requests=len(cases))
    if cases:
        first = cases[0]
        story.first_contact = _since(first.first_contact, first.arrival)
        right = next((c for c in cases if c.right_help is not None), None)
        story.right_help = _since(right.right_help, first.arrival) if right else None
        story.handoffs = sum(c.handoffs for c in cases)
        story.outcome = cases[-1].outcome
    return story


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _since(t: float | None, t0: float) -> float | None:
    return None if t is None else t - t0


def _dom(domain: str, language: str) -> str:
    label = DOMAIN_BY_ID[domain].label(language)
    return label[0].lower() + label[1:] if language == "en" else label.lower()


def _list(domains: list[str], t: dict, language: str) -> str:
    names = [_dom(d, language) for d in domains]
    if not names:
        return t["nothing"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {t['and']} {names[-1]}"


def _prof(model: WijkteamModel, pid: int, language: str) -> str:
    p = model.team[pid]
    role = ROLES[p.specialty][0 if language == "nl" else 1]
    return f"{'een' if language == 'nl' else 'a'} {role} (#{pid})"


def _sentence(
    model: WijkteamModel,
    t: dict,
    language: str,
    who: str,
    time: float,
    kind: str,
    data: dict[str, Any],
    ctx: dict[str, Any] | None = None,
) -> str:
    ctx = {"mother": False, "intakes": 0} if ctx is None else ctx
    day_one = ctx.get("day_one")
    day = f"{time:.0f}" if day_one is None else f"{lesson_day(time, day_one)}"

    def dom(d):
        return _dom(d, language)

    def prof(pid):
        return _prof(model, pid, language)

    if kind == "arrive":
        ctx.update(presenting=data["presenting"], root=data["root"])
        if ctx["mother"] and data["request"] == "new" and data["presenting"] != data["root"]:
            return t["mother_arrive"].format(t=day, presenting=dom(data["presenting"]))
        if data["request"] != "new":  # every later kind of request has its own sentence
            return t[data["request"]].format(t=day, who=who, presenting=dom(data["presenting"]))
        others = [d for d in data["needs"] if d not in (data["root"], data["presenting"])]
        if data["root"] == data["presenting"] and not others:
            return t["arrive_single"].format(t=day, who=who, presenting=dom(data["presenting"]))
        return t["arrive"].format(
            t=day,
            who=who,
            presenting=dom(data["presenting"]),
            root=dom(data["root"]),
            others=_list(others, t, language),
        )
    if kind == "queue":
        return t["queue"].format(t=day, queue=data["queue"])
    if kind == "intake":
        ctx["intakes"] += 1
        walk_in = (
            model.ways.front_door.holds_walk_in()
            and model.team[data["prof"]].specialty == MOTHER_WALK_IN
        )
        if ctx["mother"] and ctx["intakes"] == 1 and walk_in:
            return t["walk_in"].format(t=day, prof=prof(data["prof"]))
        return t["intake"].format(t=day, prof=prof(data["prof"]))
    behind = ctx.get("root") in data.get("found", ()) and ctx["root"] != ctx["presenting"]
    if kind == "intake_done" and behind:
        others = [d for d in data["found"] if d != ctx["root"]]
        tail = t["behind_others"].format(domains=_list(others, t, language)) if others else ""
        return t["behind"].format(
            t=day, presenting=dom(ctx["presenting"]), root=dom(ctx["root"]), others=tail
        )
    if kind == "intake_done":
        found = (
            t["found_some"].format(domains=_list(data["found"], t, language))
            if data["found"]
            else t["found_none"]
        )
        return t["intake_done"].format(t=day, found=found)
    if kind == "meeting":
        return t["meeting"].format(t=day, found=_list(data["found"], t, language))
    if kind == "handoff":
        return t["handoff"].format(t=day, frm=prof(data["frm"]), to=prof(data["to"]))
    if kind == "refer":
        return t["refer"].format(t=day, prof=prof(data["prof"]), domain=dom(data["domain"]))
    if kind == "consult":
        return t["consult"].format(
            t=day,
            prof=prof(data["prof"]),
            colleague=prof(data["colleague"]),
            domain=dom(data["domain"]),
        )
    if kind == "treat":
        note = t["root_note"] if data.get("root") else ""
        return t["treat"].format(
            t=day,
            prof=prof(data["prof"]),
            domain=dom(data["domain"]),
            root_note=note,
            skill=data["skill"],
            days=data["days"],
        )
    if kind == "eased":
        if ctx["mother"] and data["domain"] in ("youth", "mental"):
            return t[f"eased_{data['domain']}"].format(t=day)
        return t["eased"].format(t=day, domain=_cap(dom(data["domain"])))
    if kind == "treated":
        return t["treated"].format(t=day, domain=dom(data["domain"]))
    if kind == "relapse_later":
        key = "relapse_later" if data["root_persists"] else "relapse_skill"
        return t[key].format(t=day, domains=_list(data["domains"], t, language))
    if kind == "end":
        return t["end"].format(t=day, outcome=t["outcomes"][data["outcome"]])
    if kind == "found":
        return t["found"].format(t=day, domains=_list(data["domains"], t, language))
    return ""
