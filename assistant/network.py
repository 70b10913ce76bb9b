"""Network stage: the fact sheets of one network merged into one :class:`Network`.

Template sheets are grouped by their city (the English sheet and its Turkish
translation of Erfurt become one network, id ``erfurt``). Free-text pages join
the network whose name or city they mention most. Every merged fact keeps all
the documents that state it; where they disagree (Erfurt's sheet says founded
2004, its own description and the German page say 1999) the fact is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus import DEFAULT_MAX_BYTES, CorpusLoad, CorpusWarning, load_corpus
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
)
from assistant.parse import member_count
from assistant.text import fold, slugify

#: Document languages in order of preference for the value shown of a fact.
#: The compendium's master version is English.
PRIMARY_LANGUAGES = ("en", "de", "tr")

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


def _sheet_rank(sheet: FactSheet) -> tuple[int, int, str]:
    kind = 0 if sheet.kind == "sheet" else 1
    lang = PRIMARY_LANGUAGES.index(sheet.language) if sheet.language in PRIMARY_LANGUAGES else 9
    return (kind, lang, sheet.source)


def _city(sheet: FactSheet) -> str | None:
    fact = sheet.fact(FactField.LOCATION)
    return parse_location(fact.value).city if fact else None


def _group_key(sheet: FactSheet) -> str:
    city = _city(sheet)
    if city:
        return slugify(city)
    name = sheet.fact(FactField.NAME)
    return slugify(name.value if name else sheet.title or sheet.source)


@dataclass
class _Group:
    key: str
    sheets: list[FactSheet]

    @property
    def city(self) -> str | None:
        return next((c for s in self.sheets if (c := _city(s))), None)

    @property
    def names(self) -> list[str]:
        return [f.value for s in self.sheets for f in s.facts_of(FactField.NAME)] + [
            s.title for s in self.sheets if s.title
        ]


_NAME_STOP = frozenset(
    "netzwerk network für fur der die das des und and of the for integration ag agi "
    "good practice landeshauptstadt stadt city".split()
)


def name_tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"\w{3,}", fold(name)) if t not in _NAME_STOP}


def attribution_score(text: str, group: _Group) -> float:
    """How strongly a free text is about ``group``: 0 unless it names the network's
    city or its full name; then more for each mention and shared name word.

    Shared words alone are not enough: "Caritas" and "Diakonie" work in many towns.
    """
    folded = fold(text)
    city_mentions = 0
    if group.city:
        city_mentions = len(re.findall(rf"\b{re.escape(fold(group.city))}", folded))
    full_name = any(len(n) > 8 and fold(display_name(n)) in folded for n in group.names)
    if not city_mentions and not full_name:
        return 0.0
    network_words = set().union(*(name_tokens(n) for n in group.names)) if group.names else set()
    words = set(re.findall(r"\w{3,}", folded))
    return min(5, city_mentions) + (3 if full_name else 0) + 0.5 * len(network_words & words)


def group_sheets(sheets: Sequence[FactSheet]) -> tuple[list[_Group], list[CorpusWarning]]:
    groups: dict[str, _Group] = {}
    for sheet in sorted((s for s in sheets if s.kind == "sheet"), key=_sheet_rank):
        key = _group_key(sheet)
        group = groups.get(key)
        # Two sheets in the same language in one city are two networks.
        if group and any(s.language == sheet.language for s in group.sheets):
            name = sheet.fact(FactField.NAME)
            key = f"{key}-{slugify(name.value if name else sheet.source)}"[:60]
            group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(key, [])
        group.sheets.append(sheet)
    warnings: list[CorpusWarning] = []
    for text_doc in (s for s in sheets if s.kind == "free_text"):
        body = " ".join(i.text for sec in text_doc.sections for i in sec.items)
        body = f"{text_doc.title or ''} {body}"
        scored = sorted(((attribution_score(body, g), g.key) for g in groups.values()), reverse=True)
        if not scored or scored[0][0] < 1.0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            warnings.append(
                CorpusWarning(
                    text_doc.source,
                    "skipped: free text that names no known network or city",
                )
            )
            continue
        groups[scored[0][1]].sheets.append(text_doc)
    return list(groups.values()), warnings


def _merge_fact(field: FactField, sheets: Sequence[FactSheet]) -> NetworkFact | None:
    claims = [
        Claim(value=f.value, quote=f.quote, span=f.span, language=s.language)
        for s in sheets
        for f in s.facts_of(field)
    ]
    if not claims:
        return None
    compare = _COMPARABLE.get(field)
    conflict = False
    if compare is not None:
        distinct = {compare(c.value) for c in claims} - {None}
        conflict = len(distinct) > 1
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
    sheets = sorted(group.sheets, key=_sheet_rank)
    facts = {f: nf for f in FactField if (nf := _merge_fact(f, sheets)) is not None}
    quality = [issue for s in sheets for issue in s.issues]
    quality += [_conflict_issue(nf) for nf in facts.values() if nf.conflict]
    name_fact = facts.get(FactField.NAME)
    name = display_name(name_fact.value) if name_fact else (sheets[0].title or group.key)
    location = parse_location(facts[FactField.LOCATION].value if FactField.LOCATION in facts else None)
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


def load_networks(corpus_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedNetworks:
    """Corpus directory -> networks, with every warning met on the way."""
    load: CorpusLoad = load_corpus(Path(corpus_dir), max_bytes=max_bytes)
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
