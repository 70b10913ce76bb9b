"""Language-aware tokens for BM25: lower-cased words, stop words out, Snowball stems.

Each text is stemmed with its own language's stemmer (PyStemmer): a German
question matches "Ehrenamtliche" and "ehrenamtlich" alike. A compound also gives
the tokens of its parts (:mod:`assistant.compounds`): "Elternlotsen" matches "Lotsen
für Eltern". Cross-language matching is the concept vocabulary's and the word
translations' job (:mod:`assistant.concepts`, :mod:`assistant.word_translations`).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer

from assistant.compounds import compound_parts
from assistant.languages import LANGUAGES

# Each language's Snowball stemmer, from its language file.
_STEMMER_NAMES = {code: data.stemmer for code, data in LANGUAGES.items() if data.stemmer}
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_local = threading.local()  # PyStemmer objects are not thread-safe


def _stemmer(language: str) -> Stemmer.Stemmer | None:
    name = _STEMMER_NAMES.get(language)
    if name is None:
        return None
    cache = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    if name not in cache:
        cache[name] = Stemmer.Stemmer(name)
    return cache[name]


@lru_cache(maxsize=8)
def stopwords(language: str) -> frozenset[str]:
    data = LANGUAGES.get(language)
    return data.all_stopwords() if data else frozenset()


def lower(text: str, language: str) -> str:
    """Lower-case with Turkish rules for I/İ where the text is Turkish."""
    if language == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def tokenize(text: str, language: str, *, compounds: bool = False) -> list[str]:
    words = _WORD.findall(lower(text, language))
    stop = stopwords(language)
    words = [w for w in words if w not in stop and (len(w) > 1 or w.isdigit())]
    if compounds:
        words += [part for word in words for part in compound_parts(word, language) if part not in stop]
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer else words
