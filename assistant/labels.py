"""Row labels of the Good Practice template and display names, per language.

The tables come from the language files (``assistant/data/languages/<code>.toml``,
loaded by :mod:`assistant.languages`): add a language by adding its file. Matching
is case-insensitive, accent-folded and tolerant of extra whitespace, so labels are
written as they appear; variants go in the list.
"""

from __future__ import annotations

from assistant.languages import LANGUAGES
from assistant.models import FactField, LabelKey, SectionKind

__all__ = [
    "FACT_OF_LABEL", "FIELD_NAMES", "LABEL_TABLES", "LIST_SECTIONS", "SECTION_NAMES", "SECTION_OF_LABEL",
    "LabelKey", "LabelTable",
]

LabelTable = dict[LabelKey, tuple[str, ...]]

#: Language code -> label table, in the languages' priority order (which only matters for ties).
LABEL_TABLES: dict[str, LabelTable] = {
    code: {LabelKey(key): labels for key, labels in language.labels.items()}
    for code, language in LANGUAGES.items()
}

#: Which labelled rows are general facts, and which are sections.
FACT_OF_LABEL: dict[LabelKey, FactField] = {
    LabelKey.STATUS_DATE: FactField.STATUS_DATE,
    LabelKey.NAME: FactField.NAME,
    LabelKey.FOUNDING_YEAR: FactField.FOUNDING_YEAR,
    LabelKey.LOCATION: FactField.LOCATION,
    LabelKey.COORDINATING_ORGANISATION: FactField.COORDINATING_ORGANISATION,
    LabelKey.FORMALISATION: FactField.FORMALISATION,
    LabelKey.MEMBERS: FactField.MEMBERS,
    LabelKey.FIELDS_OF_ACTION: FactField.FIELDS_OF_ACTION,
    LabelKey.TARGET_GROUPS: FactField.TARGET_GROUPS,
    LabelKey.NETWORK_TYPE: FactField.NETWORK_TYPE,
    LabelKey.WEBSITES: FactField.WEBSITES,
    LabelKey.EMAILS: FactField.EMAILS,
    LabelKey.PHONE: FactField.PHONE,
}

#: Rows a sheet need not have: the status date is the sheet's, not the network's, and the
#: template has no phone row (networks add one).
OPTIONAL_FIELDS: frozenset[FactField] = frozenset({FactField.STATUS_DATE, FactField.PHONE})

SECTION_OF_LABEL: dict[LabelKey, SectionKind] = {
    LabelKey.DESCRIPTION: SectionKind.DESCRIPTION,
    LabelKey.RESOURCES: SectionKind.RESOURCES,
    LabelKey.INTERNAL_COMMUNICATION: SectionKind.INTERNAL_COMMUNICATION,
    LabelKey.EXTERNAL_COMMUNICATION: SectionKind.EXTERNAL_COMMUNICATION,
    LabelKey.SUCCESS_FACTORS: SectionKind.SUCCESS_FACTORS,
    LabelKey.CHALLENGES: SectionKind.CHALLENGES,
    LabelKey.EVALUATION: SectionKind.EVALUATION,
    LabelKey.IMPACT: SectionKind.IMPACT,
}

#: Sections written as lists: split into items at bullets, list tags and line starts.
LIST_SECTIONS: frozenset[SectionKind] = frozenset(
    {
        SectionKind.RESOURCES,
        SectionKind.INTERNAL_COMMUNICATION,
        SectionKind.EXTERNAL_COMMUNICATION,
        SectionKind.SUCCESS_FACTORS,
        SectionKind.CHALLENGES,
        SectionKind.EVALUATION,
    }
)

#: Display names of the sections, per language.
SECTION_NAMES: dict[str, dict[SectionKind, str]] = {
    code: dict(language.section_names) for code, language in LANGUAGES.items()
}

#: Display names of the general fields, per language.
FIELD_NAMES: dict[str, dict[FactField, str]] = {
    code: dict(language.field_names) for code, language in LANGUAGES.items()
}
