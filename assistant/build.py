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
global is recomputed from columns with numpy (concept IDF, inverted lists) or updated
from the previous index's: BM25's matrix from its pairs and term frequencies
(:mod:`assistant.lexical`), the IVF lists from the previous lists, the name lookup kept
when nothing it reads changed. What a unit is (its text, the text it is
embedded as, its translation group) is :mod:`assistant.units`. The files are streamed, never two
whole indexes in memory. Code that derives what an index stores (parse, merge,
units, tags, profiles) has a fingerprint: another version rebuilds every network
(vectors are still reused by key).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic_core import from_json

from assistant.concepts import CONCEPTS
from assistant.corpus import CorpusWarning, KnownDocument, load_corpus, load_document, source_path
from assistant.embedding import Encoder
from assistant.lexical import TF_COLUMN, Bm25Matrix, bm25_matrix, read_matrix, updated_matrix, write_bm25
from assistant.models import FactField, FactSheet, Network
from assistant.names import (
    NameKeys,
    NetworkNames,
    TextRoots,
    name_keys,
    name_vocabulary,
    network_texts,
    text_roots,
)
from assistant.network import group_sheets, merge_network, sheet_head
from assistant.previous import DocumentRecord, NameParts, Previous
from assistant.profile import profile_network
from assistant.segments import segment_offsets
from assistant.settings import Settings
from assistant.spelling import word_counts
from assistant.store import (
    COLUMNS_FILE,
    DOCUMENTS_FILE,
    INDEX_FILE,
    LOOKUP_FILE,
    SEGMENT_FILES,
    VECTORS_FILE,
    WORD_VECTORS_FILE,
    LazyRows,
    Lookup,
    NetworkCard,
    SearchSpec,
    TokenColumns,
    Unit,
    derive_columns,
    json_line,
    segment_file,
    unit_columns,
)
from assistant.units import assign_translation_groups, build_units, unit_tokens
from assistant.vectors import CHUNK, Layout, write_faiss
from assistant.word_match import write_word_vectors

Progress = Callable[[str, int, int], None]


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
    segments: list[str]
    linked: list[str]  # files hard-linked from the previous index, unchanged: their recorded hashes hold


def build_files(
    directory: Path, settings: Settings, encoder: Encoder, previous: Previous | None, progress: Progress,
) -> BuildResult:
    """Write every file of an index except the manifest into ``directory``."""
    progress("parse", 0, 1)
    documents, sheets, fresh, warnings = _read_corpus(settings, previous)
    blocks, group_warnings = _blocks(settings, sheets, fresh, previous)
    warnings += [str(w) for w in group_warnings]
    # The documents' heads are needed for grouping only: written now and let go, so that
    # they are not held while the rest of the index is built.
    with writing(DOCUMENTS_FILE), (directory / DOCUMENTS_FILE).open("wb") as handle:
        for record in documents:
            handle.write(record if isinstance(record, bytes) else json_line(record))
    del documents, sheets, fresh
    if previous is not None:
        previous.documents, previous.document_lines = {}, {}
    progress("parse", 1, 1)
    embedded = _embed(blocks, encoder, previous, progress)
    written = _write(directory, settings, blocks, previous)
    with writing(WORD_VECTORS_FILE):
        write_word_vectors(directory, written.words, encoder, previous.directory if previous is not None else None)
    units = sum(_block_length(b, previous) for b in blocks)
    return BuildResult(written.search, len(blocks), units, embedded, units - embedded,
                       sum(b.code is None for b in blocks), warnings, written.segments, written.linked)


def _read_corpus(settings: Settings, previous: Previous | None
                 ) -> tuple[list[DocumentRecord | bytes], list[FactSheet], dict[str, FactSheet], list[str]]:
    """Every corpus document: unchanged files from the previous index's records (their
    heads), the others read and parsed. Returns the new records (an unchanged file's as
    the line the previous index wrote: the same record, to the byte), the sheets (heads of
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
    records: list[DocumentRecord | bytes] = []
    for source, sha256 in load.hashes.items():
        size, mtime = stats.get(source, (0, 0))
        if source in reused:  # its size and time are those recorded: the record is the one written
            assert previous is not None
            records.append(previous.document_lines[source])
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
    # A long embedding run (minutes, a full build) runs with the collector, so that whatever the
    # encoder leaves in cycles is collected as usual; against its time the collections cost little.
    with cyclic_gc_resumed() if len(todo) > LONG_EMBEDDING else contextlib.nullcontext():
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
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a build. A rebuild of 10,000 sheets holds
    hundreds of thousands of objects (document records, the previous index's tables), and
    the collector scanned them all again and again: about a quarter of a one-sheet rebuild
    (measured with ``gc.callbacks``). What a build makes is freed by reference counting; the
    collector resumes after it, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: Texts to embed above which a build lets the collector run while it embeds (see :func:`_embed`).
LONG_EMBEDDING = 4096


@contextlib.contextmanager
def cyclic_gc_resumed() -> Iterator[None]:
    """The collector running for a while inside :func:`cyclic_gc_paused`, paused again after."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


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


@dataclass
class _Segment:
    """One segment of the new index: a previous segment kept as it is (``link``), or
    written now from ``blocks`` (networks copied from the previous index or built now)."""

    link: int | None = None
    blocks: list[Block] = field(default_factory=list)
    units: int = 0


def _plan(blocks: list[Block], previous: Previous | None, target: int) -> list[_Segment]:
    """The blocks as segments. A previous segment whose networks are all kept, consecutive
    and nothing inserted among them, is kept as it is; the other blocks are written into
    new segments of about ``target`` units. A new segment smaller than a quarter of that
    takes the next kept segment in with it (rewrites it), so that small segments do not
    pile up: the compaction of a segmented index."""
    starts: dict[int, int] = {}
    if previous is not None:
        starts = {previous.segment_codes(i).start: i for i in range(len(previous.segments))
                  if len(previous.segment_codes(i))}
    plan: list[_Segment] = []
    pending = _Segment()
    i = 0
    while i < len(blocks):
        block = blocks[i]
        segment = starts.get(block.code) if block.code is not None else None
        if segment is not None and previous is not None:
            codes = previous.segment_codes(segment)
            whole = i + len(codes) <= len(blocks) and all(
                blocks[i + j].code == code for j, code in enumerate(codes))
            if whole and not (pending.blocks and pending.units < target // 4):
                if pending.blocks:
                    plan.append(pending)
                    pending = _Segment()
                kept = blocks[i : i + len(codes)]
                plan.append(_Segment(link=segment, units=sum(_block_length(b, previous) for b in kept)))
                i += len(codes)
                continue
        pending.blocks.append(block)
        pending.units += _block_length(block, previous)
        i += 1
        if pending.units >= target:
            plan.append(pending)
            pending = _Segment()
    if pending.blocks:
        plan.append(pending)
    return plan


def _segment_names(previous: Previous | None) -> Iterator[str]:
    """Names for new segments: numbered on from the previous index's."""
    numbers = [int(name.rsplit("-", 1)[1]) for name in (previous.segments if previous is not None else [])
               if name.rsplit("-", 1)[-1].isdigit()]
    number = max(numbers, default=-1) + 1
    while True:
        yield f"seg-{number:06d}"
        number += 1


@dataclass
class _Written:
    search: SearchSpec
    segments: list[str]
    linked: list[str]  # files hard-linked from the previous index (their recorded hashes hold)
    words: dict[str, int]  # the corpus's word counts


def _write(  # noqa: C901 - one pass over the blocks writes every file
    directory: Path, settings: Settings, blocks: list[Block], previous: Previous | None,
) -> _Written:
    concept_ids = tuple(CONCEPTS)
    network_ids = [b.id for b in blocks]
    n = sum(_block_length(b, previous) for b in blocks)
    d = previous.manifest.dimension if previous is not None else _dimension(blocks)
    reusing = previous is not None and any(b.code is not None for b in blocks)
    # Token ids of copied networks stay valid: the vocabulary only grows between full builds.
    vocabulary: dict[str, int] = dict(previous.vocabulary) if reusing and previous is not None else {}
    parts: dict[str, list[np.ndarray]] = {name: [] for name in (
        "ids", "section", "network", "is_item", "section_row", "group", "language", "concepts", "embed_keys",
        "tokens", "token_counts")}
    #: Per kind of record, each segment's line offsets (segment after segment).
    offsets: dict[str, list[np.ndarray]] = {name: [] for name in ("unit", "network", "profile", "name")}
    cards: list[NetworkCard] = []
    words: Counter[str] = Counter(previous.lookup.words) if reusing and previous is not None else Counter()
    #: Each network's name keys and, of the networks built now, the roots of its texts; of a
    #: kept network its saved line, whose roots are parsed only if the lookup is built again.
    name_keys_of: dict[str, NameKeys] = {}
    built_roots: dict[str, TextRoots] = {}
    kept_lines: dict[str, bytes] = {}
    segments: list[str] = []
    linked: list[str] = []
    segment_rows, segment_networks = [0], [0]
    #: The new row of each row of the previous index that is kept (-1: replaced or removed).
    new_rows = np.full(previous.manifest.unit_count if previous is not None else 0, -1, dtype=np.int64)
    names = _segment_names(previous)
    row = code = 0

    def keep_cards(run: range) -> None:
        assert previous is not None
        for segment, local in previous.pieces(run):  # each segment's name keys read in one slice
            lines = previous.names.parts[segment].raw_range(local.start, local.stop).splitlines()
            first = int(previous.columns["segment_networks"][segment])
            for old, line in zip(range(first + local.start, first + local.stop), lines, strict=True):
                cards.append(previous.lookup.networks[old])
                name_keys_of[cards[-1].id] = NameKeys.from_json(from_json(_keys_json(line)))
                kept_lines[cards[-1].id] = line

    for segment in _plan(blocks, previous, settings.segment_units):
        if segment.link is not None:  # kept as it is: its files are linked, its columns copied
            assert previous is not None
            name = previous.segments[segment.link]  # same files, same names
            for kind in SEGMENT_FILES:
                with writing(segment_file(name, kind)):
                    os.link(previous.directory / segment_file(name, kind), directory / segment_file(name, kind))
                linked.append(segment_file(name, kind))
            kept = previous.segment_codes(segment.link)
            _copy_columns(previous, kept, row, code, parts, new_rows)
            for kind in offsets:
                offsets[kind].append(segment_offsets(previous.columns, kind, segment.link))
            keep_cards(kept)
            row += segment.units
            code += len(kept)
        else:
            name = next(names)
            local = {kind: [0] for kind in offsets}
            file_of = {kind: segment_file(name, kind) for kind in SEGMENT_FILES}
            with contextlib.ExitStack() as files:
                out = {kind: files.enter_context(_Named((directory / file).open("wb"), file))
                       for kind, file in file_of.items()}
                with writing(file_of["vectors"]):
                    np.lib.format.write_array_header_2_0(out["vectors"], {"descr": "<f4", "fortran_order": False,
                                                                          "shape": (segment.units, d)})

                def put(kind: str, lines: bytes | tuple[LazyRows[Any], int, int], ends: np.ndarray | None = None,
                        out: dict[str, _Named] = out, local: dict[str, list[int]] = local) -> None:
                    """Write ``lines`` (one, or several ending at the offsets ``ends`` within them), or
                    copy the lines ``(rows, begin, end)`` of a previous index's file."""
                    start = local[kind][-1]
                    if isinstance(lines, tuple):
                        rows, begin, end = lines
                        rows.copy_range(begin, end, out[kind])
                        size = int(rows.offsets[end] - rows.offsets[begin])
                    else:
                        out[kind].write(lines)
                        size = len(lines)
                    local[kind].extend((start + ends).tolist() if ends is not None else [start + size])

                for run in _runs(segment.blocks):
                    if isinstance(run, range):  # networks copied as they are, consecutive in both indexes
                        assert previous is not None
                        _copy_run(previous, run, put, out["vectors"])
                        _copy_columns(previous, run, row, code, parts, new_rows)
                        keep_cards(run)
                        begin, end = previous.rows(run.start, run.stop - 1)
                        row += end - begin
                        code += len(run)
                        continue
                    block, network = run, run.network
                    assert network is not None and block.vectors is not None
                    _new_block(block, row, code, concept_ids, vocabulary, put, out["vectors"], parts)
                    cards.append(NetworkCard(network.id, network.name, str(network.location),
                                             network.location.city or "", block.documents))
                    keys, roots = _name_keys(network, previous), text_roots(network_texts(network))
                    name_keys_of[block.id], built_roots[block.id] = keys, roots
                    put("network", json_line(network))
                    put("profile", json_line(profile_network(network)))
                    put("name", json_line(NameParts(keys=keys.to_json(), roots=roots.to_json())))
                    words.update(word_counts(network_texts(network)))
                    row += len(block.units)
                    code += 1
            for kind in offsets:
                offsets[kind].append(np.asarray(local[kind], dtype=np.int64))
        segments.append(name)
        segment_rows.append(row)
        segment_networks.append(code)
    if reusing and previous is not None:  # words of the networks that were replaced or removed
        kept_codes = {b.code for b in blocks if b.code is not None}
        for old_code in range(len(previous.lookup.networks)):
            if old_code not in kept_codes:
                words.subtract(word_counts(network_texts(previous.networks[old_code])))
    columns = {name: np.concatenate(arrays) if arrays else np.zeros(0) for name, arrays in parts.items()}
    columns["concepts"] = columns["concepts"].reshape(n, (len(concept_ids) + 7) // 8).astype(np.uint8)
    for kind, arrays in offsets.items():
        columns[f"{kind}_offsets"] = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
    columns["segment_rows"] = np.asarray(segment_rows, dtype=np.int64)
    columns["segment_networks"] = np.asarray(segment_networks, dtype=np.int64)
    tokens = TokenColumns(columns.pop("tokens").astype(np.int32),
                          np.concatenate([[0], np.cumsum(columns.pop("token_counts"))]).astype(np.int64),
                          list(vocabulary))
    columns["tokens"], columns["token_offsets"] = tokens.ids, tokens.offsets
    with writing(INDEX_FILE):
        search = write_faiss(directory, settings, d, previous, columns, Layout(segments, new_rows))
    derived = derive_columns({k: v for k, v in columns.items()}, len(network_ids), len(concept_ids))
    matrix = _bm25(tokens, previous if reusing else None, new_rows)
    derived[TF_COLUMN] = matrix.stored_tf()
    with writing(COLUMNS_FILE), (directory / COLUMNS_FILE).open("wb") as handle:
        np.savez(handle, **derived)  # type: ignore[arg-type]
    with writing("bm25.*"):
        write_bm25(directory, matrix, tokens)
    del matrix
    if _same_name_lookup(previous, name_keys_of, built_roots):
        assert previous is not None
        names_json = previous.lookup.names
    else:
        # Written by this code: no validation. pydantic's parser shares repeated strings (roots
        # recur across networks): faster to parse and to hash into sets.
        every_roots = {network_id: built_roots.get(network_id) or TextRoots.from_json(from_json(line)["roots"])
                       for network_id, line in ((i, kept_lines.get(i, b"")) for i in name_keys_of)}
        names_json = NetworkNames.from_parts(list(name_keys_of.values()), every_roots).to_json()
    kept_lines.clear()
    lookup = Lookup(tuple(cards), concept_ids, names_json, {w: c for w, c in words.items() if c > 0})
    with writing(LOOKUP_FILE):
        (directory / LOOKUP_FILE).write_bytes(lookup.to_json())
    return _Written(search, segments, linked, lookup.words)


def _name_keys(network: Network, previous: Previous | None) -> NameKeys:
    """:func:`name_keys` of a network built now, taken from the previous index where the
    network had the same id, name, name facts and city there (all that ``name_keys`` reads):
    telling everyday words from name words loads wordfreq's lists, half a second of a
    one-sheet rebuild."""
    code = previous.codes.get(network.id) if previous is not None and previous.same_code else None
    if code is not None and previous is not None:
        before = previous.networks[code]
        if ((before.name, before.fact_values(FactField.NAME), before.location.city)
                == (network.name, network.fact_values(FactField.NAME), network.location.city)):
            return NameKeys.from_json(previous.names[code].keys)
    return name_keys(network)


def _keys_json(line: bytes) -> bytes:
    """The ``keys`` object of a saved :class:`NameParts` line (written by this code, keys first),
    without parsing its roots."""
    head, end = b'{"keys":', line.rindex(b',"roots":')
    if not line.startswith(head):
        raise ValueError("not a name keys line")
    return line[len(head):end]


def _same_name_lookup(previous: Previous | None, keys: dict[str, NameKeys], built: dict[str, TextRoots]) -> bool:
    """Whether the name lookup is the previous index's: :meth:`NetworkNames.from_parts` reads
    the networks' name keys in order, and of their texts' roots only those in the names'
    vocabulary. So with the same networks in the same order, the same keys, and each network
    built now having the same roots in that vocabulary as before, it gives the same lookup."""
    if previous is None or not previous.same_code or list(keys) != [c.id for c in previous.lookup.networks]:
        return False
    vocabulary = name_vocabulary(keys.values())
    for network_id, roots in built.items():
        saved = previous.names[previous.codes[network_id]]
        before = TextRoots.from_json(saved.roots)
        if (NameKeys.from_json(saved.keys) != keys[network_id]
                or before.present & vocabulary != roots.present & vocabulary
                or before.lower & vocabulary != roots.lower & vocabulary):
            return False
    return True


def _bm25(tokens: TokenColumns, previous: Previous | None, new_rows: np.ndarray) -> Bm25Matrix:
    """BM25's matrix: updated from the previous index's (whose token ids the new index
    keeps) where it has the term frequencies, else counted from every unit's tokens."""
    if previous is not None and TF_COLUMN in previous.columns:
        try:
            updated = updated_matrix(tokens, read_matrix(previous.directory, previous.columns[TF_COLUMN]), new_rows)
        except (OSError, ValueError):
            updated = None
        if updated is not None:
            return updated
    return bm25_matrix(tokens)


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


def _copy_run(previous: Previous, run: range, put: Callable[..., None], vectors_out: Any) -> None:
    """Copy the records and vectors of networks ``run`` of the previous index as they are."""
    for segment, local in previous.pieces(run):
        units = previous.units.parts[segment]
        first_row, first_code = (int(previous.columns[name][segment]) for name in ("segment_rows", "segment_networks"))
        begin, end = previous.rows(first_code + local.start, first_code + local.stop - 1)
        begin, end = begin - first_row, end - first_row  # rows within the segment's files
        if end > begin:  # the units of consecutive networks are consecutive: one slice of the file
            put("unit", (units, begin, end), units.offsets[begin + 1 : end + 1] - units.offsets[begin])
        for kind, rows in (("network", previous.networks), ("profile", previous.profiles), ("name", previous.names)):
            part = rows.parts[segment]
            put(kind, (part, local.start, local.stop),
                part.offsets[local.start + 1 : local.stop + 1] - part.offsets[local.start])
        _copy_vectors(previous, segment, begin, end, vectors_out)


def _copy_columns(previous: Previous, run: range, row: int, code: int, parts: dict[str, list[np.ndarray]],
                  new_rows: np.ndarray) -> None:
    """The columns of networks ``run`` of the previous index (rows move to ``row``, codes to ``code``)."""
    columns = previous.columns
    begin, end = previous.rows(run.start, run.stop - 1)
    new_rows[begin:end] = np.arange(row, row + end - begin)
    for name in ("ids", "section", "is_item", "group", "language", "concepts", "embed_keys"):
        parts[name].append(columns[name][begin:end])
    parts["network"].append((columns["network"][begin:end] - run.start + code).astype(np.int32))
    section_row = columns["section_row"][begin:end]
    parts["section_row"].append(np.where(section_row >= 0, section_row - begin + row, -1))
    token_offsets = columns["token_offsets"]
    parts["tokens"].append(columns["tokens"][token_offsets[begin]:token_offsets[end]])
    parts["token_counts"].append(np.diff(token_offsets[begin : end + 1]))


def _copy_vectors(previous: Previous, segment: int, begin: int, end: int, out: Any) -> None:
    """Copy rows ``begin`` to ``end`` of ``segment``'s vectors file (rows within the segment)."""
    d = previous.manifest.dimension
    handle, header = previous.vector_file(segment)
    handle.seek(header + begin * d * 4)
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
    for name in ("ids", "section", "is_item", "group", "language", "concepts"):
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
