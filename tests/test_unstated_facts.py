"""A fact asked of a named network that its sheets do not state ("Wann wurde Halberstadt gegründet?":
halberstadt.en.txt has the junk value "Founding year 1") is said to be missing, in the shown
language, and no other field's row stands in for it (s10 tester's W4: "Halberstadt – Art des
Netzwerks: Informal network" was the answer)."""

from __future__ import annotations

import pytest

from assistant.chat import Conversation, Part
from assistant.i18n import t
from assistant.notices import Notice, NoticeCode, unstated_facts
from assistant.views.notices import notice_text

FOUNDED = {"de": "Wann wurde das Netzwerk in Halberstadt gegründet?", "en": "When was the Halberstadt network founded?",
           "tr": "Halberstadt ağı ne zaman kuruldu?"}
YEAR = {"de": "Gründungsjahr", "en": "Founding year", "tr": "Kuruluş yılı"}


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_a_founding_year_no_sheet_states_is_said_to_be_missing(seed_engine, lang: str) -> None:
    answer = seed_engine.chat(FOUNDED[lang], ui_language=lang)
    notice = next(n for n in answer.notices if n.code is NoticeCode.FACT_NOT_STATED)
    assert notice_text(notice, lang) == t("fact_not_stated", lang, networks="Halberstadt", fields=YEAR[lang])
    assert not answer.part(Part.FACTS)
    assert all(q.section not in ("general", "contact") for q in answer.answer), [q.text for q in answer.answer]
    assert answer.summary is not None and "Informal network" not in answer.summary


def test_also_after_the_name_alone_and_only_for_the_network_that_lacks_it(seed_engine) -> None:
    first = seed_engine.chat("Halberstadt", ui_language="de")
    answer = seed_engine.chat("Wann wurde das Netzwerk gegründet?", conversation=Conversation(turns=[first]),
                              ui_language="de")
    assert [n.params for n in answer.notices if n.code is NoticeCode.FACT_NOT_STATED] == [
        {"fields": "founding_year", "networks": "Halberstadt"}]
    both = seed_engine.chat("Wann wurden Erfurt und Halberstadt gegründet?", ui_language="de")
    assert [n.params["networks"] for n in both.notices if n.code is NoticeCode.FACT_NOT_STATED] == ["Halberstadt"]
    assert {q.network_id for q in both.part(Part.FACTS)} == {"erfurt"}


@pytest.mark.parametrize("question", ["Wann wurde Dortmund gegründet?", "Wer koordiniert in Halberstadt?",
                                      "Halberstadt", "Wann wurde das Netzwerk gegründet?"])
def test_no_such_notice_where_the_fact_is_stated_asked_of_no_network_or_not_asked(seed_engine, question: str) -> None:
    answer = seed_engine.chat(question, ui_language="de")
    assert NoticeCode.FACT_NOT_STATED not in {n.code for n in answer.notices}


def test_the_rule() -> None:
    cities = {"erfurt": "Erfurt", "halberstadt": "Halberstadt"}
    assert unstated_facts(cities, ["founding_year"], {("erfurt", "founding_year")}) == [
        Notice(code=NoticeCode.FACT_NOT_STATED, params={"fields": "founding_year", "networks": "Halberstadt"})]
    both = {("erfurt", "founding_year"), ("halberstadt", "founding_year")}
    assert unstated_facts(cities, ["founding_year"], both) == []
    assert unstated_facts({}, ["members"], set()) == []


CONTACT_TURNS = {
    "de": ("Wir sind eine Kleinstadt mit 40.000 Einwohnern, drei Vereine machen jeweils ihr eigenes Ding, keine "
           "Koordination", "Wie haben die das mit den Sprachbarrieren gelöst?", "Kontakt?"),
    "en": ("We are a small town of 40,000 inhabitants, three associations each do their own thing, no coordination",
           "How did they solve the language barriers?", "Contact?"),
    "tr": ("40.000 nüfuslu küçük bir kasabayız, üç dernek her biri kendi işini yapıyor, koordinasyon yok",
           "Dil engellerini nasıl çözdüler?", "İletişim bilgileri?"),
}
# In the conversation's order, the situation's closest network first (s16 V9: Halberstadt, then Dortmund)
EACH = {"de": "Die Steckbriefe nennen das nicht – Halberstadt: Ansprechperson, E-Mail, Telefon, Adresse; "
              "Dortmund: Ansprechperson, Telefon, Adresse.",
        "en": "The fact sheets do not state this – Halberstadt: Contact person, E-mail, Phone, Address; "
              "Dortmund: Contact person, Phone, Address.",
        "tr": "Bilgi formlarında bu bilgi yok – Halberstadt: İletişim kişisi, E-posta, Telefon, Adres; "
              "Dortmund: İletişim kişisi, Telefon, Adres."}


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_networks_lacking_different_contact_details_are_each_named_with_theirs(seed_engine, lang: str) -> None:
    """s14 tester T15: "Kontakt?" after a situation said "Die Steckbriefe von Dortmund, Halberstadt nennen
    das nicht: Ansprechperson, E-Mail, Telefon, Adresse." right above "Dortmund – E-Mail: nfarshi@stadtdo.de"."""
    conversation = Conversation()
    for text in CONTACT_TURNS[lang]:
        conversation.turns.append(seed_engine.chat(text, conversation=conversation, ui_language=lang))
    contact = conversation.turns[-1]
    assert ("dortmund", "emails") in {(q.network_id, q.fact) for q in contact.answer}, contact.answer
    # the notice names the networks in the order the answer does
    assert [n for n in contact.named if n in ("halberstadt", "dortmund")] == ["halberstadt", "dortmund"]
    assert [notice_text(n, lang) for n in contact.notices
            if n.code in (NoticeCode.FACT_NOT_STATED, NoticeCode.FACT_NOT_STATED_EACH)] == [EACH[lang]]


def test_the_rule_for_networks_lacking_different_facts() -> None:
    cities = {"dortmund": "Dortmund", "halberstadt": "Halberstadt", "erfurt": "Erfurt"}
    fields = ["contact_person", "emails", "phone"]
    stated = {("dortmund", "emails"), ("erfurt", "contact_person"), ("erfurt", "emails"), ("erfurt", "phone")}
    assert unstated_facts(cities, fields, stated) == [Notice(code=NoticeCode.FACT_NOT_STATED_EACH, params={
        "missing": "Dortmund: contact_person,phone; Halberstadt: contact_person,emails,phone"})]
    same = {("dortmund", "emails"), ("halberstadt", "emails"), *stated}
    assert unstated_facts(cities, fields, same) == [Notice(code=NoticeCode.FACT_NOT_STATED, params={
        "fields": "contact_person,phone", "networks": "Dortmund, Halberstadt"})]


def test_organisations_are_no_founding(seed_engine) -> None:
    """"kuruluşlar" (organisations) was read as "kuruluş" (founding): "Halberstadt ağında hangi kuruluşlar yer
    alıyor, resmi bir koordinatör var mı?" then said no founding year is stated and, by W4's rule, hid the
    'No coordinating organisation' row that answers it (the holdout's chat answer fell 0.713 -> 0.656)."""
    answer = seed_engine.chat("Halberstadt ağında hangi kuruluşlar yer alıyor, resmi bir koordinatör var mı?",
                              ui_language="tr")
    assert "founding" not in answer.intents
    assert NoticeCode.FACT_NOT_STATED not in {n.code for n in answer.notices}
    assert any(q.section == "general" for q in answer.answer)
    assert "founding" in seed_engine.chat("Erfurt ağının kuruluş yılı?", ui_language="tr").intents


@pytest.mark.parametrize(("turns", "lang"), [(("Halberstadt", "Kontakt?", "mehr dazu"), "de"),
                                             (("Halberstadt", "Contact?", "more on that"), "en"),
                                             (("Halberstadt", "İletişim bilgileri?", "daha fazla"), "tr")])
def test_more_after_the_contact_does_not_call_the_shown_rows_missing(seed_engine, turns, lang: str) -> None:  # noqa: ANN001
    """W2 (s10 tester): "Halberstadt" -> "Kontakt?" -> "mehr dazu" said "Die Steckbriefe von Halberstadt
    nennen das nicht: …, Website(s), …" right under the three websites the answer before showed."""
    conversation = Conversation()
    for text in turns:
        conversation.turns.append(seed_engine.chat(text, conversation=conversation, ui_language=lang))
    contact, more = conversation.turns[1:]
    assert any(q.fact == "websites" for q in contact.answer), contact.answer
    missing = [f for n in more.notices if n.code is NoticeCode.FACT_NOT_STATED
               for f in str(n.params["fields"]).split(",")]
    assert "websites" not in missing, more.notices
