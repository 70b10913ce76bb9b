"""Typo tolerance: misspelt question words are corrected against the corpus, the
concept vocabulary and everyday words; correct words of any supported language
are left alone."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.models import Network
from assistant.spelling import Speller


@pytest.fixture(scope="module")
def speller(networks: dict[str, Network]) -> Speller:
    return Speller.build(item.text for n in networks.values() for s in n.sections for item in s.items)


@pytest.mark.parametrize(
    ("written", "meant", "language"),
    [
        ("volunters", "volunteers", "en"),
        ("cordinator", "coordinator", "en"),
        ("smal", "small", "en"),
        ("quiting", "quitting", "en"),
        ("refugess", "refugees", "en"),
        ("langauge", "language", "en"),
        ("Finanzeirung", "Finanzierung", "de"),
        ("Sprachbarieren", "Sprachbarriere", "de"),
        ("Halberstat", "Halberstadt", "de"),
        ("koordinasyn", "koordinasyon", "tr"),
        # a known stem with endings ("gönül" + "üler") that is a doubled letter written once
        ("gönülüler", "gönüllüler", "tr"),
        # a known stem ("finans") followed by letters without a vowel is no stem with endings (V5)
        ("Finansmn", "Finansman", "tr"),
        # two letters swapped are one slip, as one dropped: not "erfreut" (W17)
        ("Erfrut", "Erfurt", "de"),
        ("Erfrut", "Erfurt", "en"),
        ("Dortmnud", "Dortmund", "de"),
    ],
)
def test_typos_are_corrected(speller: Speller, written: str, meant: str, language: str) -> None:
    corrected, corrections = speller.correct(f"xx {written} xx", language)
    assert corrected == f"xx {meant} xx"
    assert [(c.original, c.replacement.lower()) for c in corrections] == [(written, meant.lower())]


def test_the_issue_question(speller: Speller) -> None:
    corrected, _ = speller.correct("we are a smal town and our volunters keep quiting, no cordinator", "en")
    assert corrected == "we are a small town and our volunteers keep quitting, no coordinator"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ehrenamtliche gesucht, Integrationslotsen und Stadtteilmütter fehlen", "de"),
        ("Die Ausländerbehörde arbeitet mit der Willkommenskultur", "de"),
        ("Gönüllülerimizin motivasyonu düşük, mahallelere ulaşabilirim", "tr"),
        ("Ağ toplantılarında hangi formatlar kullanılıyor?", "tr"),
        ("gonullu bulamiyoruz, koordinasyon eksikligi var", "tr"),  # Turkish typed without its letters
        ("Arabamın motor ışığı yanıyor", "tr"),
        ("What about the volunteers in Neukölln and Kassel?", "en"),
        ("Bürgermeisterin unterstützt die Sprachmittler", "de"),
        ("mülteci entegrasyonu ve barınma", "tr"),
    ],
)
def test_correct_words_of_every_language_are_left_alone(speller: Speller, text: str, language: str) -> None:
    assert speller.correct(text, language) == (text, ())


def test_a_turkish_word_in_an_english_question_is_left_alone(speller: Speller) -> None:
    assert speller.correct("How do we find gönüllüler?", "en")[1] == ()


@pytest.mark.parametrize(("text", "meant"), [("fundig", "funding"), ("fundig?", "funding?"),
                                             ("How is the network fundig?", "How is the network funding?"),
                                             ("fundig for volunteers", "funding for volunteers")])
def test_a_word_only_with_accents_it_lacks_is_a_dropped_letter_outside_its_language(
        speller: Speller, text: str, meant: str) -> None:
    """V11: "fundig" was left alone as German "fündig" typed without its umlaut ("Fundng?" was
    corrected); in a German sentence it is still that word."""
    assert speller.correct(text, "de")[0] == meant
    assert speller.correct(text, "en")[0] == meant


@pytest.mark.parametrize("text", ["Wo werden wir fundig?", "Wie werden wir bei der Suche nach Geld fundig?",
                                  "gonullu bulamiyoruz"])
def test_a_word_without_its_accents_in_a_sentence_of_its_language_is_left_alone(speller: Speller, text: str) -> None:
    assert speller.correct(text, "de") == (text, ())


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
# 'A²Fß0AAAB' is one token between blanks but two words (a digit parts them): the bound is the
# words, the runs of letters the corrector reads (hypothesis found it in session 11; it failed
# the property test as written with text.split()).
@example("A²Fß0AAAB")
def test_any_text_keeps_its_shape(speller: Speller, text: str) -> None:
    corrected, corrections = speller.correct(text, "en")
    words = re.findall(r"[^\W\d_]+", text)
    assert len(corrections) <= len(words)
    assert all(text[c.start:c.end] == c.original for c in corrections)
    if not corrections:
        assert corrected == text


def test_cached_speller_is_the_built_one(tmp_path, speller: Speller) -> None:
    """With a cache folder the typo corrector is stored under a hash of what it is built from and
    read back on the next start (no ~0.2 s build before the app's first answer): the same one,
    down to the order of its candidates; other counts are another file; a damaged file is
    built again; only the newest few stay."""
    from assistant.spelling import CACHES_KEPT, word_counts

    SIZE = 3000  # everyday words per language: a smaller lexicon, the same code
    counts = word_counts(speller.surface.values())
    built = Speller.from_counts(counts, SIZE)
    cache = tmp_path / "cache"
    assert Speller.cached(counts, cache, SIZE) == built  # built and stored
    stored = list(cache.glob("speller-*.marshal"))
    assert len(stored) == 1
    again = Speller.cached(counts, cache, SIZE)  # read back
    assert again == built
    assert [list(b) for b in again.buckets.values()] == [list(b) for b in built.buckets.values()]
    assert list(again.surface) == list(built.surface)
    assert again.correct("our volunters keep quiting", "en") == built.correct("our volunters keep quiting", "en")
    stored[0].write_bytes(b"\x00damaged")
    assert Speller.cached(counts, cache, SIZE) == built
    other = Counter(counts)
    other["halberstadtx"] += 1
    assert Speller.cached(other, cache, SIZE) == Speller.from_counts(other, SIZE)
    assert len(list(cache.glob("speller-*.marshal"))) == 2
    for n in range(CACHES_KEPT + 1):
        Speller.cached({**counts, f"wort{'x' * n}": 1}, cache, SIZE)
    assert len(list(cache.glob("speller-*.marshal"))) == CACHES_KEPT
    assert Speller.cached(counts, None, SIZE) == built  # no cache folder: built


@pytest.mark.parametrize("word", [
    # a Turkish verb with its endings is a word, however short its stem, where its infinitive is ("çözmek"; s12
    # note: "Nasıl çözdüler?" was read "çözümler"): they solved, we managed, they found, you solved, …
    "çözdüler", "Çözdüler", "cozduler", "başardık", "bulmuşlar", "çözdünüz", "aştılar", "yaptım",
])
def test_a_turkish_verb_with_its_endings_is_never_corrected(speller: Speller, word: str) -> None:
    corrected, corrections = speller.correct(f"Nasıl {word}?", "tr")
    assert corrections == () and corrected == f"Nasıl {word}?"
    assert speller.is_known(word, "tr")


@pytest.mark.parametrize(("written", "meant"), [("finansmn", "finansman"), ("koordinasyn", "koordinasyon")])
def test_endings_of_consonants_alone_follow_a_vowel(speller: Speller, written: str, meant: str) -> None:
    # "finans" + "m" + "n" is no inflected word: the consonant endings "-m", "-n" follow a vowel ("yaptı|m")
    assert speller.suggest(written, "tr") == meant
