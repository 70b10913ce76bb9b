"""What a described situation says is a problem is read clause by clause, and planners' shorthand
for "no coordination" is read (session 17 browser tester W17, W20).

W17: "Wir sind eine Kleinstadt ohne Koordination, wir haben viele Ehrenamtliche, aber kein Geld" made the
volunteers a challenge (the sentence had a problem word, "ohne"/"kein"), so networks that complain about
volunteers matched on it. W20: "keine hauptamtl. Koordination" was read as coordination, and
"Kleinstadt, keine hauptamtl. Koordination, Ehrenamt bröckelt weg." as no situation at all."""

from __future__ import annotations

import pytest

from assistant.profile import extract_profile, stated_as_problem

PLENTY = [
    "Wir sind eine Kleinstadt ohne Koordination, wir haben viele Ehrenamtliche, aber kein Geld.",
    "We are a small town with no coordination, we have lots of volunteers but no money.",
    "Küçük bir kasabayız, koordinasyon yok, gönüllüler çok ama para yok.",
]


@pytest.mark.parametrize("text", PLENTY)
def test_many_volunteers_are_no_problem_but_the_money_is(text: str) -> None:
    profile = extract_profile(text)
    assert profile.challenges == ["funding"], profile
    assert "volunteers" in profile.target_groups
    assert profile.coordination == "coordination_none"


@pytest.mark.parametrize("text", [
    "Kleinstadt, keine Koordination, Ehrenamtliche springen ab.",
    "We are a small town, our volunteers keep quitting.",
    "Küçük bir kasabayız, gönüllüler bırakıyor.",
    # the clause names only whom it is about; what is said of them follows
    "Die Ehrenamtlichen, die wir haben, hören auf.",
    "Our volunteers, sadly, keep quitting.",
    "Ehrenamt bröckelt weg.",
])
def test_volunteers_said_to_be_a_problem_are_one(text: str) -> None:
    assert "volunteers" in extract_profile(text).challenges, text


@pytest.mark.parametrize("text", [
    # the CI run on b21e6a7: with the clause rule "Geld gibts auch kaum" lost the "kein" of "keiner" before it
    "Wir sind eine kleine Stadt, keiner kordiniert, Geld gibts auch kaum. Was kölnnen wir machen?",
    "We are a small town, nobody coordinates, there is hardly any money.",
])
def test_hardly_any_money_is_a_problem(text: str) -> None:
    assert extract_profile(text).challenges == ["funding"], text


def test_the_clause_rule() -> None:
    assert stated_as_problem("wir haben viele Ehrenamtliche, aber kein Geld", ["Geld"])
    assert not stated_as_problem("wir haben viele Ehrenamtliche, aber kein Geld", ["Ehrenamtliche"])
    assert not stated_as_problem("Viele Ehrenamtliche helfen bei uns mit, keine Koordination", ["Ehrenamtliche"])
    assert stated_as_problem("Ehrenamtliche fehlen", ["Ehrenamtliche"])
    assert not stated_as_problem("", ["Ehrenamtliche"])


@pytest.mark.parametrize("text", [
    "keine hauptamtl. Koordination", "keine hauptamtl Koordination", "ohne hauptamtl. Koordination",
    "keine hauptamtliche Koordination",
])
def test_shorthand_for_no_paid_coordination(text: str) -> None:
    assert extract_profile(f"Wir sind eine Kleinstadt, {text}.").coordination == "coordination_none", text


@pytest.mark.parametrize("text", [
    # session 18 (W3/W23's English case): "no paid coordination" was no coordination value at all, and a small
    # town without it was closest to Dortmund
    "We are a small town of 20,000 people, no paid coordination, and our volunteers are dropping out.",
    "We are a small town without a paid coordinator.",
    "We are a small town, there is no full-time coordinator.",
    "Wir sind eine Kleinstadt, keine bezahlte Koordination.",
    "Küçük bir kasabayız, ücretli koordinatör yok.",
])
def test_no_paid_coordination_is_none(text: str) -> None:
    assert extract_profile(text).coordination == "coordination_none", text


@pytest.mark.parametrize("text", [
    "We are a small town with a paid coordinator.",
    "Wir sind eine Kleinstadt mit bezahlter Koordination.",
])
def test_a_paid_coordination_is_not_none(text: str) -> None:
    assert extract_profile(text).coordination != "coordination_none", text


@pytest.mark.parametrize("text", [
    "Kleinstadt, keine hauptamtl. Koordination, Ehrenamt bröckelt weg.",
    "wir sind landkreis im ländl. raum, 3 gemeinden, keine hauptamtl. koordination, ehrenamt bröckelt weg.",
])
def test_a_note_style_situation_describes_a_town(text: str) -> None:
    profile = extract_profile(text)
    assert profile.describes_a_network(), profile
    assert profile.coordination == "coordination_none" and "volunteers" in profile.challenges


def test_a_paid_coordination_in_shorthand_is_no_lack() -> None:
    assert extract_profile("Wir sind eine Kleinstadt mit einer hauptamtl. Koordination.").coordination != (
        "coordination_none")
