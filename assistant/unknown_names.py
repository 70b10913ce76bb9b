"""A network or town a question names that the corpus has no sheet about.

"Who coordinates the network in Gruenwald?", "Wann wurde das Netzwerk Gruenwald gegründet?",
"Gruenwald'daki ağın bütçesi ne?": the question asks about one network (a word of
``one_network_words`` in the language files) and names it by a word no sheet, no place of
assistant/data/places.toml or towns.toml and no network's name knows. The chat answers it as
before (the closest passages from elsewhere), but first says that no sheet is about that name,
so that another network's coordinator is never read as Gruenwald's
(:class:`assistant.notices.NoticeCode.NO_SHEET_NAMED`). A place the places files know is said by
:mod:`assistant.place_questions` instead ("Leipzig", "Kassel'deki ağ").

A word counts as such a name where it is written with a capital letter and stands

* after a place preposition ("in Gruenwald", "aus Gruenwald"; ``place_prepositions``),
* with a case ending after an apostrophe ("Gruenwald'daki", "Gruenwald'un"),
* right after the word for the network ("das Netzwerk Gruenwald"), or
* as a German demonym right before it ("das Gruenwalder Netzwerk"),

and is none of: an everyday word of German, English or Turkish (:mod:`assistant.lexicon`; unless
a place name of the places files starts with it: "Neustadt", "Bad"), a
word of the corpus (the sheets' own words: "in Stadtteilen"), a word of the concept vocabulary,
a network's name or a known place.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from assistant.analyse import network_names, speller
from assistant.concepts import tag_concepts
from assistant.index import SearchIndex
from assistant.languages import words as cue_words
from assistant.lexicon import EVERYDAY, best_frequency
from assistant.names import NetworkNames
from assistant.notices import Notice, NoticeCode
from assistant.places import places
from assistant.text import fold, match_fold

#: A word, and the case ending an apostrophe joins to it ("Gruenwald'daki").
_TOKEN: Final = re.compile(r"(\w+)(?:['’`´](\w+))?")
#: Shortest name read as one.
MIN_NAME: Final = 3
#: Further capitalised words a name may have ("Bad Gruenwald", "Neustadt am Rübenberge" is cut at "am").
_MORE_WORDS: Final = 2
#: A German demonym's ending ("Gruenwalder Netzwerk").
_DEMONYM: Final = "er"


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
    network_at = [i for i, word in enumerate(folded) if word in _network_words()]
    if not network_at or names.named(text) or places().find(text):
        return None
    for i, (word, joined) in enumerate(tokens):
        candidate = word
        if i + 1 in network_at and folded[i].endswith(_DEMONYM):  # "Gruenwalder Netzwerk"
            candidate = word[: -len(_DEMONYM)]
        elif not (joined or (i > 0 and (folded[i - 1] in _prepositions() or i - 1 in network_at))):
            continue
        if _is_unknown_name(candidate, names, corpus):
            # "in Bad Gruenwald", "in Neustadt Nord": the capitalised words after it belong to the name
            rest = [w for w, _ in tokens[i + 1:i + 1 + _MORE_WORDS]]
            more = next((n for n, w in enumerate(rest) if not _is_unknown_name(w, names, corpus, part=True)), len(rest))
            return " ".join([candidate, *rest[:more]]) if candidate == word else candidate
    return None


def _is_unknown_name(word: str, names: NetworkNames, corpus: frozenset[str], *, part: bool = False) -> bool:
    """Whether ``word`` may be a name no sheet knows: capitalised, no corpus word, no concept term,
    no network's name, no known place, and no everyday word unless a place name of the places
    files starts with it ("Neustadt" of "Neustadt an der Weinstraße", "Bad" of "Bad Homburg").
    ``part``: a further word of a name already found ("Bad Gruenwald")."""
    folded = fold(word)
    return (len(word) >= (1 if part else MIN_NAME) and word[:1].isupper() and not word.isupper()
            and not folded.isdigit() and folded not in corpus
            and (best_frequency(word.lower()) < EVERYDAY or match_fold(folded) in places().by_first)
            and not tag_concepts(word) and not names.named(word) and not places().find(word, cued=True))


def unknown_name_notices(index: SearchIndex, text: str, about_known: bool) -> list[Notice]:
    """"Who coordinates the network in Gruenwald?": no sheet is about that name, the quotes are
    other networks' (:mod:`assistant.unknown_names`). ``about_known``: the question names a
    network or is read with an earlier one (a follow-up), so it names no unknown one."""
    unknown = None if about_known else unknown_name(text, network_names(index), speller(index).corpus)
    return [Notice(code=NoticeCode.NO_SHEET_NAMED, params={"name": unknown})] if unknown else []
