"""The engine loaded on a background thread (what the app shows its chat input before)."""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

import pytest

from assistant.index import IndexRefused
from assistant.recommend import BackgroundEngine, background_engine, corpus_changed, preload_engine, refresh_engine
from assistant.settings import Settings, load_settings
from assistant.startup import manifest_version


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


def test_one_background_engine_per_settings_and_index_version(seed_settings: Settings) -> None:
    """The app's first lines and its page ask for the engine separately: they share one load."""
    first = background_engine(seed_settings, "version-a")
    assert background_engine(seed_settings, "version-a") is first
    other = background_engine(seed_settings, "version-b")  # a rebuilt index: a load of its own
    assert other is not first
    assert first.wait(timeout=300).ask("Wie gewinnen wir Ehrenamtliche?").results
    assert other.wait(timeout=300) is first.wait()  # the same index files: load_engine's one engine


def test_the_launcher_preloads_the_engine_the_page_then_finds(seed_settings: Settings,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """app.py starts the configured index's load with the server; the page's own
    background_engine call (same settings, same index version) gets that very load."""
    monkeypatch.setenv("KOMPASS_INDEX", str(seed_settings.index))
    monkeypatch.setenv("KOMPASS_CORPUS", str(seed_settings.corpus))
    started = preload_engine()
    assert started is not None
    page = load_settings()  # what the page reads from the same environment
    assert background_engine(page, manifest_version(page.index)) is started
    assert started.wait(timeout=300).ask("Wie gewinnen wir Ehrenamtliche?").results


def test_the_launcher_leaves_a_missing_index_or_a_bad_setting_to_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMPASS_INDEX", str(tmp_path / "no-index-yet"))
    assert preload_engine() is None  # the page builds it, with its progress bar
    assert not (tmp_path / "no-index-yet").exists()
    monkeypatch.setenv("KOMPASS_THREADS", "many")
    assert preload_engine() is None  # the page names the bad variable


def test_a_rebuilt_index_releases_the_old_engine_once_no_answer_uses_it(seed_settings: Settings,
                                                                         tmp_path: Path) -> None:
    """A sheet dropped in while the app runs: once the re-indexed engine is in, nothing keeps
    the old one but the answers still using it (at 10,000 sheets it held 0.5 GB besides)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(seed_settings.corpus, corpus)
    shutil.copytree(seed_settings.index, index)
    settings = Settings(corpus=corpus, index=index, threads=1)
    before = manifest_version(index)
    answering = background_engine(settings, before).wait(timeout=300)  # a page run answering with it
    old = weakref.ref(answering)
    old_files = weakref.ref(answering.index.units)

    shutil.copyfile(Path(__file__).parent / "fixtures" / "new_sheet_en.txt", corpus / "zz_dropped_in.txt")
    new = refresh_engine(settings, before).wait(timeout=300)
    assert manifest_version(index) != before and new is not answering
    assert answering.ask("Wie gewinnen wir Ehrenamtliche?").results  # still answers meanwhile
    assert background_engine(settings, manifest_version(index)).wait(timeout=300) is new

    del answering  # that answer is done: no cache, no load keeps the old engine or its mapped files
    assert old() is None and old_files() is None
    assert new.ask("Lindenbrück").results
    assert background_engine(settings, manifest_version(index)).wait() is new  # the new one stays


def test_a_sheet_copied_twice_and_removed_again_does_not_stop_later_sheets(seed_settings: Settings,
                                                                           tmp_path: Path) -> None:
    """Tester W15: a duplicate of a sheet ("erfurt.en (1).txt") merges into its network, so the
    rebuilt index's files were as before and the page kept the engine of the old index (which
    did not know the copy): it saw the folder changed forever, and once the copy was removed,
    the refresh keyed by that index's version was already done, so no later sheet was indexed."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(seed_settings.corpus, corpus)
    shutil.copytree(seed_settings.index, index)
    settings = Settings(corpus=corpus, index=index, threads=1)

    def page_run() -> tuple[str, object]:
        """What a run of the app does: the engine of the index there is, and a refresh if the
        folder changed (waited for here; the app answers meanwhile)."""
        version = manifest_version(index)
        engine = background_engine(settings, version).wait(timeout=300)
        if corpus_changed(engine):
            refresh_engine(settings, version).wait(timeout=300)
            version = manifest_version(index)
            engine = background_engine(settings, version).wait(timeout=300)
        return version, engine

    page_run()
    shutil.copyfile(corpus / "erfurt.en.txt", corpus / "erfurt-kopie.en.txt")
    _, engine = page_run()
    assert not corpus_changed(engine)  # the engine knows the copy is in
    (corpus / "erfurt-kopie.en.txt").unlink()
    _, engine = page_run()
    assert not corpus_changed(engine)
    shutil.copyfile(Path(__file__).parent / "fixtures" / "new_sheet_en.txt", corpus / "zz_dropped_in.txt")
    _, engine = page_run()
    assert not corpus_changed(engine) and len(engine.index.networks) == 4  # the new sheet is in
    assert engine.ask("Lindenbrück").results
