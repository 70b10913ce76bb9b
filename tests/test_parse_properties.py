"""Property tests: the parser survives anything and its spans stay honest.

* ``parse_document`` never raises on arbitrary text (control characters, NUL,
  emoji, huge lines, random tabs, bullets and ``<li>`` fragments, real labels);
* nor on the seed sheets mutated line-wise (lines dropped, duplicated, swapped,
  shuffled, re-indented, truncated);
* ``load_corpus`` on a temporary directory of arbitrary files never raises;
* every span of a result lies within the text, with ``start <= end``.
"""

from __future__ import annotations

import re
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st

from assistant.corpus import load_corpus, read_source_text
from assistant.labels import LABEL_TABLES
from assistant.languages import words
from assistant.models import FactSheet, SourceSpan
from assistant.parse import parse_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED_NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))
SEED_TEXTS = {name: (CORPUS / name).read_bytes().decode("utf-8") for name in SEED_NAMES}
SHEET_SEEDS = [n for n in SEED_NAMES if n != "erfurt.de.txt"]

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- invariants


def _spans(sheet: FactSheet) -> Iterator[tuple[str, SourceSpan]]:
    for section in sheet.sections:
        for item in section.items:
            yield f"item {section.kind.value}", item.span
    for fact in sheet.facts:
        yield f"fact {fact.field.value}", fact.span
    for issue in sheet.issues:
        if issue.span is not None:
            yield f"issue {issue.field}", issue.span


def check_sheet(sheet: FactSheet | None, text: str, source: str) -> None:
    """What every parse result must satisfy, whatever the input."""
    if sheet is None:
        return
    assert isinstance(sheet, FactSheet)
    assert sheet.source == source
    assert sheet.kind in ("sheet", "free_text")
    for what, span in _spans(sheet):
        assert span.source == source, what
        assert 0 <= span.start <= span.end <= len(text), f"{what}: {span} outside 0..{len(text)}"
    for section in sheet.sections:
        for item in section.items:
            assert item.text.strip(), f"empty item in {section.kind.value}"
            if item.span.end > item.span.start:
                # The first and last characters of an item are where its span says.
                assert item.text[0] == text[item.span.start], (item.text, item.span)
                assert item.text[-1] == text[item.span.end - 1], (item.text, item.span)
    for fact in sheet.facts:
        assert fact.value.strip() and fact.quote.strip()
    # What the CLI does with it must work too.
    sheet.model_dump_json()


# --------------------------------------------------------------------------- strategies

LABELS = sorted({label for table in LABEL_TABLES.values() for labels in table.values() for label in labels})
NOISE = [
    "\t", "\t\t", " ", "   ", "<ul>", "<li>", "</li>", "</ul>", "<ul> <li>", "</li> </ul>", "<LI >",
    "\u2022", "\uf0b7", "\u25aa", ".", ". . . . . . . .", "0000000", "\x00", "\x0b", "\x0c", "\x1c",
    "\u0085", "\u2028", "\u200b", "\ufeff", "\r", "\x7f", "🤝", "👩‍👩‍👧‍👦", "İ", "ı", "ß", "é",
    "1. GENERAL INFORMATION", "3. SUCCESS FACTORS AND\tMAIN CHALLENGES", "## **Good Practice:",
    "Since 1999", "am 01.10.1999 gegründet", "über 60 Akteure", "www.", "https://x.de/a-",
    "a@b.de", "@", "Kontakt:", "Telefon: 0361 123", "99086 Erfurt", "Netzwerk", "network",
    "1", "2004", "/", ";", ":", "\"", "(", ")", "Word", "word", " Lower", "Upper Case",
    "Integrations-", "Sprach-", "-", "beauftragte", "und Kultur", "ve ", "or ",
]

noise_token = st.one_of(
    st.sampled_from(LABELS),
    st.sampled_from(NOISE),
    st.text(max_size=12),
)
noise_line = st.lists(noise_token, max_size=10).map("".join)
#: A row: a real label at the line start, a separator, a noisy value.
label_line = st.builds(
    lambda label, sep, value: label + sep + value,
    st.sampled_from(LABELS),
    st.sampled_from(["\t", " ", "  ", ":\t", "\t\t", ": ", ""]),
    noise_line,
)
huge_line = st.builds(
    lambda unit, n: unit * n, st.text(min_size=1, max_size=8), st.integers(500, 4000)
)
_line_breaks = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])
label_soup = st.builds(
    lambda lines, sep: sep.join(lines),
    st.lists(st.one_of(label_line, label_line, noise_line, noise_line), max_size=40),
    _line_breaks,
)
noisy_document = st.builds(
    lambda lines, sep: sep.join(lines),
    st.lists(
        st.one_of(label_line, label_line, noise_line, noise_line, noise_line, huge_line),
        max_size=40,
    ),
    _line_breaks,
)


@st.composite
def mutated_seed(draw: st.DrawFn) -> tuple[str, str]:
    """A seed document with its lines dropped, duplicated, swapped, shuffled or re-indented."""
    name = draw(st.sampled_from(SEED_NAMES))
    lines = SEED_TEXTS[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(
                ["drop", "dup", "swap", "shuffle", "detab", "indent", "noise", "join", "cut"]
            )
        )
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "shuffle":
            j = min(len(lines), i + draw(st.integers(2, 12)))
            window = lines[i:j]
            lines[i:j] = draw(st.permutations(window))
        elif op == "detab":
            lines[i] = lines[i].replace("\t", draw(st.sampled_from([" ", "  ", "    ", ""])))
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["\t", " ", "\u2022\t", "<ul> <li>"])) + lines[i]
        elif op == "noise":
            lines.insert(i, draw(noise_line) + "\n")
        elif op == "join":
            lines[i] = lines[i].rstrip("\r\n") + " "
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return name, "".join(lines)


# --------------------------------------------------------------------------- properties


@settings(FAST, max_examples=1000)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    check_sheet(parse_document(text, "any.txt"), text, "any.txt")


@pytest.mark.slow
@FAST
@given(noisy_document)
def test_noisy_label_soup_never_raises(text: str) -> None:
    check_sheet(parse_document(text, "soup.txt", "0" * 64), text, "soup.txt")


def test_label_soup_strategy_reaches_the_sheet_parser() -> None:
    """The soup is meaningful: it produces template sheets with items, not only rejects."""

    def is_sheet_with_items(text: str) -> bool:
        sheet = parse_document(text, "soup.txt")
        return sheet is not None and sheet.kind == "sheet" and any(
            s.items for s in sheet.sections if s.kind.value not in ("general", "contact")
        )

    # Generation only: shrinking a found example is slow and proves nothing more here.
    quick = settings(max_examples=300, deadline=None, database=None, phases=[Phase.generate])
    found = find(label_soup, is_sheet_with_items, settings=quick)
    assert is_sheet_with_items(found)


@pytest.mark.slow
@settings(FAST, max_examples=400)
@given(mutated_seed())
def test_mutated_seed_never_raises(case: tuple[str, str]) -> None:
    name, text = case
    check_sheet(parse_document(text, name), text, name)


SPRINKLES = ["\x00", "\x0c", "\u2028", "\u0085", "\r", "\ufeff", "🤝", "\x7f", "\t", "\u2022"]


@FAST
@given(
    st.sampled_from(SHEET_SEEDS),
    st.lists(st.sampled_from(SPRINKLES), min_size=1, max_size=5),
    st.lists(st.integers(0, 10_000), min_size=1, max_size=5),
)
def test_seed_with_control_characters_sprinkled_in(name: str, chars: list[str], positions: list[int]) -> None:
    text = SEED_TEXTS[name]
    for char, pos in zip(chars, positions, strict=False):
        pos %= len(text) + 1
        text = text[:pos] + char + text[pos:]
    check_sheet(parse_document(text, name), text, name)


def test_unmutated_seeds_satisfy_the_invariants() -> None:
    for name, text in SEED_TEXTS.items():
        sheet = parse_document(text, name)
        assert sheet is not None
        check_sheet(sheet, text, name)


_SUFFIXES = [".txt", ".md", ".pdf", ".TXT", ".bin", ""]

file_content = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(alphabet=st.characters(max_codepoint=255), max_size=400).map(lambda t: t.encode("latin-1")),
    noisy_document.map(lambda t: t.encode("utf-8", "surrogatepass")),
    mutated_seed().map(lambda c: c[1].encode("utf-8")),
    st.builds(lambda b: b"%PDF-1.4\n" + b, st.binary(max_size=200)),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.tuples(file_content, st.sampled_from(_SUFFIXES)), min_size=1, max_size=4))
def test_load_corpus_on_arbitrary_files_never_raises(files: list[tuple[bytes, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "seed.txt").write_bytes((CORPUS / "dortmund.en.txt").read_bytes())
        names = []
        for n, (content, suffix) in enumerate(files):
            name = f"f{n}{suffix}"
            (root / name).write_bytes(content)
            names.append(name)
        load = load_corpus(root)
        sources = [s.source for s in load.sheets]
        assert "seed.txt" in sources  # one bad file never stops the rest
        assert len(sources) == len(set(sources))
        for sheet in load.sheets:
            assert sheet.source in names or sheet.source == "seed.txt"
            text = _decoded(root / sheet.source)
            if text is not None:
                check_sheet(sheet, text, sheet.source)
        for warning in load.warnings:
            assert warning.source in names and warning.message
        # Every file is accounted for: parsed, or named in a warning.
        accounted = set(sources) | {w.source for w in load.warnings}
        assert set(names) <= accounted


def _decoded(path: Path) -> str | None:
    """The decoded text a sheet's spans refer to (presentation forms normalised), for
    .txt/.md files (None for PDFs: their text depends on the page layout)."""
    if path.suffix.lower() == ".pdf":
        return None
    return read_source_text(path.parent, path.name)


# --------------------------------------------------------------------------- huge input


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def _raise(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.slow
def test_huge_lines_parse_quickly() -> None:
    """Huge lines in prose, in markup and in columns: linear-time parsing."""
    seed = SEED_TEXTS["erfurt.en.txt"]
    cases = [
        "x" * 300_000,
        "word " * 60_000,
        seed.replace("multicultural offers", "offers. Since 1999 the network " * 5_000),
        seed.replace("<li>Regularly updated homepage</li>", "<li>x</li> " * 20_000),
        "\n".join(["\tContinuation line here"] * 20_000),
    ]
    for text in cases:
        start = time.perf_counter()
        with time_limit(20):
            check_sheet(parse_document(text, "big.txt"), text, "big.txt")
        assert time.perf_counter() - start < 10


@pytest.mark.slow
def test_huge_run_on_list_entry_parses_quickly() -> None:
    seed = SEED_TEXTS["erfurt.en.txt"]
    text = seed.replace("Monthly info mail", "mail Word " * 40_000)  # ~400 KB in one entry
    with time_limit(4):
        sheet = parse_document(text, "big.txt")
    check_sheet(sheet, text, "big.txt")


def test_seed_texts_are_what_we_think() -> None:
    assert SEED_NAMES == [
        "dortmund.en.txt", "erfurt.de.txt", "erfurt.en.txt", "erfurt.tr.txt", "halberstadt.en.txt"
    ]
    assert all("\t" in SEED_TEXTS[n] for n in ("dortmund.en.txt", "erfurt.en.txt", "halberstadt.en.txt"))
    assert "\t" not in SEED_TEXTS["erfurt.tr.txt"]
    assert re.search(r"^Founding year\t1$", SEED_TEXTS["halberstadt.en.txt"], re.M)


# --------------------------------------------------------------------------- words broken at a line-end hyphen

_LINE_CHARS = st.lists(st.sampled_from([*"abzäıXZÄİ09-./@•", " ", "\t", "und ", "ve ", "or "]),
                       max_size=12).map("".join)


@FAST
@given(st.lists(st.tuples(_LINE_CHARS, st.booleans()), max_size=8), st.sampled_from(["de", "en", "tr", "xx", None]))
def test_joined_lines_keep_every_character_at_its_offset(lines: list[tuple[str, bool]], language: str | None) -> None:
    """Joining wrapped lines only leaves out blanks and, in a language that drops it, the hyphen of
    a word broken at a line end before a lower-case letter; every character kept is the source's
    character at its offset, in order."""
    from assistant.line_breaks import join_lines
    from assistant.text import MappedText

    source = "\n".join(text for text, _ in lines)
    pieces, position = [], 0
    for text, wrapped in lines:
        pieces.append((MappedText.from_source(source, position, position + len(text)).squashed(), wrapped))
        position += len(text) + 1
    joined = join_lines(pieces, language)
    assert len(joined.text) == len(joined.offsets)
    kept = [off for ch, off in zip(joined.text, joined.offsets, strict=True) if not ch.isspace()]
    assert kept == sorted(kept) and all(source[off] == ch for ch, off in zip(joined.text, joined.offsets, strict=True)
                                        if not ch.isspace())
    left_out = {i for i, ch in enumerate(source) if not ch.isspace()} - set(kept)
    for off in left_out:
        before = source[:off + 1].rsplit("\n", 1)[-1].rstrip()
        after = source[off + 1:].lstrip(" \t\n")
        assert language in ("de", "tr") and source[off] == "-" and before.endswith("-") and len(before) >= 2
        assert before[-2].isalpha() and after[:1].islower(), (source, off)


GERMAN_SHEETS = ["hohe-geest.de.txt", "luettenbrook.de.txt", "talbach.de.txt", "lindenfeld.de.txt"]
_GROWTH = Path(__file__).resolve().parent.parent / "eval" / "growth" / "corpus"
_TEXT_FIELDS = {"name", "location", "coordinating_organisation", "formalisation", "members", "network_type"}


@st.composite
def broken_german_value(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """A German growth sheet with one long word of a general row broken at a hyphen over two lines
    (at a lower-case letter, as a PDF's hyphenation does), the row's field and its value before."""
    name = draw(st.sampled_from(GERMAN_SHEETS))
    text = (_GROWTH / name).read_text(encoding="utf-8")
    sheet = parse_document(text, name)
    assert sheet is not None
    facts = [f for f in sheet.facts if f.field.value in _TEXT_FIELDS]
    fact = draw(st.sampled_from(facts))
    quote = text[fact.span.start : fact.span.end]
    spots = [(fact.span.start + m.start(), m.group()) for m in re.finditer(r"[^\W\d_]{6,}", quote)]
    assume(spots)
    start, word = draw(st.sampled_from(spots))
    cut = draw(st.integers(2, len(word) - 2))
    # a remainder that is a conjunction ("Verb-" / "und") reads as a suspended hyphen: hyphenation
    # breaks words at syllables ("Ver-" / "bund"), never so
    assume(word[cut].islower() and word[cut:].casefold() not in words("hyphen_conjunctions"))
    indent = draw(st.sampled_from(["\t", "        "]))
    broken = text[: start + cut] + "-\n" + indent + text[start + cut :]
    return name, broken, fact.field.value, fact.value


@FAST
@given(broken_german_value())
def test_a_german_value_broken_at_a_hyphen_reads_as_before(case: tuple[str, str, str, str]) -> None:
    name, text, field, value = case
    sheet = parse_document(text, name)
    assert sheet is not None
    assert value in [f.value for f in sheet.facts if f.field.value == field]
    check_sheet(sheet, text, name)
