"""The script that closes the sidebar on a phone after a choice made in it.

On a narrow screen Streamlit's sidebar covers the page (300 of 390 px on a phone). A
sidebar button that changes the chat (an example situation, "re-answer the last
question", "new conversation", "restore") would otherwise leave it open over what it
changed, so that nothing seems to have happened (s11 tester X14). On a wider screen the
sidebar stands beside the chat and stays as the user left it.
"""

from __future__ import annotations

import json
from typing import Final

#: Streamlit's own width for a narrow screen: at or below it the sidebar starts collapsed and
#: covers the page (Streamlit 1.67: collapsed at 768 px, open at 769 px).
NARROW_MAX_PX: Final = 768


def close_sidebar_on_narrow_screen(tag: str) -> str:
    """A ``<script>`` that closes an open sidebar (by its own collapse button, as a tap would)
    when the window is at most :data:`NARROW_MAX_PX` wide. ``tag`` makes each script new: the
    same script at the same place would not run again."""
    return ("<script>/* " + json.dumps(tag)[1:-1].replace("*/", "* /") + " */ (() => {"
            f"if (window.innerWidth > {NARROW_MAX_PX}) return;"
            " const bar = document.querySelector('[data-testid=\"stSidebar\"]');"
            " if (!bar || bar.getAttribute('data-collapsed') === 'true') return;"
            " document.querySelector('[data-testid=\"stSidebarCollapseButton\"] button')?.click();"
            "})();</script>")
