"""Corpus stage: files on disk -> decoded texts -> parsed :class:`FactSheet` objects.

Any file under the corpus directory is considered, whatever its name: what a
document is (sheet or free text, which language, which network) is read from
its content. A file that cannot be used is skipped with a warning that names
it; it never stops the rest of the corpus from loading.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.labels import FACT_OF_LABEL, OPTIONAL_FIELDS
from assistant.models import FactSheet, IssueCode
from assistant.parse import is_template_sheet, parse_document
from assistant.pdf import PdfError, PdfLimits, read_pdf
from assistant.settings import DEFAULT_MAX_FILE_BYTES
from assistant.text import normalise_presentation_forms
from assistant.word import WordError, read_docx

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")


@dataclass(frozen=True)
class CorpusWarning:
    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class Document:
    """A decoded corpus file."""

    source: str  # path relative to the corpus root, with forward slashes
    text: str
    sha256: str


@dataclass
class CorpusLoad:
    sheets: list[FactSheet] = field(default_factory=list)
    warnings: list[CorpusWarning] = field(default_factory=list)
    #: sha256 of every readable document, parsed or not, by source path.
    hashes: dict[str, str] = field(default_factory=dict)


class UnreadableDocument(Exception):
    """A corpus file that cannot be turned into text; the message says why."""


def links_outside(path: Path, root: Path) -> bool:
    """Whether ``path`` is a symbolic link to a file outside the (resolved) ``root``."""
    if not path.is_symlink():
        return False
    try:
        return not path.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # dangling, or a loop: reading it says so
        return False


def iter_corpus_files(
    root: Path, skipped: list[Path] | None = None, *, follow_links: bool = False,
    outside: list[Path] | None = None,
) -> Iterator[Path]:
    """Files under ``root`` in a stable order; hidden files and folders are skipped.

    Symlinked directories are not followed, so a symlink loop cannot trap the
    walk; they are appended to ``skipped`` so the caller can say so. A symlinked
    file that points outside ``root`` (a private file) is not yielded unless
    ``follow_links``; it is appended to ``outside``.
    """
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        visible = sorted(d for d in dirnames if not d.startswith("."))
        if skipped is not None:
            skipped += [Path(dirpath) / d for d in visible if (Path(dirpath) / d).is_symlink()]
        dirnames[:] = visible
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if not follow_links and links_outside(path, root):
                if outside is not None:
                    outside.append(path)
                continue
            yield path


def relative_source(path: Path, root: Path) -> str:
    """The corpus-relative name a document is known by, always valid UTF-8: bytes of a
    file name that are not UTF-8 (a Latin-1 ``K\xf6ln.en.txt``) are shown as ``\\xNN``."""
    text, base = str(path), str(root)
    # A path under ``root`` (as the corpus walk makes them): its name after the root's, without
    # pathlib's relative_to (a third of walking 10,000 files). Both are normalised paths.
    relative = text[len(base) + 1:] if os.sep == "/" and text.startswith(base + "/") else None
    return os.fsencode(relative if relative else path.relative_to(root).as_posix()).decode(
        "utf-8", "backslashreplace")


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def source_path(root: Path, source: str) -> Path:
    """The file a source name (see :func:`relative_source`) stands for."""
    direct = root / source
    if "\\x" not in source or direct.exists():
        return direct
    return root / _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), source)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) * 0.05


def decode_text(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (with or without BOM), else Windows-1252, else Latin-1; and a warning if not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as Latin-1"


def extract_pdf_text(data: bytes, limits: PdfLimits | None = None) -> tuple[str, str | None]:
    """Text of a PDF (table-laid sheets read cell by cell, see :mod:`assistant.pdf`),
    and a warning when limits cut it or pages were unreadable."""
    try:
        result = read_pdf(data, limits)
    except PdfError as exc:
        raise UnreadableDocument(str(exc)) from exc
    except ImportError as exc:  # pypdf and pdfplumber are the ``pdf`` extra
        raise UnreadableDocument("PDFs need pypdf and pdfplumber: pip install 'netzwerk-kompass[pdf]'") from exc
    return result.text, "; ".join(result.warnings) or None


def extract_docx_text(data: bytes) -> tuple[str, str | None]:
    """Text of a Word file (its template table as label/value rows, see :mod:`assistant.word`),
    and a warning when the text was cut."""
    try:
        result = read_docx(data)
    except WordError as exc:
        raise UnreadableDocument(str(exc)) from exc
    except ImportError as exc:  # python-docx is the ``docx`` extra
        raise UnreadableDocument("Word files need python-docx: pip install 'netzwerk-kompass[docx]'") from exc
    return result.text, "; ".join(result.warnings) or None


def read_document(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[Document, str | None]:
    """Read and decode one corpus file; raises :class:`UnreadableDocument`.

    Returns the document and an optional warning (e.g. a non-UTF-8 fallback).
    """
    source = relative_source(path, root)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument(
            f"unsupported file type '{suffix or path.name}' (use {', '.join(SUPPORTED_SUFFIXES)})"
        )
    try:
        info = path.stat()
        # Pipes, devices and sockets never end (a FIFO or /dev/zero would hang ingest).
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableDocument("not a regular file")
        size = info.st_size
        if size > max_bytes:
            raise UnreadableDocument(f"too large ({size:,} bytes; limit {max_bytes:,})")
        data = path.read_bytes()
    except PermissionError as exc:
        raise UnreadableDocument("permission denied") from exc
    except OSError as exc:
        raise UnreadableDocument(f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableDocument("empty file")
    digest = hashlib.sha256(data).hexdigest()
    text, warning = document_text(data, suffix)
    return Document(source, text, digest), warning


def document_text(data: bytes, suffix: str) -> tuple[str, str | None]:
    """The text of a file's bytes read as its ``suffix`` says (one of :data:`SUPPORTED_SUFFIXES`),
    and an optional warning; raises :class:`UnreadableDocument`."""
    if suffix == ".pdf":
        text, warning = extract_pdf_text(data)
        if not text.strip():
            raise UnreadableDocument("PDF has no extractable text (scanned image?)")
    elif suffix == ".docx":
        text, warning = extract_docx_text(data)
        if not text.strip():
            raise UnreadableDocument("Word file has no text")
    else:
        if looks_binary(data):
            raise UnreadableDocument("binary content, not text")
        text, warning = decode_text(data)
    # Ligatures, soft hyphens etc. go here, once: spans, quotes and search see the same text.
    return normalise_presentation_forms(text), warning


def looks_like_a_sheet(data: bytes, name: str) -> bool:
    """Would the corpus read the file ``name`` with these bytes as a template fact sheet (the
    parser's own test: enough of the template's row labels, :func:`~assistant.parse.is_template_sheet`)?
    A file of another type, or one that cannot be read, is not one."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES or not data.strip():
        return False
    try:
        text, _ = document_text(data, suffix)
    except UnreadableDocument:
        return False
    return is_template_sheet(text)


def missing_parts(sheet: FactSheet) -> str:
    """What a template sheet lacks: "missing fields: founding_year; missing sections: impact",
    or "" when nothing. A field whose value was read but not believed is not missing
    (it is a data issue); one whose row was not found is. The status date is the
    sheet's, not the network's, and not asked for, and a phone row is no part of the template."""
    seen = {f.field.value for f in sheet.facts} | {i.field for i in sheet.issues if i.code != IssueCode.SECTION_MISSING}
    fields = [f.value for f in FACT_OF_LABEL.values() if f.value not in seen and f not in OPTIONAL_FIELDS]
    sections = [i.field for i in sheet.issues if i.code == IssueCode.SECTION_MISSING]
    parts = [f"missing fields: {', '.join(fields)}" if fields else "",
             f"missing sections: {', '.join(sections)}" if sections else ""]
    return "; ".join(p for p in parts if p)


def _load_one(path: Path, root: Path, max_bytes: int, result: CorpusLoad) -> None:
    """Read and parse one file into ``result`` (a sheet, or a warning saying why not)."""
    source = relative_source(path, root)
    if source in result.hashes:  # two names that only differ in how their bytes are shown
        result.warnings.append(CorpusWarning(source, "skipped: another file's name shows the same"))
        return
    try:
        document, warning = read_document(path, root, max_bytes)
    except UnreadableDocument as exc:
        result.warnings.append(CorpusWarning(source, f"skipped: {exc}"))
        return
    if warning:
        result.warnings.append(CorpusWarning(source, warning))
    result.hashes[source] = document.sha256
    try:
        sheet = parse_document(document.text, document.source, document.sha256)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop ingestion
        result.warnings.append(CorpusWarning(source, f"skipped: parser error ({exc!r})"))
        return
    if sheet is None:
        result.warnings.append(
            CorpusWarning(source, "skipped: neither a fact sheet nor free text about a network")
        )
        return
    if sheet.kind == "sheet" and (missed := missing_parts(sheet)):
        result.warnings.append(CorpusWarning(source, f"partly parsed: {missed}"))
    result.sheets.append(sheet)


@dataclass(frozen=True)
class KnownDocument:
    """What an earlier load of an unchanged file gave: its hash, the sheet (or what of it the
    caller keeps) and its warnings."""

    sha256: str
    sheet: FactSheet | None
    warnings: tuple[str, ...]


def load_document(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> CorpusLoad:
    """Read and parse one corpus file (a sheet, or a warning saying why not)."""
    result = CorpusLoad()
    try:
        _load_one(path, root, max_bytes, result)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop ingestion
        source = os.fsencode(path).decode("utf-8", "backslashreplace")
        result.warnings.append(CorpusWarning(source, f"skipped: {exc.__class__.__name__}: {exc}"))
    return result


def load_corpus(
    root: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, follow_links: bool = False,
    known: Callable[[Path, str], KnownDocument | None] | None = None,
) -> CorpusLoad:
    """Parse every usable document under ``root``.

    Free-text documents are returned too; which network they belong to is
    decided by :func:`assistant.network.build_networks`. Symbolic links to files
    outside ``root`` are skipped with a warning unless ``follow_links``.
    ``known(path, source)`` may give what an earlier load of an unchanged file
    gave: then that file is not read again.
    """
    result = CorpusLoad()
    if not root.is_dir():
        result.warnings.append(CorpusWarning(str(root), "corpus directory does not exist"))
        return result
    links: list[Path] = []
    outside: list[Path] = []
    for path in iter_corpus_files(root, links, follow_links=follow_links, outside=outside):
        try:
            source = relative_source(path, root)
            earlier = known(path, source) if known is not None else None
            if earlier is not None:
                result.hashes[source] = earlier.sha256
                result.warnings += [CorpusWarning(source, w) for w in earlier.warnings]
                if earlier.sheet is not None:
                    result.sheets.append(earlier.sheet)
                continue
            _load_one(path, root, max_bytes, result)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop ingestion
            source = os.fsencode(path).decode("utf-8", "backslashreplace")
            result.warnings.append(CorpusWarning(source, f"skipped: {exc.__class__.__name__}: {exc}"))
    for link in links:
        result.warnings.append(
            CorpusWarning(relative_source(link, root), "skipped: symlinked directory (not followed)")
        )
    result.warnings += [CorpusWarning(relative_source(link, root), "skipped: symbolic link to a file outside "
                                      "the corpus (KOMPASS_FOLLOW_LINKS=true follows it)") for link in outside]
    return result


def read_source_text(root: Path, source: str) -> str:
    """The decoded text that a span's offsets refer to (for quote checks)."""
    document, _ = read_document(source_path(root, source), root, max_bytes=10**12)
    return document.text
