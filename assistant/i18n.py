"""User-facing strings, by key, in every language with a catalogue.

The strings are gettext catalogues (``assistant/data/locale/<lang>/LC_MESSAGES/
messages.po``) behind one lookup, :func:`assistant.messages.t`; this module keeps the
names its callers use. Quotes from the sheets are never translated; everything around
them is. ``t(key, lang, **values)`` falls back to English for other languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant import messages
from assistant.languages import LANGUAGES, SUPPORTED
from assistant.messages import nt, t

__all__ = ["LANGUAGE_NAMES", "STRINGS", "UI_LANGUAGES", "environment_language", "language_name", "nt", "t"]

# The languages are the language files; a language without a translation falls back
# to English.
UI_LANGUAGES = SUPPORTED
LANGUAGE_NAMES = {code: data.name for code, data in LANGUAGES.items()}


class _Tables(Mapping[str, dict[str, str]]):
    """key -> {language: text}, read from the catalogues (for code that compares languages)."""

    def __getitem__(self, key: str) -> dict[str, str]:
        if not messages.has(key):
            raise KeyError(key)
        return messages.table(key)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(messages.keys())

    def __len__(self) -> int:
        return len(messages.keys())


#: Every message as {language: text}, by key (read-only; edit the catalogues).
STRINGS: Mapping[str, dict[str, str]] = _Tables()


def language_name(code: str, lang: str) -> str:
    """The name of a language the assistant recognises but does not cover, in ``lang``."""
    key = f"language_{code}"
    return t(key, lang) if messages.has(key) else code


def environment_language(environ: Mapping[str, str]) -> str:
    """The language a terminal user reads, from the environment as gettext reads it: the
    first set of ``LANGUAGE`` (a ``:`` list), ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
    ("de_DE.UTF-8" is German); English for "C", "POSIX" or a language without a catalogue."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = re.split(r"[_.@-]", item.strip(), maxsplit=1)[0].lower()
            if code in ("c", "posix"):
                break
            if code in UI_LANGUAGES:
                return code
        return messages.FALLBACK
    return messages.FALLBACK
