"""A network's degree of formalisation is a fact of its sheet, asked like its coordinator (s9, lead):
"Is Dortmund formal or informal?" got five passages and no "Formal cooperation agreement"."""

from __future__ import annotations

import pytest

from assistant.chat import Conversation


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


@pytest.mark.parametrize(("question", "lang", "network", "value"), [
    ("Is Dortmund formal or informal?", "en", "dortmund", "Formal cooperation agreement"),
    ("How formal is the network in Halberstadt?", "en", "halberstadt", "Soft formal agreements and norms"),
    ("Ist das Netzwerk in Halberstadt formell?", "de", "halberstadt", "Soft formal agreements and norms"),
    ("Wie formell ist das Erfurter Netzwerk?", "de", "erfurt", "Formal cooperation agreement"),
    ("Erfurt ağı resmi mi?", "tr", "erfurt", "Resmi işbirliği anlaşması"),
])
def test_the_degree_of_formalisation_is_stated_with_its_source(engine, question: str, lang: str,  # noqa: ANN001
                                                              network: str, value: str) -> None:
    answer = engine.chat(question, ui_language=lang)
    assert answer.matched and "formalisation" in answer.intents
    facts = [q for q in answer.answer if q.fact == "formalisation"]
    assert [q.network_id for q in facts] == [network] and facts[0].text == value
    assert value in (answer.summary or "")


@pytest.mark.parametrize(("question", "lang"), [("Formalisierung?", "de"), ("Formalisation?", "en")])
def test_formalisation_asked_alone_is_given_for_every_network(engine, question: str, lang: str) -> None:  # noqa: ANN001
    answer = engine.chat(question, ui_language=lang)
    assert {q.network_id for q in answer.answer if q.fact == "formalisation"} == {"erfurt", "dortmund", "halberstadt"}


def test_formalisation_after_a_network_is_that_networks(engine) -> None:  # noqa: ANN001
    first = engine.chat("Halberstadt", ui_language="de")
    answer = engine.chat("Ist es formell oder informell?", conversation=Conversation(turns=[first]), ui_language="de")
    assert [q.network_id for q in answer.answer if q.fact == "formalisation"] == ["halberstadt"]


@pytest.mark.parametrize("question", [
    "Does a local integration network need a formal cooperation agreement, or can it work informally?",
    "Brauchen wir wirklich einen Kooperationsvertrag, oder geht es auch ohne?",
])
def test_whether_one_needs_an_agreement_asks_what_others_learnt_not_a_fact(engine, question: str) -> None:  # noqa: ANN001
    answer = engine.chat(question)
    assert answer.matched and "formalisation" not in answer.intents
