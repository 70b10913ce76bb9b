"""The parts of a compound word: "elternlotsen" -> ("eltern", "lotsen").

German writes compounds as one word, so BM25 does not see that "Elternlotsen" shares a
word with "Lotsen für Eltern", nor can the word translations take it to "parent guides".
A word is split where its parts are known words, on average more common than the whole
word (Koehn & Knight, "Empirical methods for compound splitting", 2003), into as few parts
as possible ("Handwerks|kammer", not "Hand|werks|kammer"), with the frequencies of the
``wordfreq`` lists: no corpus statistics, so a word splits the same whatever sheets are
indexed. Only languages whose file lists ``compound_links`` (the letters that may join two
parts, German's Fugenlaute) are split; an everyday word ("Netzwerk", "Beratung") never is.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import get_frequency_list

from assistant.languages import LANGUAGES
from assistant.lexicon import EVERYDAY

#: Letters a part has at least (shorter ones are mostly endings or noise: "amt", "tung").
MIN_PART = 4
#: The least Zipf frequency of a part (about three times per ten million words: "Lotsen").
MIN_PART_FREQUENCY = 2.5
#: A word splits into at most this many parts.
MAX_PARTS = 3


@lru_cache(maxsize=8)
def part_frequencies(language: str) -> dict[str, float]:
    """Zipf frequency of every word of ``language`` that can be a part (letters only, at
    least :data:`MIN_PART` letters, at least :data:`MIN_PART_FREQUENCY`): read once from
    wordfreq's list (a dictionary look-up per candidate part; wordfreq's own look-up
    tokenises each string, ~0.7 ms). "best" is the large list where there is one (German's):
    the list the question's language and everyday-word look-ups read, read from its file once
    (asked for as "large", wordfreq read the same file a second time, 0.1 s of a start)."""
    buckets = get_frequency_list(language, "best")  # bucket i: frequency 10 ** (-i / 100)
    last = int(round((9 - MIN_PART_FREQUENCY) * 100))
    return {word: 9 - i / 100 for i, bucket in enumerate(buckets[: last + 1])
            for word in bucket if len(word) >= MIN_PART and word.isalpha()}


def compound_parts(word: str, language: str) -> tuple[str, ...]:
    """The parts of ``word`` (lower-case) if it is a compound of ``language``, else ``()``:
    "integrationsnetzwerk" -> ("integration", "netzwerk")."""
    data = LANGUAGES.get(language)
    if data is None or not data.compound_links or len(word) < 2 * MIN_PART or not word.isalpha():
        return ()
    return _parts(word, language, data.compound_links)


@lru_cache(maxsize=65536)
def _parts(word: str, language: str, links: tuple[str, ...]) -> tuple[str, ...]:
    known = part_frequencies(language)
    whole = known.get(word, 0.0)
    if whole >= EVERYDAY:
        return ()
    for parts in range(2, MAX_PARTS + 1):  # as few parts as possible
        split = _split(word, known, links, parts)
        if split is not None:
            return split[1] if split[0] > whole else ()
    return ()


def _split(word: str, known: dict[str, float], links: tuple[str, ...], parts: int
           ) -> tuple[float, tuple[str, ...]] | None:
    """(mean frequency, parts) of the best reading of ``word`` as exactly ``parts`` known
    words, or None; a part but the last may end in a joining letter ("integration-s-")."""
    if parts == 1:
        own = known.get(word, 0.0)
        return (own, (word,)) if own else None
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART * (parts - 1) + 1):
        head = word[:cut]
        score, part = max((known.get(h, 0.0), h) for h in (head, *(
            head[: -len(link)] for link in links if head.endswith(link) and len(head) - len(link) >= MIN_PART)))
        if not score:
            continue
        rest = _split(word[cut:], known, links, parts - 1)
        if rest is None:
            continue
        mean = (score + rest[0] * (parts - 1)) / parts
        if best is None or mean > best[0]:
            best = (mean, (part, *rest[1]))
    return best


def preload_compound_parts() -> None:
    """Read the part lists of every language that splits compounds (the app's warm-up)."""
    for code, data in LANGUAGES.items():
        if data.compound_links:
            part_frequencies(code)
