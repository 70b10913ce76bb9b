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

import json
import math
import mmap
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, overload

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

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
        at = int(np.searchsorted(self.groups, group))
        if at < len(self.groups) and int(self.groups[at]) == group:
            return tuple(int(r) for r in self.postings.rows_of(np.asarray([at])))
        return default


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


def derive_columns(columns: dict[str, np.ndarray], n_networks: int, n_concepts: int) -> dict[str, np.ndarray]:
    """The base columns (ids, section, network, is_item, section_row, group, packed
    concepts) plus everything derived from them once, at ingest: id order, concept IDF,
    translations and the inverted lists."""
    out = dict(columns)
    ids, network, section = columns["ids"], columns["network"], columns["section"]
    is_item, group = columns["is_item"], columns["group"]
    n = len(ids)
    order = np.argsort(ids, kind="stable")
    out["ids_sorted"], out["rows_by_sorted_id"] = ids[order], order.astype(np.int64)
    matrix = np.unpackbits(columns["concepts"], axis=1, count=n_concepts).astype(bool)
    items = matrix[is_item]
    df = items.sum(axis=0) if n else np.zeros(n_concepts)
    n_items = max(1, int(is_item.sum()))
    out["concept_idf"] = (np.log((n_items + 1) / (df + 1)) + 1.0).astype(np.float32)
    onehot = np.zeros((len(items), len(SECTION_ORDER)), dtype=np.float32)
    onehot[np.arange(len(items)), section[is_item]] = 1.0
    out["concept_section_counts"] = items.T.astype(np.float32) @ onehot
    translations = Translations.of(group, is_item)
    out["translations.groups"] = translations.groups
    # nonzero of the transpose: sorted by concept, then row.
    concept_keys, tagged_rows = np.nonzero(matrix.T) if n else (np.zeros(0, np.int64), np.zeros(0, np.int64))
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
        "concepts": np.packbits(matrix, axis=1).reshape(len(units), (len(concept_ids) + 7) // 8),
    }



# --------------------------------------------------------------------------- lazily parsed records

_Row = TypeVar("_Row", bound=BaseModel)


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
        return bytes(self._data[int(self.offsets[i]) : int(self.offsets[i + 1])])

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
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
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


def bm25_matrix(tokens: TokenColumns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BM25 (Lucene variant, as bm25s) of every (token, unit), as a CSC matrix with one
    column per token: ``data``, ``indices`` (unit rows) and ``indptr``."""
    n, n_vocab = len(tokens.offsets) - 1, len(tokens.vocabulary)
    lengths = np.diff(tokens.offsets)
    docs = np.repeat(np.arange(n, dtype=np.int64), lengths)
    pairs, tf = np.unique(docs * n_vocab + tokens.ids.astype(np.int64), return_counts=True)
    doc, token = pairs // n_vocab, pairs % n_vocab
    df = np.bincount(token, minlength=n_vocab)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    average = float(lengths.mean()) if n else 1.0
    tf32 = tf.astype(np.float32)
    norm = (BM25_K1 * ((1 - BM25_B) + BM25_B * lengths[doc] / average)).astype(np.float32)
    data = idf[token] * (tf32 / (norm + tf32))
    order = np.lexsort((doc, token))
    indptr = np.searchsorted(token[order], np.arange(n_vocab + 1)).astype(np.int64)
    return data[order].astype(np.float32), doc[order].astype(np.int32), indptr


def write_bm25(directory: Path, tokens: TokenColumns) -> list[str]:
    """Save the BM25 matrix in bm25s's file layout; the names of the files written."""
    import bm25s

    data, indices, indptr = bm25_matrix(tokens)
    np.save(directory / BM25_FILES["data_name"], data, allow_pickle=False)
    np.save(directory / BM25_FILES["indices_name"], indices, allow_pickle=False)
    np.save(directory / BM25_FILES["indptr_name"], indptr, allow_pickle=False)
    vocabulary = {token: i for i, token in enumerate(tokens.vocabulary)}
    (directory / BM25_FILES["vocab_name"]).write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
    params = {"k1": BM25_K1, "b": BM25_B, "delta": 0.5, "method": "lucene", "idf_method": "lucene",
              "dtype": "float32", "int_dtype": "int32", "num_docs": len(tokens.offsets) - 1,
              "version": bm25s.__version__, "backend": "numpy"}
    (directory / BM25_FILES["params_name"]).write_text(json.dumps(params), encoding="utf-8")
    return list(BM25_FILES.values())


def load_bm25(directory: Path) -> Any:
    """The saved BM25 matrix, memory-mapped (``bm25s.BM25``)."""
    import bm25s

    return bm25s.BM25.load(directory, mmap=True, show_progress=False, **BM25_FILES)


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
