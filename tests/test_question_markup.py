"""A question with HTML tags in it (text pasted from an e-mail or a web page; session 16 browser
tester V11): "<b>Halberstadt</b>" and "Halberstadt <br>" found nothing, while "**Halberstadt**"
got Halberstadt's overview. Tags are now ignored where the question is cleaned
(text.clean_user_text), as Markdown's marks are; a "<" that opens no tag stays."""

from __future__ import annotations

import pytest

from assistant.text import clean_user_text

INJECTION = "<script>alert(1)</script> **bold** [link](javascript:alert(1)) <img src=x onerror=alert(2)> Halberstadt"


@pytest.mark.parametrize(("text", "cleaned"), [
    ("<b>Halberstadt</b>", "Halberstadt"),
    ("Halberstadt <br>", "Halberstadt"),
    ("Halberstadt<br/>", "Halberstadt"),
    ('<p class="x">Wer koordiniert in Erfurt?</p>', "Wer koordiniert in Erfurt?"),
    ("<B>Finanzierung</B>?", "Finanzierung ?"),
    (INJECTION, "alert(1) **bold** [link](javascript:alert(1)) Halberstadt"),
    # no tag: kept as written
    ("Netzwerke mit < 50 Mitgliedern und > 10 Jahren", "Netzwerke mit < 50 Mitgliedern und > 10 Jahren"),
    ("<3 Halberstadt", "<3 Halberstadt"),
    ("a<b", "a<b"),
])
def test_tags_are_cleaned_out_of_a_question(text: str, cleaned: str) -> None:
    assert clean_user_text(text) == cleaned


@pytest.mark.parametrize("question", ["<b>Halberstadt</b>", "Halberstadt <br>", "<i>Halberstadt</i>?",
                                      "<p>Halberstadt</p>"])
def test_a_question_with_tags_is_answered_as_without(seed_engine, question: str) -> None:
    plain = seed_engine.chat("**Halberstadt**")
    answer = seed_engine.chat(question)
    assert plain.matched and plain.named == ["halberstadt"]
    assert answer.matched, answer.notices
    assert answer.named == ["halberstadt"]
    assert [q.network_id for q in answer.answer] == [q.network_id for q in plain.answer]
    assert answer.query == question  # the question is kept as it was asked (shown escaped)
