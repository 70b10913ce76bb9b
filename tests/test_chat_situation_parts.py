"""The further parts of a situation's answer keep to the asker's problem (session 17 tester W6/W22).

"Our volunteers keep quitting after a few months. What can we do?" got, after its direct answer,
every success factor, lesson and transfer paragraph of the closest networks: "Reduction of
bureaucratic hurdles", "Competitive behaviour (e.g. among language course providers)", Dortmund's
awards. A situation that names a problem or a field of work (a concept of the kinds
:data:`assistant.query.CONCERN_KINDS`) now gets only passages about its topics there; a situation
that only says who the asker is (town size, coordination, groups) still gets what worked and what
went wrong in the closest networks.
"""

from __future__ import annotations

import pytest

from assistant.answer import Part
from assistant.chat import ChatAnswer, Conversation
from assistant.concepts import tag_concepts
from assistant.query import has_a_concern, topic_concepts

pytestmark = pytest.mark.heavy  # the real engine

FURTHER = (Part.SUCCESS_FACTORS, Part.LESSONS, Part.TRANSFERABILITY)

#: A described situation with a problem: volunteers who drop out.
VOLUNTEERS_QUIT = {
    "de": "Unsere Ehrenamtlichen sind nach ein paar Monaten ausgebrannt und springen ab. Was können wir tun?",
    "en": "Our volunteers keep quitting after a few months. What can we do?",
    "tr": "Gönüllülerimiz birkaç ay sonra bırakıyor. Ne yapabiliriz?",
}

#: A described situation that says only who the asker is.
WHO_WE_ARE = {
    "de": "Wir sind eine Kleinstadt mit 20.000 Einwohnern, ohne hauptamtliche Koordination, viele Geflüchtete "
          "aus Syrien. Was könnte bei uns funktionieren?",
    "en": "We are a small town of 20,000 people, no paid coordination, many refugees from Syria. "
          "What could work for us?",
    "tr": "20.000 nüfuslu küçük bir kasabayız, koordinatörümüz yok, Suriye'den çok mülteci var. "
          "Bizde ne işe yarayabilir?",
}

#: Passages of the closest networks that say nothing about volunteers or their dropping out.
OFF_THE_PROBLEM = ("Reduction of bureaucratic hurdles", "Competitive behaviour", "Common mission")


def _answer(engine, text: str, ui: str) -> ChatAnswer:  # noqa: ANN001 - the real engine
    return engine.chat(text, conversation=Conversation(), ui_language=ui)


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_a_problem_keeps_the_further_parts_to_it(seed_engine, lang: str) -> None:  # noqa: ANN001
    text = VOLUNTEERS_QUIT[lang]
    asked = tag_concepts(text)
    assert has_a_concern(asked), asked
    answer = _answer(seed_engine, text, lang)
    assert answer.situation, answer.summary
    further = [q for part in FURTHER for q in answer.part(part)]
    assert further, "the closest networks' lessons about volunteers are shown"
    for quote in further:
        assert topic_concepts(tag_concepts(quote.text)) & topic_concepts(asked), (quote.part, quote.text)
        assert not any(off in quote.text for off in OFF_THE_PROBLEM), quote.text


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_who_we_are_still_gets_what_worked_and_what_went_wrong(seed_engine, lang: str) -> None:  # noqa: ANN001
    text = WHO_WE_ARE[lang]
    assert not has_a_concern(tag_concepts(text))
    answer = _answer(seed_engine, text, lang)
    assert answer.situation, answer.summary
    assert len(answer.part(Part.SUCCESS_FACTORS)) >= 2, [q.text for q in answer.answer]
    assert answer.part(Part.LESSONS), [q.text for q in answer.answer]
