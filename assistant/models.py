"""Pydantic models at the pipeline's boundaries.

corpus file --parse--> FactSheet --merge--> Network --index--> Unit --retrieve--> Hit

Every value that reaches a user carries a :class:`SourceSpan`: the corpus-relative
path of the document and the character offsets of the verbatim text it came from.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class SectionKind(StrEnum):
    """The sections of the Good Practice template (and of the CLI's JSON contract)."""

    GENERAL = "general"
    DESCRIPTION = "description"
    RESOURCES = "resources"
    INTERNAL_COMMUNICATION = "internal_communication"
    EXTERNAL_COMMUNICATION = "external_communication"
    SUCCESS_FACTORS = "success_factors"
    CHALLENGES = "challenges"
    EVALUATION = "evaluation"
    IMPACT = "impact"
    CONTACT = "contact"


class FactField(StrEnum):
    """Single-valued or list-valued general fields of a fact sheet."""

    NAME = "name"
    STATUS_DATE = "status_date"
    FOUNDING_YEAR = "founding_year"
    LOCATION = "location"
    COORDINATING_ORGANISATION = "coordinating_organisation"
    FORMALISATION = "formalisation"
    MEMBERS = "members"
    FIELDS_OF_ACTION = "fields_of_action"
    TARGET_GROUPS = "target_groups"
    NETWORK_TYPE = "network_type"
    WEBSITES = "websites"
    EMAILS = "emails"
    PHONE = "phone"
    CONTACT_PERSON = "contact_person"
    ADDRESS = "address"


#: The fields' ids: a unit's ``label`` in a sheet's general section is one (the row it stands in).
FACT_FIELD_IDS: frozenset[str] = frozenset(f.value for f in FactField)


class LabelKey(StrEnum):
    """What a labelled row holds: a general fact, a section, or document metadata."""

    TITLE = "title"
    STATUS_DATE = "status_date"
    NAME = "name"
    FOUNDING_YEAR = "founding_year"
    LOCATION = "location"
    COORDINATING_ORGANISATION = "coordinating_organisation"
    FORMALISATION = "formalisation"
    MEMBERS = "members"
    FIELDS_OF_ACTION = "fields_of_action"
    TARGET_GROUPS = "target_groups"
    NETWORK_TYPE = "network_type"
    DESCRIPTION = "description"
    RESOURCES = "resources"
    INTERNAL_COMMUNICATION = "internal_communication"
    EXTERNAL_COMMUNICATION = "external_communication"
    SUCCESS_FACTORS = "success_factors"
    CHALLENGES = "challenges"
    EVALUATION = "evaluation"
    IMPACT = "impact"
    WEBSITES = "websites"
    EMAILS = "emails"
    PHONE = "phone"  # not in the template: a row networks add ("Telefon\t04851 123450")


#: The order general facts are shown in (profiles in the app, the CLI, the handout).
FACT_ORDER: tuple[FactField, ...] = (
    FactField.NAME,
    FactField.STATUS_DATE,
    FactField.FOUNDING_YEAR,
    FactField.LOCATION,
    FactField.COORDINATING_ORGANISATION,
    FactField.FORMALISATION,
    FactField.NETWORK_TYPE,
    FactField.MEMBERS,
    FactField.FIELDS_OF_ACTION,
    FactField.TARGET_GROUPS,
    FactField.WEBSITES,
    FactField.EMAILS,
    FactField.PHONE,
    FactField.CONTACT_PERSON,
    FactField.ADDRESS,
)


DocumentKind = Literal["sheet", "free_text"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceSpan(_Frozen):
    """Where a value stands in its source: ``text[start:end]`` of the decoded document."""

    source: str = Field(description="Corpus-relative path of the document, e.g. 'erfurt.en.txt'.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    gaps: tuple[tuple[int, int], ...] = Field(
        default=(),
        description="Stretches inside start..end that are not part of the quote: the second line "
        "of a row label split over two lines, which an entry runs across ('External Communication "
        "& Event' / 'formats'). start..end stays the stretch to cite and highlight.",
    )

    @model_validator(mode="after")
    def _gaps_inside(self) -> SourceSpan:
        bound = self.start
        for gap_start, gap_end in self.gaps:
            if not bound < gap_start < gap_end < self.end:
                raise ValueError(f"gap {gap_start}-{gap_end} is not inside {self.start}-{self.end} in order")
            bound = gap_end
        return self


class Fact(_Frozen):
    """One general value read from one document, e.g. the founding year row."""

    field: FactField
    value: str = Field(description="Normalised value, e.g. '2004' or 'Erfurt'.")
    quote: str = Field(description="The verbatim source text (whitespace normalised).")
    span: SourceSpan


class Item(_Frozen):
    """One entry of a list section: one success factor, one lesson, one resource..."""

    text: str = Field(description="Verbatim quote, whitespace and bullet markup normalised.")
    span: SourceSpan
    label: str | None = Field(
        default=None, description="Row label for items of the general and contact sections."
    )


class Section(_Frozen):
    kind: SectionKind
    label: str = Field(description="The section's label as written in the document.")
    items: list[Item]

    @property
    def text(self) -> str:
        return " ".join(item.text for item in self.items)


class IssueCode(StrEnum):
    """What kind of data-quality issue; the UI translates these."""

    IMPLAUSIBLE_YEAR = "implausible_year"
    NOT_AN_EMAIL = "not_an_email"
    NOT_A_PHONE = "not_a_phone"
    NO_WEB_ADDRESS = "no_web_address"
    NO_WORDS = "no_words"  # a text field holding only a number or signs ("Type of network 1")
    EMPTY_VALUE = "empty_value"
    SECTION_EMPTY = "section_empty"
    SECTION_MISSING = "section_missing"
    REPEATED_FRAGMENT = "repeated_fragment"
    CONFLICT = "conflict"


class DataIssue(_Frozen):
    """A value that was read but not believed, or a problem met while reading."""

    code: IssueCode
    field: str
    value: str
    reason: str
    span: SourceSpan | None = None
    source: str | None = Field(default=None, description="Document the issue was found in.")


class FactSheet(BaseModel):
    """One parsed corpus document: a template sheet or an attributed free-text page."""

    model_config = ConfigDict(extra="forbid")

    source: str
    kind: DocumentKind
    language: str = Field(description="ISO 639-1 code of the document's language.")
    title: str | None = None
    sha256: str = Field(description="Content hash of the raw file bytes.")
    facts: list[Fact] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    issues: list[DataIssue] = Field(default_factory=list)

    def fact(self, field: FactField) -> Fact | None:
        return next((f for f in self.facts if f.field is field), None)

    def facts_of(self, field: FactField) -> list[Fact]:
        return [f for f in self.facts if f.field is field]

    def section(self, kind: SectionKind) -> Section | None:
        return next((s for s in self.sections if s.kind is kind), None)


class Location(_Frozen):
    city: str | None = None
    state: str | None = None
    country: str | None = None

    def __str__(self) -> str:
        return " / ".join(p for p in (self.city, self.state, self.country) if p)


class Claim(_Frozen):
    """One document's statement of a fact."""

    value: str
    quote: str
    span: SourceSpan
    language: str


class NetworkFact(_Frozen):
    """A merged general fact with every source that states it."""

    field: FactField
    value: str = Field(description="The value shown: from the highest-priority claim.")
    claims: list[Claim]
    conflict: bool = Field(description="True when sources state different values.")

    @property
    def values(self) -> list[str]:
        return sorted({c.value for c in self.claims})


class NetworkItem(_Frozen):
    """An item of a network's section, with the document it comes from."""

    text: str
    span: SourceSpan
    language: str
    label: str | None = None


class NetworkSection(_Frozen):
    kind: SectionKind
    source: str
    language: str
    label: str
    items: list[NetworkItem]


class DocumentRef(_Frozen):
    source: str
    kind: DocumentKind
    language: str
    title: str | None
    sha256: str


class Network(BaseModel):
    """All documents of one network, merged, with provenance for every fact."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable slug, e.g. 'erfurt'.")
    name: str
    location: Location
    founding_year: int | None
    languages: list[str]
    documents: list[DocumentRef]
    facts: dict[FactField, NetworkFact]
    sections: list[NetworkSection]
    quality: list[DataIssue] = Field(
        default_factory=list, description="Dropped values, problems and conflicts."
    )

    def fact_value(self, field: FactField) -> str | None:
        fact = self.facts.get(field)
        return fact.value if fact else None

    def fact_values(self, field: FactField) -> list[str]:
        """All distinct values of a list-valued field, in source order."""
        fact = self.facts.get(field)
        if not fact:
            return []
        seen: dict[str, None] = {}
        for claim in fact.claims:
            seen.setdefault(claim.value, None)
        return list(seen)

    def sections_of(self, kind: SectionKind) -> list[NetworkSection]:
        return [s for s in self.sections if s.kind is kind]
