"""The vectors of a build: the FAISS index over the new index's segments, and reading
vector files back (see :mod:`assistant.build`, which writes the segments).

A rebuild of an IVF index keeps the previous index's trained lists; while it does, it starts
from the previous IVF index itself and adds only the new rows' vectors.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.settings import Settings
from assistant.store import (
    INDEX_FILE,
    Manifest,
    SearchSpec,
    nlist_for,
    segment_file,
)

#: Vectors read, written or added to FAISS at a time (bounds the memory of a build).
CHUNK = 65_536


class PreviousIndex(Protocol):
    """What the FAISS part of a build reads of the index it replaces (``assistant.build.Previous``)."""

    directory: Path
    manifest: Manifest
    columns: dict[str, np.ndarray]

    def find_vectors(self, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]: ...


def npy_header_size(handle: Any) -> int:
    handle.seek(0)
    if np.lib.format.read_magic(handle) == (1, 0):
        np.lib.format.read_array_header_1_0(handle)
    else:
        np.lib.format.read_array_header_2_0(handle)
    return int(handle.tell())


@dataclass(frozen=True)
class Layout:
    """The segments of the new index, what is known of them from the previous index, and
    where the previous index's rows went."""

    segments: list[str]
    new_rows: np.ndarray  # new row of each previous row (-1: replaced or removed)


def write_faiss(directory: Path, settings: Settings, d: int, previous: PreviousIndex | None,
                 columns: dict[str, np.ndarray], layout: Layout) -> SearchSpec:
    """An exact inner-product index, or from ``settings.ivf_min_units`` units on an IVF index
    of 8-bit codes (a quarter of the vectors' size; candidates are re-scored exactly). A
    rebuild of an IVF index keeps its trained lists and the list of every unchanged unit;
    while the lists are kept, it starts from the previous IVF index (its codes are those of
    the same vectors in the same lists), drops the rows that went, renumbers the others
    and adds only the new rows' vectors: the kept segments' vectors are not read."""
    import faiss

    n = len(columns["ids"])
    path = directory / INDEX_FILE
    switch_over = settings.ivf_min_units
    segment_rows = columns["segment_rows"]
    if n < switch_over:
        flat = faiss.IndexFlatIP(d)
        for _segment, _begin, chunk in _vector_chunks(directory, layout.segments, segment_rows, d):
            flat.add(chunk)
        faiss.write_index(flat, str(path))
        columns["ivf_list"] = np.zeros(0, dtype=np.int32)
        return SearchSpec(kind="flat", switch_over=switch_over)
    index, trained_on = _ivf_like_previous(previous, n, d)
    lists = np.full(n, -1, dtype=np.int64)
    added = np.ones(n, dtype=bool)  # rows whose vectors are added to the index now
    if index is not None and previous is not None:
        # The lists are the previous index's. A kept row stays where the previous index has it;
        # of the rows added, an unchanged unit keeps its list (found by key).
        kept = _previous_ivf(previous, layout.new_rows, index.nlist)
        if kept is not None:
            index = kept
            old_rows = np.flatnonzero(layout.new_rows >= 0)
            lists[layout.new_rows[old_rows]] = previous.columns["ivf_list"][old_rows]
            added[layout.new_rows[old_rows]] = False
        todo = np.flatnonzero(added)
        at, rows = previous.find_vectors([k.decode() for k in columns["embed_keys"][todo]])
        lists[todo[at]] = previous.columns["ivf_list"][rows]
    else:
        nlist = nlist_for(n)
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        sample = np.sort(np.random.default_rng(0).choice(n, min(n, 64 * nlist), replace=False))
        with _all_cores(faiss, settings.threads):
            index.train(_read_rows(directory, layout.segments, d, sample))
        trained_on = n
    wanted = {int(s) for s in np.unique(np.searchsorted(segment_rows, np.flatnonzero(added), side="right") - 1)}
    with _all_cores(faiss, settings.threads):
        for _segment, begin, chunk in _vector_chunks(directory, layout.segments, segment_rows, d, wanted):
            _add_rows(index, chunk, begin, added, lists)
    if index.ntotal != n:
        raise OSError(errno.EIO, f"{INDEX_FILE}: {index.ntotal} vectors for {n} units")
    faiss.write_index(index, str(path))
    columns["ivf_list"] = lists.astype(np.int32)
    # What a rebuild needs to keep the lists: their centroids and the 8-bit codes' ranges.
    columns["ivf_centroids"] = index.quantizer.reconstruct_n(0, index.nlist)
    columns["ivf_sq"] = faiss.vector_to_array(index.sq.trained).astype(np.float32)
    nlist = int(index.nlist)
    return SearchSpec(kind="ivf", nlist=nlist, nprobe=min(settings.ivf_nprobe, nlist),
                      switch_over=switch_over, trained_on=trained_on)


def _add_rows(index: Any, chunk: np.ndarray, begin: int, added: np.ndarray, lists: np.ndarray) -> None:
    """Add the rows of ``chunk`` (rows from ``begin``) marked in ``added`` to the IVF ``index``,
    in their ``lists`` (found by the quantizer where not known)."""
    import faiss

    rows = np.arange(begin, begin + len(chunk))[added[begin : begin + len(chunk)]]
    if not len(rows):
        return
    vectors = np.ascontiguousarray(chunk[rows - begin])
    todo = rows[lists[rows] < 0]
    if len(todo):
        _, found = index.quantizer.search(np.ascontiguousarray(chunk[todo - begin]), 1)
        lists[todo] = found[:, 0]
    ids = rows.astype(np.int64)
    assign = np.ascontiguousarray(lists[rows])
    index.add_core(len(rows), faiss.swig_ptr(vectors), faiss.swig_ptr(ids), faiss.swig_ptr(assign))


def _previous_ivf(previous: PreviousIndex, new_rows: np.ndarray, nlist: int) -> Any:
    """The previous IVF index with the rows that went removed and the others renumbered to
    their new rows, or None if it is not the IVF index it should be (then every vector is added)."""
    import faiss

    try:
        index = faiss.read_index(str(previous.directory / INDEX_FILE))
    except RuntimeError:
        return None
    if (not isinstance(index, faiss.IndexIVFScalarQuantizer) or index.nlist != nlist
            or index.ntotal != len(new_rows)):
        return None
    gone = np.flatnonzero(new_rows < 0).astype(np.int64)
    if len(gone):
        index.remove_ids(faiss.IDSelectorBatch(gone))
    lists = index.invlists
    assert lists is not None
    for list_no in range(index.nlist):
        size = lists.list_size(list_no)
        if size:
            ids = faiss.rev_swig_ptr(lists.get_ids(list_no), size)  # the list's own memory
            ids[:] = new_rows[ids]
    return index


def _ivf_like_previous(previous: PreviousIndex | None, n: int, d: int) -> tuple[Any, int]:
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


def _vector_chunks(directory: Path, segments: list[str], segment_rows: np.ndarray, d: int,
                   only: Collection[int] | None = None) -> Iterator[tuple[int, int, np.ndarray]]:
    """(segment, first row, vectors) of the new index in row order, read back from its
    segments' files a slice at a time (only the segments ``only``, if given)."""
    for segment, name in enumerate(segments):
        if only is not None and segment not in only:
            continue
        with (directory / segment_file(name, "vectors")).open("rb") as handle:
            header = npy_header_size(handle)
            n = int(segment_rows[segment + 1] - segment_rows[segment])
            handle.seek(header)
            for begin in range(0, n, CHUNK):
                count = min(CHUNK, n - begin)
                data = np.frombuffer(handle.read(count * d * 4), dtype=np.float32)
                if len(data) != count * d:
                    raise OSError(errno.EIO, f"{segment_file(name, 'vectors')} is shorter than written")
                yield segment, int(segment_rows[segment]) + begin, np.ascontiguousarray(data.reshape(count, d))


def _read_rows(directory: Path, segments: list[str], d: int, rows: np.ndarray) -> np.ndarray:
    """The new index's vectors of ``rows`` (sorted)."""
    out = np.zeros((len(rows), d), dtype=np.float32)
    first = 0
    for segment in segments:
        with (directory / segment_file(segment, "vectors")).open("rb") as handle:
            header = npy_header_size(handle)
            n = (handle.seek(0, 2) - header) // (4 * d)
            for i in np.flatnonzero((rows >= first) & (rows < first + n)):
                handle.seek(header + (int(rows[i]) - first) * d * 4)
                out[i] = np.frombuffer(handle.read(d * 4), dtype=np.float32)
        first += n
    return out
