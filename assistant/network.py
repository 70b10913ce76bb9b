"""Network stage: the documents of one network merged into one :class:`Network`.

Which network a document belongs to is read from what it says, never from its
file name or the order of files:

* Template sheets are grouped by city, then by the network name they claim
  (normalised; a bracketed translation dropped): the English sheet and its Turkish
  translation of Erfurt keep the German name and become one network, ``erfurt``.
  A second network in the same city ("Migrantenbeirat der Stadt Erfurt") is a
  second network, ``erfurt-migrantenbeirat``; a translation under a translated
  name joins the network whose addresses (web, e-mail, phone) it shares and whose
  facts it does not contradict. The oldest network of a city keeps the plain id.
* Free-text pages join the network they name best (city, full name, the words of
  its name no other candidate has, shared addresses and founding year); a page
  that names two networks equally is kept as a network of its own, with a warning.
* Every merged fact keeps all the documents that state it; where they disagree
  (Erfurt's sheet says founded 2004, its own description and the German page say
  1999; a second sheet under Erfurt's name with another coordinator) the fact is
  flagged. The document that speaks first is the one the others agree with most,
  so a sheet claiming an existing network's name cannot take it over."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus import CorpusLoad, CorpusWarning, load_corpus
from assistant.languages import BY_PRIORITY, words
from assistant.models import (
    Claim,
    DataIssue,
    DocumentRef,
    FactField,
    FactSheet,
    IssueCode,
    Location,
    Network,
    NetworkFact,
    NetworkItem,
    NetworkSection,
    SourceSpan,
)
from assistant.parse import member_count
from assistant.settings import DEFAULT_MAX_FILE_BYTES
from assistant.text import fold, slugify

#: Document languages in order of preference for the value shown of a fact.
#: The compendium's master version is English.
# A network's sheets in these languages come first, in this order (from the language files).
PRIMARY_LANGUAGES = BY_PRIORITY

#: Fields whose values are comparable across languages, and how to compare them.
_COMPARABLE: dict[FactField, Callable[[str], object]] = {
    FactField.FOUNDING_YEAR: lambda value: value,
    FactField.MEMBERS: member_count,
}


def parse_location(value: str | None) -> Location:
    """ "Erfurt / Thuringia / Germany" -> city, state, country."""
    if not value:
        return Location()
    parts = [p.strip() for p in value.split("/") if p.strip()]
    parts += [None] * (3 - len(parts))  # type: ignore[list-item]
    return Location(city=parts[0], state=parts[1], country=parts[2])


def display_name(name: str) -> str:
    """Drop a trailing remark or translation in brackets: "X (no official name)" -> "X"."""
    stripped = re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()
    return stripped or name


def _city(sheet: FactSheet) -> str | None:
    fact = sheet.fact(FactField.LOCATION)
    return parse_location(fact.value).city if fact else None


def _city_key(sheet: FactSheet) -> str:
    """The partition a sheet's network is looked for in: its city, else its name or title."""
    city = _city(sheet)
    if city:
        return slugify(city)
    name = sheet.fact(FactField.NAME)
    return slugify(name.value if name else sheet.title or "") or f"network-{sheet.sha256[:8]}"


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", fold(text)))


def _name_key(sheet: FactSheet) -> str | None:
    """The network name a sheet claims, normalised (a bracketed translation dropped)."""
    name = sheet.fact(FactField.NAME)
    if name is None:
        return None
    return " ".join(re.findall(r"\w+", fold(display_name(name.value)))) or None


# --------------------------------------------------------------------------- comparing facts


def _web(value: str) -> str:
    address = re.sub(r"^[a-z]+://", "", fold(value).strip())
    address = re.sub(r"^www\.", "", address)
    return re.sub(r"(/index\.html?)?/*$", "", address)


def _text(value: str) -> str:
    return " ".join(re.findall(r"\w+", fold(value)))


#: How each field's values are compared (language-free fields by what they denote).
_NORMALISE: dict[FactField, Callable[[str], object]] = {
    FactField.FOUNDING_YEAR: lambda value: value,
    FactField.MEMBERS: member_count,
    FactField.WEBSITES: _web,
    FactField.EMAILS: lambda value: fold(value).strip(),
    FactField.PHONE: lambda value: re.sub(r"\D", "", value) or None,
}
#: Fields that mean the same in any language: compared between documents of
#: different languages too (texts of other fields are translations of each other).
_LANGUAGE_FREE = (FactField.WEBSITES, FactField.EMAILS, FactField.PHONE)


def _values(sheet: FactSheet, field: FactField) -> frozenset[object]:
    normalise = _NORMALISE.get(field, _text)
    return frozenset(v for f in sheet.facts_of(field) if (v := normalise(f.value)) is not None and v != "")


def _organisation_words(value: object, city: str | None) -> set[str]:
    return _words(str(value)) - _NAME_STOP - (_words(city) if city else set())


def _agreement(field: FactField, a: FactSheet, b: FactSheet) -> bool | None:
    """Whether two documents of one network agree on ``field``: True, False (they
    contradict each other), or None (not comparable: missing, or a translated text)."""
    left, right = _values(a, field), _values(b, field)
    if not left or not right:
        return None
    if field in _COMPARABLE:  # numbers: comparable in any document
        return bool(left & right)
    if a.kind != "sheet" or b.kind != "sheet":
        return None  # free text words things its own way
    if a.language == b.language or field in _LANGUAGE_FREE:
        return left == right
    if field is FactField.COORDINATING_ORGANISATION and _name_key(a) == _name_key(b):
        # A translation that keeps the network's own name keeps its organisations'
        # names too (IB Mitte gGmbH): they share two name words. (Under a translated
        # name, organisations may be translated too, and are not compared.)
        city = _city(a)
        shared = {w for v in left for w in _organisation_words(v, city)} & {
            w for v in right for w in _organisation_words(v, city)}
        return len(shared) >= 2
    return None


def _support(sheet: FactSheet, others: Sequence[FactSheet]) -> int:
    """Agreements minus contradictions of ``sheet`` with the other documents of its network."""
    score = 0
    for other in others:
        if other is sheet:
            continue
        for field in FactField:
            agreed = _agreement(field, sheet, other)
            if agreed is not None:
                score += 1 if agreed else -1
    return score


def _sheet_rank(sheet: FactSheet, others: Sequence[FactSheet]) -> tuple[int, int, int, str]:
    """Which document of a network speaks first: a template sheet, the one the other
    documents agree with most, then the preferred language. Never the file name: a
    sheet named ``aaa.en.txt`` does not take over a network by sorting first."""
    kind = 0 if sheet.kind == "sheet" else 1
    lang = PRIMARY_LANGUAGES.index(sheet.language) if sheet.language in PRIMARY_LANGUAGES else 9
    return (kind, -_support(sheet, others), lang, sheet.sha256)


def _ranked(sheets: Sequence[FactSheet]) -> list[FactSheet]:
    return sorted(sheets, key=lambda sheet: _sheet_rank(sheet, sheets))


def _translation_match(a: FactSheet, b: FactSheet) -> bool:
    """Two sheets in different languages under different names say the same: they
    share an address (web, e-mail, phone) and contradict each other on nothing."""
    verdicts = [_agreement(f, a, b) for f in FactField]
    shared_address = any(_agreement(f, a, b) for f in _LANGUAGE_FREE)
    return shared_address and False not in verdicts


# --------------------------------------------------------------------------- grouping


@dataclass
class _Group:
    key: str
    sheets: list[FactSheet]
    #: The city of a page kept as a network of its own (it states none itself).
    fallback_city: str | None = None

    @property
    def city(self) -> str | None:
        return next((c for s in self.sheets if (c := _city(s))), self.fallback_city)

    @property
    def names(self) -> list[str]:
        return [f.value for s in self.sheets for f in s.facts_of(FactField.NAME)] + [
            s.title for s in self.sheets if s.title
        ]

    def named(self) -> _Named:
        """The group's city and names, folded (a free text is checked against every group:
        computed once per group, not once per text and group). Computed again only when
        the group's documents change (a free text joins it)."""
        key = (tuple(map(id, self.sheets)), self.fallback_city)  # the documents are alive while grouped
        cached: tuple[object, _Named] | None = getattr(self, "_named", None)
        if cached is None or cached[0] != key:
            city, names = self.city, self.names
            cached = (key, _Named(fold(city) if city else "", names, [fold(display_name(n)) for n in names]))
            self._named = cached
        return cached[1]


@dataclass(frozen=True)
class _Named:
    """What attributing a free text reads of a group (see :meth:`_Group.named`)."""

    city: str  # folded; "" without a city
    names: list[str]
    folded_names: list[str]

    @functools.cached_property
    def words(self) -> set[str]:
        """Name words that are not generic (:func:`name_tokens`): read only of a group a text names."""
        return set().union(*(name_tokens(n) for n in self.names))


_NAME_STOP = frozenset(fold(w) for w in words("name_stopwords"))


def name_tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"\w{3,}", fold(name)) if t not in _NAME_STOP}


@functools.lru_cache(maxsize=16)
def _folded(text: str) -> str:
    return fold(text)


def attribution_score(text: str, group: _Group) -> float:
    """How strongly a free text is about ``group``: 0 unless it names the network's
    city or its full name; then more for each mention and shared name word.

    Shared words alone are not enough: "Caritas" and "Diakonie" work in many towns.
    """
    folded = _folded(text)  # one text is scored against every network: folded once
    named = group.named()
    city = named.city
    city_mentions = 0
    if city and city in folded:  # the substring test first: most networks are not named at all
        city_mentions = len(re.findall(rf"\b{re.escape(city)}", folded))
    full_name = any(len(n) > 8 and folded_name in folded
                    for n, folded_name in zip(named.names, named.folded_names, strict=True))
    if not city_mentions and not full_name:
        return 0.0
    words = set(re.findall(r"\w{3,}", folded))
    return min(5, city_mentions) + (3 if full_name else 0) + 0.5 * len(named.words & words)


def _cluster(sheets: Sequence[FactSheet]) -> list[list[FactSheet]]:
    """The sheets of one city, as networks: one name is one network (whatever the
    language: translations keep the original name); a sheet under another name joins
    a network in another language whose addresses it shares (a translated name);
    a sheet without a name joins the network it matches, or the only one there is."""
    parent = list(range(len(sheets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    names = [_name_key(s) for s in sheets]
    for i, j in itertools.combinations(range(len(sheets)), 2):
        a, b = sheets[i], sheets[j]
        same_name = names[i] is not None and names[i] == names[j]
        translated = a.language != b.language and names[i] != names[j] and _translation_match(a, b)
        if same_name or translated:
            parent[root(i)] = root(j)
    clusters: dict[int, list[FactSheet]] = {}
    for i, sheet in enumerate(sheets):
        clusters.setdefault(root(i), []).append(sheet)
    named = [c for c in clusters.values() if any(_name_key(s) for s in c)]
    for cluster in [c for c in clusters.values() if not any(_name_key(s) for s in c)]:
        if len(named) == 1:
            named[0].extend(cluster)
        else:
            named.append(cluster)
    return named


def _cluster_rank(sheets: Sequence[FactSheet]) -> tuple[int, int, int, str]:
    """Which network of a city keeps the plain city id: the oldest (a network added
    to the corpus later is mostly a younger one, so ids stay as they were), then the
    one with most documents and languages, then by name; never by file name or order."""
    years = [int(str(v)) for s in sheets for v in _values(s, FactField.FOUNDING_YEAR) if str(v).isdigit()]
    return (min(years, default=9999), -len(sheets), -len({s.language for s in sheets}),
            min(_name_key(s) or "~" for s in sheets))


def _page_name(sheets: Sequence[FactSheet]) -> str:
    """What a network is called: its name fact, else a title, else a page's first words."""
    name = next((display_name(f.value) for s in sheets for f in s.facts_of(FactField.NAME)), None)
    name = name or next((s.title for s in sheets if s.title), None)
    if name:
        return name
    first = next((i.text for s in sheets for sec in s.sections for i in sec.items), "")
    cut = first if len(first) <= 60 else first[:60].rsplit(" ", 1)[0] + " …"
    return cut or sheets[0].sha256[:8]


def _network_key(city_key: str, sheets: Sequence[FactSheet], taken: set[str]) -> str:
    """``erfurt-migrantenbeirat`` for a second network in Erfurt: the city and the
    words of its name that are neither the city nor generic."""
    name = _page_name(sheets)
    words = [w for w in slugify(name).split("-") if w and w not in set(city_key.split("-")) | _NAME_STOP]
    base = f"{city_key}-{'-'.join(words) or slugify(name) or sheets[0].sha256[:8]}"[:60].rstrip("-")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _distinct_sheets(sheets: Sequence[FactSheet]) -> tuple[list[FactSheet], list[CorpusWarning]]:
    """One of each content: a file copied under a second name ("Kopie von …") is
    skipped, named; the shortest name is kept."""
    kept: dict[str, FactSheet] = {}
    warnings: list[CorpusWarning] = []
    for sheet in sorted(sheets, key=lambda s: (len(s.source), s.source)):
        first = kept.setdefault(sheet.sha256, sheet)
        if first is not sheet:
            warnings.append(CorpusWarning(sheet.source, f"skipped: same content as {first.source}"))
    return list(kept.values()), warnings


#: Words that tell no network name from another ("für" in "Netzwerk für Integration").
_FUNCTION_WORDS = frozenset("für fur der die das des den dem und and of the for von vom mit with ile".split())
_Address = tuple[FactField, object]
#: What a free text and a network's sheets can share besides names.
_EVIDENCE = (*_LANGUAGE_FREE, FactField.FOUNDING_YEAR)


def _evidence(sheet: FactSheet) -> set[_Address]:
    return {(f, v) for f in _EVIDENCE for v in _values(sheet, f)}


def _attribute(
    text_doc: FactSheet, groups: Sequence[_Group], by_address: dict[_Address, list[int]],
) -> tuple[list[_Group], float]:
    """The networks a free text names best (several on a tie) and their score.

    A network is a candidate when the text names its city or full name, or shares one
    of its addresses (web, e-mail, phone). Among candidates, addresses and founding
    years it shares, and words of a network's names that no other candidate's names
    have, tell two networks of one city apart.
    """
    body = " ".join(i.text for sec in text_doc.sections for i in sec.items)
    body = f"{text_doc.title or ''} {body}"
    evidence = _evidence(text_doc)
    sharing = {i for address in evidence if address[0] in _LANGUAGE_FREE for i in by_address.get(address, [])}
    candidates: list[tuple[_Group, float]] = []
    for i, group in enumerate(groups):
        score = attribution_score(body, group)
        if score > 0 or i in sharing:
            shared = sum(len(evidence & _evidence(s)) for s in group.sheets)
            candidates.append((group, max(score, 1.0) + shared))
    words = _words(body)
    scored = []
    for group, score in candidates:
        own = set().union(*(_words(n) for n in group.names)) - _FUNCTION_WORDS
        others = set().union(*(_words(n) for g, _ in candidates if g is not group for n in g.names))
        scored.append((score + 0.5 * len((own - others) & words), group))
    if not scored:
        return [], 0.0
    best = max(score for score, _ in scored)
    return [g for score, g in scored if score == best], best


def sheet_head(sheet: FactSheet) -> FactSheet:
    """What :func:`group_sheets` reads of a document, and no more: all of a free text
    (its body is matched against the networks), of a template sheet its facts, title and
    first item (a page name of last resort). An index keeps the heads of its documents,
    so a rebuild groups 10,000 documents without parsing one that did not change.
    Grouping the heads gives the groups of grouping the documents."""
    if sheet.kind != "sheet":
        return sheet.model_copy(update={"issues": []})
    first = next(([section.model_copy(update={"items": section.items[:1]})]
                  for section in sheet.sections if section.items), [])
    # Grouping compares values; quotes and spans are what merging cites (from the whole sheet).
    facts = [f.model_copy(update={"quote": "", "span": _NOWHERE}) for f in sheet.facts]
    return sheet.model_copy(update={"sections": first, "facts": facts, "issues": []})


_NOWHERE = SourceSpan(source="", start=0, end=0)


def group_sheets(sheets: Sequence[FactSheet]) -> tuple[list[_Group], list[CorpusWarning]]:
    """Documents -> networks: sheets by city, then by the network name they claim
    (see :func:`_cluster`); then each free text to the network it names best."""
    distinct, warnings = _distinct_sheets(sheets)
    by_city: dict[str, list[FactSheet]] = {}
    for sheet in sorted((s for s in distinct if s.kind == "sheet"), key=lambda s: s.sha256):
        by_city.setdefault(_city_key(sheet), []).append(sheet)
    groups: list[_Group] = []
    taken = set(by_city)
    for city_key, city_sheets in sorted(by_city.items()):
        if len(city_sheets) == 1:  # one sheet is one network (what clustering and ranking give it)
            groups.append(_Group(city_key, list(city_sheets)))
            continue
        for rank, cluster in enumerate(sorted(_cluster(city_sheets), key=_cluster_rank)):
            cluster = _ranked(cluster)
            key = city_key if rank == 0 else _network_key(city_key, cluster, taken)
            taken.add(key)
            groups.append(_Group(key, cluster))
    by_address: dict[_Address, list[int]] = {}
    for i, group in enumerate(groups):
        for address in set().union(*(_evidence(s) for s in group.sheets)):
            by_address.setdefault(address, []).append(i)
    own: list[_Group] = []
    for text_doc in sorted((s for s in distinct if s.kind == "free_text"), key=lambda s: s.sha256):
        best, score = _attribute(text_doc, groups, by_address)
        if not best or score < 1.0:
            warnings.append(CorpusWarning(text_doc.source, "skipped: free text that names no known network or city"))
        elif len(best) == 1:
            best[0].sheets.append(text_doc)
        else:
            # A tie is not resolved by guessing: the page becomes a network of its own.
            names = " and ".join(sorted(g.key for g in best))
            city = best[0].city if len({g.city for g in best}) == 1 else None
            key = _network_key(slugify(city) if city else "text", [text_doc], taken)
            taken.add(key)
            own.append(_Group(key, [text_doc], fallback_city=city))
            warnings.append(CorpusWarning(
                text_doc.source, f"free text names {names} equally; kept as a network of its own ({key})"))
    return groups + own, warnings


def _merge_fact(field: FactField, sheets: Sequence[FactSheet]) -> NetworkFact | None:
    claims = [
        Claim(value=f.value, quote=f.quote, span=f.span, language=s.language)
        for s in sheets
        for f in s.facts_of(field)
    ]
    if not claims:
        return None
    if field in _COMPARABLE:  # one document may contradict itself (Erfurt: 2004 and 1999)
        conflict = len({_COMPARABLE[field](c.value) for c in claims} - {None}) > 1
    else:
        conflict = any(_agreement(field, a, b) is False for a, b in itertools.combinations(sheets, 2))
    return NetworkFact(field=field, value=claims[0].value, claims=claims, conflict=conflict)


def _conflict_issue(fact: NetworkFact) -> DataIssue:
    by_value: dict[str, list[str]] = {}
    for claim in fact.claims:
        by_value.setdefault(claim.value, []).append(claim.span.source)
    described = "; ".join(
        f"{value} ({', '.join(sorted(set(sources)))})" for value, sources in by_value.items()
    )
    return DataIssue(
        code=IssueCode.CONFLICT,
        field=fact.field.value,
        value=" vs ".join(by_value),
        reason=f"sources disagree: {described}",
        source=fact.claims[0].span.source,
    )


def merge_network(group: _Group) -> Network:
    sheets = _ranked(group.sheets)
    facts = {f: nf for f in FactField if (nf := _merge_fact(f, sheets)) is not None}
    quality = [issue for s in sheets for issue in s.issues]
    quality += [_conflict_issue(nf) for nf in facts.values() if nf.conflict]
    name_fact = facts.get(FactField.NAME)
    name = display_name(name_fact.value) if name_fact else _page_name(sheets)
    location = parse_location(facts[FactField.LOCATION].value if FactField.LOCATION in facts else None)
    if location.city is None and group.fallback_city:
        location = Location(city=group.fallback_city)
    year = facts.get(FactField.FOUNDING_YEAR)
    sections = [
        NetworkSection(
            kind=section.kind,
            source=sheet.source,
            language=sheet.language,
            label=section.label,
            items=[
                NetworkItem(text=i.text, span=i.span, language=sheet.language, label=i.label)
                for i in section.items
            ],
        )
        for sheet in sheets
        for section in sheet.sections
    ]
    return Network(
        id=group.key,
        name=name,
        location=location,
        founding_year=int(year.value) if year else None,
        languages=sorted({s.language for s in sheets}, key=lambda lang: (lang not in PRIMARY_LANGUAGES, lang)),
        documents=[
            DocumentRef(source=s.source, kind=s.kind, language=s.language, title=s.title, sha256=s.sha256)
            for s in sheets
        ],
        facts=facts,
        sections=sections,
        quality=quality,
    )


def build_networks(sheets: Sequence[FactSheet]) -> tuple[list[Network], list[CorpusWarning]]:
    """Merge parsed documents into networks, sorted by id."""
    groups, warnings = group_sheets(sheets)
    networks = sorted((merge_network(g) for g in groups), key=lambda n: n.id)
    return networks, warnings


@dataclass(frozen=True)
class LoadedNetworks:
    networks: list[Network]
    warnings: list[CorpusWarning]
    hashes: dict[str, str]


def load_networks(
    corpus_dir: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, follow_links: bool = False,
) -> LoadedNetworks:
    """Corpus directory -> networks, with every warning met on the way."""
    load: CorpusLoad = load_corpus(Path(corpus_dir), max_bytes=max_bytes, follow_links=follow_links)
    networks, warnings = build_networks(load.sheets)
    return LoadedNetworks(networks, load.warnings + warnings, load.hashes)


def find_network(networks: Sequence[Network], query: str) -> Network | None:
    """A network by id, city or name (case- and accent-insensitive)."""
    key = slugify(query)
    for network in networks:
        if key in (network.id, slugify(network.name), slugify(network.location.city or "")):
            return network
    matches = [n for n in networks if key and key in slugify(n.name)]
    return matches[0] if len(matches) == 1 else None


_LIST_FIELDS = (FactField.FIELDS_OF_ACTION, FactField.TARGET_GROUPS, FactField.WEBSITES, FactField.EMAILS)
_SCALAR_FIELDS = (
    FactField.STATUS_DATE,
    FactField.COORDINATING_ORGANISATION,
    FactField.FORMALISATION,
    FactField.MEMBERS,
    FactField.NETWORK_TYPE,
)


def primary_values(network: Network, field: FactField) -> list[str]:
    """A list field's values from the network's primary document (no translations mixed in)."""
    fact = network.facts.get(field)
    if not fact:
        return []
    primary = fact.claims[0].span.source
    values: dict[str, None] = {}
    for claim in fact.claims:
        if claim.span.source == primary or field in (FactField.WEBSITES, FactField.EMAILS):
            values.setdefault(claim.value, None)
    return list(values)


def network_to_json(network: Network) -> dict[str, Any]:
    """The public JSON shape of ``assistant networks --json`` and ``assistant show --json``."""
    data: dict[str, Any] = {
        "id": network.id,
        "name": network.name,
        "location": network.location.model_dump(),
        "founding_year": network.founding_year,
    }
    for field in _SCALAR_FIELDS:
        data[field.value] = network.fact_value(field)
    for field in _LIST_FIELDS:
        data[field.value] = primary_values(network, field)
    data["languages"] = network.languages
    data["documents"] = [d.model_dump(mode="json") for d in network.documents]
    data["facts"] = {
        field.value: fact.model_dump(mode="json") for field, fact in network.facts.items()
    }
    data["sections"] = [s.model_dump(mode="json") for s in network.sections]
    data["quality"] = [q.model_dump(mode="json") for q in network.quality]
    return data
