"""One rule from a population figure to a town size, for the user's text and the
sheets alike (a town of 40,000 must not be small for one and mid-size for the other).

The classes follow the sheets' own wording: Halberstadt, about 40,000 inhabitants,
calls itself "a rather small town in a rural area". So:

    under 1,000          no size (rather a count of people than a town)
    1,000 to 49,999      small_town
    50,000 to 199,999    mid_size_town
    200,000 and more     large_city
"""

from __future__ import annotations

from typing import Final

from assistant.languages import LANGUAGES
from assistant.text import match_fold

MIN_TOWN: Final = 1_000
SMALL_TOWN_MAX: Final = 50_000
MID_SIZE_MAX: Final = 200_000

#: Multiplier words after a figure ("40 Tsd.", "1,2 Mio", "40 bin"), folded, from the
#: language files.
#: The multiplier words as written in the language files.
MULTIPLIER_WORDS: Final = tuple(
    dict.fromkeys(word for language in LANGUAGES.values() for word in language.population.multipliers)
)
MULTIPLIERS: Final = {
    match_fold(word): factor
    for language in LANGUAGES.values()
    for word, factor in language.population.multipliers.items()
}


def size_class(population: float) -> str | None:
    """The size concept of a town of ``population`` inhabitants (see the module doc)."""
    if population < MIN_TOWN:
        return None
    if population < SMALL_TOWN_MAX:
        return "small_town"
    if population < MID_SIZE_MAX:
        return "mid_size_town"
    return "large_city"


def population_value(number: str, multiplier: str | None = None) -> float | None:
    """``"40.000"`` / ``"40,000"`` / ``"40 000"`` -> 40000; ``"1,5"`` with ``"mio"`` -> 1.5e6.

    A figure with thousands separators loses them; any other comma is a decimal point.
    An unknown multiplier counts as none; a figure that is no number gives None.
    """
    raw = number.strip()
    groups = raw.replace(",", ".").replace("'", ".").replace("’", ".").replace(" ", ".").split(".")
    thousands = len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    try:
        value = float("".join(groups)) if thousands else float(raw.replace(",", "."))
    except ValueError:
        return None
    if multiplier:
        value *= MULTIPLIERS.get(match_fold(multiplier).rstrip("."), 1.0)
    return value
