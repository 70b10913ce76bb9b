"""What starting a shell needs before the pipeline is imported: the index version the app
caches its engine by, and the embedding model's load on a thread of its own (beside the
index's). This module imports nothing heavy itself.

(Starting the whole engine's load on the app script's first line, before the page's imports,
was measured and dropped: the load is mostly CPU-bound Python under one GIL, so on two cores
it delayed the chat input by up to 3 s and did not bring the first answer forward.)
"""

from __future__ import annotations

import contextlib
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
