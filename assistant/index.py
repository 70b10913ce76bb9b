"""Index stage: networks -> retrieval units -> FAISS + BM25, persisted with a manifest.

Layout of the index folder (default ``embeddings/``; ``--index``, ``KOMPASS_INDEX``)::

    .netzwerk-kompass  marker: this folder belongs to the assistant (written first)
    .current.lock      advisory lock of ``ingest`` (next to the index, never elsewhere)
    current/
      manifest.json    model id, dimension, normalisation, library versions, the
                       segments, content hash of every corpus document and of every file below
      index.faiss      exact (IndexFlatIP) or IVF index over L2-normalised unit vectors
                       (written with faiss.write_index; nothing is ever pickled)
      columns.npz, lookup.json, bm25.*, documents.jsonl
                       columns, small tables, BM25, the documents' heads (whole index)
      seg-NNNNNN.vectors.npy, .units.jsonl, .networks.jsonl, .profiles.jsonl, .names.jsonl
                       one segment (the rows of consecutive networks): its vectors and
                       records in row order. Segment files never change once written: a
                       rebuild hard-links the segments it keeps, with their recorded hashes

The folder is the project's alone: it is only written to when it is missing,
empty (a ``.gitkeep`` aside) or carries the marker, and never when it is, holds
or lies inside the corpus (:func:`claim_index_dir`). Only the entries above are
ever written, moved or deleted; anything else in the folder (a tracked
``.gitkeep``) is left alone.

Writes are atomic: a new index is built in a temp folder beside ``current/``
and swapped in with two renames; a crash between them is repaired on the next
load. An advisory lock keeps two ``ingest`` runs apart. Rebuilds are incremental: a
unit's vector is reused when its embedding text is unchanged, so a changed
document re-embeds only its own units and a deleted one simply disappears; a segment
whose networks are unchanged is linked into the new folder, not copied (a crash leaves
the previous folder whole: its files are only ever given a second name).
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
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
from pydantic import ValidationError

from assistant.build import build_files, cyclic_gc_paused
from assistant.concepts import VOCABULARY_SHA256
from assistant.embedding import Encoder
from assistant.models import Network
from assistant.previous import read_previous
from assistant.profile import NetworkProfile
from assistant.segments import SegmentedVectors, segmented_rows
from assistant.settings import Settings
from assistant.storage import fsync_dir
from assistant.store import (
    BUILD_COLUMNS,
    COLUMNS_FILE,
    FORMAT_VERSION,
    INDEX_FILE,
    INDEX_FILES,
    LOOKUP_FILE,
    MANIFEST,
    NETWORKS_FILE,
    PROFILES_FILE,
    SECTION_ORDER,
    SEGMENT_FILES,
    UNITS_FILE,
    FileStat,
    Lookup,
    Manifest,
    NetworkCard,
    SearchSpec,
    Unit,
    UnitArrays,
    _library_versions,
    _sha256_file,
    all_files,
    bm25_scores,
    code_fingerprint,
    corpus_hashes,
    corpus_state,
    load_bm25,
    segment_file,
)
from assistant.units import EMBED_FIELD_NAMES, EMBED_SECTION_NAMES, embed_text  # re-exported: the frozen names
from assistant.word_match import read_word_vectors

# Re-exported: the index's public names, wherever they are defined.
__all__ = ["EMBED_FIELD_NAMES", "EMBED_SECTION_NAMES", "INDEX_FILE", "INDEX_FILES", "MANIFEST", "NETWORKS_FILE",
           "SECTION_ORDER", "SEGMENT_FILES", "UNITS_FILE", "all_files", "segment_file", "Lookup", "Manifest",
           "NetworkCard", "SearchSpec", "Unit", "UnitArrays", "corpus_hashes", "embed_text"]

#: Rows of vectors gathered and scored at a time (512 rows of 512 float32: 1 MB, held in the cache).
DENSE_BLOCK = 512
#: Marks a folder as the assistant's index folder; written before anything else.
MARKER = ".netzwerk-kompass"
#: The live index inside the index folder (swapped as a whole).
LIVE_DIR = "current"
#: What an index folder may hold besides its own entries and still count as empty (git's placeholder).
_PLACEHOLDERS = frozenset({".gitkeep"})

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
    """Whether ``index_dir`` holds an index of the old flat layout (files at its top): a
    manifest of any format version, with the fields every version has."""
    try:
        raw = json.loads((index_dir / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(raw, dict) and isinstance(raw.get("format_version"), int) and {"model_id", "files"} <= set(raw)


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
    # Another process starting at the same moment may have claimed the folder (the marker
    # first, then its lock and build folder) between the check above and this listing:
    # the marker, looked for again after the listing, says the entries are ours.
    if found and not (index_dir / MARKER).is_file() and not _legacy_manifest(index_dir):
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


# --------------------------------------------------------------------------- manifest


# --------------------------------------------------------------------------- the loaded index


@dataclass
class SearchIndex:
    """A loaded index: units (parsed when read), their vectors (memory-mapped) and a FAISS
    search structure over them, BM25 over their tokens (memory-mapped), and per-unit
    arrays (section, network, level, concepts, inverted lists) for vectorised scoring."""

    directory: Path
    manifest: Manifest
    units: Sequence[Unit]
    networks: Sequence[Network]
    faiss_index: Any
    bm25: Any
    arrays: UnitArrays
    vectors: np.ndarray  # (n, d) float32, row order
    profiles: Sequence[NetworkProfile]  # code order
    lookup: Lookup
    #: Structures other stages derive from the index once (e.g. the name lookup).
    derived: dict[str, object] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Changes whenever the index is rebuilt (cache key for the UI): its files and the documents
        it was built from (a sheet copied twice leaves the files as they were, tester W15)."""
        built_from = hashlib.sha256(json.dumps(sorted(self.manifest.corpus.items())).encode()).hexdigest()
        return self.manifest.files.get(INDEX_FILE, "") + self.manifest.files.get(COLUMNS_FILE, "") + built_from

    def network(self, network_id: str) -> Network | None:
        code = self.arrays.network_code.get(network_id)
        return self.networks[code] if code is not None else None

    def card(self, network_id: str) -> NetworkCard | None:
        code = self.arrays.network_code.get(network_id)
        return self.lookup.networks[code] if code is not None else None

    def profile(self, network_id: str) -> NetworkProfile | None:
        code = self.arrays.network_code.get(network_id)
        return self.profiles[code] if code is not None else None

    def dense_search(self, query_vector: np.ndarray, k: int, *, exact: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` rows most similar to the query, best first, and their cosine similarities.

        An approximate index only chooses the rows: their similarities are computed exactly,
        unless ``exact=False`` (the caller re-scores them anyway; then they are the index's
        estimates, and the order is the estimates' order).
        """
        import faiss

        k = min(k, len(self.units))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = np.ascontiguousarray(query_vector.reshape(1, -1), dtype=np.float32)
        if self.manifest.search.kind == "ivf":
            params = faiss.SearchParametersIVF()
            params.nprobe = self.manifest.search.nprobe  # per search: concurrent readers share the index
            estimates, found = self.faiss_index.search(query, k, params=params)
            keep = found[0] >= 0
            rows, sims = found[0][keep].astype(np.int64), estimates[0][keep]
            if not exact:
                return rows, sims
            sims = self.dense_of(query_vector, rows)
            order = np.argsort(-sims, kind="stable")
            return rows[order], sims[order]
        sims, found = self.faiss_index.search(query, k)
        keep = found[0] >= 0
        return found[0][keep].astype(np.int64), sims[0][keep]

    def dense_of(self, query_vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine similarity of the query to the units at ``rows``."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        # einsum, not matmul: numpy's own loop on this thread. A BLAS matrix-vector product of a
        # few hundred rows wakes BLAS's other threads, which on a busy 2-core machine made it
        # 30-50x slower (measured: 20-40 ms instead of under 1 ms).
        ordered, query = np.sort(rows), query_vector.astype(np.float32)
        sims: np.ndarray = np.empty(len(ordered), dtype=np.float32)
        # A block at a time: the gathered rows are still in the cache when einsum reads them
        # (a question's 4,500 rows are 9 MB). Each row's sum is the same as in one block.
        for begin in range(0, len(ordered), DENSE_BLOCK):
            sims[begin : begin + DENSE_BLOCK] = np.einsum(
                "ij,j->i", self.vectors[ordered[begin : begin + DENSE_BLOCK]], query)
        if not np.all(rows[:-1] <= rows[1:]):  # gathered in row order (sequential reads), given back in theirs
            sims = sims[np.argsort(np.argsort(rows, kind="stable"), kind="stable")]
        return sims

    def dense_all(self, query_vector: np.ndarray) -> np.ndarray:
        """:meth:`dense_of` every row, in row order: the same sums, read where the vectors lie
        (a small index is scored whole; gathering its rows first copied all of them)."""
        query = query_vector.astype(np.float32)
        parts = self.derived.get("vector_views")
        if parts is None:  # plain views of the segments' mappings, made once
            parts = self.derived["vector_views"] = [
                np.asarray(part) for part in getattr(self.vectors, "parts", [self.vectors]) if len(part)]
        sims = [np.einsum("ij,j->i", part, query) for part in parts]  # type: ignore[attr-defined]
        if not sims:
            return np.zeros(0, dtype=np.float32)
        found: np.ndarray = sims[0] if len(sims) == 1 else np.concatenate(sims)
        return found

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        return bm25_scores(self.bm25, tokens, len(self.units))

    def bm25_columns(self, tokens: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The BM25 matrix's column of each query token the index knows, in the query's order
        (a repeated token twice, as bm25s counts it): the rows that have the token (sorted)
        and the token's BM25 in each. Views of the mapped files, nothing copied."""
        vocabulary = self.bm25.vocab_dict
        known = [vocabulary[t] for t in tokens if t in vocabulary]
        if not known:
            return []
        views = self.derived.get("bm25_views")
        if views is None:
            # Plain views of the mappings, made once: a memmap's own indexing costs more than the read.
            matrix = self.bm25.scores
            views = self.derived["bm25_views"] = tuple(np.asarray(matrix[k]) for k in ("data", "indices", "indptr"))
        data, indices, indptr = cast("tuple[np.ndarray, np.ndarray, np.ndarray]", views)  # a str: no alias per call
        bounds = indptr[np.asarray(known, dtype=np.int64)[:, None] + [0, 1]].tolist()
        return [(indices[a:b], data[a:b]) for a, b in bounds]


class NetworkProfiles(Mapping[str, NetworkProfile]):
    """Network id -> profile, read from the index when first asked for."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def __getitem__(self, network_id: str) -> NetworkProfile:
        found = self.index.profile(network_id)
        if found is None:
            raise KeyError(network_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.index.arrays.network_ids)

    def __len__(self) -> int:
        return len(self.index.arrays.network_ids)


def read_manifest(index_dir: Path) -> Manifest:
    path = manifest_path(index_dir)
    if not path.exists():
        raise IndexMissing(f"no index in {_shown(index_dir)}")
    try:
        raw = json.loads(path.read_bytes())
    except (ValueError, OSError) as exc:  # also bad UTF-8
        raise IndexCorrupt(f"{path} is unreadable or invalid") from exc
    found = raw.get("format_version") if isinstance(raw, dict) else None
    if isinstance(found, int) and found != FORMAT_VERSION:
        raise IndexStale(f"index format {found} != {FORMAT_VERSION}")
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise IndexCorrupt(f"{path} is unreadable or invalid") from exc


def _files_as_recorded(directory: Path, manifest: Manifest) -> bool:
    """Whether every index file is there with the size and modification time it had when
    its hash (the one the manifest lists) was taken."""
    unlisted = [n for n in all_files(manifest.segments) if n not in manifest.files]
    if unlisted:
        raise IndexCorrupt(f"the manifest has no hash of {', '.join(unlisted)}")
    as_recorded = True
    for name, expected in manifest.files.items():
        try:
            info = (directory / name).stat()
        except FileNotFoundError as exc:
            raise IndexCorrupt(f"{name} is missing") from exc
        except OSError as exc:
            raise IndexCorrupt(f"{name} cannot be read ({exc.strerror or exc})") from exc
        recorded = manifest.file_stats.get(name)
        if (recorded is None or recorded.sha256 != expected or not stat.S_ISREG(info.st_mode)
                or (info.st_size, info.st_mtime_ns) != (recorded.size, recorded.mtime_ns)):
            as_recorded = False
    return as_recorded


def _verify_hashes(directory: Path, manifest: Manifest) -> None:
    """Every index file the manifest lists has the recorded hash."""
    for name, expected in manifest.files.items():
        try:
            actual = _sha256_file(directory / name)
        except OSError as exc:
            raise IndexCorrupt(f"{name} cannot be read ({exc.strerror or exc})") from exc
        if actual != expected:
            raise IndexCorrupt(f"{name} does not match the manifest (truncated or modified)")


def load_index(settings: Settings, *, check_corpus: bool = True) -> SearchIndex:
    """Load the index; raises IndexMissing / IndexCorrupt / IndexStale.

    Files whose size and modification time are those recorded at ingest are trusted
    and memory-mapped; if any differs, every file is hashed and every record parsed
    and cross-checked before the index is served. The corpus is stale when a
    document was added or removed, or one whose size or time changed has another hash.
    """
    import faiss

    # One query at a time: OpenMP threads only add wake-up cost to a single search.
    faiss.omp_set_num_threads(1)
    directory = live_dir(settings.index)
    _recover_interrupted_swap(directory)
    manifest = read_manifest(settings.index)
    if manifest.model_id != settings.model:
        raise IndexStale(f"index was built with model {manifest.model_id!r}, settings ask for {settings.model!r}")
    if manifest.vocabulary != VOCABULARY_SHA256:
        # Units carry the concept tags of the vocabulary they were built with.
        raise IndexStale("the concept vocabulary changed since the index was built")
    if manifest.code != code_fingerprint():
        raise IndexStale("it was built by another version of the assistant")
    thorough = not _files_as_recorded(directory, manifest)
    if thorough:
        _verify_hashes(directory, manifest)
    index = _open(settings.index, manifest, thorough)
    if check_corpus and not corpus_matches(settings, manifest):
        raise IndexStale("corpus changed since the index was built")
    return index


def corpus_matches(settings: Settings, manifest: Manifest) -> bool:
    """Whether the corpus folder holds the documents ``manifest`` was built from: none added
    or removed, and none whose size or time changed has another hash (so checking an
    unchanged corpus reads no file)."""
    return corpus_state(settings.corpus, settings.max_file_bytes, manifest, settings.follow_links)[0] == manifest.corpus


def _open(index_dir: Path, manifest: Manifest, thorough: bool) -> SearchIndex:
    """The index files as one :class:`SearchIndex`; with ``thorough``, every record is
    parsed and checked against the columns (after a change the hashes could not see)."""
    import faiss

    directory = live_dir(index_dir)
    n, d = manifest.unit_count, manifest.dimension
    # A trusted IVF index is memory-mapped: replicas share its pages, a question reads a few lists.
    mapped = not thorough and manifest.search.kind == "ivf"
    try:
        faiss_index = faiss.read_index(str(directory / INDEX_FILE), faiss.IO_FLAG_MMAP if mapped else 0)
    except RuntimeError as exc:
        raise IndexCorrupt(f"{INDEX_FILE} cannot be read by FAISS") from exc
    try:
        with np.load(directory / COLUMNS_FILE, allow_pickle=False) as saved:
            columns = {name: saved[name] for name in saved.files if name not in BUILD_COLUMNS}
        vectors = _vectors(directory, manifest, mapped)
        lookup, words = Lookup.read(directory / LOOKUP_FILE), read_word_vectors(directory)
        bm25 = load_bm25(directory)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        raise IndexCorrupt(f"the index files cannot be read ({exc})") from exc
    if faiss_index.ntotal != n or len(columns.get("ids", ())) != n or vectors.shape[0] != n:
        raise IndexCorrupt("index, units and manifest disagree on the number of units")
    if faiss_index.d != d or vectors.shape[1:] != (d,):
        raise IndexCorrupt("index dimension disagrees with the manifest")
    if len(lookup.networks) != manifest.network_count:
        raise IndexCorrupt("networks and manifest disagree on the number of networks")
    try:
        units, networks, profiles = _records(directory, manifest, columns)
        arrays = UnitArrays.from_columns(columns, [c.id for c in lookup.networks], lookup.concept_ids)
    except (OSError, KeyError, ValueError) as exc:
        raise IndexCorrupt(f"the index files cannot be read ({exc})") from exc
    if len(units) != n or len(networks) != len(profiles) or len(networks) != manifest.network_count:
        raise IndexCorrupt("units, networks and manifest disagree")
    if thorough:
        if [u.id for u in units] != columns["ids"].tolist():
            raise IndexCorrupt(f"{UNITS_FILE} of a segment disagrees with the index columns")
        if [net.id for net in networks] != [c.id for c in lookup.networks]:
            raise IndexCorrupt(f"{NETWORKS_FILE} of a segment disagrees with the index columns")
        if [p.network_id for p in profiles] != [c.id for c in lookup.networks]:
            raise IndexCorrupt(f"{PROFILES_FILE} of a segment disagrees with the index columns")
    return SearchIndex(index_dir, manifest, units, networks, faiss_index, bm25, arrays, vectors, profiles, lookup,
                       {"word_vectors": words})


def _records(directory: Path, manifest: Manifest, columns: dict[str, np.ndarray]
             ) -> tuple[Sequence[Unit], Sequence[Network], Sequence[NetworkProfile]]:
    """The units, networks and profiles of every segment, parsed when read."""
    if [len(columns["segment_rows"]), len(columns["segment_networks"])] != [len(manifest.segments) + 1] * 2:
        raise IndexCorrupt("the segments of the manifest and the index columns disagree")
    units = segmented_rows(directory, manifest.segments, columns, "unit", Unit, IndexCorrupt)
    networks = segmented_rows(directory, manifest.segments, columns, "network", Network, IndexCorrupt)
    # Profiles stay parsed once read (a situation is compared with hundreds of networks).
    profiles = segmented_rows(directory, manifest.segments, columns, "profile", NetworkProfile, IndexCorrupt,
                              cache_size=manifest.network_count)
    return units, networks, profiles


def _vectors(directory: Path, manifest: Manifest, mapped: bool) -> Any:
    # Memory-mapped above the IVF switch-over (a question reads a few hundred rows of
    # files the OS shares between processes); below it small enough to read.
    d = manifest.dimension
    parts = [np.load(directory / segment_file(segment, "vectors"), mmap_mode="r" if mapped else None,
                     allow_pickle=False) for segment in manifest.segments]
    if any(p.ndim != 2 or p.shape[1:] != (d,) for p in parts):
        raise IndexCorrupt("index dimension disagrees with the manifest")
    if len(parts) == 1:
        return np.asarray(parts[0])  # a plain view of a mapping: a memmap's own indexing costs more than the read
    if mapped:
        return SegmentedVectors(parts, d)
    return np.concatenate(parts) if parts else np.zeros((0, d), dtype=np.float32)


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


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class BuildReport:
    directory: Path
    networks: int
    units: int
    embedded: int
    reused: int
    warnings: list[str]
    seconds: float
    rebuilt_networks: int = 0  # networks merged and their units built (the others were copied)


def build_index(
    settings: Settings, progress: Progress = _no_progress, encoder: Encoder | None = None
) -> BuildReport:
    """Parse the corpus and write a fresh index atomically (reusing unchanged vectors).

    ``encoder`` embeds the units; by default the one ``settings`` names is loaded.
    """
    started = time.perf_counter()
    claim_index_dir(settings.index, settings.corpus)
    with ingest_lock(live_dir(settings.index)), cyclic_gc_paused():
        return _build_locked(settings, progress, started, encoder)


def _build_locked(
    settings: Settings, progress: Progress, started: float, encoder: Encoder | None = None
) -> BuildReport:
    from assistant.embedding import load_encoder

    directory = live_dir(settings.index)
    _recover_interrupted_swap(directory)
    _remove_stale_builds(directory)
    _move_legacy_layout(settings.index)
    if encoder is None:
        encoder = load_encoder(settings)
    known = _readable_manifest(settings.index)
    previous = read_previous(directory, known, encoder.model_id, encoder.dimension, code_fingerprint(),
                             _files_unchanged, IndexCorrupt)
    corpus, corpus_stats = corpus_state(settings.corpus, settings.max_file_bytes, known, settings.follow_links)
    tmp = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{int(time.time() * 1000)}"
    tmp.mkdir(parents=True)
    try:
        built = build_files(tmp, settings, encoder, previous, progress)
        stats = {}
        linked = set(built.linked)
        for name in all_files(built.segments):
            info = (tmp / name).stat()
            if name in linked and known is not None:
                # A kept segment's file: the previous index's, linked, never written to. Its
                # recorded hash holds while size and time are those recorded (as at load), and it
                # is on disk already (the previous build synced it).
                old = known.file_stats.get(name)
                if old is not None and (old.size, old.mtime_ns) == (info.st_size, info.st_mtime_ns):
                    stats[name] = old
                    continue
            _fsync_file(tmp / name)
            stats[name] = FileStat(size=info.st_size, mtime_ns=info.st_mtime_ns, sha256=_sha256_file(tmp / name))
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model_id=encoder.model_id,
            dimension=encoder.dimension,
            normalized=True,
            metric="inner_product",
            library_versions=_library_versions(),
            code=code_fingerprint(),
            search=built.search,
            segments=built.segments,
            corpus_dir=str(settings.corpus),
            corpus=corpus,
            corpus_stats=corpus_stats,
            files={name: stat_.sha256 for name, stat_ in stats.items()},
            file_stats=stats,
            unit_count=built.units,
            network_count=built.networks,
            embedded=built.embedded,
            reused=built.reused,
            built_at=time.time(),
            vocabulary=VOCABULARY_SHA256,
        )
        (tmp / MANIFEST).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
        _fsync_file(tmp / MANIFEST)
        fsync_dir(tmp)
        if previous is not None:
            previous.close()
        del previous  # its files stay mapped until it is gone; the swap may delete them
        _swap_in(tmp, directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    progress("write", 1, 1)
    return BuildReport(
        directory=settings.index,
        networks=built.networks,
        units=built.units,
        embedded=built.embedded,
        reused=built.reused,
        warnings=built.warnings,
        seconds=time.perf_counter() - started,
        rebuilt_networks=built.rebuilt_networks,
    )


def _files_unchanged(directory: Path, manifest: Manifest) -> bool:
    try:
        return _files_as_recorded(directory, manifest)
    except IndexCorrupt:
        return False


def _readable_manifest(index_dir: Path) -> Manifest | None:
    with contextlib.suppress(IndexError_):
        return read_manifest(index_dir)
    return None


def _swap_in(new: Path, directory: Path) -> None:
    """Replace ``directory`` by ``new``: rename old away, rename new in, delete old."""
    backup = None
    if directory.exists():
        backup = directory.parent / f".{directory.name}.old-{os.getpid()}-{int(time.time() * 1000)}"
        os.rename(directory, backup)
    os.rename(new, directory)
    fsync_dir(directory.parent)
    for old in _backup_dirs(directory):
        shutil.rmtree(old, ignore_errors=True)


def _move_legacy_layout(index_dir: Path) -> None:
    """Move an index of the old flat layout (files at the top of the folder) into
    ``current/`` (call under the ingest lock). Only the files its manifest names are
    moved; a crash midway leaves a temp folder the next build removes."""
    directory = live_dir(index_dir)
    if (directory / MANIFEST).exists() or not _legacy_manifest(index_dir):
        return
    listed = json.loads((index_dir / MANIFEST).read_bytes()).get("files", {})
    names = [n for n in listed if isinstance(n, str) and n == Path(n).name and n != MANIFEST]
    tmp = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{int(time.time() * 1000)}"
    tmp.mkdir()
    for name in (*names, MANIFEST):  # the manifest last
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
        with cyclic_gc_paused():
            _build_locked(settings, progress or _no_progress, time.perf_counter())
    return load_index(settings)


def index_summary(index: SearchIndex) -> dict[str, object]:
    summary: dict[str, object] = json.loads(index.manifest.model_dump_json())
    return summary
