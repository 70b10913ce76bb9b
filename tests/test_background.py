"""The engine loaded on a background thread (what the app shows its chat input before)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index import IndexRefused
from assistant.recommend import BackgroundEngine
from assistant.settings import Settings


def test_the_engine_loads_in_the_background_and_answers(seed_settings: Settings) -> None:
    loading = BackgroundEngine(seed_settings)
    engine = loading.wait(timeout=300)
    assert loading.ready and loading.error is None
    answer = engine.ask("Wie gewinnen wir Ehrenamtliche?")
    assert answer.matched and answer.results
    assert loading.wait() is engine  # once loaded, always the same engine


def test_a_failed_load_is_raised_to_whoever_waits(tmp_path: Path, corpus_dir: Path) -> None:
    loading = BackgroundEngine(Settings(corpus=corpus_dir, index=corpus_dir, threads=1), warm_up=None)
    with pytest.raises(IndexRefused):
        loading.wait(timeout=300)
    assert loading.ready
