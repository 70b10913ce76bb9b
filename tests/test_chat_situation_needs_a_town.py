"""A question that says only whom it is about is a question, not a described situation
(session 14 browser tester T12).

"Wie erreichen wir Geflüchtete in den Stadtteilen?" (the README's own example) opened its short
answer with „Am ähnlichsten ist Ihrer Situation: Halberstadt (0,47; ähnlich in: Zielgruppen)“, a
tie with Dortmund, and three "closest networks" cards, although it says nothing of the asker's
town and every direct quote is Dortmund's; "How do we reach refugees …?" alike, the NGO looking
for a model for "coordinating volunteers" too, while the Turkish question was answered as a
question. Networks are closest to a town by its size, coordination, organisation or problems:
without one of those, the answer is the question's.
"""

from __future__ import annotations

import pytest

from assistant.chat import ChatAnswer

pytestmark = pytest.mark.heavy  # the real engine


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


@pytest.mark.parametrize(("ui_lang", "question"), [
    ("de", "Wie erreichen wir Geflüchtete in den Stadtteilen?"),
    ("en", "How do we reach refugees in the districts?"),
    ("de", "Wie erreichen wir Ehrenamtliche?"),
    ("en", "How can we reach volunteers?"),
    ("de", "Wir sind ein Verein und suchen ein Modell für unseren Stadtteil. "
           "Was funktioniert bei der Koordination von Ehrenamtlichen?"),
    ("en", "We are an NGO looking for a model we can transfer to our district. "
           "What works for coordinating volunteers?"),
    ("tr", "Biz bir derneğiz ve ilçemize aktarabileceğimiz bir model arıyoruz. "
           "Gönüllülerin koordinasyonunda ne işe yarar?"),
    ("tr", "Mahallelerdeki mültecilere nasıl ulaşırız?"),
])
def test_whom_it_is_about_alone_is_no_situation(engine, ui_lang: str, question: str) -> None:  # noqa: ANN001
    answer: ChatAnswer = engine.chat(question, ui_language=ui_lang)
    assert answer.matched and answer.answer, question
    assert not answer.situation and not answer.networks, (question, answer.summary)
    assert all(q.part.value == "direct" or q.part.value == "facts" for q in answer.answer)


@pytest.mark.parametrize(("ui_lang", "question"), [
    ("de", "Wir sind eine Kleinstadt mit 20.000 Einwohnern, niemand koordiniert. Was können wir tun?"),
    ("en", "We are a small town of 20,000 and nobody coordinates. What can we do?"),
    ("tr", "Küçük bir kasabayız, 20.000 nüfus, kimse koordine etmiyor. Ne yapabiliriz?"),
])
def test_a_town_described_is_still_a_situation(engine, ui_lang: str, question: str) -> None:  # noqa: ANN001
    answer: ChatAnswer = engine.chat(question, ui_language=ui_lang)
    assert answer.situation and answer.networks and answer.networks[0].network_id == "halberstadt"
