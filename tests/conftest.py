"""Shared fixtures for the test suite: where the project and its corpus are.

Kept deliberately small; module-specific fixtures live in their test modules.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.models import Network
from assistant.network import load_networks

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
def seed_settings(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """Settings whose index (in a session temp dir) is built once from the seed corpus
    with the real packaged model."""
    from assistant.index import build_index
    from assistant.settings import Settings

    settings = Settings(corpus=corpus_dir, index=tmp_path_factory.mktemp("seed-index") / "embeddings")
    build_index(settings)
    return settings


@pytest.fixture(scope="session")
def seed_engine(seed_settings):
    """The real engine (model + index) over the seed corpus, shared by the session."""
    from assistant.recommend import load_engine

    return load_engine(seed_settings)
