"""The saved BM25 matrix and bm25s's stop word lists are read without importing bm25s (which pulls
scipy.sparse in): the same vocabulary, arrays, scores and lists as bm25s's own loading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bm25s
import bm25s.stopwords
import numpy as np

from assistant import languages
from assistant.languages import LANGUAGES, bm25s_stopwords
from assistant.lexical import bm25_matrix, write_bm25
from assistant.store import BM25_FILES, MappedBM25, TokenColumns, load_bm25

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [["netzwerk", "ehrenamt", "koordination"], ["volunteers", "funding", "volunteers"], ["gönüllü"],
             ["koordination", "funding", "netzwerk", "netzwerk"], []]


def _saved(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    tokens = TokenColumns.of(DOCUMENTS)
    write_bm25(directory, bm25_matrix(tokens), tokens)
    return directory


def test_the_mapped_matrix_is_what_bm25s_loads(tmp_path: Path) -> None:
    directory = _saved(tmp_path / "index")
    mapped = load_bm25(directory)
    assert isinstance(mapped, MappedBM25)
    theirs = bm25s.BM25.load(directory, mmap=True, show_progress=False, **BM25_FILES)
    assert mapped.vocab_dict == theirs.vocab_dict
    assert list(mapped.vocab_dict) == list(theirs.vocab_dict)
    assert mapped.scores.keys() == theirs.scores.keys()
    for name in ("data", "indices", "indptr"):
        ours, loaded = mapped.scores[name], theirs.scores[name]
        assert isinstance(ours, np.memmap) and ours.dtype == loaded.dtype
        np.testing.assert_array_equal(ours, loaded)
    assert mapped.scores["num_docs"] == theirs.scores["num_docs"] == len(DOCUMENTS)
    for ids in ([0], [1, 2], [mapped.vocab_dict["netzwerk"]] * 2, list(mapped.vocab_dict.values())):
        np.testing.assert_array_equal(mapped.get_scores_from_ids(ids), theirs.get_scores_from_ids(ids))


def test_bm25s_stop_word_lists_read_from_their_file_are_its_lists() -> None:
    from_file = languages._stopwords_file()
    assert from_file is not bm25s.stopwords
    names = [name for name in vars(bm25s.stopwords) if name.startswith("STOPWORDS_")]
    assert names
    for name in names:
        assert getattr(from_file, name) == getattr(bm25s.stopwords, name)
    assert bm25s_stopwords() is bm25s.stopwords  # bm25s imported (here, by this test): its own module
    for language in LANGUAGES.values():
        if language.bm25s_stopwords:
            listed = getattr(bm25s.stopwords, language.bm25s_stopwords)
            assert {w.lower() for w in listed} <= language.all_stopwords()


_CHILD = """
import json, sys
from pathlib import Path
import assistant.recommend
from assistant.languages import LANGUAGES
from assistant.store import load_bm25
words = {code: sorted(language.all_stopwords()) for code, language in LANGUAGES.items()}
bm25 = load_bm25(Path(sys.argv[1]))
before = sorted(m for m in ("bm25s", "scipy", "scipy.sparse") if m in sys.modules)
scores = bm25.get_scores_from_ids([0, 1]).tolist()
print(json.dumps({"before": before, "after": "bm25s" in sys.modules, "words": words, "scores": scores}))
"""


def test_the_library_and_an_index_load_without_bm25s_until_its_scoring_is_asked_for(tmp_path: Path) -> None:
    directory = _saved(tmp_path / "index")
    env = {**os.environ, "KOMPASS_CACHE": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(directory)], env=env, cwd=PROJECT_ROOT,
                         capture_output=True, text=True, check=True, timeout=300)
    result = json.loads(out.stdout)
    assert result["before"] == []
    assert result["after"] is True
    assert result["words"] == {code: sorted(language.all_stopwords()) for code, language in LANGUAGES.items()}
    expected = bm25s.BM25.load(directory, mmap=True, show_progress=False, **BM25_FILES)
    assert result["scores"] == expected.get_scores_from_ids([0, 1]).tolist()
