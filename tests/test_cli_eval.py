"""`assistant eval`: the quality table and the feedback summary."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.cli import main
from assistant.feedback import FeedbackRecord, append_feedback


def test_eval_reads_the_apps_feedback_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "feedback.jsonl"
    append_feedback(path, FeedbackRecord(question="Wie gewinnen wir Ehrenamtliche?", language="de",
                                         rating="down", result_ids=["dortmund.en.txt:10-40"], turn_id="t1"))
    append_feedback(path, FeedbackRecord(question="Wie gewinnen wir Ehrenamtliche?", language="de",
                                         rating="up", result_ids=["dortmund.en.txt:10-40"], turn_id="t1"))
    append_feedback(path, FeedbackRecord(question="Gönüllüler?", language="tr", rating="down",
                                         result_ids=["erfurt.tr.txt:5-9"], turn_id="t2"))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("{broken\n")
    assert main(["eval", "--feedback", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["votes"] == 2  # the changed vote on t1 counts once, as its last value
    assert report["per_language"] == {"de": {"up": 1, "down": 0}, "tr": {"up": 0, "down": 1}}
    assert report["most_down_voted_quotes"] == [["erfurt.tr.txt:5-9", 1]]
    assert "feedback.jsonl:4" in captured.err


def test_eval_prints_the_table_with_both_baselines(seed_settings, capsys) -> None:
    code = main(["eval", "--corpus", str(seed_settings.corpus), "--index", str(seed_settings.index)])
    assert code == 0
    out = capsys.readouterr().out
    for system in ("kompass", "bm25-only", "dense-only"):
        assert f"| {system} |" in out
    assert "nDCG@5 de" in out and "nDCG@5 tr" in out
