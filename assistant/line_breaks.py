"""Wrapped lines joined into one text: a blank between two lines, except where a word was
broken at its hyphen at the line end.

Sheets extracted from PDFs break long words at the line end: "eine Integrations-" /
"beauftragte mit einer halben Stelle". A line ending in a letter and "-" goes on

* without the hyphen and without a blank ("Integrationsbeauftragte") when the next line
  starts with a lower-case letter, in a language whose file says ``line_end_hyphen = "drop"``
  (German and Turkish write their compounds as one word); where it says ``"keep"``
  (English: "non-" / "state", "part-" / "time" are compounds) or the language is not
  known, the hyphen stays and only the blank goes ("non-state");
* with the hyphen and the blank when the next line starts with a conjunction (a suspended
  hyphen: "Sprach-" / "und Kulturmittler", "pre-" / "and post-natal", "dil-" / "ve kültür";
  cue list ``hyphen_conjunctions``);
* with the hyphen and without a blank when the next line starts with a capital or a digit
  ("Caritas-" / "Verband", "Covid-" / "19").

A web or e-mail address broken at a hyphen keeps it in every language ("www.diakonie-" /
"halberstadt.de"); a dash after a blank ("Lüttenbrook -") is punctuation, no broken word,
and a line that starts with a list marker (a bullet, ``<li>``, a dash) is no wrapped line.

Only the join changes: every character kept keeps its source offset, so a quote stays
traceable to its span; the dropped hyphen and the line break between are simply not quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from assistant.languages import LANGUAGES, alternation, words
from assistant.text import MappedText

__all__ = ["join_lines", "wrapped_join"]

#: A line ending in a word broken at its hyphen: a letter, then "-".
_BROKEN: Final = re.compile(r"[^\W\d_]-$")
#: The conjunction after a suspended hyphen ("Sprach- und Kulturmittler"), any language's.
_CONJUNCTION: Final = re.compile(rf"{alternation(words('hyphen_conjunctions'))}(?!\w)", re.IGNORECASE)
#: A broken token that is a web or e-mail address ("www.diakonie-", ".../unsere-", "a@b-").
_ADDRESS: Final = re.compile(r"://|^www\.|[@/]|\w\.\w", re.IGNORECASE)


def _drops_hyphen(language: str | None) -> bool:
    data = LANGUAGES.get(language or "")
    return data is not None and data.line_end_hyphen == "drop"


def wrapped_join(before: str, after: str, language: str | None) -> tuple[int, str]:
    """How a line ending in ``before`` goes on with the next line, ``after``: how many
    characters of ``before``'s end to leave out (1: its hyphen) and what stands between
    the two (" " or "")."""
    if not _BROKEN.search(before) or not after[:1].isalnum() or _CONJUNCTION.match(after):
        return 0, " "  # no broken word, or a suspended hyphen: "Sprach-" / "und Kulturmittler"
    if after[:1].islower() and _drops_hyphen(language) and not _ADDRESS.search(before.rsplit(None, 1)[-1]):
        return 1, ""  # "Integrations-" / "beauftragte"
    # "Caritas-" / "Verband"; "non-" / "state" where compounds keep their hyphen; an address's own
    # hyphen ("www.diakonie-" / "halberstadt.de")
    return 0, ""


def join_lines(pieces: Iterable[tuple[MappedText, bool]], language: str | None) -> MappedText:
    """``pieces`` as one text, a blank between two (each blank at the offset after the
    piece before, as :meth:`MappedText.join` does); a piece flagged as the start of a
    wrapped line joins the one before as :func:`wrapped_join` says."""
    text: list[str] = []
    offsets: list[int] = []
    for piece, wrapped in pieces:
        if not piece.text:
            continue
        if text:
            drop, sep = wrapped_join(text[-1], piece.text, language) if wrapped else (0, " ")
            if drop:
                text[-1] = text[-1][:-drop]
                del offsets[-drop:]
            text.append(sep)
            offsets.extend([offsets[-1] + 1] * len(sep))
        text.append(piece.text)
        offsets.extend(piece.offsets)
    return MappedText("".join(text), tuple(offsets))
