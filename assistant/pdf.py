"""PDF reading: the text of a PDF file, within bounds, for the corpus stage.

Each page is read from its geometry by :mod:`assistant.pdf_layout` (table-laid
sheets cell by cell, label and value columns apart); a page that shows no table
(a text-like PDF) is read with pypdf as plain text, an indent of two or more
spaces read as a column tab.

Cost is bounded whatever the file (a 40 KB PDF can inflate to gigabytes of
drawing commands, and pdfminer reads them at some 30 KB of dense text a second),
by :class:`PdfLimits`: only the first ``max_pages`` pages are read; a page whose
decompressed content (its content streams and the form objects it draws, each
inflated only up to the limit) passes ``max_page_content_bytes`` is not read;
reading stops once the pages' content passes ``max_content_bytes`` in sum, after
``max_seconds`` (checked between pages), or when the text passes ``max_chars``.
Every cut is a warning; a file of which nothing could be read raises
:class:`PdfError`.
"""

from __future__ import annotations

import io
import re
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.pdf_layout import Block, PageWords, join_pages, page_blocks, page_words, render_blocks, running_lines

if TYPE_CHECKING:  # pragma: no cover - imports for annotations only
    from pypdf import PageObject, PdfReader


@dataclass(frozen=True)
class PdfLimits:
    """How much of one PDF is read (see the module docstring)."""

    #: Pages read; later pages are left out with a warning.
    max_pages: int = 100
    #: Decompressed drawing commands of one page. A fact sheet page made by Word or a
    #: browser has 5-50 KB; pdfminer reads about 30 KB of dense text a second here.
    max_page_content_bytes: int = 300_000
    #: The same, summed over the pages read (about 30 s of pdfminer at worst).
    max_content_bytes: int = 1_000_000
    #: Extracted text (a fact sheet has about 10,000 characters).
    max_chars: int = 1_000_000
    #: Checked between pages.
    max_seconds: float = 30.0


class PdfError(Exception):
    """A PDF of which nothing can be read; the message says why."""


@dataclass(frozen=True)
class PdfText:
    text: str
    warnings: tuple[str, ...] = ()
    pages: int = 0  # pages in the file
    pages_read: int = 0


_PDF_INDENT = re.compile(r"^ {2,}", re.MULTILINE)


def _stream_size(stream: Any, cap: int) -> int:
    """Decompressed size of a stream, but at most ``cap + 1``: a Flate stream is inflated
    only that far (a few kilobytes can inflate to gigabytes)."""
    from pypdf.errors import LimitReachedError

    filters = stream.get("/Filter")
    if hasattr(filters, "get_object"):
        filters = filters.get_object()
    raw = getattr(stream, "_data", b"") or b""
    if filters is None:
        return min(len(raw), cap + 1)
    if filters == "/FlateDecode" or (isinstance(filters, list) and list(filters) == ["/FlateDecode"]):
        try:
            return len(zlib.decompressobj().decompress(raw, cap + 1))
        except zlib.error:
            pass  # pypdf's own decoder tolerates some broken streams; let it decide
    try:
        return min(len(stream.get_data()), cap + 1)
    except LimitReachedError:
        return cap + 1


def _form_sizes(obj: Any, cap: int, seen: set[int], depth: int = 0) -> int:
    """Decompressed size of the form objects a page or form draws (each once a page)."""
    from pypdf.generic import IndirectObject

    resources = obj.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources is not None else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not xobjects or depth > 8:
        return 0
    size = 0
    for ref in xobjects.values():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key in seen:
            continue
        seen.add(key)
        form = ref.get_object()
        if form.get("/Subtype") == "/Form":
            size += _stream_size(form, cap) + _form_sizes(form, cap, seen, depth + 1)
        if size > cap:
            break
    return size


def page_content_size(page: PageObject, cap: int) -> int:
    """Decompressed size of what a page draws (content streams and form objects), at most ``cap + 1``.

    A stream that several pages share counts on each of them: each page is drawn anew."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams = list(contents) if isinstance(contents, list) else [contents] if contents is not None else []
    size = 0
    for stream in streams:
        size += _stream_size(stream.get_object(), cap)
        if size > cap:
            return cap + 1
    return min(size + _form_sizes(page, cap, set()), cap + 1)


def _ranges(pages: Sequence[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    out: list[str] = []
    for page in pages:
        if out and page == int(out[-1].rsplit("-", 1)[-1]) + 1:
            out[-1] = f"{out[-1].split('-')[0]}-{page}"
        else:
            out.append(str(page))
    return ", ".join(out)


def _open_plumber(data: bytes, pages: int) -> Any:
    """pdfplumber on the first ``pages`` pages, or None where pdfminer cannot parse the file."""
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data), pages=list(range(1, pages + 1)))
    except Exception:  # noqa: BLE001 - pdfminer raises many types; pypdf still reads the page
        return None


def _plain_page_text(page: PageObject) -> str:
    return _PDF_INDENT.sub("\t", page.extract_text() or "")


@dataclass
class _Page:
    """A page read: its words from the geometry, or its plain text where pdfminer failed."""

    index: int
    words: PageWords | None = None
    plain: str = ""


@dataclass
class _Reading:
    """What has been read of a file so far, and what was cut or could not be read."""

    pages: list[_Page] = field(default_factory=list)
    blocks: list[list[Block]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    oversized: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    content: int = 0
    chars: int = 0

    def fail(self, index: int, exc: Exception) -> None:
        self.failures.append(f"page {index + 1}: {exc.__class__.__name__}: {exc}")


def _read_page(reader: PdfReader, plumber: Any, index: int, limits: PdfLimits, reading: _Reading) -> bool:
    """Read the words of page ``index`` into ``reading``; False when a limit says to stop."""
    total = len(reader.pages)
    try:
        size = page_content_size(reader.pages[index], limits.max_page_content_bytes)
    except Exception as exc:  # noqa: BLE001 - a broken page is skipped, not the file
        reading.fail(index, exc)
        return True
    if size > limits.max_page_content_bytes:
        reading.oversized.append(index + 1)
        return True
    if reading.content + size > limits.max_content_bytes:
        reading.warnings.append(
            f"read only {len(reading.pages)} of {total} pages: the pages' content passes "
            f"{limits.max_content_bytes:,} bytes decompressed (limit)"
        )
        return False
    reading.content += size
    try:
        if plumber is not None:
            page = _Page(index, words=page_words(plumber.pages[index]))
            reading.chars += sum(len(str(w["text"])) + 1 for w in page.words.words) if page.words else 0
        else:
            page = _Page(index, plain=_plain_page_text(reader.pages[index]))
            reading.chars += len(page.plain)
    except Exception as exc:  # noqa: BLE001 - a broken page is skipped, not the file
        reading.fail(index, exc)
        return True
    reading.pages.append(page)
    if reading.chars > limits.max_chars:
        reading.warnings.append(f"text cut at {limits.max_chars:,} characters (limit), on page {index + 1} of {total}")
        return False
    return True


def _lay_out(reader: PdfReader, plumber: Any, reading: _Reading) -> None:
    """The pages read as blocks: tables by their geometry, running headers and footers
    (lines at the top or bottom of two pages or more) left out; plain text elsewhere."""
    running = running_lines([p.words for p in reading.pages if p.words is not None])
    for page in reading.pages:
        try:
            blocks = page_blocks(plumber.pages[page.index], page.words, running) if page.words else None
            if blocks is None:
                plain = page.plain or _plain_page_text(reader.pages[page.index])
                blocks = [Block(0.0, in_table=False, plain=plain)]
        except Exception as exc:  # noqa: BLE001 - a broken page is skipped, not the file
            reading.fail(page.index, exc)
            continue
        reading.blocks.append(blocks)


def read_pdf(data: bytes, limits: PdfLimits | None = None) -> PdfText:
    """The text of a PDF (see the module docstring); raises :class:`PdfError`."""
    from pypdf import PdfReader

    limits = limits or PdfLimits()
    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data))
        total = len(reader.pages)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on broken files
        raise PdfError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    wanted = min(total, limits.max_pages)
    reading = _Reading()
    if total > wanted:
        reading.warnings.append(f"only the first {wanted} of {total} pages read (limit {limits.max_pages})")
    plumber = _open_plumber(data, wanted)
    try:
        for index in range(wanted):
            if time.monotonic() - started > limits.max_seconds:
                reading.warnings.append(
                    f"read only {len(reading.pages)} of {total} pages (time limit of {limits.max_seconds:g} s)"
                )
                break
            if not _read_page(reader, plumber, index, limits, reading):
                break
        _lay_out(reader, plumber, reading)
    finally:
        if plumber is not None:
            plumber.close()
    return _result(reading, total, limits)


def _result(reading: _Reading, total: int, limits: PdfLimits) -> PdfText:
    warnings = list(reading.warnings)
    if reading.oversized:
        plural = "s" if len(reading.oversized) > 1 else ""
        warnings.insert(0, f"page{plural} {_ranges(reading.oversized)} not read: content over "
                           f"{limits.max_page_content_bytes:,} bytes decompressed (limit per page)")
    text = "\n".join(render_blocks(join_pages(reading.blocks)))[: limits.max_chars]
    if reading.failures and not text.strip() and not reading.oversized:
        raise PdfError(f"not a readable PDF ({reading.failures[0]})")
    warnings += [f"{failure} (skipped: unreadable)" for failure in reading.failures]
    if not text.strip() and warnings:
        raise PdfError("; ".join(warnings))
    return PdfText(text, tuple(warnings), total, len(reading.blocks))
