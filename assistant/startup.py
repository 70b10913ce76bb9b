"""Start loading the engine first thing, before a shell imports its own modules.

The app calls :func:`start_engine_loading` before its other imports. A thread then imports
the pipeline (the concept matchers, bm25s, faiss, the model code), loads the settings, the
index and the model and does the first-use work (:class:`assistant.recommend.BackgroundEngine`),
while the main thread imports the page's modules and shows the chat input: a question
typed at once waits for less. This module imports nothing heavy itself.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.settings import Settings


def manifest_version(index_dir: Path) -> str:
    """sha256 of the index manifest ("" when there is no index): changes with every rebuild."""
    from assistant.index import manifest_path

    try:
        return hashlib.sha256(manifest_path(index_dir).read_bytes()).hexdigest()
    except OSError:
        return ""


def preload_encoder(settings: Settings) -> None:
    """Load the embedding model on a thread (``load_encoder`` caches it; whoever asks for it
    meanwhile waits for this load): its weights are decompressed outside the GIL, beside
    the caller's imports and the index's load."""

    def load() -> None:
        from assistant.embedding import load_encoder

        # A failure is not cached: the caller's own load_encoder meets it again and raises it.
        with contextlib.suppress(Exception):
            load_encoder(settings)

    threading.Thread(target=load, name="encoder-preload", daemon=True).start()


def _load() -> None:
    try:
        from assistant.settings import load_settings

        settings = load_settings()
        preload_encoder(settings)  # first: the pipeline's imports below take a while
        version = manifest_version(settings.index)
        if not version:  # no index yet: the app builds it where the user sees the progress
            return
        from assistant.recommend import background_engine

        background_engine(settings, version)
    except Exception:  # noqa: BLE001, S110 - the app meets the same problem when it asks, and says it
        pass


@functools.cache
def start_engine_loading() -> threading.Thread:
    """Once per process: load the engine of the current settings on a thread."""
    thread = threading.Thread(target=_load, name="engine-start", daemon=True)
    thread.start()
    return thread
