"""Which networks a question names: by its city or by a distinctive name phrase.

A network is named by

* a part of its city's name, inflected or not: "Erfurt", "Erfurter", "in Halberstadt",
  "Dortmund'da", "Halberstädter"; multi-part names count by their parts
  ("Neukölln" and "Berlin" both name "Berlin-Neukölln"), except a part that is an
  ordinary word the corpus also writes in lower case ("hohe" of "Hohe Geest"),
  which names it only together with the rest ("in der Hohen Geest");
* a word of its name that no other network's text uses ("Zora", "Thornbridge"),
  or two consecutive name words of which one is no everyday word
  ("Lindenfelder Migrantenorganisationen"), or a quoted part of the name said
  whole ("lokal willkommen", "all under one roof").

A question word matches a name word only whole or followed by an inflection
ending (German -er/-s, English -s, Turkish case endings with or without the
apostrophe): never as the prefix of a longer word ("Hallenbad" does not name
Halle). Whether a word is distinctive is decided from the corpus itself
(document frequency over networks), so "Integrationsnetzwerk", "Migranten",
"health" or "Koordinierungsstelle" never name a network once other sheets use
them, and the decision stays right as sheets are added. Everyday words of
German, English and Turkish (:mod:`assistant.lexicon`) never name a network alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from assistant.lexicon import is_everyday_word
from assistant.models import FactField, Network
from assistant.text import fold, match_fold

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
#: German adjective endings of a name word inside a phrase ("in der Hohen Geest").
PHRASE_ENDINGS = INFLECTIONS | frozenset("n en m em r".split())
#: Longer Turkish endings that only follow an apostrophe ("Erfurt'taki", "Dortmund'dakiler").
_TURKISH_TAILS = frozenset("daki deki taki teki dakiler dekiler takiler tekiler dan den tan ten yla yle".split())
#: Shortest city part and name word that can name a network on its own.
MIN_CITY_PART = 3
MIN_NAME_WORD = 4
_WORD = re.compile(r"\w+")
#: Questions whose names :meth:`NetworkNames.find` keeps.
_RECENT = 64
#: Words whose names :meth:`NetworkNames._token` keeps.
_RECENT_TOKENS = 4096
_REMARK = re.compile(r"\([^)]*\)")
_QUOTED = re.compile(r"[\"„“”«»‚‘’']([^\"„“”«»‚‘’']{3,}?)[\"„“”«»‚‘’']")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1 << 14)
def _form(word: str) -> str:
    """The form a folded name word is matched in: transliterated umlauts read as the umlauts
    ("muehlhofen", "halberstaedter" -> "muhlhofen", "halberstadter"), by the one digraph rule
    of :func:`assistant.text.match_fold`; the name keys and the question both go through it."""
    return match_fold(word)


def _forms(word: str) -> tuple[str, ...]:
    """The matching form of a question's folded word and, where it writes "ss", that with "s":
    :func:`fold` wrote the sheets' "ß" as "s" ("Gießen": "giesen"; "Giessen" finds it)."""
    form = _form(word)
    return (form, form.replace("ss", "s")) if "ss" in form else (form,)


@lru_cache(maxsize=16)
def _lengths(endings: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(e) for e in endings}, reverse=True))


def _strip(word: str, endings: frozenset[str], min_rest: int) -> list[str]:
    return [word] + [word[:-n] for n in _lengths(endings) if len(word) - n >= min_rest and word[-n:] in endings]


def stems(word: str) -> list[str]:
    """The word itself and what it is with one inflection ending removed."""
    return _strip(word, INFLECTIONS, MIN_CITY_PART)


def phrase_stems(word: str) -> list[str]:
    return _strip(word, PHRASE_ENDINGS, MIN_CITY_PART)


#: German and English endings removed to find a word's root for document frequency.
_ROOT_ENDINGS = frozenset("ern ers en em er es e n s".split())


@lru_cache(maxsize=1 << 16)
def root(word: str) -> str:
    """A word with its longest ending removed: "Geflüchteter" and "Geflüchteten"
    share one root (document frequency counts word families, not spellings)."""
    return min(_strip(word, _ROOT_ENDINGS, MIN_NAME_WORD), key=len)


def common_limit(n_networks: int) -> int:
    """A city part found in at least this many *other* networks' texts is a common word."""
    return max(2, round(0.1 * n_networks))


@dataclass(frozen=True)
class NameKeys:
    """The candidate names of one network, before the distinctiveness check."""

    network_id: str
    city_parts: frozenset[str]
    city_phrase: tuple[str, ...]  # all parts of a multi-word city ("hohe", "geest")
    words: frozenset[str]  # name words that are no everyday words
    phrases: frozenset[tuple[str, ...]]  # two consecutive name words, one of them no everyday word
    quoted: frozenset[tuple[str, ...]]  # quoted parts of the name ("lokal willkommen")
    everyday_parts: frozenset[str] = frozenset()  # city parts that are everyday words ("bad", "neu")

    def to_json(self) -> dict[str, Any]:
        return {"network_id": self.network_id, "city_parts": sorted(self.city_parts),
                "city_phrase": list(self.city_phrase), "words": sorted(self.words),
                "phrases": sorted(list(p) for p in self.phrases), "quoted": sorted(list(q) for q in self.quoted),
                "everyday_parts": sorted(self.everyday_parts)}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> NameKeys:
        return NameKeys(data["network_id"], frozenset(data["city_parts"]), tuple(data["city_phrase"]),
                        frozenset(data["words"]), frozenset(tuple(p) for p in data["phrases"]),
                        frozenset(tuple(q) for q in data["quoted"]), frozenset(data["everyday_parts"]))


@dataclass(frozen=True)
class TextRoots:
    """The word roots of one network's texts, and those also written in lower case there."""

    present: frozenset[str]
    lower: frozenset[str]

    def to_json(self) -> list[list[str]]:
        return [sorted(self.present), sorted(self.lower)]

    @staticmethod
    def from_json(data: Sequence[Sequence[str]]) -> TextRoots:
        return TextRoots(frozenset(data[0]), frozenset(data[1]))


def network_texts(network: Network) -> list[str]:
    return [item.text for section in network.sections for item in section.items]


def text_roots(texts: Iterable[str]) -> TextRoots:
    present: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group()
            base = root(fold(word))
            present.add(base)
            if word[:1].islower():
                lower.add(base)
    return TextRoots(frozenset(present), frozenset(lower))


def _everyday(original: str) -> bool:
    return any(is_everyday_word(form) for form in _strip(original, PHRASE_ENDINGS, MIN_NAME_WORD))


def own_name_words(networks: Iterable[Network]) -> frozenset[str]:
    """The words (folded) of ``networks``' names as their sheets give them, translations in
    parentheses included ("Neukölln Sağlık Ağı"): a question made of them restates a name."""
    return frozenset(w for network in networks
                     for name in (network.name, *network.fact_values(FactField.NAME)) for w in _words(name))


def name_keys(network: Network) -> NameKeys:
    """City parts, name words, name phrases and quoted name parts of ``network``.

    A remark in parentheses ("(no official name)", a translation) is not part of the name.
    """
    names = [network.name, *(n for n in network.fact_values(FactField.NAME) if n != network.name)]
    city = network.location.city or ""
    city_phrase = tuple(_words(city))
    city_parts = frozenset(w for w in city_phrase if len(w) >= MIN_CITY_PART and w not in NAME_STOP)
    words: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    quoted: set[tuple[str, ...]] = set()
    for name in names:
        name = _REMARK.sub(" ", name)
        for match in _QUOTED.finditer(name):
            part = tuple(_words(match.group(1)))
            if len(part) >= 2:
                quoted.add(part)
        tokens = _words(name)
        originals = [m.group().lower() for m in _WORD.finditer(name)]
        plain = [not _everyday(o) for o in originals]
        for word, is_plain in zip(tokens, plain, strict=True):
            if is_plain and len(word) >= MIN_NAME_WORD and word not in NAME_STOP and not word.isdigit():
                words.add(word)
        for i in range(len(tokens) - 1):
            a, b = tokens[i], tokens[i + 1]
            if (a in NAME_STOP or b in NAME_STOP or min(len(a), len(b)) < MIN_CITY_PART
                    or not (plain[i] or plain[i + 1])):
                continue
            phrases.add((a, b))
    words -= city_parts
    return NameKeys(network.id, city_parts, city_phrase if len(city_phrase) > 1 else (), frozenset(words),
                    frozenset(phrases), frozenset(quoted), frozenset(p for p in city_parts if _everyday(p)))


def name_vocabulary(keys: Iterable[NameKeys]) -> set[str]:
    """The roots of every network's city parts, name words and phrase words: the only roots of
    a network's texts that :meth:`NetworkNames.from_parts` reads."""
    return {root(w) for k in keys for w in (*k.city_parts, *k.words, *(x for p in k.phrases for x in p))}


@dataclass(frozen=True)
class NetworkNames:
    """Distinctive name words and phrases -> the networks they name.

    A lookup per question word, so the cost of :meth:`find` does not grow with the
    number of networks.
    """

    words: dict[str, frozenset[str]]
    phrases: dict[tuple[str, ...], frozenset[str]]
    common: frozenset[str]  # name words left out because the corpus uses them widely

    @staticmethod
    # Over the complexity limit (C901): landed before the check came; to be split by its author.
    def of(networks: Sequence[Network], texts: Mapping[str, Iterable[str]] | None = None) -> NetworkNames:
        """``texts``: network id -> the texts of its documents, for document frequency
        (default: the items of the networks' sections)."""
        if texts is None:
            texts = {n.id: network_texts(n) for n in networks}
        return NetworkNames.from_parts([name_keys(n) for n in networks],
                                       {network_id: text_roots(t) for network_id, t in texts.items()})

    @staticmethod
    def from_parts(  # noqa: C901
        keys: Sequence[NameKeys], roots: Mapping[str, TextRoots]
    ) -> NetworkNames:
        """The lookup from each network's name keys and the roots of its texts (both kept by
        the index, so that a rebuild recomputes them only for the networks that changed)."""
        vocabulary = name_vocabulary(keys)
        found_in: dict[str, set[str]] = {w: set() for w in vocabulary}
        lower_case: set[str] = set()  # roots the corpus also writes in lower case: ordinary words
        for network_id, network_roots in roots.items():
            for base in network_roots.present & vocabulary:
                found_in[base].add(network_id)
            lower_case |= network_roots.lower & vocabulary
        limit = common_limit(len(keys))
        named_by: dict[str, set[str]] = {}
        for key in keys:
            for word in key.words:
                named_by.setdefault(word, set()).add(key.network_id)

        def others(word: str, own: set[str]) -> int:
            return len(found_in.get(root(word), set()) - own)

        words: dict[str, set[str]] = {}
        phrases: dict[tuple[str, ...], set[str]] = {}
        common: set[str] = set()
        # Networks by city part, so that 10,000 networks cost 10,000 look-ups, not 10,000².
        by_city_part: dict[str, set[str]] = {}
        for key in keys:
            for part in key.city_parts:
                by_city_part.setdefault(part, set()).add(key.network_id)
        for key in keys:
            own = {key.network_id}
            for part in key.city_parts:
                same_city = by_city_part[part]
                if others(part, same_city) >= limit or (root(part) in lower_case and part in key.everyday_parts):
                    common.add(part)
                else:
                    words.setdefault(part, set()).add(key.network_id)
            for word in key.words:
                # A name word of several networks, or used by another network, is common.
                if len(named_by[word]) > 1 or others(word, own) > 0:
                    common.add(word)
                else:
                    words.setdefault(word, set()).add(key.network_id)
            for phrase in key.phrases:
                together = found_in.get(root(phrase[0]), set()) & found_in.get(root(phrase[1]), set())
                if len(together - own) < limit:
                    phrases.setdefault(phrase, set()).add(key.network_id)
            for phrase in (*key.quoted, *((key.city_phrase,) if key.city_phrase else ())):
                phrases.setdefault(phrase, set()).add(key.network_id)
        return NetworkNames({w: frozenset(ids) for w, ids in words.items()},
                            {p: frozenset(ids) for p, ids in phrases.items()},
                            frozenset(common - set(words)))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (the index stores the lookup built at ingest)."""
        return {"words": {w: sorted(ids) for w, ids in sorted(self.words.items())},
                "phrases": [[list(p), sorted(ids)] for p, ids in sorted(self.phrases.items())],
                "common": sorted(self.common)}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> NetworkNames:
        return NetworkNames({w: frozenset(ids) for w, ids in data["words"].items()},
                            {tuple(p): frozenset(ids) for p, ids in data["phrases"]},
                            frozenset(data["common"]))

    @cached_property
    def _word_forms(self) -> dict[str, frozenset[str]]:
        """:attr:`words` by their matching form (:func:`_form`), so that "Muehlhofen" finds Mühlhofen's."""
        forms: dict[str, set[str]] = {}
        for word, ids in self.words.items():
            forms.setdefault(_form(word), set()).update(ids)
        return {form: frozenset(ids) for form, ids in forms.items()}

    @cached_property
    def _phrase_forms(self) -> dict[tuple[str, ...], frozenset[str]]:
        """:attr:`phrases` by the matching forms of their words."""
        forms: dict[tuple[str, ...], set[str]] = {}
        for phrase, ids in self.phrases.items():
            forms.setdefault(tuple(_form(w) for w in phrase), set()).update(ids)
        return {form: frozenset(ids) for form, ids in forms.items()}

    @cached_property
    def _longest_phrase(self) -> int:
        return max((len(p) for p in self.phrases), default=0)

    @cached_property
    def _first_words(self) -> frozenset[str]:
        return frozenset(p[0] for p in self._phrase_forms)

    def _phrase_at(self, tokens: list[tuple[int, int, str]], i: int) -> tuple[int, frozenset[str]] | None:
        """(length, ids) of the longest name phrase starting at token ``i``."""
        if not self._first_words.intersection(phrase_stems(_form(tokens[i][2]))):
            return None
        for length in range(min(self._longest_phrase, len(tokens) - i), 1, -1):
            window = [_form(t[2]) for t in tokens[i : i + length]]
            candidates: list[tuple[str, ...]] = [()]
            for word in window:
                candidates = [c + (s,) for c in candidates for s in phrase_stems(word)]
            for candidate in candidates:
                ids = self._phrase_forms.get(candidate)
                if ids:
                    return length, ids
        return None

    @cached_property
    def _recent(self) -> dict[str, tuple[tuple[int, int, frozenset[str]], ...]]:
        return {}

    def find(self, query: str) -> list[tuple[int, int, frozenset[str]]]:
        """(start, end, network ids) of each stretch of ``query`` that names networks."""
        # A question is looked up several times (its language, its names, the scope check):
        # the last few questions' answers are kept.
        found = self._recent.get(query)
        if found is None:
            found = tuple(self._find(query))
            if len(self._recent) >= _RECENT:
                self._recent.clear()
            self._recent[query] = found
        return list(found)

    @cached_property
    def _tokens(self) -> dict[str, tuple[bool, frozenset[str] | None]]:
        return {}

    def _token(self, token: str) -> tuple[bool, frozenset[str] | None]:
        """Whether a name phrase can start with ``token``, and the networks it names alone
        (a question's words recur in the next: the last few thousand tokens' are kept)."""
        known = self._tokens.get(token)
        if known is None:
            forms = _forms(token)
            known = (not self._first_words.isdisjoint(phrase_stems(forms[0])),
                     next((self._word_forms[s] for form in forms for s in stems(form) if s in self._word_forms), None))
            if len(self._tokens) >= _RECENT_TOKENS:
                self._tokens.clear()
            self._tokens[token] = known
        return known

    def _find(self, query: str) -> list[tuple[int, int, frozenset[str]]]:
        folded = fold(query)
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        found: list[tuple[int, int, frozenset[str]]] = []
        i = 0
        while i < len(tokens):
            start, end, token = tokens[i]
            may_start_phrase, word_ids = self._token(token)
            phrase = self._phrase_at(tokens, i) if may_start_phrase else None
            ids: frozenset[str] | None
            if phrase:
                length, ids = phrase
            else:
                length, ids = 1, word_ids
            if not ids:
                i += 1
                continue
            i += length
            end = tokens[i - 1][1]
            # "Dortmund'da": the ending after the apostrophe belongs to the name.
            if (i < len(tokens) and tokens[i][0] == end + 1 and folded[end] in "'’"
                    and tokens[i][2] in INFLECTIONS | _TURKISH_TAILS):
                end = tokens[i][1]
                i += 1
            found.append((start, end, ids))
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
