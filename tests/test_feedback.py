"""The append-only feedback file: records, locking, damaged lines."""

from __future__ import annotations

import json
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.chat import ChatAnswer, Part, Quote
from assistant.feedback import FeedbackRecord, FeedbackWarning, append_feedback, latest_votes, read_feedback
from assistant.profile import SituationProfile
from assistant.settings import Settings
from assistant.similarity import NetworkMatch


def _quote(text: str, start: int, number: int, section: str = "success_factors",
           part: Part = Part.SUCCESS_FACTORS) -> Quote:
    return Quote(number=number, part=part, network_id="halberstadt",
                 network="Caritas-Diakonie-Zora Netzwerk Halberstadt",
                 location="Halberstadt / Saxony-Anhalt / Germany", section=section, text=text,
                 source="halberstadt.en.txt", score=0.5, language="en", start=start, end=start + len(text))


def _advice(query: str = "Wir sind eine Kleinstadt.") -> ChatAnswer:
    return ChatAnswer(
        query=query, language="de", ui_language="de", matched=True, message=None, situation=True,
        profile=SituationProfile(size="small_town", evidence={"small_town": ["Kleinstadt"]}),
        networks=[NetworkMatch(network_id="halberstadt", network="Caritas-Diakonie-Zora Netzwerk Halberstadt",
                               location="Halberstadt / Saxony-Anhalt / Germany", score=0.9, facets=[])],
        answer=[_quote("Cooperation", 100, 1),
                _quote("Reaching the target group is sometimes difficult.", 500, 2, "challenges", Part.LESSONS)],
    )


def test_record_from_answer() -> None:
    advice = _advice()
    up = FeedbackRecord.from_answer(advice, 1, turn_id="t1", session_id="s1", ui_language="de")
    assert up.rating == "up" and up.positive
    assert up.question == "Wir sind eine Kleinstadt."
    assert up.result_ids == advice.result_ids() == ["halberstadt.en.txt:100-111", "halberstadt.en.txt:500-549"]
    assert up.network_ids == ["halberstadt"]
    assert up.profile["size"] == "small_town" and "evidence" not in up.profile
    assert FeedbackRecord.from_answer(advice, 0).rating == "down"
    assert FeedbackRecord.from_answer(advice, "down").rating == "down"


def test_append_and_read_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "feedback.jsonl"
    first = FeedbackRecord.from_answer(_advice("eins"), "up", turn_id="a")
    second = FeedbackRecord.from_answer(_advice("zwei <script>"), "down", turn_id="b")
    append_feedback(path, first)
    append_feedback(path, second)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["question"] == "zwei <script>"
    assert read_feedback(path) == [first, second]


def test_missing_file_reads_empty(tmp_path: Path) -> None:
    assert read_feedback(tmp_path / "nothing.jsonl") == []


def test_bad_lines_are_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    good = FeedbackRecord.from_answer(_advice(), "up")
    path.write_bytes(
        good.model_dump_json().encode() + b"\n"
        + b"not json at all\n"
        + b'{"question": "no rating"}\n'
        + b"\xff\xfe broken bytes\n"
        + b"\n"
        + b'{"question": "q", "language": "en", "rating": "meh"}\n'
    )
    with pytest.warns(FeedbackWarning) as caught:
        records = read_feedback(path)
    assert records == [good]
    assert len(caught) == 4
    assert any(":2:" in str(w.message) for w in caught)


def test_a_torn_last_line_does_not_swallow_the_next_record(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    path.write_text('{"question": "torn', encoding="utf-8")  # a crashed writer
    record = FeedbackRecord.from_answer(_advice(), "down")
    append_feedback(path, record)
    with pytest.warns(FeedbackWarning):
        assert read_feedback(path) == [record]


def test_unknown_fields_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    path.write_text('{"question": "q", "language": "en", "rating": "up", "future_field": 1}\n', encoding="utf-8")
    [record] = read_feedback(path)
    assert record.rating == "up" and record.result_ids == []


def _append_many(path: str, worker: int, count: int) -> None:
    for i in range(count):
        append_feedback(path, FeedbackRecord(question=f"w{worker}-{i} " + "x" * 3000, language="de", rating="up"))


def test_concurrent_writers_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append_many, args=(str(path), w, 40)) for w in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    records = read_feedback(path)
    assert len(records) == 160
    assert {r.question.split()[0] for r in records} == {f"w{w}-{i}" for w in range(4) for i in range(40)}


def test_latest_vote_per_answer() -> None:
    now = datetime.now(UTC)
    votes = [
        FeedbackRecord(question="a", language="de", rating="up", turn_id="1", timestamp=now),
        FeedbackRecord(question="b", language="de", rating="up", turn_id="2", timestamp=now + timedelta(seconds=1)),
        FeedbackRecord(question="a", language="de", rating="down", turn_id="1", timestamp=now + timedelta(seconds=2)),
        FeedbackRecord(question="c", language="de", rating="up", timestamp=now + timedelta(seconds=3)),
    ]
    assert [(v.question, v.rating) for v in latest_votes(votes)] == [("b", "up"), ("a", "down"), ("c", "up")]


def test_settings_path_and_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOMPASS_FEEDBACK", raising=False)
    assert Settings().feedback.name == "feedback.jsonl"
    monkeypatch.setenv("KOMPASS_FEEDBACK", str(tmp_path / "x.jsonl"))
    assert Settings().feedback == tmp_path / "x.jsonl"
