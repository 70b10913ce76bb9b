"""The sentences of a question: which of them ask and which only tell.

A text that states something and asks something ("Geld gibt es kaum. Was können wir machen?") asks
only in its questions; one that tells a situation in sentences and asks nothing asks for no fact.
:mod:`assistant.intents` reads a question's intents with these.
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"[^.!?;\n]+[.!?;\n]*")


def clauses(text: str) -> list[str]:
    """The sentences and semicolon-separated parts of ``text``, each stripped, empty ones left out."""
    return [m.group().strip() for m in _CLAUSE.finditer(text) if m.group().strip(" .!?;\n")]


def asked_part(text: str) -> str:
    """The sentences of ``text`` that ask (end in "?") when it also states something:
    "Geld gibt es kaum. Was können wir machen?" asks what to do, not how to pay."""
    parts = clauses(text)
    questions = [c for c in parts if "?" in c]
    return " ".join(questions) if questions and len(questions) < len(parts) else text


def only_tells(text: str) -> bool:
    """Whether ``text`` states things in several sentences and asks nothing (no "?"): a situation told
    ("Wir sind eine Kleinstadt. Ehrenamtliche haben 2016 eine Initiative gegründet, …") asks for no
    network's fact, whatever words of one it has (session 18 browser tester F4: answered with Erfurt's
    founding years first)."""
    return "?" not in text and len(clauses(text)) >= 2
