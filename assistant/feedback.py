"""Thumbs up/down on answers: an append-only JSONL file that ``assistant eval`` can read.

One line per click::

    {"timestamp": "...", "question": "...", "language": "de", "rating": "up",
     "result_ids": ["halberstadt.en.txt:2306-2339", ...], "network_ids": ["halberstadt", ...], ...}

``result_ids`` are :meth:`assistant.chat.ChatAnswer.result_ids` of the answer as
shown. Writers take an exclusive ``flock`` and ``fsync`` each line, so concurrent
app sessions never interleave or lose records; readers skip damaged lines with a
warning. A user who changes their vote appends a new record: the last record of a
``turn_id`` is the current vote.

    append_feedback(Settings().feedback, FeedbackRecord.from_answer(answer, "up"))
    for record in read_feedback(Settings().feedback): ...
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.chat import ChatAnswer
from assistant.storage import fsync_dir

__all__ = ["FeedbackRecord", "FeedbackWarning", "append_feedback", "latest_votes", "read_feedback"]

Rating = Literal["up", "down"]


class FeedbackWarning(UserWarning):
    """A line of the feedback file could not be read (it is skipped)."""


class FeedbackRecord(BaseModel):
    """One vote on one answer."""

    model_config = ConfigDict(extra="ignore")

    timestamp: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("timestamp")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        """A timestamp without a zone (written by hand, or by an older tool) is read as UTC,
        so every record can be sorted against every other."""
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    question: str
    language: str = Field(description="Language of the question (ChatAnswer.language).")
    ui_language: str | None = None
    rating: Rating
    matched: bool = True
    result_ids: list[str] = Field(default_factory=list, description="ChatAnswer.result_ids() of the shown answer.")
    network_ids: list[str] = Field(default_factory=list, description="Networks shown, best first.")
    profile: dict[str, Any] = Field(default_factory=dict, description="The situation profile the answer used.")
    session_id: str | None = None
    turn_id: str | None = None

    @property
    def positive(self) -> bool:
        return self.rating == "up"

    @classmethod
    def from_answer(cls, advice: ChatAnswer, rating: Rating | int, **extra: Any) -> FeedbackRecord:
        """A record for a chat answer; ``rating`` is "up"/"down" or st.feedback's 1/0."""
        if isinstance(rating, int):
            rating = "up" if rating else "down"
        return cls(
            question=advice.query,
            language=advice.language,
            rating=rating,
            matched=advice.matched,
            result_ids=advice.result_ids(),
            network_ids=[m.network_id for m in advice.networks],
            profile=advice.profile.model_dump(mode="json", exclude={"evidence"}),
            **extra,
        )


def _open_regular(path: Path, flags: int) -> int:
    """``os.open`` that never blocks on a named pipe and takes only a regular file:
    anything else (a folder, a pipe, a device) raises OSError naming the path."""
    fd = os.open(path, flags | os.O_NONBLOCK, 0o644)  # a FIFO without a reader: ENXIO, not a hang
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file (a folder, pipe or device)", str(path))
    return fd


def append_feedback(path: str | os.PathLike[str], record: FeedbackRecord) -> None:
    """Append ``record`` as one JSON line, under an exclusive lock, and fsync it.

    Raises OSError (never blocks) when ``path`` is a folder, a named pipe or a device.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    line = (record.model_dump_json() + "\n").encode("utf-8")
    fd = _open_regular(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            # A crashed writer may have left a line without its newline: start a fresh line.
            size = os.fstat(fd).st_size
            if size:
                with open(path, "rb") as handle:
                    handle.seek(size - 1)
                    if handle.read(1) != b"\n":
                        line = b"\n" + line
            view = memoryview(line)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)


def read_feedback(path: str | os.PathLike[str]) -> list[FeedbackRecord]:
    """Every readable record in file order; a missing file is empty, bad lines are skipped
    with a :class:`FeedbackWarning` naming the line. Raises OSError when ``path`` is a
    folder, a named pipe or a device (never blocks on one)."""
    path = Path(path)
    records: list[FeedbackRecord] = []
    try:
        with os.fdopen(_open_regular(path, os.O_RDONLY), "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            try:
                data = handle.read()
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except FileNotFoundError:
        return []
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            records.append(FeedbackRecord.model_validate(json.loads(raw.decode("utf-8"))))
        except (ValueError, ValidationError, TypeError, RecursionError) as exc:  # bad bytes, JSON, nesting
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            warnings.warn(f"{path}:{number}: skipped unreadable feedback line ({reason})", FeedbackWarning,
                          stacklevel=2)
    return records


def latest_votes(records: Iterable[FeedbackRecord]) -> list[FeedbackRecord]:
    """The current vote per answer: the last record of each ``turn_id`` (records without one all count)."""
    latest: dict[str, FeedbackRecord] = {}
    loose: list[FeedbackRecord] = []
    for record in records:
        if record.turn_id:
            latest.pop(record.turn_id, None)
            latest[record.turn_id] = record
        else:
            loose.append(record)
    return sorted([*loose, *latest.values()], key=lambda r: r.timestamp)
