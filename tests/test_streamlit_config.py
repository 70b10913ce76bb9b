"""Streamlit's "magic" is off in the project's config, and the pages lose nothing by it: they
have no bare expression magic would have shown."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_magic_is_off_in_the_project_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False


def test_streamlit_reads_magic_off(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(tmp_path)  # no user-level ~/.streamlit/config.toml in the way
    probe = ("from streamlit import config\nconfig.get_config_options(force_reparse=True)\n"
             "print(config.get_option('runner.magicEnabled'))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=120)
    assert result.stdout.split()[-1:] == ["False"], result.stderr


def _shown_by_magic(source: str) -> list[int]:
    """Lines of the statements Streamlit's magic would write to the page (a bare expression that
    is no call, docstring, yield or await)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for i, statement in enumerate(body):
            if not isinstance(statement, ast.Expr):
                continue
            value = statement.value
            if isinstance(value, ast.Call | ast.Yield | ast.YieldFrom | ast.Await):
                continue
            if i == 0 and isinstance(value, ast.Constant) and isinstance(value.value, str):
                continue  # a docstring
            lines.append(statement.lineno)
    return lines


@pytest.mark.parametrize("page", ["streamlit_app.py", "app.py"])
def test_the_pages_have_nothing_magic_would_show(page: str) -> None:
    assert _shown_by_magic((ROOT / page).read_text(encoding="utf-8")) == []


def test_the_check_finds_what_magic_shows() -> None:
    assert _shown_by_magic('"""doc"""\nimport streamlit as st\nx = 1\nx\nst.write(x)\n"shown"\n') == [4, 6]
