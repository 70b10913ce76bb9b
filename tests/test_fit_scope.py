"""scripts/fit_scope.py's pieces that need no index: the threshold rule and what --keep-score writes."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np

from assistant.scope_model import read_scope_model

ROOT = Path(__file__).resolve().parent.parent


def _fit_scope() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fit_scope", ROOT / "scripts" / "fit_scope.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_keep_score_writes_only_the_sure_similarity(tmp_path: Path) -> None:
    """--keep-score --write (session 12): the score's weights, its threshold, the floor and every
    comment stay as they are; only sure_similarity is replaced."""
    packaged = ROOT / "assistant" / "data" / "scope_model.toml"
    model = tmp_path / "scope_model.toml"
    model.write_text(packaged.read_text(encoding="utf-8"), encoding="utf-8")
    _fit_scope().write_sure(0.369, model)
    before, after = read_scope_model(packaged).weights, read_scope_model(model).weights
    assert after.sure_similarity == 0.369
    assert after == before.__class__(**{**before.__dict__, "sure_similarity": 0.369})
    changed = [(a, b) for a, b in zip(packaged.read_text(encoding="utf-8").splitlines(),
                                      model.read_text(encoding="utf-8").splitlines(), strict=True) if a != b]
    assert changed == [(f"sure_similarity = {before.sure_similarity:.3f}", "sure_similarity = 0.369")]


def test_the_threshold_counts_an_in_scope_error_three_times() -> None:
    """Between an out-of-scope and an in-scope reading with no clean gap, the cut keeps the
    in-scope one (an accepted near miss costs less than a lost answer)."""
    scores = np.array([-0.9, -0.5, -0.4, 0.5])
    in_scope = np.array([0.0, 1.0, 0.0, 1.0])
    cut = _fit_scope().threshold(scores, in_scope)
    assert -0.9 < cut < -0.5  # not 0.05 (one in-scope error for one out-of-scope)
