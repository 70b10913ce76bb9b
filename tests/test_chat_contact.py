"""A contact question about a network whose sheet gives no phone nor e-mail (session 13 browser tester Z3).

"Telefonnummer von X?" put X's members row in the short answer ("Halberstadt – Mitglieder: Three NGOs …";
reproduced on the seeds with "E-Mail von Halberstadt?" and "Halberstadt'ın telefon numarası?"). The answer
says which contact details the sheet does not give (fact_not_stated) and states those it has (the
websites); another field's row (its members) may be context, never said as the answer. "Phone number of Halberstadt?"
is no question for a figure (it said that no quote gives one), and "Wie erreiche ich Halberstadt?" / "How
can I contact Halberstadt?" ask for the contact details (were out of scope / no contact answer).
"""

from __future__ import annotations

import pytest

from assistant.answer import Part
from assistant.chat import ChatAnswer, Conversation
from assistant.labels import FIELD_NAMES
from assistant.models import FactField
from assistant.notices import NoticeCode

pytestmark = pytest.mark.heavy  # the real engine


@pytest.fixture(scope="module")
def engine(seed_engine):  # noqa: ANN001 - the session's real engine
    return seed_engine


def _ask(engine, text: str, ui: str) -> ChatAnswer:  # noqa: ANN001 - the real engine
    return engine.chat(text, conversation=Conversation(), ui_language=ui)


@pytest.mark.parametrize(("ui", "question"), [
    ("de", "Telefonnummer von Halberstadt?"),
    ("de", "E-Mail von Halberstadt?"),
    ("de", "Wie erreiche ich Halberstadt?"),
    ("en", "Phone number of Halberstadt?"),
    ("en", "What is Halberstadt's email address?"),
    ("en", "How can I contact Halberstadt?"),
    ("tr", "Halberstadt'ın telefon numarası?"),
    ("tr", "Halberstadt'ın e-posta adresi?"),
    ("tr", "Halberstadt'a nasıl ulaşabilirim?"),
])
def test_a_contact_question_without_phone_or_mail_on_the_sheet_says_so(engine, ui: str, question: str) -> None:  # noqa: ANN001
    answer = _ask(engine, question, ui)
    assert answer.matched and answer.named == ["halberstadt"], question
    unstated = next(n for n in answer.notices if n.code is NoticeCode.FACT_NOT_STATED)
    assert {"phone", "emails"} <= set(str(unstated.params["fields"]).split(",")), question
    assert not any(n.code is NoticeCode.NO_FIGURE for n in answer.notices), question  # "phone number" is no count
    facts = answer.part(Part.FACTS)
    assert facts and {q.fact for q in facts} == {"websites"}, question  # the contact details it has
    summary = answer.summary or ""
    assert summary.startswith(f"Halberstadt – {FIELD_NAMES[ui][FactField.WEBSITES]}"), summary
    names = FIELD_NAMES[ui]
    for field in (FactField.MEMBERS, FactField.LOCATION, FactField.COORDINATING_ORGANISATION):
        assert names[field] not in summary, (question, summary)


@pytest.mark.parametrize(("ui", "question"), [
    ("de", "Telefonnummer von Dortmund?"), ("en", "Dortmund's e-mail address?"), ("tr", "Dortmund'un e-posta adresi?"),
])
def test_a_contact_question_with_mail_on_the_sheet_states_it(engine, ui: str, question: str) -> None:  # noqa: ANN001
    answer = _ask(engine, question, ui)
    assert "nfarshi@stadtdo.de" in {q.value for q in answer.part(Part.FACTS)}, question


# --------------------------------------------------------------------------- session 19 browser tester F5, F9

SEEDS = ("Dortmund", "Erfurt", "Halberstadt")


@pytest.mark.parametrize(("ui", "question"), [("de", "Kontakt?"), ("en", "Contact?"), ("tr", "İletişim?")])
def test_contact_asked_alone_gives_every_network_s_contact_details_and_names_them(engine, ui: str,  # noqa: ANN001
                                                                                 question: str) -> None:
    """F5: "İletişim?" alone quoted internal communication ("Communication via e-mail and telephone"), not
    the contact details "Kontakt?" and "Contact?" give: alone, a user asks how to reach the networks.
    F9: the short answer named Erfurt alone (its five contact fields filled the sentences), though the
    answer gives Dortmund's and Halberstadt's contact details too: one line per network then."""
    answer = _ask(engine, question, ui)
    assert "contact" in answer.intents and "communication" not in answer.intents, answer.intents
    facts = answer.part(Part.FACTS)
    assert {q.network_id for q in facts if q.section == "contact"} == {"dortmund", "erfurt", "halberstadt"}
    assert {"nfarshi@stadtdo.de", "netzwerk@integration-migration-thueringen.de"} <= {q.value for q in facts}
    summary = answer.summary or ""
    for city in SEEDS:
        assert f"{city} – " in summary, (city, summary)  # each network's line
    for quote in facts:  # every contact detail shown is pointed to
        assert f"[{quote.number}]" in summary, (quote.number, summary)
    # two mailboxes of one sheet are a list, not sources that disagree
    assert "Quellen nennen Verschiedenes" not in summary and "sources differ" not in summary, summary
    assert "kaynaklar farklı" not in summary, summary


@pytest.mark.parametrize("question", ["İç iletişim?", "Dış iletişim?", "İletişim nasıl?", "Erfurt'ta iletişim nasıl?"])
def test_how_they_communicate_in_turkish_is_no_contact_question(engine, question: str) -> None:  # noqa: ANN001
    """F5: "iletişim" is communication too; asked how they communicate, the answer is about that."""
    answer = _ask(engine, question, "tr")
    assert "communication" in answer.intents and "contact" not in answer.intents, (question, answer.intents)
    assert not answer.part(Part.FACTS), question
    assert {q.section for q in answer.answer} & {"internal_communication", "external_communication"}, question
