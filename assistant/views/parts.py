"""The small views the app and the exports share: citations, facet marks and chips,
profile chips, fact rows, the network comparison, export file names.

A facet's agreement is a :class:`Mark` (a code); its glyph (✓ ≈ ✗ ⊘ ?) is chosen only
where text is made (:func:`glyph`, :attr:`FacetView.chip`), and the app colours by the
code, not by the glyph.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final

from assistant.chat import Quote
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.models import FACT_FIELD_IDS, FACT_ORDER, FactField, Network, SectionKind
from assistant.profile import SituationProfile, concept_label
from assistant.similarity import DEFAULT_WEIGHTS, FacetMatch, NetworkMatch
from assistant.ui_text import number, ui

__all__ = [
    "CellItem", "ComparisonRow", "FacetView", "FactRow", "Mark", "citation", "comparison_rows", "export_filename",
    "facet_views", "fact_rows", "glyph", "profile_chips", "quote_place", "section_name", "short_name",
]


def short_name(network: str, location: str) -> str:
    """The city for display ("Halberstadt"), else the network's name."""
    city = location.split(" / ")[0].strip() if location else ""
    return city or network


def section_name(section: str | SectionKind, lang: str) -> str:
    names = SECTION_NAMES.get(lang, SECTION_NAMES["en"])
    try:
        return names[SectionKind(section)]
    except ValueError:
        return str(section)


def quote_place(quote: Quote, lang: str) -> str:
    """Where a quote stands: the field a value is of ("Handlungsfelder": „Mobilität“ alone says
    nothing of what it is), else its section."""
    if quote.fact in FACT_FIELD_IDS:
        return FIELD_NAMES.get(lang, FIELD_NAMES["en"]).get(FactField(quote.fact), quote.fact or "")
    return section_name(quote.section, lang)


def citation(result: Quote, lang: str, *, offsets: bool = False) -> str:
    """ "Network · Section (or a value's field) · source.txt · EN" (plain text: escape it for Markdown or HTML)."""
    source = result.source
    if offsets:
        source = f"{source}, {ui('source_chars', lang, start=result.start, end=result.end)}"
    return " · ".join((result.network, quote_place(result, lang), source, result.language.upper()))


def export_filename(lang: str, suffix: str, when: datetime | None = None) -> str:
    """ "netzwerk-kompass-gespraech-2026-11-21-1530.md" """
    when = when or datetime.now()
    return f"{ui('export_file_stem', lang)}-{when.strftime('%Y-%m-%d-%H%M')}.{suffix.lstrip('.')}"


# --------------------------------------------------------------------------- facets


class Mark(StrEnum):
    """How a network's facet compares with the user's: the code the views decide on."""

    MATCH = "match"  # the same value
    # some of the user's values, a value close to it, or a challenge the sheet names as something
    # else ("Volunteers": a target group, not a stated challenge)
    PARTIAL = "partial"
    MISMATCH = "mismatch"  # nothing in common, nor named elsewhere in the sheet
    OFF = "off"  # the user switched the facet off (weight 0)
    UNKNOWN = "unknown"  # the sheet does not say


_GLYPHS: Final[Mapping[Mark, str]] = {
    Mark.MATCH: "✓", Mark.PARTIAL: "≈", Mark.MISMATCH: "✗", Mark.OFF: "⊘", Mark.UNKNOWN: "?",
}

#: Facets with one value on each side (the others are sets: target groups, fields, challenges).
_SINGLE: Final = frozenset({"size", "coordination", "formalisation"})
_MULTI: Final = frozenset({"target_groups", "fields_of_action", "challenges"})
_FACET_KEYS: Final = frozenset(f"facet_{f}" for f in DEFAULT_WEIGHTS)


def glyph(mark: Mark) -> str:
    """The sign a mark is shown with: ✓ ≈ ✗ ⊘ ?"""
    return _GLYPHS[mark]


def mark_of(similarity: float, weight: float, stated: bool = True, elsewhere: bool = False) -> Mark:
    """``elsewhere``: a value of the user's the sheet names under another facet (a challenge it gives as
    a target group): partial, not "nothing in common"."""
    if weight <= 0:
        return Mark.OFF
    if not stated:
        return Mark.UNKNOWN
    if similarity >= 0.999:
        return Mark.MATCH
    if similarity > 0 or elsewhere:
        return Mark.PARTIAL
    return Mark.MISMATCH


@dataclass(frozen=True)
class FacetView:
    """One facet of a network's similarity, ready to show: labels in the UI language, the
    mark as a code; :attr:`chip` and :attr:`short` render it as text."""

    facet: str
    label: str
    user: str  # the user's values, as labels
    network: str  # the network's values, as labels (or "not in the sheet")
    similarity: float
    weight: float
    mark: Mark
    similarity_text: str = ""  # the similarity as the UI language writes it ("0,84")
    shared: str = ""  # the user's values the network shares, as labels
    shared_count: int = 0
    user_count: int = 0
    network_stated: bool = False  # the sheet gives a value for the facet
    #: The user's values the sheet names under another facet, each with where ("Volunteers: target group,
    #: not a stated challenge"; :func:`assistant.similarity.named_elsewhere`), as (label, where) pairs.
    elsewhere: tuple[tuple[str, str], ...] = ()
    quote: str | None = None
    source: str | None = None

    @property
    def off(self) -> bool:
        return self.mark is Mark.OFF

    @property
    def chip(self) -> str:
        """ "Small town ✓", "Informal ✗ (Formal)", "Refugees ≈ (1/2)", "Text similarity 0.84"."""
        sign = glyph(self.mark)
        if self.facet == "text":
            return f"{self.label} {self.similarity_text}" + (f" {sign}" if self.mark is Mark.OFF else "")
        if self.facet in _SINGLE:
            if self.mark is Mark.MISMATCH and self.network_stated:
                return f"{self.user} {sign} ({self.network})"
            return f"{self.user} {sign}"
        if self.mark in (Mark.MATCH, Mark.OFF):
            return f"{self.user} {sign}"
        if self.shared_count:
            return f"{self.shared} {glyph(Mark.PARTIAL)} ({self.shared_count}/{self.user_count})"
        if self.elsewhere and self.mark is Mark.PARTIAL:
            return ", ".join(f"{label} {sign} ({where})" for label, where in self.elsewhere)
        return f"{self.user} {sign}"

    @property
    def short(self) -> str:
        """A compact chip for narrow cards: "Small town ✗", "Target groups 1/2 ≈"."""
        if self.facet in _SINGLE:
            return f"{self.user} {glyph(self.mark)}"
        if self.facet in _MULTI and self.user_count > 1:
            return f"{self.label} {self.shared_count}/{self.user_count} {glyph(self.mark)}"
        return self.chip


def _values(values: Sequence[str], lang: str) -> str:
    return ", ".join(concept_label(v, lang) for v in values)


def _facet_view(facet: FacetMatch, lang: str, weight: float) -> FacetView:
    key = f"facet_{facet.facet}"
    shared = [v for v in facet.user if v in facet.network]
    elsewhere = tuple((concept_label(value, lang), ui(f"named_as_{where}", lang))
                      for value, where in facet.elsewhere.items())
    # What the sheet has of the user's values: those it shares, then where it names the others.
    has = [_values(facet.network, lang)] if facet.network else []
    has += [f"{label}: {where}" for label, where in elsewhere]
    return FacetView(
        facet=facet.facet, label=ui(key, lang) if key in _FACET_KEYS else facet.facet,
        user=_values(facet.user, lang),
        network="; ".join(has) or ui("not_in_sheet", lang),
        similarity=facet.similarity, weight=weight,
        mark=mark_of(facet.similarity, weight, facet.stated, bool(elsewhere)),
        similarity_text=number(facet.similarity, lang), shared=_values(shared, lang), shared_count=len(shared),
        user_count=len(facet.user), network_stated=bool(facet.network), elsewhere=elsewhere,
        quote=facet.quote, source=facet.source,
    )


def facet_views(match: NetworkMatch, lang: str, weights: Mapping[str, float] | None = None) -> list[FacetView]:
    """The facet breakdown of a network match: "small town ✓", "informal ✗ (formal)", "text 0.84"."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    return [_facet_view(facet, lang, float(weights.get(facet.facet, 0.0))) for facet in match.facets]


def profile_chips(profile: SituationProfile, lang: str) -> list[str]:
    """The recognised situation as labels ("Small town", "Refugees", ...)."""
    values = [profile.size, profile.coordination, profile.formalisation,
              *profile.challenges, *profile.target_groups, *profile.fields_of_action]
    return list(dict.fromkeys(concept_label(v, lang) for v in values if v))


# --------------------------------------------------------------------------- network facts


@dataclass(frozen=True)
class FactRow:
    field: str
    value: str
    source: str
    language: str
    flag: str
    start: int = 0
    end: int = 0
    fact: str = ""  # the FactField value (e.g. "websites"), for fact_markdown


def fact_rows(network: Network, lang: str) -> list[FactRow]:
    """Every parsed general fact, one row per claim (verbatim quote, source span, conflict flag)."""
    names = FIELD_NAMES.get(lang, FIELD_NAMES["en"])
    rows = []
    order = [*FACT_ORDER, *(f for f in network.facts if f not in FACT_ORDER)]
    for fact_field in order:
        fact = network.facts.get(fact_field)
        if not fact:
            continue
        flag = ui("conflict_flag", lang) if fact.conflict else ""
        seen: set[tuple[str, str, int]] = set()
        for claim in fact.claims:
            key = (claim.quote, claim.span.source, claim.span.start)
            if key in seen:
                continue
            seen.add(key)
            rows.append(FactRow(
                field=names.get(fact_field, fact_field.value),
                value=claim.quote,
                source=claim.span.source,
                language=claim.language.upper(),
                flag=flag,
                start=claim.span.start,
                end=claim.span.end,
                fact=fact_field.value,
            ))
    return rows


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class CellItem:
    text: str
    source: str
    language: str
    flag: str = ""


@dataclass
class ComparisonRow:
    key: str
    label: str
    cells: list[list[CellItem]] = field(default_factory=list)


def _claims_in(network: Network, fact_field: FactField, lang: str) -> list[CellItem]:
    """A fact's claims from one sheet (the UI language's translation if there is one, else
    the original) and from every free-text page, which is a source of its own ("Circa 80"
    on the sheet, "über 60 Akteure" on the German page)."""
    fact = network.facts.get(fact_field)
    if not fact:
        return []
    free = {d.source for d in network.documents if d.kind != "sheet"}
    sheets = [c.span.source for c in fact.claims if c.span.source not in free]
    preferred = next((c.span.source for c in fact.claims if c.language == lang and c.span.source in sheets),
                     sheets[0] if sheets else None)
    flag = ui("conflict_flag", lang) if fact.conflict else ""
    items: dict[str, CellItem] = {}
    for claim in fact.claims:
        if claim.span.source == preferred or claim.span.source in free:
            items.setdefault(claim.quote, CellItem(claim.quote, claim.span.source, claim.language, flag))
    return list(items.values())


def _founding(network: Network, lang: str) -> list[CellItem]:
    fact = network.facts.get(FactField.FOUNDING_YEAR)
    if not fact:
        return []
    flag = ui("conflict_flag", lang) if fact.conflict else ""
    by_value: dict[str, list[str]] = {}
    for claim in fact.claims:
        sources = by_value.setdefault(claim.value, [])
        if claim.span.source not in sources:
            sources.append(claim.span.source)
    return [CellItem(value, ", ".join(sources), "", flag) for value, sources in by_value.items()]


def _section_items(network: Network, kind: SectionKind, lang: str) -> list[CellItem]:
    sections = network.sections_of(kind)
    if not sections:
        return []
    chosen = next((s for s in sections if s.language == lang), sections[0])
    return [CellItem(i.text, chosen.source, chosen.language) for i in chosen.items]


_COMPARISON: tuple[tuple[str, str, Callable[[Network, str], list[CellItem]]], ...] = (
    ("founding", "row_founding", lambda n, lang: _founding(n, lang)),
    ("coordination", "row_coordination", lambda n, lang: _claims_in(n, FactField.COORDINATING_ORGANISATION, lang)),
    ("formalisation", "row_formalisation",
     lambda n, lang: _claims_in(n, FactField.FORMALISATION, lang) + _claims_in(n, FactField.NETWORK_TYPE, lang)),
    ("members", "row_members", lambda n, lang: _claims_in(n, FactField.MEMBERS, lang)),
    ("fields", "row_fields", lambda n, lang: _claims_in(n, FactField.FIELDS_OF_ACTION, lang)),
    ("groups", "row_groups", lambda n, lang: _claims_in(n, FactField.TARGET_GROUPS, lang)),
    ("resources", "row_resources", lambda n, lang: _section_items(n, SectionKind.RESOURCES, lang)),
    ("success", "row_success", lambda n, lang: _section_items(n, SectionKind.SUCCESS_FACTORS, lang)),
    ("challenges", "row_challenges", lambda n, lang: _section_items(n, SectionKind.CHALLENGES, lang)),
)


def comparison_rows(networks: Sequence[Network], lang: str) -> list[ComparisonRow]:
    """Side by side: one row per aspect, one cell (a list of verbatim items) per network."""
    return [
        ComparisonRow(key=key, label=ui(label_key, lang), cells=[getter(n, lang) for n in networks])
        for key, label_key, getter in _COMPARISON
    ]
