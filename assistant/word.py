"""Word (.docx) reading: a Word file's text in the shape the parser reads, within bounds.

The fact sheet template is a two-column table in Word: each row becomes
``label<TAB>value``, each further paragraph or line of the value cell a
``<TAB>value`` line, and each list paragraph (a bullet or numbered list, by
its own numbering or its style) a ``•`` entry. Paragraphs and tables are read
in document order; paragraphs outside tables (title, headings, free text)
become lines of their own. A cell that continues a vertically merged cell is
empty and left out, so a label merged over several rows labels them all.
Headers, footers, comments and text boxes are not read.

A .docx file is a zip archive: before anything is unpacked, the unpacked size
of its parts is checked (:data:`MAX_UNPACKED_BYTES`), so a zip bomb is refused
with a message rather than filling memory; the text is cut at
:data:`MAX_CHARS` characters with a warning. XML entities are not expanded
(python-docx parses with ``resolve_entities=False``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - imports for annotations only
    from docx.table import Table
    from docx.text.paragraph import Paragraph

#: Unpacked size of all parts of the archive (a fact sheet's is well under 1 MB).
MAX_UNPACKED_BYTES = 50_000_000
#: Extracted text (a fact sheet has about 10,000 characters).
MAX_CHARS = 1_000_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACES = re.compile(r"[ \t\u00a0]+")


class WordError(Exception):
    """A Word file that cannot be read; the message says why."""


@dataclass(frozen=True)
class WordText:
    text: str
    warnings: tuple[str, ...] = ()


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WordError(f"not a readable Word file (not a .docx archive: {exc})") from exc
    if "word/document.xml" not in names:
        raise WordError("not a readable Word file (no word/document.xml; an old .doc renamed?)")
    if unpacked > MAX_UNPACKED_BYTES:
        raise WordError(f"too large when unpacked ({unpacked:,} bytes; limit {MAX_UNPACKED_BYTES:,})")


def _is_list(paragraph: Paragraph) -> bool:
    """A bullet or numbered list entry: numbering on the paragraph or in its style."""
    p_pr = paragraph._p.pPr  # noqa: SLF001 - python-docx exposes no numbering API
    if p_pr is not None and p_pr.find(f"{_W}numPr") is not None:
        return True
    style = paragraph.style
    while style is not None:
        if style.name and style.name.lower().startswith("list"):
            return True
        s_pr = style.element.pPr
        if s_pr is not None and s_pr.find(f"{_W}numPr") is not None:
            return True
        style = style.base_style
    return False


def _paragraph_lines(paragraph: Paragraph) -> list[str]:
    """A paragraph's lines (a line break starts a new one), tabs as spaces; list entries
    marked with a bullet; empty lines left out."""
    lines = [_SPACES.sub(" ", line).strip() for line in paragraph.text.split("\n")]
    lines = [line for line in lines if line]
    if lines and _is_list(paragraph):
        lines[0] = f"• {lines[0]}"
    return lines


def _cell_lines(cell: object) -> list[str]:
    """The lines of a cell, nested tables flattened in order."""
    from docx.table import Table, _Cell

    assert isinstance(cell, _Cell)
    out: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            out += [line.lstrip("\t") for line in _table_lines(block)]
        else:
            out += _paragraph_lines(block)
    return out


def _table_lines(table: Table) -> list[str]:
    from docx.table import _Cell

    out: list[str] = []
    for row in table.rows:
        cells = [
            _Cell(tc, table)
            for tc in row._tr.tc_lst  # noqa: SLF001 - each cell once, whatever its span
            if tc.vMerge != "continue"
        ]
        contents = [_cell_lines(cell) for cell in cells]
        if len(contents) == 1 or (len(contents) > 1 and not any(contents[1:])):
            out += contents[0] if contents else []  # a heading row across the table, or a label alone
            continue
        label = " ".join(contents[0])
        values = [line for lines in contents[1:] for line in lines]
        if label:
            out.append(f"{label}\t{values[0]}")
            values = values[1:]
        out += [f"\t{value}" for value in values]
    return out


def _blocks(data: bytes) -> Iterator[Paragraph | Table]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many types on broken files
        raise WordError(f"not a readable Word file ({exc.__class__.__name__}: {exc})") from exc
    yield from document.iter_inner_content()


def read_docx(data: bytes) -> WordText:
    """The text of a Word file (see the module docstring); raises :class:`WordError`."""
    from docx.table import Table

    _check_archive(data)
    lines: list[str] = []
    size = 0
    warnings: list[str] = []
    try:
        for block in _blocks(data):
            new = _table_lines(block) if isinstance(block, Table) else _paragraph_lines(block)
            lines += new
            size += sum(len(line) + 1 for line in new)
            if size > MAX_CHARS:
                warnings.append(f"text cut at {MAX_CHARS:,} characters (limit)")
                break
    except WordError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed document part
        raise WordError(f"not a readable Word file ({exc.__class__.__name__}: {exc})") from exc
    return WordText("\n".join(lines)[:MAX_CHARS], tuple(warnings))
