"""A network or town a question names that the corpus has no sheet about.

"Who coordinates the network in Gruenwald?", "Wann wurde das Netzwerk Gruenwald gegründet?",
"Gruenwald'daki ağın bütçesi ne?": the question asks about one network (a word of
``one_network_words`` in the language files) and names it by a word no sheet, no place of
assistant/data/places.toml or towns.toml and no network's name knows. The chat answers it as
before (the closest passages from elsewhere), but first says that no sheet is about that name,
so that another network's coordinator is never read as Gruenwald's
(:class:`assistant.notices.NoticeCode.NO_SHEET_NAMED`). A place the places files know is said by
:mod:`assistant.place_questions` instead ("Leipzig", "Kassel'deki ağ").

A word counts as such a name where it is written with a capital letter and, in a question
with a word for one network, stands

* after a place preposition ("in Gruenwald", "aus Gruenwald"; ``place_prepositions``),
* with a case ending after an apostrophe ("Gruenwald'daki", "Gruenwald'un"),
* right after the word for the network ("das Netzwerk Gruenwald"), or
* as a German demonym right before it ("das Gruenwalder Netzwerk");

or several capitalised words after a place preposition or that word end in one that is no everyday
word and none of the corpus's ("in Hohe Geest", "in Schwarze Pumpe": a name made of words);

without such a word ("Wer koordiniert in Gruenwald?", "Kontakt Gruenwald", "Birkenwalde"), where
it has a case ending after an apostrophe (Turkish writes one only after a proper name:
"Gruenwald'da kim koordine ediyor?") or looks like a place name and like no word
(:func:`looks_like_a_place_name`: rare in wordfreq's lists and ending like many place names of the
places files, or no word at all); a question nothing else matched ("Birkenwalde") says
:class:`~assistant.notices.NoticeCode.NO_SHEET_NAMED_ONLY` instead of "nothing found".
In either case the word is none of: an everyday word of German, English or Turkish (:mod:`assistant.lexicon`; unless
a place name of the places files starts with it: "Neustadt", "Bad"), a
word of the corpus (the sheets' own words: "in Stadtteilen"), a word of the concept vocabulary,
a network's name or a known place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from functools import cache
from typing import Final

from assistant.analyse import network_names, speller
from assistant.compounds import MIN_PART_FREQUENCY, compound_parts
from assistant.concepts import tag_concepts
from assistant.index import SearchIndex
from assistant.languages import words as cue_words
from assistant.lexicon import EVERYDAY, best_frequency
from assistant.names import NetworkNames
from assistant.notices import Notice, NoticeCode
from assistant.places import places
from assistant.text import fold, lower_word, match_fold

#: A word, and the case ending an apostrophe joins to it ("Gruenwald'daki").
_TOKEN: Final = re.compile(r"(\w+)(?:['’`´](\w+))?")
#: Shortest name read as one.
MIN_NAME: Final = 3
#: Further capitalised words a name may have ("Bad Gruenwald", "Neustadt am Rübenberge" is cut at "am").
_MORE_WORDS: Final = 2
#: A German demonym's ending ("Gruenwalder Netzwerk").
_DEMONYM: Final = "er"
#: A place name's ending that many one-word place names of the places files share ("-walde" of
#: Eberswalde, Luckenwalde, Fürstenwalde) has this many letters, and this many names share it.
_ENDING: Final = 5
_ENDING_NAMES: Final = 3
#: Most letters of endings a word of no wordfreq list may carry on a listed one ("Papağan|ıma").
_ENDINGS: Final = 4
#: The last part of a compound ("wald" of Greifswald, Radevormwald) is a place name's when this many share it.
_HEAD_NAMES: Final = 2


@cache
def _network_words() -> frozenset[str]:
    return frozenset(fold(w) for w in cue_words("one_network_words"))


@cache
def _prepositions() -> frozenset[str]:
    return frozenset(fold(w) for w in cue_words("place_prepositions"))


def unknown_name(text: str, names: NetworkNames, corpus: frozenset[str]) -> str | None:
    """The name (as written) of a network or town ``text`` asks about that no sheet is about,
    else None. ``names``: the networks' name lookup; ``corpus``: the corpus's words, folded."""
    tokens = [(m.group(1), m.group(2) is not None) for m in _TOKEN.finditer(text)]
    folded = [fold(word) for word, _ in tokens]
    if names.named(text) or places().find(text):
        return None
    network_at = [i for i, word in enumerate(folded) if word in _network_words()]
    for i, (word, joined) in enumerate(tokens):
        candidate = word
        if i + 1 in network_at and folded[i].endswith(_DEMONYM):  # "Gruenwalder Netzwerk"
            candidate = word[: -len(_DEMONYM)]
        elif not (joined or (i > 0 and (folded[i - 1] in _prepositions() or i - 1 in network_at))):
            # no word for one network: a name only by its look ("Wer koordiniert Birkenwalde?")
            if network_at or not _is_unknown_name(word, names, corpus) or not looks_like_a_place_name(word):
                continue
        elif not joined and (run := _capitalised_run(tokens, i)) and _is_unknown_run(run, names, corpus):
            return " ".join(run)  # "in Hohe Geest", "in Schwarze Pumpe": everyday words, capitalised as a name
        elif not network_at and not joined and not looks_like_a_place_name(word):
            continue  # "in Tigrinya", "in Notunterkünften": a rare word after "in" is no name by that alone
        if _is_unknown_name(candidate, names, corpus):
            # "in Bad Gruenwald", "in Neustadt Nord": the capitalised words after it belong to the name
            rest = [w for w, _ in tokens[i + 1:i + 1 + _MORE_WORDS]]
            more = next((n for n, w in enumerate(rest) if not _is_unknown_name(w, names, corpus, part=True)), len(rest))
            return " ".join([candidate, *rest[:more]]) if candidate == word else candidate
    return None


def _capitalised_run(tokens: list[tuple[str, bool]], start: int) -> list[str]:
    """The capitalised words from ``start`` on (at most 1 + :data:`_MORE_WORDS`), when there are at
    least two: "Hohe Geest" of "in Hohe Geest schief", a name made of words."""
    run: list[str] = []
    for word, joined in tokens[start:start + 1 + _MORE_WORDS]:
        if not word[:1].isupper() or word.isupper() or joined:
            break
        run.append(word)
    return run if len(run) >= 2 else []


def _is_unknown_run(run: list[str], names: NetworkNames, corpus: frozenset[str]) -> bool:
    """Whether the capitalised words ``run``, after a place preposition or a word for one network,
    name a town or network no sheet knows: everyday words may start such a name ("Hohe Geest",
    "Schwarze Pumpe", "Hohe Börde"), but its last word is no everyday word and none of the corpus's
    words ("in Rural Areas", "in Small Towns", "in Großen Städten" are words capitalised); no word of
    it a concept term, a network's name or a known place."""
    phrase, last = " ".join(run), run[-1]
    return (len(last) >= MIN_NAME and fold(last) not in corpus and best_frequency(lower_word(last)) < EVERYDAY
            and not any(tag_concepts(w) for w in run) and not names.named(phrase)
            and not places().find(phrase, cued=True))


@cache
def _place_name_shapes() -> tuple[frozenset[str], frozenset[str]]:
    """The endings (:data:`_ENDING` letters) and compound heads many one-word place names of
    the places files share ("walde", "hagen"; "wald", "feld"), in :func:`match_fold` form."""
    one_word = {words[0] for entries in places().by_first.values() for words, _ in entries if len(words) == 1}
    endings = Counter(name[-_ENDING:] for name in one_word if len(name) > _ENDING + 1)
    heads = Counter(parts[-1] for name in one_word if (parts := compound_parts(name, "de")))
    return (frozenset(e for e, n in endings.items() if n >= _ENDING_NAMES),
            frozenset(h for h, n in heads.items() if n >= _HEAD_NAMES))


def looks_like_a_place_name(word: str) -> bool:
    """Whether ``word`` looks like a town's name and like no word of the supported languages:
    rare in all of them (wordfreq: fewer than three in ten million words) and either ending like
    many place names of the places files ("Birkenwalde" like Eberswalde; "Gruenwald" like
    Greifswald, its last part) or no word at all nor a compound of words ("Muehlhofen").
    "Willkommensklassen", "Ankunftszentren" are compounds of words; "Onboarding", "Tigrinya" are
    words of a language; "Wohnheim" ends like Mannheim but is common."""
    lower = lower_word(word)
    frequency = best_frequency(lower)
    if frequency >= MIN_PART_FREQUENCY or len(word) < MIN_NAME:
        return False
    parts = compound_parts(lower, "de")
    endings, heads = _place_name_shapes()
    if match_fold(fold(word))[-_ENDING:] in endings or (parts and match_fold(fold(parts[-1])) in heads):
        return True
    # no word at all, nor one with endings ("Papağanıma", "Arabamın": Turkish words wordfreq lists uninflected)
    return frequency == 0 and not parts and not any(
        best_frequency(lower[:-n]) >= MIN_PART_FREQUENCY for n in range(1, _ENDINGS + 1) if len(lower) - n >= MIN_NAME)


def _is_unknown_name(word: str, names: NetworkNames, corpus: frozenset[str], *, part: bool = False) -> bool:
    """Whether ``word`` may be a name no sheet knows: capitalised, no corpus word, no concept term,
    no network's name, no known place, and no everyday word unless a place name of the places
    files starts with it ("Neustadt" of "Neustadt an der Weinstraße", "Bad" of "Bad Homburg").
    ``part``: a further word of a name already found ("Bad Gruenwald")."""
    folded = fold(word)
    return (len(word) >= (1 if part else MIN_NAME) and word[:1].isupper() and not word.isupper()
            and not folded.isdigit() and folded not in corpus
            and (best_frequency(lower_word(word)) < EVERYDAY or match_fold(folded) in places().by_first)
            and not tag_concepts(word) and not names.named(word) and not places().find(word, cued=True))


def unknown_name_notices(index: SearchIndex, text: str, about_known: bool) -> list[Notice]:
    """"Who coordinates the network in Gruenwald?": no sheet is about that name, the quotes are
    other networks' (:mod:`assistant.unknown_names`). ``about_known``: the question names a
    network or is read with an earlier one (a follow-up), so it names no unknown one."""
    unknown = None if about_known else unknown_name(text, network_names(index), speller(index).corpus)
    return [Notice(code=NoticeCode.NO_SHEET_NAMED, params={"name": unknown})] if unknown else []


def unmatched_name_notices(index: SearchIndex, text: str, notices: list[Notice]) -> list[Notice]:
    """``notices`` of a question nothing matched, with "nothing found" said as what it is when
    the question names a network or town no sheet has ("Birkenwalde", "Kontakt Tannwalde"):
    no network of that name, and what to ask instead."""
    if not index.units or not any(n.code is NoticeCode.OUT_OF_SCOPE for n in notices):
        return notices
    unknown = unknown_name(text, network_names(index), speller(index).corpus)
    if not unknown:
        return notices
    return [Notice(code=NoticeCode.NO_SHEET_NAMED_ONLY, params={"name": unknown})
            if n.code is NoticeCode.OUT_OF_SCOPE else n for n in notices]


def read_as_notices(index: SearchIndex, text: str, corrections: Iterable[tuple[str, str]],
                    named: Collection[str]) -> list[Notice]:
    """"Wendelbrück" read as Wendelsbrück, "Halberstat" as Halberstadt: a word of ``text`` (the
    question as typed) that names no network, corrected to a word naming one of the networks
    the answer is about (``named``). Said first, never silently: a typo, or another place whose
    sheet the corpus does not have (yet) (session 12 browser tester Y4)."""
    names = network_names(index)
    notices: list[Notice] = []
    for written, read in corrections:
        if written not in text or names.named(written):
            continue
        for network_id in sorted(names.named(read) & set(named)):
            network = index.network(network_id)
            notice = Notice(code=NoticeCode.NAME_READ_AS, params={
                "name": written, "network": (network.location.city or network.name) if network else read})
            if notice not in notices:
                notices.append(notice)
    return notices
