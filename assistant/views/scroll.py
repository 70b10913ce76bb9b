"""Scripts that hold the chat page's scroll position while Streamlit renders.

Streamlit's chat page sticks to its end (where the chat box is): it animates the scroll
container down whenever it believes the reader is at the end and the view is not there.
The app wants a new question at the top of the screen, and a tab or the welcome page at
its top. ``templates/held_view.js`` holds such a position until Streamlit has stopped
pulling (see the script's comment for how), the user scrolls or touches, or a newer hold
starts. The JavaScript lives in the template; here only what changes per use is filled in.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Final

TEMPLATE: Final = Path(__file__).resolve().parent / "templates" / "held_view.js"

#: One step of holding a view at its top: every scroll container the page may use, at 0.
TO_TOP: Final = ("for (const el of document.querySelectorAll('main, .stMain, [data-testid=\"stMain\"], "
                 "[data-testid=\"stAppViewContainer\"], section.main')) setTop(el, 0); window.scrollTo(0, 0);")

#: One step of holding a view at its end, where the chat box is and a conversation's newest answer and
#: the notices about it (a conversation opened or brought back): every scroll container at its bottom.
TO_END: Final = ("for (const el of document.querySelectorAll('main, .stMain, [data-testid=\"stMain\"], "
                 "[data-testid=\"stAppViewContainer\"], [data-testid=\"stAppScrollToBottomContainer\"], "
                 "section.main')) setTop(el, el.scrollHeight);")


@cache
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


#: How far down Streamlit's header bar covers the page: its bottom where it is opaque (a phone's
#: white bar, 60 px, over the page's top), 0 where it is transparent (the desktop's).
HEADER_COVERS: Final = ("const bar = document.querySelector('[data-testid=\"stHeader\"]'); "
                        "const covers = bar && !/^(transparent|rgba\\(.*, 0\\))$/"
                        ".test(getComputedStyle(bar).backgroundColor) "
                        "? Math.max(0, Math.round(bar.getBoundingClientRect().bottom)) : 0;")


def show_message(position: int) -> str:
    """One step of holding chat message ``position`` (0-based, questions and answers counted:
    a question) at the top of the screen, below the header bar where that covers the page
    (walk-through V10: on a phone the question sat under it), once it and its answer are on
    the page."""
    return ("const messages = document.querySelectorAll('[data-testid=\"stChatMessage\"]'); "
            f"if (messages.length > {position + 1}) {{ {HEADER_COVERS} const message = messages[{position}]; "
            "message.style.scrollMarginTop = covers + 'px'; message.scrollIntoView({block: 'start'}); }")


def held_view(place: str, tag: str, at_least: float = 1.5, at_most: float = 30.0) -> str:
    """A ``<script>`` that runs the JavaScript statement(s) ``place`` (which put the view where
    it belongs; ``setTop(element, value)`` sets a container's position) every 100 ms for at
    least ``at_least`` seconds and until Streamlit stops pulling the page to its end, the user
    scrolls, touches, clicks or presses a navigation key, or ``at_most`` seconds have passed.
    ``tag`` makes each script new: the same script at the same place would not run again."""
    script = (_template().replace("__TAG__", json.dumps(tag)[1:-1].replace("*/", "* /"))
              .replace("__AT_LEAST__", str(round(at_least * 1000)))
              .replace("__AT_MOST__", str(round(at_most * 1000)))
              .replace("__PLACE__", place))
    return f"<script>{script}</script>"
