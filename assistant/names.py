"""Which networks a question names: by its city or by a distinctive name phrase.

A network is named by

* a part of its city's name, inflected or not: "Erfurt", "Erfurter", "in Halberstadt",
  "Dortmund'da", "Halberstädter"; multi-part names count by their parts
  ("Neukölln" and "Berlin" both name "Berlin-Neukölln");
* a word of its name ("Zora"), or two consecutive words of it ("lokal willkommen").

A question word matches a name word only whole or followed by an inflection
ending (German -er/-s, English -s, Turkish case endings with or without the
apostrophe): never as the prefix of a longer word ("Hallenbad" does not name
Halle). A name word or phrase counts only when it is distinctive *in this
corpus*: found in the texts of few networks besides its own (document
frequency over networks), so "Integrationsnetzwerk", "Migranten", "health" or
"lokal" never name a network once other sheets use them, and the decision stays
right as sheets are added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assistant.lexicon import is_everyday_word
from assistant.models import FactField, Network
from assistant.text import fold

#: Words of network names that never name a network by themselves.
NAME_STOP = frozenset(
    "netzwerk network networks netzwerke fur der die das des und and of the for in im am an "
    "integration entegrasyon entegrasyonu ag agi ve ile good practice landeshauptstadt stadt city "
    "e v ev".split()
)
#: Endings a name takes in a question (folded): German demonyms and genitive,
#: English plural/genitive, Turkish case endings (the apostrophe may be missing).
INFLECTIONS = frozenset(
    """er ern ers erin erinnen s es
    da de ta te dan den tan ten daki deki taki teki dakiler dekiler
    a e ya ye i u yi yu in un nin nun la le yla yle li lu""".split()
)
#: Longer Turkish endings that only follow an apostrophe ("Erfurt'taki", "Dortmund'dakiler").
_TURKISH_TAILS = frozenset("daki deki taki teki dakiler dekiler takiler tekiler dan den tan ten yla yle".split())
_SUFFIX_LENGTHS = tuple(sorted({len(s) for s in INFLECTIONS}, reverse=True))
#: Shortest city part and name word that can name a network on its own.
MIN_CITY_PART = 3
MIN_NAME_WORD = 4
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stems(word: str) -> list[str]:
    """The word itself and what it is with one inflection ending removed."""
    out = [word]
    for length in _SUFFIX_LENGTHS:
        if len(word) - length >= MIN_CITY_PART and word[-length:] in INFLECTIONS:
            out.append(word[:-length])
    return out


def common_limit(n_networks: int) -> int:
    """A name word found in at least this many *other* networks' texts is a common word."""
    return max(2, round(0.1 * n_networks))


@dataclass(frozen=True)
class NameKeys:
    """The candidate names of one network, before the distinctiveness check."""

    network_id: str
    words: frozenset[str]  # city parts and name words
    phrases: frozenset[tuple[str, str]]  # consecutive name words


_REMARK = re.compile(r"\([^)]*\)")


def name_keys(network: Network) -> NameKeys:
    """City parts, distinctive-looking name words and two-word name phrases of ``network``.

    A name word that is an everyday word of the supported languages ("lokal",
    "willkommen", "official") names a network only inside a phrase; a remark in
    parentheses ("(no official name)") is not part of the name.
    """
    names = [network.name, *(n for n in network.fact_values(FactField.NAME) if n != network.name)]
    words: set[str] = set()
    phrases: set[tuple[str, str]] = set()
    if network.location.city:
        words.update(w for w in _words(network.location.city) if len(w) >= MIN_CITY_PART and w not in NAME_STOP)
    for name in names:
        name = _REMARK.sub(" ", name)
        tokens = _words(name)
        originals = [m.group().lower() for m in _WORD.finditer(name)]
        words.update(
            w for w, original in zip(tokens, originals, strict=True)
            if len(w) >= MIN_NAME_WORD and w not in NAME_STOP and not w.isdigit() and not is_everyday_word(original)
        )
        for a, b in zip(tokens, tokens[1:], strict=False):
            if a not in NAME_STOP and b not in NAME_STOP and len(a) >= MIN_CITY_PART and len(b) >= MIN_CITY_PART:
                phrases.add((a, b))
    return NameKeys(network.id, frozenset(words), frozenset(phrases))


@dataclass(frozen=True)
class NetworkNames:
    """Distinctive name words and phrases -> the networks they name.

    A lookup per question word, so the cost of :meth:`find` does not grow with the
    number of networks.
    """

    words: dict[str, frozenset[str]]
    phrases: dict[tuple[str, str], frozenset[str]]
    common: frozenset[str]  # name words left out because the corpus uses them widely

    @staticmethod
    def of(networks: Sequence[Network], texts: Mapping[str, Iterable[str]] | None = None) -> NetworkNames:
        """``texts``: network id -> the texts of its documents, for document frequency
        (default: the items of the networks' sections)."""
        if texts is None:
            texts = {n.id: [item.text for section in n.sections for item in section.items] for n in networks}
        keys = [name_keys(n) for n in networks]
        word_nets: dict[str, set[str]] = {}
        phrase_nets: dict[tuple[str, str], set[str]] = {}
        for key in keys:
            for word in key.words:
                word_nets.setdefault(word, set()).add(key.network_id)
            for phrase in key.phrases:
                phrase_nets.setdefault(phrase, set()).add(key.network_id)
        vocabulary = set(word_nets) | {w for p in phrase_nets for w in p}
        found_in: dict[str, set[str]] = {w: set() for w in vocabulary}
        for network_id, network_texts in texts.items():
            present: set[str] = set()
            for text in network_texts:
                for word in set(_words(text)):
                    present.update(s for s in stems(word) if s in vocabulary)
            for word in present:
                found_in[word].add(network_id)
        limit = common_limit(len(networks))

        def others(word: str, own: set[str]) -> set[str]:
            return found_in.get(word, set()) - own

        words = {w: frozenset(ids) for w, ids in word_nets.items() if len(others(w, ids)) < limit}
        common = frozenset(w for w in word_nets if w not in words)
        phrases = {
            p: frozenset(ids) for p, ids in phrase_nets.items()
            if len((found_in.get(p[0], set()) & found_in.get(p[1], set())) - ids) < limit
        }
        return NetworkNames(words, phrases, common)

    def find(self, query: str) -> list[tuple[int, int, frozenset[str]]]:
        """(start, end, network ids) of each stretch of ``query`` that names networks."""
        folded = fold(query)
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        found: list[tuple[int, int, frozenset[str]]] = []
        i = 0
        while i < len(tokens):
            start, end, token = tokens[i]
            if i + 1 < len(tokens):
                nxt = tokens[i + 1]
                ids = next((self.phrases[(token, s)] for s in stems(nxt[2]) if (token, s) in self.phrases), None)
                if ids:
                    found.append((start, nxt[1], ids))
                    i += 2
                    continue
            ids = next((self.words[s] for s in stems(token) if s in self.words), None)
            if ids:
                # "Dortmund'da": the ending after the apostrophe belongs to the name.
                if i + 1 < len(tokens) and tokens[i + 1][0] == end + 1 and folded[end] in "'’" \
                        and tokens[i + 1][2] in INFLECTIONS | _TURKISH_TAILS:
                    end = tokens[i + 1][1]
                    i += 1
                found.append((start, end, ids))
            i += 1
        return found

    def named(self, query: str) -> frozenset[str]:
        """Ids of the networks ``query`` names."""
        return frozenset(nid for _, _, ids in self.find(query) for nid in ids)

    def mask(self, query: str) -> str:
        """``query`` without the words that name networks (for the scope decision)."""
        out = query
        for start, end, _ in reversed(self.find(query)):
            out = out[:start] + out[end:]
        return " ".join(out.split())
