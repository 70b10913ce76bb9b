"""A segmented index read as one: the records and vectors of several segments' files
(see :data:`assistant.store.SEGMENT_FILES`) as one sequence of rows, segment after segment."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import numpy as np
from pydantic import BaseModel

from assistant.store import LazyRows, row_position, segment_file

_Row = TypeVar("_Row", bound=BaseModel)


class SegmentedRows(Sequence[_Row], Generic[_Row]):
    """The records of several segments' JSON-lines files as one sequence (segment after
    segment); ``starts`` (``segments + 1``) says where each segment's records begin."""

    def __init__(self, parts: Sequence[LazyRows[_Row]], starts: np.ndarray) -> None:
        self.parts = list(parts)
        self.starts = np.asarray(starts, dtype=np.int64)
        self._starts = self.starts.tolist()  # a question reads a few records: bisect, no numpy call

    def locate(self, i: int) -> tuple[int, int]:
        """(segment, record within it) of record ``i``."""
        segment = bisect_right(self._starts, i) - 1
        return segment, i - self._starts[segment]

    def __len__(self) -> int:
        return int(self.starts[-1]) if len(self.starts) else 0

    def raw(self, i: int) -> bytes:
        segment, local = self.locate(i)
        return self.parts[segment].raw(local)

    @overload
    def __getitem__(self, i: int) -> _Row: ...

    @overload
    def __getitem__(self, i: slice) -> list[_Row]: ...

    def __getitem__(self, i: int | slice) -> _Row | list[_Row]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        segment, local = self.locate(row_position(i, len(self)))
        return self.parts[segment][local]

    def __iter__(self) -> Iterator[_Row]:
        for part in self.parts:
            yield from part


class SegmentedVectors:
    """The rows of several segments' vector files (memory-mapped) as one ``(n, d)`` array
    for what questions read of it: rows by index, and the whole (``np.asarray``)."""

    def __init__(self, parts: Sequence[np.ndarray], d: int) -> None:
        # Plain views of the mappings: a memmap's own indexing costs more than the read.
        self.parts = [np.asarray(part) for part in parts]
        self.starts = np.concatenate([[0], np.cumsum([len(p) for p in parts])]).astype(np.int64)
        self.shape = (int(self.starts[-1]), d)
        self.dtype = np.dtype(np.float32)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: Any) -> np.ndarray:
        if isinstance(rows, slice):
            rows = np.arange(*rows.indices(self.shape[0]))
        rows = np.asarray(rows)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        scalar = rows.ndim == 0
        rows = rows.reshape(-1).astype(np.int64)
        out = np.empty((len(rows), self.shape[1]), dtype=np.float32)
        if len(rows) and rows[0] >= 0 and rows[-1] < self.shape[0] and np.all(rows[:-1] <= rows[1:]):
            # Sorted rows (a question's candidates): each segment's rows are one stretch.
            bounds = np.searchsorted(rows, self.starts).tolist()
            for s, part in enumerate(self.parts):
                if bounds[s + 1] > bounds[s]:
                    out[bounds[s] : bounds[s + 1]] = part[rows[bounds[s] : bounds[s + 1]] - self.starts[s]]
            return out[0] if scalar else out
        segment = np.searchsorted(self.starts, rows, side="right") - 1
        for s in np.unique(segment):
            at = np.flatnonzero(segment == s)
            out[at] = self.parts[int(s)][rows[at] - self.starts[s]]
        return out[0] if scalar else out

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        whole = np.concatenate(self.parts) if self.parts else np.zeros(self.shape, dtype=np.float32)
        return whole.astype(dtype) if dtype is not None else whole


def segment_offsets(columns: dict[str, np.ndarray], kind: str, segment: int) -> np.ndarray:
    """The line offsets of ``kind`` records (``unit``, ``network``, ``profile``, ``name``) in
    ``segment``'s file: the columns hold every segment's offsets one after the other."""
    starts = columns["segment_rows" if kind == "unit" else "segment_networks"]
    begin, end = int(starts[segment]) + segment, int(starts[segment + 1]) + segment + 1
    found: np.ndarray = columns[f"{kind}_offsets"][begin:end]
    return found


def segmented_rows(directory: Path, segments: Sequence[str], columns: dict[str, np.ndarray], kind: str,
                   model: type[_Row], error: type[Exception], cache_size: int = 4096) -> SegmentedRows[_Row]:
    """The ``kind`` records of every segment of an index as one sequence."""
    parts = [LazyRows(directory / segment_file(name, kind), segment_offsets(columns, kind, i), model, error,
                      cache_size) for i, name in enumerate(segments)]
    starts = columns["segment_rows" if kind == "unit" else "segment_networks"]
    return SegmentedRows(parts, starts)
