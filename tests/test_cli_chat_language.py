"""``assistant chat`` without ``--lang``: a question of network names alone ("Dortmund vs Erfurt") is
asked in no language, so it is answered in the terminal's language (as the CLI's own messages are),
English by default, or in a conversation in the conversation's, never in one guessed from the names
(session 14 browser tester T18: it was answered in Turkish). A question in a language keeps it.

In-process through ``assistant.cli.main`` with the session's real engine over the seeds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant import cli

pytestmark = pytest.mark.heavy  # the real engine


@pytest.fixture(autouse=True)
def _seed_engine(seed_engine, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001 - the real engine
    monkeypatch.setattr(cli, "_engine", lambda settings, show_progress=False: seed_engine)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


def _chat(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    assert cli.main(["chat", "--json", *argv]) == cli.EXIT_OK
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize(("locale", "lang"), [("de_DE.UTF-8", "de"), ("en_US.UTF-8", "en"), ("tr_TR.UTF-8", "tr"),
                                              ("C.UTF-8", "en"), (None, "en")])
@pytest.mark.parametrize("question", ["Dortmund vs Erfurt", "Halberstadt"])
def test_names_alone_are_answered_in_the_terminals_language(capsys, monkeypatch, locale: str | None, lang: str,
                                                            question: str) -> None:  # noqa: ANN001
    if locale is not None:
        monkeypatch.setenv("LANG", locale)
    [answer] = _chat(capsys, question)
    assert answer["language"] == lang, answer["summary"]


@pytest.mark.parametrize(("question", "lang"), [("Was hat Halberstadt gelernt?", "de"),
                                                ("What did Halberstadt learn?", "en"),
                                                ("Halberstadt ne öğrendi?", "tr")])
def test_a_question_in_a_language_keeps_it_and_names_then_continue_in_it(capsys, monkeypatch, question: str,
                                                                        lang: str) -> None:  # noqa: ANN001
    other = next(code for code in ("de", "en", "tr") if code != lang)
    monkeypatch.setenv("LANG", f"{other}.UTF-8")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(f"{question}\nDortmund vs Erfurt\n"))
    first, names = _chat(capsys)
    assert first["language"] == names["language"] == lang


def test_lang_still_decides(capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert [a["language"] for a in _chat(capsys, "--lang", "tr", "Dortmund vs Erfurt")] == ["tr"]
