"""lingua's models load when a question needs them, not on the start path: their load holds the
GIL (~0.7 s of CPU in which no other thread of the app runs), and the questions the stop words
decide (the warm-up's, most full questions) never need them."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from assistant import language, recommend
from assistant.language import stop_word_language


@pytest.mark.parametrize("question", [
    recommend.WARM_UP_QUESTION,
    "How do other cities pay for a network coordinator?",  # the benchmark's first question
    "Unsere Ehrenamtlichen springen nach ein paar Monaten wieder ab. Was hilft?",  # and its second
])
def test_warm_up_and_first_questions_need_no_lingua(question: str) -> None:
    assert stop_word_language(question) in language.SUPPORTED


def test_preloading_the_tables_does_not_load_lingua() -> None:
    """A fresh process that preloads the tables (as the engine's load does) and detects the
    language of a question its stop words decide has no lingua detector; one that is not
    decided so builds it."""
    code = (
        "from assistant import language, recommend\n"
        "recommend._preload_tables().join()\n"
        "assert language.detect_language(recommend.WARM_UP_QUESTION, by_words=True) == 'en'\n"
        "print(bool(language._DETECTOR))\n"
        "assert language.detect_language('Integration') in language.SUPPORTED\n"
        "print(bool(language._DETECTOR))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert out.stdout.split() == ["False", "True"]


def test_the_detector_is_built_once_by_threads_asking_together() -> None:
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(language._detector())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 4 and all(d is found[0] for d in found)


def test_lingua_preloads_once_no_question_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's background load starts lingua's load only after DETECTOR_DELAY_S seconds in
    which no question was asked or answered."""
    loaded: list[float] = []
    monkeypatch.setattr(recommend, "DETECTOR_DELAY_S", 0.3)
    monkeypatch.setattr(recommend, "preload_detector", lambda: loaded.append(time.monotonic()))
    recommend._asked()
    thread = threading.Thread(target=recommend._preload_detector_when_idle)
    thread.start()
    time.sleep(0.2)
    recommend._asked()  # a question: the load waits another 0.3 s
    last = recommend._last_question[0]
    thread.join(timeout=10)
    assert len(loaded) == 1 and loaded[0] >= last + 0.3


def test_lingua_waits_for_the_first_question_after_the_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's Streamlit start asks its first question right as the page opens, 2 s or more
    after the warm-up: lingua's load (holding the GIL) must not start in that quiet time."""
    loaded: list[float] = []
    monkeypatch.setattr(recommend, "DETECTOR_DELAY_S", 0.2)
    monkeypatch.setattr(recommend, "preload_detector", lambda: loaded.append(time.monotonic()))
    recommend._asked()  # the warm-up
    thread = threading.Thread(target=recommend._preload_detector_when_idle, args=(recommend._last_question[0],))
    thread.start()
    time.sleep(0.7)  # quiet for longer than the delay: still waiting for a question
    assert not loaded
    recommend._asked()  # the first question
    asked = recommend._last_question[0]
    thread.join(timeout=10)
    assert len(loaded) == 1 and loaded[0] >= asked + 0.2
