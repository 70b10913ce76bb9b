"""Netzwerk-Kompass as ``bash scripts/app.sh`` starts it: ``streamlit run app.py``.

The chat page is ``streamlit_app.py`` (``streamlit run streamlit_app.py`` serves it too).
This launcher (Streamlit's ``st.App``) serves that page and starts loading the model and
index when the server starts, instead of when the first browser has loaded the page's
code and run it: the first answer no longer waits for the browser's start on top of the
load. The load runs on a thread, so the server answers at once; a page that asks for the
engine meanwhile shows its "loading" status and waits for this same load.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st


def _load_engine() -> None:
    # Imported here, on the thread: the pipeline's imports take a second the server's
    # start should not wait for.
    from assistant.recommend import preload_engine

    preload_engine()


@asynccontextmanager
async def _start_loading(_app: st.App) -> AsyncIterator[None]:
    threading.Thread(target=_load_engine, name="engine-start", daemon=True).start()
    yield


app = st.App("streamlit_app.py", lifespan=_start_loading)
