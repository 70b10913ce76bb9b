"""Streamlit's own English words in the interface language.

Some of what Streamlit shows has no parameter for its text: a toast's "view more", a
multiselect's "No results" and "You can only select up to 3 options. Remove an option
first.", the thumbs' accessible names "Thumbs up", "Thumbs down", "Feedback rating".
``templates/streamlit_words.js`` replaces them in the page by the catalogues' ``st_*``
messages (a language with a catalogue gets them like every other text); this module
says which English words are Streamlit's and builds the table.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Final

from assistant.i18n import UI_LANGUAGES, t

TEMPLATE: Final = Path(__file__).resolve().parent / "templates" / "streamlit_words.js"

#: Streamlit's English (streamlit 1.67, frontend) -> the catalogue key of ours.
STREAMLIT_WORDS: Final = {
    "view more": "st_view_more",
    "view less": "st_view_less",
    "No results": "st_no_results",
    "Thumbs up": "st_thumbs_up",
    "Thumbs down": "st_thumbs_down",
    "Feedback rating": "st_feedback_rating",
    "Send message": "st_send_message",
    "Clear all": "st_clear_all",
    "Collapse sidebar": "st_collapse_sidebar",
    "Expand sidebar": "st_expand_sidebar",
    "Open": "st_open",
    "Close": "st_close",
    "Selected values": "st_selected_values",
    "Chat message from assistant": "st_message_assistant",
    "Chat message from user": "st_message_user",
    "Skip to main content": "st_skip_to_content",
    "Choose an option": "st_choose_option",
    "Link to heading": "st_link_to_heading",
    "Sidebar": "st_sidebar",
}

#: Streamlit's English with a name in it ("Remove Erfurt – …", the x on a chosen option) -> our key,
#: whose text has ``{item}`` for the name.
STREAMLIT_PATTERNS: Final = {
    "Remove {item}": "st_remove_item",
    "Help for {item}": "st_help_for",
}


def max_selections_text(n: int) -> str:
    """What Streamlit's multiselect says once ``n`` options are chosen."""
    return f"You can only select up to {n} {'option' if n == 1 else 'options'}. Remove an option first."


def word_table(lang: str, max_selections: tuple[int, ...] = ()) -> dict[str, str]:
    """Streamlit's English words, and ours in every interface language (the page may still
    show those of the language before a switch), -> ours in ``lang``."""
    table: dict[str, str] = {}
    for english, key in STREAMLIT_WORDS.items():
        table[english] = t(key, lang)
        for other in UI_LANGUAGES:
            table.setdefault(t(key, other), t(key, lang))
    for n in max_selections:
        table[max_selections_text(n)] = t("st_max_selections", lang, n=n)
        for other in UI_LANGUAGES:
            table.setdefault(t("st_max_selections", other, n=n), t("st_max_selections", lang, n=n))
    return table


def pattern_table(lang: str) -> list[tuple[str, str]]:
    """Streamlit's English with a name in it, and ours in every interface language, as
    (JavaScript regular expression of the whole text, replacement with ``$1`` for the name)."""
    marker = "\x00"
    patterns: list[tuple[str, str]] = []
    for english, key in STREAMLIT_PATTERNS.items():
        target = t(key, lang, item=marker).replace("$", "$$").replace(marker, "$1")
        for source in dict.fromkeys([english.replace("{item}", marker)] + [t(key, other, item=marker)
                                                                           for other in UI_LANGUAGES]):
            if source != t(key, lang, item=marker):
                patterns.append(("^" + re.escape(source).replace(re.escape(marker), "(.+)") + "$", target))
    return patterns


@cache
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def streamlit_words_script(lang: str, max_selections: tuple[int, ...] = ()) -> str:
    """The ``<script>`` that puts :func:`word_table` in place in the page."""
    words = json.dumps(word_table(lang, max_selections), ensure_ascii=False).replace("</", "<\\/")
    patterns = json.dumps(pattern_table(lang), ensure_ascii=False).replace("</", "<\\/")
    return f"<script>{_template().replace('__WORDS__', words).replace('__PATTERNS__', patterns)}</script>"
