"""Building an index: corpus files -> every file of an index (see :mod:`assistant.store`).

A rebuild costs what changed, not what the corpus holds. The index keeps, besides
what questions need, what the next build needs:

* every document's *head* (what grouping documents into networks reads of it, see
  :func:`assistant.network.sheet_head`), its hash, size, modification time and
  warnings: a file whose size and time are unchanged is not read again;
* for every network the (source, hash) of its documents: a network whose documents
  are all unchanged is not merged again, and its units, vectors, tokens, profile,
  name keys and columns are copied from the previous index as they are;
* every unit's embedding key: a unit of a changed network whose text is unchanged
  keeps its vector.

So one changed sheet is read, parsed and merged into its network, that network's
units are built and its changed units embedded; everything else is copied. What is
global (concept IDF, inverted lists, BM25 statistics, the name lookup, the IVF
lists) is recomputed from columns with numpy. What a unit is (its text, the text it is
embedded as, its translation group) is :mod:`assistant.units`. The files are streamed, never two
whole indexes in memory. Code that derives what an index stores (parse, merge,
units, tags, profiles) has a fingerprint: another version rebuilds every network
(vectors are still reused by key).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.concepts import CONCEPTS
from assistant.corpus import CorpusWarning, KnownDocument, load_corpus, load_document, source_path
from assistant.embedding import Encoder
from assistant.models import FactSheet, Network
from assistant.names import NameKeys, NetworkNames, TextRoots, name_keys, network_texts, text_roots
from assistant.network import group_sheets, merge_network, sheet_head
from assistant.profile import profile_network
from assistant.settings import Settings
from assistant.spelling import word_counts
from assistant.store import (
    COLUMNS_FILE,
    DOCUMENTS_FILE,
    INDEX_FILE,
    LOOKUP_FILE,
    NAMES_FILE,
    NETWORKS_FILE,
    PROFILES_FILE,
    SECTION_ORDER,
    UNITS_FILE,
    VECTORS_FILE,
    LazyRows,
    Lookup,
    Manifest,
    NetworkCard,
    SearchSpec,
    TokenColumns,
    Unit,
    derive_columns,
    json_line,
    nlist_for,
    section_centroids,
    section_sums,
    unit_columns,
    write_bm25,
)
from assistant.units import assign_translation_groups, build_units, unit_tokens

#: Vectors read, written or added to FAISS at a time (bounds the memory of a build).
CHUNK = 65_536

Progress = Callable[[str, int, int], None]


# --------------------------------------------------------------------------- what an index keeps for the next build


class DocumentRecord(BaseModel):
    """One corpus file as the build that wrote the index met it."""

    model_config = ConfigDict(extra="forbid")

    source: str
    sha256: str
    size: int
    mtime_ns: int
    warnings: list[str]
    head: FactSheet | None  # None: the file gave no document (skipped, with a warning)


class NameParts(BaseModel):
    """What the name lookup needs of one network (see :meth:`NetworkNames.from_parts`)."""

    model_config = ConfigDict(extra="forbid")

    keys: dict[str, Any]
    roots: list[list[str]]


@dataclass
class Previous:
    """The index a build replaces, read from its files (nothing is loaded whole)."""

    directory: Path
    manifest: Manifest
    same_code: bool  # built by this code: its documents and networks may be reused as they are
    columns: dict[str, np.ndarray]
    lookup: Lookup
    units: LazyRows[Unit]
    networks: LazyRows[Network]
    profiles: LazyRows[Any]
    names: LazyRows[NameParts]
    documents: dict[str, DocumentRecord]
    vocabulary: dict[str, int]
    keys: np.ndarray  # embed keys, sorted
    key_rows: np.ndarray  # row of each sorted key

    @property
    def by_documents(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], int]:
        """Network (id, sorted documents) -> its code."""
        return {(card.id, tuple(sorted(card.documents))): code for code, card in enumerate(self.lookup.networks)}

    @functools.cached_property
    def _row_starts(self) -> list[int]:
        # The units of a network are contiguous, and the networks in code order.
        network = self.columns["network"]
        starts: list[int] = np.searchsorted(network, np.arange(len(self.lookup.networks) + 1), side="left").tolist()
        return starts

    def rows(self, code: int, last: int | None = None) -> tuple[int, int]:
        """The rows of network ``code`` (to network ``last``)."""
        return self._row_starts[code], self._row_starts[(code if last is None else last) + 1]

    def find_vectors(self, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Positions in ``keys`` that have a previous vector, and the rows of those vectors."""
        if not len(self.keys) or not keys:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        wanted = np.asarray(keys, dtype="S40")
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = np.flatnonzero(self.keys[at] == wanted)
        return found, self.key_rows[at[found]]

    _vectors: Any = None
    vector_header: int = 0

    def vector_file(self) -> Any:
        """The previous vectors file, open for reading (once per build)."""
        if self._vectors is None:
            self._vectors = (self.directory / VECTORS_FILE).open("rb")
            self.vector_header = _npy_header_size(self._vectors)
        return self._vectors

    def close(self) -> None:
        if self._vectors is not None:
            self._vectors.close()
            self._vectors = None

    def read_vectors(self, rows: np.ndarray) -> np.ndarray:
        """Vectors of ``rows`` read from the file (no memory map: a build's memory stays small)."""
        d = self.manifest.dimension
        out = np.zeros((len(rows), d), dtype=np.float32)
        if not len(rows):
            return out
        handle = self.vector_file()
        for position in np.argsort(rows, kind="stable"):
            handle.seek(self.vector_header + int(rows[position]) * d * 4)
            out[position] = np.frombuffer(handle.read(d * 4), dtype=np.float32)
        return out


def _npy_header_size(handle: Any) -> int:
    handle.seek(0)
    if np.lib.format.read_magic(handle) == (1, 0):
        np.lib.format.read_array_header_1_0(handle)
    else:
        np.lib.format.read_array_header_2_0(handle)
    return int(handle.tell())


def read_previous(
    directory: Path, manifest: Manifest | None, model_id: str, dimension: int, code: str,
    as_recorded: Callable[[Path, Manifest], bool], error: type[Exception],
) -> Previous | None:
    """The index in ``directory`` if it is whole (every file as recorded) and of the same
    model: a damaged index is no source for anything."""
    if manifest is None or manifest.model_id != model_id or manifest.dimension != dimension:
        return None
    try:
        if not as_recorded(directory, manifest):
            return None
        with np.load(directory / COLUMNS_FILE, allow_pickle=False) as saved:
            columns = {name: saved[name] for name in saved.files}
        lookup = Lookup.read(directory / LOOKUP_FILE)
        documents: dict[str, DocumentRecord] = {}
        with (directory / DOCUMENTS_FILE).open("rb") as handle:
            for line in handle:
                record = DocumentRecord.model_validate_json(line)
                documents[record.source] = record
        vocabulary = json.loads((directory / "bm25.vocab.json").read_bytes())
        units = LazyRows(directory / UNITS_FILE, columns["unit_offsets"], Unit, error)
        networks = LazyRows(directory / NETWORKS_FILE, columns["network_offsets"], Network, error)
        from assistant.profile import NetworkProfile

        profiles = LazyRows(directory / PROFILES_FILE, columns["profile_offsets"], NetworkProfile, error)
        names = LazyRows(directory / NAMES_FILE, columns["name_offsets"], NameParts, error)
    except (OSError, ValueError, KeyError, TypeError, ValidationError, error):
        return None
    keys = columns["embed_keys"]
    order = np.argsort(keys, kind="stable")
    return Previous(directory, manifest, manifest.code == code, columns, lookup, units, networks, profiles,
                    names, documents if manifest.code == code else {}, vocabulary, keys[order], order)


# --------------------------------------------------------------------------- the build


@dataclass
class Block:
    """One network's share of the new index: copied from the previous index (``code``) or
    built now (``network``, ``units`` and their ``vectors``)."""

    id: str
    documents: tuple[tuple[str, str], ...]
    code: int | None = None  # in the previous index
    network: Network | None = None
    units: list[Unit] = field(default_factory=list)
    vectors: np.ndarray | None = None
    todo: np.ndarray | None = None  # positions of ``units`` with no previous vector


@dataclass(frozen=True)
class BuildResult:
    search: SearchSpec
    networks: int
    units: int
    embedded: int
    reused: int
    rebuilt_networks: int
    warnings: list[str]


def build_files(
    directory: Path, settings: Settings, encoder: Encoder, previous: Previous | None, progress: Progress,
) -> BuildResult:
    """Write every file of an index except the manifest into ``directory``."""
    progress("parse", 0, 1)
    documents, sheets, fresh, warnings = _read_corpus(settings, previous)
    blocks, group_warnings = _blocks(settings, sheets, fresh, previous)
    warnings += [str(w) for w in group_warnings]
    progress("parse", 1, 1)
    embedded = _embed(blocks, encoder, previous, progress)
    search = _write(directory, settings, blocks, documents, previous)
    units = sum(_block_length(b, previous) for b in blocks)
    return BuildResult(search, len(blocks), units, embedded, units - embedded,
                       sum(b.code is None for b in blocks), warnings)


def _read_corpus(settings: Settings, previous: Previous | None
                 ) -> tuple[list[DocumentRecord], list[FactSheet], dict[str, FactSheet], list[str]]:
    """Every corpus document: unchanged files from the previous index's records (their
    heads), the others read and parsed. Returns the new records, the sheets (heads of
    unchanged files, whole sheets of the others), the whole sheets by source and the
    warnings met."""
    known_records = previous.documents if previous is not None else {}
    stats: dict[str, tuple[int, int]] = {}
    reused: set[str] = set()

    def known(path: Path, source: str) -> KnownDocument | None:
        try:
            info = path.stat()
        except OSError:  # a dangling or looping link: read as usual, which says what is wrong
            return None
        stats[source] = (info.st_size, info.st_mtime_ns)
        record = known_records.get(source)
        if record is None or (record.size, record.mtime_ns) != stats[source]:
            return None
        reused.add(source)
        return KnownDocument(record.sha256, record.head, tuple(record.warnings))

    load = load_corpus(settings.corpus, settings.max_file_bytes, settings.follow_links, known=known)
    by_source: dict[str, list[str]] = {}
    for warning in load.warnings:
        by_source.setdefault(warning.source, []).append(warning.message)
    sheets = {s.source: s for s in load.sheets}
    records = []
    for source, sha256 in load.hashes.items():
        size, mtime = stats.get(source, (0, 0))
        if source in reused:
            records.append(known_records[source].model_copy(update={"size": size, "mtime_ns": mtime}))
            continue
        sheet = sheets.get(source)
        records.append(DocumentRecord(source=source, sha256=sha256, size=size, mtime_ns=mtime,
                                      warnings=by_source.get(source, []),
                                      head=sheet_head(sheet) if sheet is not None else None))
    fresh = {source: sheet for source, sheet in sheets.items() if source not in reused}
    return records, load.sheets, fresh, [str(w) for w in load.warnings]


def _blocks(settings: Settings, sheets: list[FactSheet], whole: dict[str, FactSheet], previous: Previous | None
            ) -> tuple[list[Block], list[CorpusWarning]]:
    """Documents grouped into networks (on their heads); a network whose documents are
    those of a network of the previous index is copied, the others merged from whole sheets."""
    # Sheets from the previous index's records are heads already.
    groups, warnings = group_sheets([sheet_head(s) if s.source in whole else s for s in sheets])
    earlier = previous.by_documents if previous is not None and previous.same_code else {}
    blocks = []
    for group in groups:
        documents = tuple(sorted((s.source, s.sha256) for s in group.sheets))
        code = earlier.get((group.key, documents))
        if code is not None:
            blocks.append(Block(group.key, documents, code=code))
            continue
        full = [whole.get(s.source) or _reparse(settings, s) for s in group.sheets]
        network = merge_network(dataclasses.replace(group, sheets=full))
        blocks.append(Block(network.id, documents, network=network))
    return sorted(blocks, key=lambda b: b.id), warnings


def _reparse(settings: Settings, head: FactSheet) -> FactSheet:
    """The whole sheet of an unchanged document whose network changed."""
    load = load_document(source_path(settings.corpus, head.source), settings.corpus, settings.max_file_bytes)
    found = next((s for s in load.sheets if s.sha256 == head.sha256), None)
    return found if found is not None else head  # changed meanwhile: grouped as it was read


def _embed(blocks: list[Block], encoder: Encoder, previous: Previous | None, progress: Progress) -> int:
    """Units of the rebuilt networks, with vectors: a unit whose embedding text is unchanged
    keeps its vector, the others are embedded. Returns how many were embedded."""
    todo: list[tuple[Block, int]] = []
    for block in blocks:
        if block.network is None:
            continue
        block.units = build_units([block.network], encoder.model_id)
        block.vectors = np.zeros((len(block.units), encoder.dimension), dtype=np.float32)
        missing = np.ones(len(block.units), dtype=bool)
        if previous is not None:
            at, rows = previous.find_vectors([u.embed_key for u in block.units])
            block.vectors[at] = previous.read_vectors(rows)
            missing[at] = False
        todo += [(block, int(i)) for i in np.flatnonzero(missing)]
    progress("embed", 0, len(todo))
    for begin in range(0, len(todo), 64):
        batch = todo[begin : begin + 64]
        vectors = encoder.encode([b.units[i].embed_text for b, i in batch])
        for (block, i), vector in zip(batch, vectors, strict=True):
            block.vectors[i] = vector  # type: ignore[index]
        progress("embed", min(begin + 64, len(todo)), len(todo))
    for block in blocks:
        if block.network is not None:
            block.units = assign_translation_groups(block.units, block.vectors)  # type: ignore[arg-type]
    return len(todo)


def _block_length(block: Block, previous: Previous | None) -> int:
    if block.code is None:
        return len(block.units)
    assert previous is not None
    begin, end = previous.rows(block.code)
    return end - begin


@contextlib.contextmanager
def writing(name: str) -> Iterator[None]:
    """A failed write of index file ``name`` (disk full, quota, a file-size limit) becomes
    an OSError that names the file; the build stops and the old index stays."""
    try:
        yield
    except (OSError, RuntimeError) as exc:  # FAISS reports a failed write as RuntimeError
        lines = str(exc).strip().splitlines()
        reason = (exc.strerror if isinstance(exc, OSError) else None) or (lines[-1] if lines else "write failed")
        raise OSError(getattr(exc, "errno", None) or errno.EIO,
                      f"{name} could not be written (disk full?): {reason}") from exc


def _write(  # noqa: C901 - one pass over the blocks writes every file
    directory: Path, settings: Settings, blocks: list[Block], documents: list[DocumentRecord],
    previous: Previous | None,
) -> SearchSpec:
    concept_ids = tuple(CONCEPTS)
    network_ids = [b.id for b in blocks]
    n = sum(_block_length(b, previous) for b in blocks)
    d = previous.manifest.dimension if previous is not None else _dimension(blocks)
    reusing = previous is not None and any(b.code is not None for b in blocks)
    # Token ids of copied networks stay valid: the vocabulary only grows between full builds.
    vocabulary: dict[str, int] = dict(previous.vocabulary) if reusing and previous is not None else {}
    parts: dict[str, list[np.ndarray]] = {name: [] for name in (
        "ids", "section", "network", "is_item", "section_row", "group", "concepts", "embed_keys",
        "tokens", "token_counts")}
    offsets = {name: [0] for name in ("unit", "network", "profile", "name")}
    cards: list[NetworkCard] = []
    words: Counter[str] = Counter(previous.lookup.words) if reusing and previous is not None else Counter()
    name_parts: dict[str, tuple[NameKeys, TextRoots]] = {}
    row = 0
    file_of = {"unit": UNITS_FILE, "network": NETWORKS_FILE, "profile": PROFILES_FILE, "name": NAMES_FILE,
               "vectors": VECTORS_FILE}
    with contextlib.ExitStack() as files:
        out = {name: files.enter_context(_Named((directory / file).open("wb"), file)) for name, file in file_of.items()}
        with writing(VECTORS_FILE):
            np.lib.format.write_array_header_2_0(out["vectors"], {"descr": "<f4", "fortran_order": False,
                                                                  "shape": (n, d)})

        def put(name: str, lines: bytes | tuple[LazyRows[Any], int, int], ends: np.ndarray | None = None) -> None:
            """Write ``lines`` (one, or several ending at the offsets ``ends`` within them), or
            copy the lines ``(rows, begin, end)`` of a previous index's file."""
            start = offsets[name][-1]
            if isinstance(lines, tuple):
                rows, begin, end = lines
                rows.copy_range(begin, end, out[name])
                size = int(rows.offsets[end] - rows.offsets[begin])
            else:
                out[name].write(lines)
                size = len(lines)
            offsets[name].extend((start + ends).tolist() if ends is not None else [start + size])

        code = 0
        for run in _runs(blocks):
            if isinstance(run, range):  # networks copied as they are, consecutive in both indexes
                assert previous is not None
                _copy_run(previous, run, row, code, put, out["vectors"], parts)
                for old in run:
                    cards.append(previous.lookup.networks[old])
                    saved = json.loads(previous.names.raw(old))  # written by this code: no validation
                    name_parts[cards[-1].id] = (NameKeys.from_json(saved["keys"]),
                                                TextRoots.from_json(saved["roots"]))
                begin, end = previous.rows(run.start, run.stop - 1)
                row += end - begin
                code += len(run)
                continue
            block, network = run, run.network
            assert network is not None and block.vectors is not None
            _new_block(block, row, code, concept_ids, vocabulary, put, out["vectors"], parts)
            cards.append(NetworkCard(network.id, network.name, str(network.location), network.location.city or "",
                                     block.documents))
            keys, roots = name_keys(network), text_roots(network_texts(network))
            name_parts[block.id] = (keys, roots)
            put("network", json_line(network))
            put("profile", json_line(profile_network(network)))
            put("name", json_line(NameParts(keys=keys.to_json(), roots=roots.to_json())))
            words.update(word_counts(network_texts(network)))
            row += len(block.units)
            code += 1
        if reusing and previous is not None:  # words of the networks that were replaced or removed
            kept = {b.code for b in blocks if b.code is not None}
            for old in range(len(previous.lookup.networks)):
                if old not in kept:
                    words.subtract(word_counts(network_texts(previous.networks[old])))
    columns = {name: np.concatenate(arrays) if arrays else np.zeros(0) for name, arrays in parts.items()}
    columns["concepts"] = columns["concepts"].reshape(n, (len(concept_ids) + 7) // 8).astype(np.uint8)
    for name in ("unit", "network", "profile", "name"):
        columns[f"{name}_offsets"] = np.asarray(offsets[name], dtype=np.int64)
    tokens = TokenColumns(columns.pop("tokens").astype(np.int32),
                          np.concatenate([[0], np.cumsum(columns.pop("token_counts"))]).astype(np.int64),
                          list(vocabulary))
    columns["tokens"], columns["token_offsets"] = tokens.ids, tokens.offsets
    with writing(INDEX_FILE):
        search = _write_faiss(directory, settings, n, d, previous, columns)
    derived = derive_columns({k: v for k, v in columns.items()}, len(network_ids), len(concept_ids))
    with writing(COLUMNS_FILE), (directory / COLUMNS_FILE).open("wb") as handle:
        np.savez(handle, **derived)  # type: ignore[arg-type]
    with writing("bm25.*"):
        write_bm25(directory, tokens)
    with writing(DOCUMENTS_FILE), (directory / DOCUMENTS_FILE).open("wb") as handle:
        for record in documents:
            handle.write(json_line(record))
    names = NetworkNames.from_parts([k for k, _ in name_parts.values()], {i: r for i, (_, r) in name_parts.items()})
    lookup = Lookup(tuple(cards), concept_ids, names.to_json(), {w: c for w, c in words.items() if c > 0})
    with writing(LOOKUP_FILE):
        (directory / LOOKUP_FILE).write_bytes(lookup.to_json())
    return search


class _Named:
    """A file being written whose failed writes say which index file failed."""

    def __init__(self, handle: Any, name: str) -> None:
        self.handle, self.name = handle, name

    def write(self, data: bytes) -> int:
        with writing(self.name):
            return int(self.handle.write(data))

    def __enter__(self) -> _Named:
        return self

    def __exit__(self, *exc: object) -> None:
        with writing(self.name):
            self.handle.close()


def _dimension(blocks: list[Block]) -> int:
    return next((b.vectors.shape[1] for b in blocks if b.vectors is not None), 512)


def _runs(blocks: list[Block]) -> Iterator[range | Block]:
    """The blocks as runs of networks copied from consecutive codes of the previous index
    (copied with one read each) and networks built now."""
    start = stop = -1
    for block in blocks:
        if block.code is not None and block.code == stop:
            stop += 1
            continue
        if stop > start:
            yield range(start, stop)
        start = stop = -1
        if block.code is None:
            yield block
        else:
            start, stop = block.code, block.code + 1
    if stop > start:
        yield range(start, stop)


def _copy_run(previous: Previous, run: range, row: int, code: int, put: Callable[..., None], vectors_out: Any,
              parts: dict[str, list[np.ndarray]]) -> None:
    """Copy networks ``run`` of the previous index as they are (rows move to ``row``, codes to ``code``)."""
    columns = previous.columns
    begin, end = previous.rows(run.start, run.stop - 1)
    if end > begin:  # the units of consecutive networks are consecutive: one slice of the file
        line_ends = previous.units.offsets[begin + 1 : end + 1] - previous.units.offsets[begin]
        put("unit", (previous.units, begin, end), line_ends)
    for name, rows in (("network", previous.networks), ("profile", previous.profiles), ("name", previous.names)):
        ends = rows.offsets[run.start + 1 : run.stop + 1] - rows.offsets[run.start]
        put(name, (rows, run.start, run.stop), ends)
    _copy_vectors(previous, begin, end, vectors_out)
    for name in ("ids", "section", "is_item", "group", "concepts", "embed_keys"):
        parts[name].append(columns[name][begin:end])
    parts["network"].append((columns["network"][begin:end] - run.start + code).astype(np.int32))
    section_row = columns["section_row"][begin:end]
    parts["section_row"].append(np.where(section_row >= 0, section_row - begin + row, -1))
    token_offsets = columns["token_offsets"]
    parts["tokens"].append(columns["tokens"][token_offsets[begin]:token_offsets[end]])
    parts["token_counts"].append(np.diff(token_offsets[begin : end + 1]))


def _copy_vectors(previous: Previous, begin: int, end: int, out: Any) -> None:
    d = previous.manifest.dimension
    handle = previous.vector_file()
    handle.seek(previous.vector_header + begin * d * 4)
    remaining = (end - begin) * d * 4
    while remaining:
        chunk = handle.read(min(remaining, CHUNK * d))
        if not chunk:
            raise OSError(errno.EIO, f"{VECTORS_FILE} of the previous index is shorter than recorded")
        out.write(chunk)
        remaining -= len(chunk)


def _new_block(block: Block, row: int, code: int, concept_ids: Sequence[str], vocabulary: dict[str, int],
               put: Callable[..., None], vectors_out: Any, parts: dict[str, list[np.ndarray]]) -> None:
    """Write a network built now: its units, vectors and columns."""
    assert block.network is not None and block.vectors is not None
    units = block.units
    for unit in units:
        put("unit", json_line(unit))
    vectors_out.write(np.ascontiguousarray(block.vectors, dtype="<f4").tobytes())
    columns = unit_columns(units, [block.network.id], concept_ids)
    for name in ("ids", "section", "is_item", "group", "concepts"):
        parts[name].append(columns[name])
    parts["network"].append(np.full(len(units), code, dtype=np.int32))
    parts["section_row"].append(np.where(columns["section_row"] >= 0, columns["section_row"] + row, -1))
    parts["embed_keys"].append(np.asarray([u.embed_key for u in units], dtype="S40"))
    counts = []
    for unit in units:
        tokens = unit_tokens(unit) or [""]
        parts["tokens"].append(np.asarray([vocabulary.setdefault(t, len(vocabulary)) for t in tokens],
                                          dtype=np.int32))
        counts.append(len(tokens))
    vocabulary.setdefault("", len(vocabulary))  # as bm25s: the empty token always exists
    parts["token_counts"].append(np.asarray(counts, dtype=np.int64))


def _write_faiss(directory: Path, settings: Settings, n: int, d: int, previous: Previous | None,
                 columns: dict[str, np.ndarray]) -> SearchSpec:
    """An exact inner-product index, or from ``settings.ivf_min_units`` units on an IVF index
    of 8-bit codes (a quarter of the vectors' size; candidates are re-scored exactly). A
    rebuild of an IVF index keeps its trained lists and the list of every unchanged unit."""
    import faiss

    path = directory / INDEX_FILE
    switch_over = settings.ivf_min_units
    sums = np.zeros((len(SECTION_ORDER), d), dtype=np.float64)

    def add_to_sums(chunk: np.ndarray, begin: int) -> None:
        rows = slice(begin, begin + len(chunk))
        sums[:] += section_sums(chunk, columns["section"][rows], columns["is_item"][rows])

    if n < switch_over:
        flat = faiss.IndexFlatIP(d)
        begin = 0
        for chunk in _vector_chunks(directory, n, d):
            flat.add(chunk)
            add_to_sums(chunk, begin)
            begin += len(chunk)
        faiss.write_index(flat, str(path))
        columns["section_centroids"] = section_centroids(sums)
        columns["ivf_list"] = np.zeros(0, dtype=np.int32)
        return SearchSpec(kind="flat", switch_over=switch_over)
    index, trained_on = _ivf_like_previous(previous, n, d)
    lists = np.full(n, -1, dtype=np.int64)
    if index is not None and previous is not None:
        # The lists are the previous index's: an unchanged unit keeps its list (found by key).
        at, rows = previous.find_vectors([k.decode() for k in columns["embed_keys"]])
        lists[at] = previous.columns["ivf_list"][rows]
    else:
        nlist = nlist_for(n)
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        sample = np.sort(np.random.default_rng(0).choice(n, min(n, 64 * nlist), replace=False))
        with _all_cores(faiss, settings.threads):
            index.train(_read_rows(directory, d, sample))
        trained_on = n
    begin = 0
    with _all_cores(faiss, settings.threads):
        for chunk in _vector_chunks(directory, n, d):
            rows = np.arange(begin, begin + len(chunk))
            todo = rows[lists[rows] < 0]
            if len(todo):
                _, found = index.quantizer.search(chunk[todo - begin], 1)
                lists[todo] = found[:, 0]
            ids = rows.astype(np.int64)
            assign = np.ascontiguousarray(lists[rows])
            index.add_core(len(chunk), faiss.swig_ptr(chunk), faiss.swig_ptr(ids), faiss.swig_ptr(assign))
            add_to_sums(chunk, begin)
            begin += len(chunk)
    faiss.write_index(index, str(path))
    columns["section_centroids"] = section_centroids(sums)
    columns["ivf_list"] = lists.astype(np.int32)
    # What a rebuild needs to keep the lists: their centroids and the 8-bit codes' ranges.
    columns["ivf_centroids"] = index.quantizer.reconstruct_n(0, index.nlist)
    columns["ivf_sq"] = faiss.vector_to_array(index.sq.trained).astype(np.float32)
    nlist = int(index.nlist)
    return SearchSpec(kind="ivf", nlist=nlist, nprobe=min(settings.ivf_nprobe, nlist), switch_over=switch_over,
                      trained_on=trained_on)


def _ivf_like_previous(previous: Previous | None, n: int, d: int) -> tuple[Any, int]:
    """A new, empty IVF index with the previous index's trained lists and codes, while the
    corpus is within half and twice the size they were trained on (then they still fit it)."""
    import faiss

    if previous is None or previous.manifest.search.kind != "ivf":
        return None, 0
    trained_on = previous.manifest.search.trained_on
    centroids = previous.columns.get("ivf_centroids")
    if not trained_on or not trained_on / 2 <= n <= trained_on * 2 or centroids is None:
        return None, 0
    quantizer = faiss.IndexFlatIP(d)
    quantizer.add(np.ascontiguousarray(centroids, dtype=np.float32))
    index = faiss.IndexIVFScalarQuantizer(quantizer, d, len(centroids), faiss.ScalarQuantizer.QT_8bit,
                                          faiss.METRIC_INNER_PRODUCT)
    faiss.copy_array_to_vector(np.ascontiguousarray(previous.columns["ivf_sq"], dtype=np.float32), index.sq.trained)
    index.is_trained = True
    return index, trained_on


@contextlib.contextmanager
def _all_cores(faiss: Any, threads: int) -> Iterator[None]:
    """Training and assigning lists may use the embedder's threads; questions use one."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(max(1, threads))
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _vector_chunks(directory: Path, n: int, d: int) -> Iterator[np.ndarray]:
    """The new index's vectors, read back from its file a slice at a time."""
    with (directory / VECTORS_FILE).open("rb") as handle:
        handle.seek(_npy_header_size(handle))
        for begin in range(0, n, CHUNK):
            count = min(CHUNK, n - begin)
            yield np.ascontiguousarray(np.frombuffer(handle.read(count * d * 4), dtype=np.float32).reshape(count, d))


def _read_rows(directory: Path, d: int, rows: np.ndarray) -> np.ndarray:
    out = np.zeros((len(rows), d), dtype=np.float32)
    with (directory / VECTORS_FILE).open("rb") as handle:
        header = _npy_header_size(handle)
        for i, row in enumerate(rows):
            handle.seek(header + int(row) * d * 4)
            out[i] = np.frombuffer(handle.read(d * 4), dtype=np.float32)
    return out
