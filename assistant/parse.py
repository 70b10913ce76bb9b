"""Parse stage: decoded document text -> :class:`~assistant.models.FactSheet`.

Two document shapes exist:

* **Template sheets** ("Good Practice" fact sheets): label/value rows, found by
  the label tables of :mod:`assistant.labels` in any language. PDF extraction
  noise is handled here: values wrapped over continuation lines, ``<ul> <li>``
  fragments and bullet glyphs, page-break debris (dot rows, ``0000000``), a
  top-level heading lost at a page break (labels, not headings, open sections),
  a row label split over two lines, a heading split by a tab, and words broken at
  a line-end hyphen (:mod:`assistant.line_breaks`).
* **Free-text pages** (e.g. a network's German web page): paragraphs become
  description items; founding date, member count and contact are extracted.

The sheet's structure (lines, labels, regions) is read by :mod:`assistant.sheet_structure`,
a section's entries by :mod:`assistant.section_items`; this module reads the values
(facts, founding and member claims) and puts the sheet together.

Every item and fact keeps its verbatim source span. Values that cannot be true
("Founding year 1") become :class:`~assistant.models.DataIssue` records instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.labels import (
    FACT_OF_LABEL,
    LABEL_TABLES,
    SECTION_NAMES,
    SECTION_OF_LABEL,
    LabelKey,
)
from assistant.language import detect_language
from assistant.languages import alternation, words
from assistant.line_breaks import join_lines
from assistant.models import (
    DataIssue,
    Fact,
    FactField,
    FactSheet,
    IssueCode,
    Item,
    Section,
    SectionKind,
    SourceSpan,
)
from assistant.section_items import build_items
from assistant.sheet_structure import (
    LabelHit,
    Line,
    collect_regions,
    find_labels,
    is_debris,
    join_pieces,
    line_pieces,
    next_content_line,
    sheet_language,
    split_lines,
)
from assistant.text import MappedText, squash_spaces

#: Free text needs at least this many words in its paragraphs to be kept.
MIN_FREE_TEXT_WORDS = 30
#: Years outside this range cannot be a network's founding year.
EARLIEST_FOUNDING_YEAR = 1850


# --------------------------------------------------------------------------- facts

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "04851 123450", "+49 (0)30 / 123 45-6": digits with the separators people write in a number.
_PHONE_NUMBER = re.compile(r"[+\d(][\d\s()/-]{4,}\d")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;)]", re.IGNORECASE)
# The "Website, Social Media" row also names a social-media account ("Instagram:
# @seelenhafen.suedstadt", "Instagram @foundersbridge_fhb"), a domain without www./http
# ("thornbridge.cityofsanctuary.org"), or a platform's page by its name alone ("Facebook:
# Wendelsbrück hilft", up to ";" or the end; or in quotes: 'YouTube "Many Voices Ostrauen"';
# platform names are data: ``social_media``).
_WEB_ADDRESS = re.compile(
    _URL.pattern
    + rf"|(?:\b[A-Za-z][\w-]*:\s*|\b{alternation(words('social_media'))}\s+)?(?<![\w.])@\w(?:[\w.]*\w)?"
    + r"|(?<![\w.@/-])(?:[a-z0-9-]+\.)+(?:de|org|com|net|eu|info|uk|at|ch|tr|nl)"
    + r"(?:/[^\s<>\";,]*[^\s<>\".,;)])?(?![\w@-])"
    + rf"|\b{alternation(words('social_media'))}\s*:\s*[^\s;:@/<>][^;:@/<>]*?(?=\s*(?:;|$))"
    # or in quotes, after the platform and at most one word: 'YouTube "Many Voices Ostrauen"',
    # 'YouTube-Kanal „Wir in Talbach"'
    + rf"|\b{alternation(words('social_media'))}(?:[\s-]+[^\W\d_]+)?\s*[„“\"][^„“”\"\n]{{1,80}}[“”\"]",
    re.IGNORECASE,
)
#: Values that say there is none ("n/a", "keine Angabe"; data ``placeholder_values``), folded and
#: without blanks ("n. a." is "n.a.", "k. A." is "k.A.").
_PLACEHOLDERS = frozenset("".join(w.split()).casefold() for w in words("placeholder_values"))
_URL_WRAP = re.compile(r"(?<=[\w/.-]-) (?=[\w/])")
_NUMBER = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
#: Fields whose value is words: one with none ("Type of network 1", a template's junk
#: numbering) is an issue, as a year that cannot be or an e-mail without "@" is. Not the
#: members (a bare count is a value), the dates and the fields read by their own rule.
_TEXT_FIELDS = frozenset({
    FactField.NAME, FactField.LOCATION, FactField.COORDINATING_ORGANISATION, FactField.FORMALISATION,
    FactField.FIELDS_OF_ACTION, FactField.TARGET_GROUPS, FactField.NETWORK_TYPE,
})


def _span(source: str, mapped: MappedText) -> SourceSpan:
    return SourceSpan(source=source, start=mapped.start, end=mapped.end)


def _fact(field_: FactField, value: str, mapped: MappedText, source: str) -> Fact:
    return Fact(field=field_, value=value, quote=mapped.text, span=_span(source, mapped))


def _issue(code: IssueCode, field_: FactField, mapped: MappedText, reason: str, source: str) -> DataIssue:
    return DataIssue(code=code, field=field_.value, value=mapped.text, reason=reason,
                     span=_span(source, mapped), source=source)


def plausible_year(year: int, latest: int) -> bool:
    return EARLIEST_FOUNDING_YEAR <= year <= latest


def status_year(facts: Sequence[Fact]) -> int | None:
    for fact in facts:
        if fact.field is FactField.STATUS_DATE:
            match = _YEAR.search(fact.value)
            if match:
                return int(match.group(1))
    return None


def _unwrap_urls(value: MappedText) -> MappedText:
    """Join URLs wrapped at a hyphen: "caritas-magdeburg.de/unsere-" + "hilfe-beratung"."""
    out = value
    while True:
        for match in _URL_WRAP.finditer(out.text):
            token_start = out.text.rfind(" ", 0, match.start()) + 1
            token = out.text[token_start : match.start()]
            if "://" in token or token.startswith("www."):
                out = MappedText.join([out.slice(0, match.start()), out.slice(match.end(), len(out))], sep="")
                break
        else:
            return out


#: Rows whose values are what a pattern finds in them (every address, every number), else an issue.
_FOUND_BY_PATTERN: dict[FactField, tuple[re.Pattern[str], IssueCode, str]] = {
    FactField.EMAILS: (_EMAIL, IssueCode.NOT_AN_EMAIL, "not an e-mail address"),
    FactField.PHONE: (_PHONE_NUMBER, IssueCode.NOT_A_PHONE, "not a phone number"),
}


def read_fact(
    field_: FactField, value: MappedText, source: str, latest_year: int
) -> tuple[list[Fact], list[DataIssue]]:
    """Normalise one general row; implausible values become issues."""
    if not value:
        empty = DataIssue(code=IssueCode.EMPTY_VALUE, field=field_.value, value="", reason="empty value", source=source)
        return [], [empty]
    if "".join(value.text.split()).casefold() in _PLACEHOLDERS:  # "n. a." is "n.a."
        # "Degree of formalisation\tn/a": a value saying there is none, flagged like an empty one
        return [], [_issue(IssueCode.EMPTY_VALUE, field_, value, "a placeholder for no value", source)]
    if field_ is FactField.FOUNDING_YEAR:
        match = _YEAR.search(value.text)
        if match and plausible_year(int(match.group(1)), latest_year):
            return [_fact(field_, match.group(1), value, source)], []
        return [], [_issue(IssueCode.IMPLAUSIBLE_YEAR, field_, value, "not a plausible founding year", source)]
    if field_ in _FOUND_BY_PATTERN:
        pattern, code, reason = _FOUND_BY_PATTERN[field_]
        found = [value.slice(m.start(), m.end()) for m in pattern.finditer(value.text)]
        if not found:
            return [], [_issue(code, field_, value, reason, source)]
        return [_fact(field_, squash_spaces(m.text), m, source) for m in found], []
    if field_ is FactField.WEBSITES:
        joined = _unwrap_urls(value)
        found = [joined.slice(m.start(), m.end()) for m in _WEB_ADDRESS.finditer(joined.text)]
        if not found:
            return [], [_issue(IssueCode.NO_WEB_ADDRESS, field_, value, "no web address", source)]
        return [_fact(field_, m.text, m, source) for m in found], []
    if field_ is FactField.MEMBERS and not _LETTER.search(value.text) and (member_count(value.text) or 0) < 2:
        # a bare "45" is a member count, a bare "1" (or "0", "-") the form's junk: one member is no network
        return [], [_issue(IssueCode.NO_WORDS, field_, value, "no words, only a number below two members", source)]
    if field_ in _TEXT_FIELDS and not _LETTER.search(value.text):
        return [], [_issue(IssueCode.NO_WORDS, field_, value, "no words, only a number or signs", source)]
    if field_ in (FactField.FIELDS_OF_ACTION, FactField.TARGET_GROUPS):
        parts = [p.strip(" .") for p in value.split(re.compile(r";"))]
        return [_fact(field_, p.text, p, source) for p in parts if p], []
    return [_fact(field_, value.text, value, source)], []


# Cue words of every language file: "since 1999", "seit dem Jahr 1999", "1999 yılından
# beri"; "am 01.10.1999 ... gegründet".
_SINCE_YEAR = re.compile(
    rf"\b{alternation(words('since'))}\s+(?:{alternation(words('since_fillers'))}\s+){{0,2}}"
    r"(1[89]\d\d|20\d\d)\b"
    rf"|\b(1[89]\d\d|20\d\d)\s+{alternation(words('since_after'))}",
    re.IGNORECASE,
)
_MONTHS = alternation(words("months"))
# "01.10.1999", "20. November 2016", "20 November 2016".
_DATE = rf"\d{{1,2}}(?:\.\s?\d{{1,2}}\.\s?|\.?\s+{_MONTHS}\s+)(?P<year>1[89]\d\d|20\d\d)\b"
# Naming the project after a date founds it too, when its name follows in quotes: "Am 9. April 2016
# beschlossen die Wehrführer …, gemeinsam weiterzumachen, und gaben dem Vorhaben den Namen „Offene Tore"".
_FOUNDED = (
    rf"\b(?:{alternation(words('founded'))}"
    rf"|{alternation(words('named'))}(?=\s*[„“\"]))"
)
# Up to 200 characters between the date and the verb, within one sentence: "On 7 February
# 2019, about 50 people from the youth welfare office, the job centre, … met … and founded".
_FOUNDED_ON = re.compile(
    rf"(?:{alternation(words('date_prepositions'))}\s+)?(?P<date>{_DATE})[^.!?]{{0,200}}?{_FOUNDED}",
    re.IGNORECASE,
)
# A year alone right before the verb, with the language's case ending: "Bunun üzerine ağ 2017'de
# kuruldu", "Das Netzwerk wurde 2017 gegründet" (not "der 2017 gegründete Verein").
_FOUNDED_IN_YEAR = re.compile(
    rf"\b(?P<date>(?P<year>1[89]\d\d|20\d\d)(?:\s*{alternation(words('year_suffixes'))})?)\s+{_FOUNDED}(?!\w)",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(rf"(?P<date>{_DATE})", re.IGNORECASE)
# "... am 14. Januar 2015 ... ins Gemeindehaus. An diesem Abend wurde das Bündnis ... gegründet."
_FOUNDED_THEN = re.compile(rf"{alternation(words('date_anaphora'))}\b[^.!?]{{0,160}}?{_FOUNDED}", re.IGNORECASE)
_NETWORK_WORD = re.compile(alternation(words("network_words")), re.IGNORECASE)
# "Im Herbst 2018 luden … zu einem ersten Treffen ein; seitdem gibt es die Sprachkursrunde": a year, and
# later in the sentence the network's name after "seitdem gibt es" (and an article): it began that year.
_EXISTS_SINCE = re.compile(
    rf"\b(?P<date>(?P<year>1[89]\d\d|20\d\d))\b[^.!?]{{0,200}}?\b{alternation(words('exists_since'))}"
    r"\s+(?:[^\W\d_A-ZÄÖÜÇŞİĞ]\w*\s+)?[„“\"]?(?P<name>[A-ZÄÖÜÇŞİĞ][\w-]+)",
)
# What was founded may be named in quotes instead: "gründeten die „Ellerbacher Nachbarn"".
_QUOTED_NAME = re.compile(r"[„“\"][^„“”\"]{2,80}[“”\"]")
# A sentence ends at . ! ? before a capital; dates like 01.10.1999 and 20. November 2016 stay whole.
_SENTENCE_BREAK = re.compile(
    rf"(?<=[.!?])(?:(?<!\b\d\.)(?<!\b\d\d\.)|(?!\s+{_MONTHS}\b))\s+(?=[\"„“(]?[A-ZÄÖÜİŞĞÇ0-9])"
)


def _sentences(text: MappedText) -> Iterator[MappedText]:
    for sentence in text.split(_SENTENCE_BREAK):
        sentence = sentence.strip()
        if sentence:
            yield sentence


#: What was founded, named right after the verb: "That evening they founded the cooperative Ernte &
#: Heimat" (a capital within four words; "founded a working group" names nothing).
_NAMED_OBJECT = re.compile(r"\s+(?:[^\W\d_A-ZÄÖÜÇŞİĞ][\w'-]*\s+){0,3}[A-ZÄÖÜÇŞİĞ„“\"]")


#: ... or before it, where the verb comes last: "O akşam Welcome Circle (Hoş Geldin Çemberi) kuruldu"
#: (a capital after the sentence's first word).
_NAMED_SUBJECT = re.compile(r"\s[\"„“]?[A-ZÄÖÜÇŞİĞ]")


def _names_network(sentence: str) -> bool:
    return bool(_NETWORK_WORD.search(sentence) or _QUOTED_NAME.search(sentence))


def _founded_next(sentence: MappedText, following: MappedText, source: str, latest_year: int) -> list[Fact]:
    """A date in one sentence, the founding in the next that refers back to it:
    "... am 14. Januar 2015 ... An diesem Abend wurde das Bündnis ... gegründet"."""
    then = _FOUNDED_THEN.match(following.text)
    dates = list(_DATE_ONLY.finditer(sentence.text))
    if then is None or len(dates) != 1:
        return []
    said = following.text[: then.end()]
    if not (_names_network(said) or _NAMED_SUBJECT.search(said) or _NAMED_OBJECT.match(following.text, then.end())):
        return []
    year = int(dates[0].group("year"))
    if not plausible_year(year, latest_year):
        return []
    quote = MappedText.join([sentence.slice(dates[0].start(), len(sentence)), following.slice(0, then.end())])
    return [_fact(FactField.FOUNDING_YEAR, str(year), quote, source)]


def _exists_since(sentence: MappedText, name: str, source: str, latest_year: int) -> list[Fact]:
    """"Im Herbst 2018 … ein; seitdem gibt es die Sprachkursrunde" in the description of the
    "Sprachkursrunde Ebbingen": the only year of the sentence before the network's name."""
    match = _EXISTS_SINCE.search(sentence.text)
    if match is None or len(_YEAR.findall(sentence.text[: match.start("name")])) != 1:
        return []
    if match.group("name").casefold() not in {w.strip("„“\"()").casefold() for w in name.split()}:
        return []
    year = int(match.group("year"))
    if not plausible_year(year, latest_year):
        return []
    return [_fact(FactField.FOUNDING_YEAR, str(year), sentence.slice(match.start("date"), match.end()), source)]


def founding_claims(text: MappedText, source: str, latest_year: int, name: str = "") -> list[Fact]:
    """Founding years stated in prose: "Since 1999, the network...", "am 01.10.1999 ... gegründet",
    "Am 20. November 2016 ... gründeten die „Ellerbacher Nachbarn"", and where ``name`` is the
    network's name "2018 …; seitdem gibt es die Sprachkursrunde"."""
    facts: list[Fact] = []
    sentences = list(_sentences(text))
    for index, sentence in enumerate(sentences):
        if index + 1 < len(sentences):
            facts += _founded_next(sentence, sentences[index + 1], source, latest_year)
        if name:
            facts += _exists_since(sentence, name, source, latest_year)
        if not _names_network(sentence.text):
            continue
        dated = [*_FOUNDED_ON.finditer(sentence.text)]
        dated += [m for m in _FOUNDED_IN_YEAR.finditer(sentence.text) if not any(m.end() == d.end() for d in dated)]
        for match in dated:
            year = int(match.group("year"))
            if plausible_year(year, latest_year):
                quote = sentence.slice(match.start("date"), match.end()).strip()
                facts.append(_fact(FactField.FOUNDING_YEAR, str(year), quote, source))
        if not _NETWORK_WORD.search(sentence.text):
            continue  # "since 1999" needs the network named as one
        for match in _SINCE_YEAR.finditer(sentence.text):
            year = int(match.group(1) or match.group(2))
            if plausible_year(year, latest_year):
                quote = sentence.slice(match.start(), match.end())
                facts.append(_fact(FactField.FOUNDING_YEAR, str(year), quote, source))
    return facts


_MEMBER_COUNT = re.compile(
    rf"\b(?:{alternation(words('member_approx'))}|{'|'.join(words('member_approx_patterns')) or '(?!)'})"
    rf"\s+\d+\s+[\w-]+|\b\d+\s+{alternation(words('member_nouns'))}\b",
    re.IGNORECASE,
)
_MEMBER_WORD = re.compile(alternation(words("member_words")), re.IGNORECASE)


def member_claims(text: MappedText, source: str) -> list[Fact]:
    """Member counts stated in prose: "Im Netzwerk ... wirken über 60 Akteure ... mit"."""
    facts = []
    for sentence in _sentences(text):
        for match in _MEMBER_COUNT.finditer(sentence.text):
            quote = sentence.slice(match.start(), match.end())
            if _MEMBER_WORD.search(quote.text):
                facts.append(_fact(FactField.MEMBERS, quote.text, quote, source))
    return facts


def member_count(value: str) -> int | None:
    """The first number in a members value: "Circa 80; ..." -> 80."""
    match = _NUMBER.search(value)
    return int(match.group()) if match else None


# --------------------------------------------------------------------------- sheets


def _title(text: str, lines: Sequence[Line], hit: LabelHit) -> str | None:
    line = lines[hit.line]
    rest = text[hit.value_start : line.end].strip(" \t*#_")
    if rest:
        return squash_spaces(rest)
    following = next_content_line(lines, hit.line)
    return squash_spaces(following.text.strip(" \t*#_")) if following else None


def _general_items(facts: Sequence[Fact], language: str) -> list[Item]:
    items = []
    seen: set[tuple[int, int]] = set()
    for fact in facts:
        key = (fact.span.start, fact.span.end)
        if key in seen:
            continue
        seen.add(key)
        items.append(Item(text=fact.quote, span=fact.span, label=fact.field.value))
    return items


_CONTACT_FIELDS = (FactField.WEBSITES, FactField.EMAILS, FactField.PHONE, FactField.ADDRESS,
                   FactField.CONTACT_PERSON)

def _fact_sections(facts: Sequence[Fact], language: str) -> tuple[Section, list[Section]]:
    """The general section (every fact but the contact rows, in the sheet's language) and
    the contact section (none without contact facts)."""
    names = SECTION_NAMES.get(language, SECTION_NAMES["en"])
    general = [f for f in facts if f.field not in _CONTACT_FIELDS]
    contact = [f for f in facts if f.field in _CONTACT_FIELDS]
    return (
        Section(kind=SectionKind.GENERAL, label=names[SectionKind.GENERAL], items=_general_items(general, language)),
        [Section(kind=SectionKind.CONTACT, label=names[SectionKind.CONTACT], items=_general_items(contact, language))]
        if contact else [],
    )


def is_template_sheet(text: str) -> bool:
    """Does ``text`` have enough of the template's row labels to be read as a fact sheet?"""
    return sheet_language(find_labels(split_lines(text))) is not None


def parse_fact_sheet(text: str, source: str, sha256: str) -> FactSheet | None:
    """Parse a template sheet; None when ``text`` has too few template labels (:func:`is_template_sheet`)."""
    lines = split_lines(text)
    hits = find_labels(lines)
    language = sheet_language(hits)
    if language is None:
        return None
    regions = collect_regions(text, lines, hits)
    title = next((_title(text, lines, h) for h in hits if h.key is LabelKey.TITLE), None)

    facts: list[Fact] = []
    sections: list[Section] = []
    issues: list[DataIssue] = []
    status = next((r for r in regions if r.hit.key is LabelKey.STATUS_DATE), None)
    if status is not None:
        value = join_pieces(status.pieces, language).squashed()
        facts += read_fact(FactField.STATUS_DATE, value, source, 9999)[0]
    latest = status_year(facts) or 2100
    prose: list[MappedText] = []
    for region in regions:
        key = region.hit.key
        if key in (LabelKey.TITLE, LabelKey.STATUS_DATE):
            continue
        if key in FACT_OF_LABEL:
            value = join_pieces(region.pieces, language).squashed()
            found, problems = read_fact(FACT_OF_LABEL[key], value, source, latest)
            facts += found
            issues += problems
            continue
        kind = SECTION_OF_LABEL[key]
        items, problems = build_items(region.pieces, kind, language, source, region.label_gaps)
        issues += problems
        label = LABEL_TABLES[region.hit.language][key][0]
        if items:
            sections.append(Section(kind=kind, label=label, items=items))
        else:
            issues.append(DataIssue(code=IssueCode.SECTION_EMPTY, field=kind.value, value="",
                                    reason="section is empty", source=source))
        if kind is SectionKind.DESCRIPTION:
            prose += [MappedText(i.text, ()) for i in items]
            name = next((f.value for f in facts if f.field is FactField.NAME), "")
            facts += [
                f
                for item in items
                for f in founding_claims(_item_mapped(text, lines, item, language), source, latest, name)
            ]
    present = {s.kind for s in sections}
    for kind in SECTION_OF_LABEL.values():
        if kind not in present and not any(i.field == kind.value for i in issues):
            issues.append(DataIssue(code=IssueCode.SECTION_MISSING, field=kind.value, value="",
                                    reason="section is missing", source=source))
    general, contact = _fact_sections(facts, language)
    return FactSheet(
        source=source,
        kind="sheet",
        language=language,
        title=title,
        sha256=sha256,
        facts=facts,
        sections=[general, *sections, *contact],
        issues=issues,
    )


def _item_mapped(text: str, lines: Sequence[Line], item: Item, language: str) -> MappedText:
    """An item's text with offsets, re-read line by line from its span (markup stripped, a word
    broken at its hyphen at a line end joined as in the item)."""
    start, end = item.span.start, item.span.end
    pieces = [piece for line in lines if line.end > start and line.start < end
              for piece in line_pieces(text, max(line.start, start), min(line.end, end), continuation=False)]
    return join_pieces(pieces, language).squashed()


# --------------------------------------------------------------------------- free text

_BOILERPLATE_LINE = re.compile(r"^\s*(?:logo\b|©|\(c\)|copyright\b)", re.IGNORECASE)
_CONTACT_HEAD = re.compile(rf"^\s*{alternation(words('contact_headings'))}\s*:?\s*$", re.IGNORECASE)
_PHONE = re.compile(
    rf"^\s*{alternation(words('phone_labels'))}\s*:?\s*(?P<number>[+\d(][\d\s()/-]{{4,}}\d)", re.IGNORECASE
)
_POSTCODE = re.compile(r"\b\d{5}\s+\w")
_CARE_OF = re.compile(rf"^\s*{alternation(words('care_of'))}(?=\s|$)", re.IGNORECASE)
#: "Ernte & Heimat Wendhusen eG", "Voss Antriebstechnik GmbH, İnsan Kaynakları": a legal form at the
#: line's end or before a comma names an organisation (case kept: "AG", not "ag").
_LEGAL_FORM = re.compile(rf"(?<!\S){alternation(words('legal_forms'))}(?=\s*$|,)")
_HOUSE_NUMBER = re.compile(r"\D\s\d{1,4}\s?[a-zA-Z]?\s*$")
_STREET = re.compile(rf"{alternation(words('street_words'))}\s*\d", re.IGNORECASE)
#: The most words of a free-text page's opening line that is its title ("Ellerbacher Nachbarn").
_MAX_HEADING_WORDS = 8
#: The most words of the subtitle below a free-text page's title.
_MAX_SUBTITLE_WORDS = 15
_SENTENCE_END = re.compile(r"[.!?:]\W*$")
_PARAGRAPH_END = re.compile(r"[.!?:)\"”]\s*$")


def _blocks(text: str, lines: Sequence[Line]) -> list[list[Line]]:
    """Paragraphs: runs of non-blank lines, boilerplate (logos, ©) removed."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if is_debris(line.text) or _BOILERPLATE_LINE.match(line.text):
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _block_text(text: str, block: Sequence[Line], language: str) -> MappedText:
    """A paragraph's lines as one text (a word broken at its hyphen at a line end joined)."""
    return join_lines(
        ((MappedText.from_source(text, line.start, line.end).squashed(), True) for line in block), language
    ).squashed()


def _contact_facts(
    text: str, block: Sequence[Line], source: str, *, first: bool
) -> list[Fact]:
    facts: list[Fact] = []
    for position, line in enumerate(block):
        mapped = MappedText.from_source(text, line.start, line.end).squashed()
        # "Bündnis … / c/o Evangelisches Pfarramt": the line before a c/o line is the
        # addressee (an organisation), the address's first line, not a contact person.
        addressee = position + 1 < len(block) and bool(_CARE_OF.match(block[position + 1].text))
        # "Ernte & Heimat Wendhusen eG" / "Dorfstraße 12": an organisation's legal form, no person either;
        # nor the line before one ("Welcome Circle Grevenstedt" / "Voss Antriebstechnik GmbH, İnsan Kaynakları").
        organisation = bool(_LEGAL_FORM.search(line.text))
        addressee = addressee or (position + 1 < len(block) and (
            organisation or bool(_LEGAL_FORM.search(block[position + 1].text))))
        # "Am Kreishaus 5" / "29999 Brakenheide": a street without a street word, before the postcode.
        street = (position + 1 < len(block) and bool(_POSTCODE.match(block[position + 1].text.strip()))
                  and bool(_HOUSE_NUMBER.search(line.text)))
        if not mapped:
            continue
        emails = list(_EMAIL.finditer(mapped.text))
        urls = list(_URL.finditer(mapped.text))
        phone = _PHONE.match(mapped.text)
        if emails:
            facts += [_fact(FactField.EMAILS, m.group(), mapped.slice(m.start(), m.end()), source) for m in emails]
        elif urls:
            facts += [_fact(FactField.WEBSITES, m.group(), mapped.slice(m.start(), m.end()), source) for m in urls]
        elif phone:
            facts.append(_fact(FactField.PHONE, squash_spaces(phone.group("number")), mapped, source))
        elif (_POSTCODE.search(mapped.text) or _STREET.search(mapped.text) or _CARE_OF.match(mapped.text)
              or addressee or street or organisation):
            facts.append(_fact(FactField.ADDRESS, mapped.text, mapped, source))
        elif (first and position == 0 and not addressee and not re.search(r"\d|:", mapped.text)
              and len(mapped.text.split()) <= 5):
            facts.append(_fact(FactField.CONTACT_PERSON, mapped.text, mapped, source))
    return facts


def parse_free_text(text: str, source: str, sha256: str) -> FactSheet | None:
    """A page outside the template: paragraphs become description items.

    Returns None when there is too little prose to be a document about a network.
    The network it belongs to is decided when documents are merged.
    """
    lines = split_lines(text)
    blocks = _blocks(text, lines)
    language = detect_language(text, default="und")
    title: str | None = None
    heading: str | None = None  # the page's first block when short: its title if no block names a network
    opening = True
    after_first = False  # the block before was the page's first (its title or heading)
    description: list[Item] = []
    facts: list[Fact] = []
    # Blocks after a "Kontakt:" line are read as contact data until one has none.
    contact_blocks: int | None = None
    for block in blocks:
        mapped = _block_text(text, block, language)
        words = len(mapped.text.split())
        if contact_blocks is not None:
            found = _contact_facts(text, block, source, first=contact_blocks == 0)
            contact_blocks = contact_blocks + 1 if found else None
            facts += found
            if found:
                continue
        if _CONTACT_HEAD.match(mapped.text):
            contact_blocks = 0
            continue
        is_title = _NETWORK_WORD.search(mapped.text) and not _PARAGRAPH_END.search(mapped.text)
        if title is None and words <= 20 and is_title:
            title = mapped.text
            continue
        first, opening = opening, False
        second, after_first = after_first, first
        if first and words <= _MAX_HEADING_WORDS and not _SENTENCE_END.search(mapped.text):
            heading = mapped.text  # the page's first block, a name without a network word
            continue
        # The block right after the page's first, short and no sentence, is its subtitle ("Wie eine
        # Kleinstadt in Brandenburg Haltung zeigt"): a description item, words a reader asks in.
        subtitle = second and 3 <= words <= _MAX_SUBTITLE_WORDS and not _SENTENCE_END.search(mapped.text)
        if subtitle or (words >= 6 and (_PARAGRAPH_END.search(mapped.text) or words >= 25)):
            description.append(Item(text=mapped.text, span=_span(source, mapped)))
            facts += founding_claims(mapped, source, 2100)
            facts += member_claims(mapped, source)
            facts += [
                _fact(FactField.EMAILS, m.group(), mapped.slice(m.start(), m.end()), source)
                for m in _EMAIL.finditer(mapped.text)
            ]
    if sum(len(i.text.split()) for i in description) < MIN_FREE_TEXT_WORDS:
        return None
    title = title or heading
    names = SECTION_NAMES.get(language, SECTION_NAMES["en"])
    sections = [Section(kind=SectionKind.DESCRIPTION, label=title or names[SectionKind.DESCRIPTION], items=description)]
    general, contact = _fact_sections(facts, language)
    return FactSheet(
        source=source,
        kind="free_text",
        language=language,
        title=title,
        sha256=sha256,
        facts=facts,
        sections=[general, *sections, *contact] if general.items else [*sections, *contact],
    )


def parse_document(text: str, source: str, sha256: str = "") -> FactSheet | None:
    """Template sheet if the labels say so, else free text; None if neither."""
    return parse_fact_sheet(text, source, sha256) or parse_free_text(text, source, sha256)
