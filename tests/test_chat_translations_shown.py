"""A passage shown in one language version counts as shown in every version (session 14
browser tester T3).

"What went wrong in Erfurt?" showed Erfurt's three challenges from its English sheet; after a
switch to Turkish, "Erfurt'ta neler ters gitti?" showed the Turkish versions of two of them as
new (the references to earlier answers went by quote key, one document's passage), and "daha
fazla" then, every challenge shown in one version or the other, gave the German description, a
success factor, a calendar of events, special expenses and the location: nothing about what went
wrong. Now the Turkish versions are referred to ("already shown in answer 1"), and "more" with
nothing left of the part asked for says so, in any language, rather than showing other rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import ask_app, run_app

from assistant.chat import ChatAnswer, Conversation, Quote
from assistant.i18n import t
from assistant.ui_text import ui

pytestmark = pytest.mark.heavy  # the real engine

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
WHAT_WENT_WRONG = {"de": "Was lief in Erfurt schief?", "en": "What went wrong in Erfurt?",
                   "tr": "Erfurt'ta neler ters gitti?"}
MORE = {"de": "mehr dazu", "en": "more", "tr": "daha fazla"}
#: (asked first, then after a switch): the first's challenges in another version than the second's
#: (German shows Erfurt's English sheet: it has no German one).
SWITCHES = [("en", "tr"), ("tr", "en"), ("de", "tr"), ("tr", "de")]


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


def _converse(engine, turns: Sequence[tuple[str, str]]) -> list[ChatAnswer]:  # noqa: ANN001
    conversation = Conversation()
    for text, lang in turns:
        conversation.turns.append(engine.chat(text, conversation=conversation, ui_language=lang))
    return conversation.turns


def _challenges(answer: ChatAnswer) -> list[Quote]:
    return [q for q in answer.answer if q.section == "challenges"]


@pytest.mark.parametrize(("first", "then"), SWITCHES)
def test_another_version_of_a_passage_shown_before_is_referred_to(engine, first: str, then: str) -> None:  # noqa: ANN001
    asked, again = _converse(engine, [(WHAT_WENT_WRONG[first], first), (WHAT_WENT_WRONG[then], then)])
    shown = {q.group: q for q in asked.answer}
    versions = [q for q in _challenges(again) if q.group in shown]
    assert versions and any(q.source != shown[q.group].source for q in versions), again.answer
    assert all(q.earlier_turn == 1 for q in versions), [(q.text, q.earlier_turn) for q in versions]
    refs = " ".join(f"[{q.number}]" for q in again.answer if q.earlier_turn)
    assert t("summary_earlier", then, refs=refs) in (again.summary or ""), again.summary


FOUNDED = {"de": "Wann wurde Erfurt gegründet?", "en": "When was Erfurt founded?", "tr": "Erfurt ne zaman kuruldu?"}
CONTACT = {"de": "Kontakt Erfurt", "en": "Contact Erfurt", "tr": "Erfurt iletişim"}


@pytest.mark.parametrize("question", [FOUNDED, CONTACT], ids=["founded", "contact"])
@pytest.mark.parametrize(("first", "then"), SWITCHES)
def test_a_fact_shown_before_from_another_language_version_is_referred_to(
    engine, question: dict[str, str], first: str, then: str  # noqa: ANN001
) -> None:
    """The Facts part quotes the sheet in the answer's language: after a switch, Erfurt's founding year
    "2004" and its e-mail address came from the other sheet and were new again, while the German
    page's rows beside them were referred to. The same value of the same field is the same fact."""
    asked, again = _converse(engine, [(question[first], first), (question[then], then)])
    facts = [q for q in again.answer if q.part.value == "facts"]
    shown = {(q.fact, q.value) for q in asked.answer if q.part.value == "facts"}
    keys = {q.key for q in asked.answer}
    other_version = [q for q in facts if (q.fact, q.value) in shown and q.key not in keys]
    assert other_version, [(q.source, q.value) for q in facts]
    assert all(q.earlier_turn == 1 for q in other_version), [(q.source, q.value, q.earlier_turn) for q in facts]


@pytest.mark.parametrize(("first", "then"), SWITCHES)
def test_more_with_every_version_shown_says_nothing_more_is_left(engine, first: str, then: str) -> None:  # noqa: ANN001
    """The tester's "daha fazla": every challenge was shown in one version or another."""
    *_, more = _converse(engine, [(WHAT_WENT_WRONG[first], first), (WHAT_WENT_WRONG[then], then), (MORE[then], then)])
    assert more.matched and not more.answer, [(q.section, q.text) for q in more.answer]
    assert more.summary == t("summary_nothing_new", then)


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_more_shows_what_is_left_of_the_part_then_says_nothing_is(engine, lang: str) -> None:  # noqa: ANN001
    """In one language: "more" shows the challenges not shown yet, then says that none is left."""
    asked, *mores = _converse(engine, [(WHAT_WENT_WRONG[lang], lang), *[(MORE[lang], lang)] * 3])
    seen = {q.group for q in _challenges(asked)}
    for more in mores:
        new = {q.group for q in _challenges(more)}
        assert not new & seen, more.answer
        if not new:  # none left of the part asked for: said, not other rows instead
            assert not more.answer and more.summary == t("summary_nothing_new", lang), more.answer
        seen |= new
    assert not mores[-1].answer


def test_more_after_an_overview_still_shows_other_sections(engine) -> None:  # noqa: ANN001
    """An overview asks for no one part: "mehr dazu" goes on with its other sections."""
    _, more = _converse(engine, [("Halberstadt", "de"), ("mehr dazu", "de")])
    assert more.answer and {"evaluation", "impact"} & {q.section for q in more.answer}


@pytest.mark.parametrize(("first", "then"), [("en", "tr"), ("tr", "en"), ("de", "tr")])
def test_the_app_refers_to_the_other_version_and_says_nothing_more(seed_app_env: None, first: str, then: str) -> None:
    at = run_app(APP)
    at.selectbox(key="ui_lang").set_value(first).run()
    ask_app(at, WHAT_WENT_WRONG[first])
    at.selectbox(key="ui_lang").set_value(then).run()
    assert not at.exception
    ask_app(at, WHAT_WENT_WRONG[then])
    answer = at.session_state["turns"][-1].answer
    referred = [q for q in _challenges(answer) if q.earlier_turn == 1]
    assert referred
    reference = ui("earlier_reference", then, n=1)
    lines = [m.value for m in at.markdown if reference in m.value]
    assert all(any(line.startswith(f"**[{q.number}]**") for line in lines) for q in referred), lines
    ask_app(at, MORE[then])
    more = at.session_state["turns"][-1].answer
    assert more.matched and not more.answer
    head = f"**{ui('summary_title', then)}:**"
    assert any(s.value.startswith(head) and t("summary_nothing_new", then) in s.value.replace("\\", "")
               for s in at.success)
