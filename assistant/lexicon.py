"""How common a word is in everyday German, English or Turkish (wordfreq).

Used where a corpus alone cannot tell an ordinary word from a name or a typo:
"lokal" or "official" in a network's name are ordinary words; "smal" is rare
in every supported language while "small" is common. Frequencies are Zipf
values (log10 of occurrences per billion words; 0 when unknown), read from the
lists that ship inside the ``wordfreq`` wheel: nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

from assistant.language import SUPPORTED

#: Zipf frequency from which a word is an everyday word (about once per 100,000 words).
EVERYDAY = 4.0


@lru_cache(maxsize=65536)
def frequency(word: str, language: str) -> float:
    """Zipf frequency of ``word`` in ``language`` (0.0 when unknown)."""
    return float(zipf_frequency(word, language))


@lru_cache(maxsize=65536)
def best_frequency(word: str) -> float:
    """The highest Zipf frequency of ``word`` over the supported languages."""
    return max(frequency(word, language) for language in SUPPORTED)


def is_everyday_word(word: str) -> bool:
    """Is ``word`` an ordinary word of German, English or Turkish?"""
    return best_frequency(word.lower()) >= EVERYDAY
