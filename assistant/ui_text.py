"""Every string of the Streamlit UI and of the exported handouts, by key.

``ui(key, lang, **values)`` is the one lookup of :mod:`assistant.messages` (gettext
catalogues in ``assistant/data/locale/``), under the name the app uses: the string
in ``lang`` (English for other languages). Quotes from the sheets are never
translated.

Strings are plain text or Streamlit Markdown written by us; they never contain
text from a sheet or a user (those are escaped where they are shown).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from assistant import messages
from assistant.i18n import STRINGS, UI_LANGUAGES
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.languages import LANGUAGES, LANGUAGES_DIR, SUPPORTED, LanguageData, LanguageDataError, line_of
from assistant.messages import FALLBACK, nt
from assistant.messages import t as ui
from assistant.models import DataIssue, DocumentKind, IssueCode

__all__ = [
    "LANGUAGE_NAMES_IN", "STRINGS", "UI_LANGUAGES", "Example", "document_kind", "example_of", "examples", "issue_field",
    "missing_translations", "nt", "number", "quality_line", "quality_reason", "ui",
]

@dataclass(frozen=True)
class Example:
    """A one-click example situation: asked in its own language, titled in the UI's."""

    language: str
    title: str  # catalogue key of the title
    text: str


def example_of(language: LanguageData) -> Example | None:
    """The example situation of a language file (``[example]``), if it has one; a title
    that is no key of the catalogues is a :class:`~assistant.languages.LanguageDataError`
    naming the file and line."""
    if language.example is None:
        return None
    if not messages.has(language.example.title):
        raise LanguageDataError(language.path or LANGUAGES_DIR, line_of(language, "example", "title"),
                                f"example.title: {language.example.title!r} is no key of the catalogues")
    return Example(language=language.code, title=language.example.title, text=language.example.text)


@lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """The example situation of every language that has one, by language code."""
    return tuple(e for e in (example_of(LANGUAGES[code]) for code in SUPPORTED) if e is not None)


def missing_translations() -> list[tuple[str, str]]:
    """(key, language) pairs without a string of their own (the tests keep this empty)."""
    return messages.missing_translations(UI_LANGUAGES)


_QUALITY_KEYS: dict[IssueCode, str] = {
    IssueCode.CONFLICT: "quality_conflict",
    IssueCode.IMPLAUSIBLE_YEAR: "quality_bad_year",
    IssueCode.NOT_AN_EMAIL: "quality_bad_email",
    IssueCode.NOT_A_PHONE: "quality_bad_phone",
    IssueCode.REPEATED_FRAGMENT: "quality_fragment",
    IssueCode.NO_WEB_ADDRESS: "quality_no_url",
    IssueCode.NO_WORDS: "quality_no_words",
    IssueCode.EMPTY_VALUE: "quality_empty",
    IssueCode.SECTION_EMPTY: "quality_empty",
    IssueCode.SECTION_MISSING: "quality_missing",
}


def quality_reason(issue: DataIssue, lang: str) -> str:
    """A data-quality flag's reason in the UI language, by its code."""
    key = _QUALITY_KEYS.get(issue.code)
    if key is None:
        return issue.reason
    detail = issue.reason.split(":", 1)[1].strip() if issue.code is IssueCode.CONFLICT and ":" in issue.reason else ""
    return ui(key, lang, detail=detail) if "{detail}" in STRINGS[key]["en"] else ui(key, lang)


def issue_field(field: str, lang: str) -> str:
    """The display name of the field or section a data-quality flag is about (the code as
    it is for anything else)."""
    for table in (FIELD_NAMES.get(lang, FIELD_NAMES[FALLBACK]), SECTION_NAMES.get(lang, SECTION_NAMES[FALLBACK])):
        for key, name in table.items():
            if key.value == field:
                return name
    return field


def quality_line(issue: DataIssue, lang: str) -> str:
    """A data-quality flag as one line of plain text: field, reason and the value dropped
    (a conflict's reason names its values already)."""
    text = f"{issue_field(issue.field, lang)}: {quality_reason(issue, lang)}"
    if issue.value and issue.code is not IssueCode.CONFLICT:
        text += f" ({ui('quality_value', lang, value=issue.value)})"
    return text


def document_kind(kind: DocumentKind, lang: str) -> str:
    """"fact sheet" or "free text" in ``lang``."""
    return ui("document_sheet" if kind == "sheet" else "document_free_text", lang)


def number(value: float, lang: str, digits: int = 2) -> str:
    """A decimal number as the UI language writes it: 0.60 (en), 0,60 (de, tr), by the
    ``decimal_separator`` of the language's file (English's for a language without one)."""
    data = LANGUAGES.get(lang) or LANGUAGES[FALLBACK]
    return f"{value:.{digits}f}".replace(".", data.decimal_separator)


class _NamesIn(Mapping[str, dict[str, str]]):
    """UI language -> {language code: its name in the UI language}, from the catalogues
    ("language_<code>")."""

    def __getitem__(self, ui_lang: str) -> dict[str, str]:
        return {code: ui(f"language_{code}", ui_lang) for code in UI_LANGUAGES if messages.has(f"language_{code}")}

    def __iter__(self) -> Iterator[str]:
        return iter(UI_LANGUAGES)

    def __len__(self) -> int:
        return len(UI_LANGUAGES)


#: Language names in each UI language.
LANGUAGE_NAMES_IN: Mapping[str, dict[str, str]] = _NamesIn()
