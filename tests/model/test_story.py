"""The mother's story as the seed tells it (the Zwolle interview): at the walk-in hour a youth
and family worker hears about a three-year-old's crying and tantrums, finds with the mother
that money and the loss of her job are the real question, a colleague with finance and
participation expertise helps her, and the daughter's behaviour eases once the stress does,
without any parenting treatment. The default story must tell that case, in both languages."""

from __future__ import annotations

import pytest

from wijkteam.model import preset
from wijkteam.model.story import run_story


def steps_of(story, kind: str) -> list[dict]:
    return [data for _, k, data in story.steps if k == kind]


@pytest.fixture(scope="module")
def integral():
    return {lang: run_story(preset("integral"), language=lang) for lang in ("en", "nl")}


def test_the_key_steps_of_the_interview(integral) -> None:
    story = integral["en"]
    intake = steps_of(story, "intake")[0]
    found = steps_of(story, "intake_done")[0]["found"]
    treated = [d["domain"] for d in steps_of(story, "treat")]
    # the walk-in hour: a youth and family worker does the intake
    assert "a youth and family worker" in story.lines[1] and "walk-in hour" in story.lines[1]
    assert intake["prof"] == int(story.lines[1].split("#")[1].split(")")[0])
    # the question behind the question is found in that conversation
    assert "finance" in found and "work" in found
    # money first, then participation; the parenting question needs no treatment of its own
    assert treated[0] == "finance" and "work" in treated and "youth" not in treated
    assert not steps_of(story, "refer")
    assert "youth" in [d["domain"] for d in steps_of(story, "eased")]
    assert story.outcome == "resolved"


def test_the_story_in_english(integral) -> None:
    text = "\n".join(integral["en"].lines)
    assert "a question about parenting & growing up: her daughter of three" in text
    assert "tantrums" in text
    assert "the question behind the question: not parenting & growing up, but money & debt" in text
    assert "a debt counsellor" in text and "work and participation coach" in text
    assert "her daughter's behaviour eases now that the stress does" in text
    assert "cannot help" not in text


def test_the_story_in_dutch(integral) -> None:
    text = "\n".join(integral["nl"].lines)
    assert "een vraag over opvoeden & opgroeien: haar dochter van drie" in text
    assert "driftbuien" in text
    assert "een jeugd- en gezinswerker" in text and "houdt het inloopspreekuur" in text
    assert "de vraag achter de vraag: niet opvoeden & opgroeien, maar geldzaken & schulden" in text
    assert "het gedrag van haar dochter wordt rustiger nu de stress afneemt" in text
    assert "kan niet helpen" not in text


def test_islands_treat_the_question_asked() -> None:
    """The contrast: a youth desk treats the parenting question and the money is left alone:
    it comes back as a new request (the revolving door) or, growing untreated, goes to
    second-line care."""
    story = run_story(preset("islands"))
    treated = [d["domain"] for d in steps_of(story, "treat")]
    assert treated[0] == "youth" and "finance" not in treated
    assert story.requests >= 2 or story.outcome == "escalated"


def test_every_later_kind_of_request_has_a_sentence_in_both_languages() -> None:
    """A household's second and later requests are told by their kind (relapse, return after
    giving up, follow-up question): each kind needs its sentence in English and in Dutch."""
    from wijkteam.model.cases import KINDS
    from wijkteam.model.story import TEXT

    assert {k for k in KINDS if k != "new"} <= set(TEXT["en"]) & set(TEXT["nl"])
