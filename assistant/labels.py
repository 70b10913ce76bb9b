"""Row labels of the Good Practice template, one table per language.

To support another language, add a table to :data:`LABEL_TABLES`: every key of
:class:`LabelKey` that the template has, with the label(s) as printed. Matching
is case-insensitive, accent-folded and tolerant of extra whitespace, so write
labels as they appear; variants go in the tuple.
"""

from __future__ import annotations

from enum import StrEnum

from assistant.models import FactField, SectionKind


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


LabelTable = dict[LabelKey, tuple[str, ...]]

ENGLISH: LabelTable = {
    LabelKey.TITLE: ("Good Practice:",),
    LabelKey.STATUS_DATE: ("Status of information",),
    LabelKey.NAME: ("Name of the network",),
    LabelKey.FOUNDING_YEAR: ("Founding year",),
    LabelKey.LOCATION: ("Location",),
    LabelKey.COORDINATING_ORGANISATION: ("Coordinating Organisation", "Coordinating Organization"),
    LabelKey.FORMALISATION: ("Degree of formalisation", "Degree of formalization"),
    LabelKey.MEMBERS: ("Members",),
    LabelKey.FIELDS_OF_ACTION: ("Field(s) of action", "Fields of action"),
    LabelKey.TARGET_GROUPS: ("Target group(s)", "Target groups"),
    LabelKey.NETWORK_TYPE: ("Type of network",),
    LabelKey.DESCRIPTION: ("Brief description",),
    LabelKey.RESOURCES: ("Resources",),
    LabelKey.INTERNAL_COMMUNICATION: ("Internal Communication & Facilitation techniques",),
    LabelKey.EXTERNAL_COMMUNICATION: ("External Communication & Event formats",),
    LabelKey.SUCCESS_FACTORS: ("Success factors",),
    LabelKey.CHALLENGES: ("Challenges & Lessons learnt", "Challenges & Lessons learned"),
    LabelKey.EVALUATION: ("Evaluation & Sustainability",),
    LabelKey.IMPACT: ("Impact, Innovation & Transferability",),
    LabelKey.WEBSITES: ("Website, Social Media", "Website(s)", "Websites"),
    LabelKey.EMAILS: ("E-Mail-Address", "E-mail address", "Email address"),
}

TURKISH: LabelTable = {
    LabelKey.TITLE: ("İyi Uygulama:",),
    LabelKey.STATUS_DATE: ("Bilgi durumu", "Bilgilerin durumu"),
    LabelKey.NAME: ("Ağın adı",),
    LabelKey.FOUNDING_YEAR: ("Kuruluş yılı",),
    LabelKey.LOCATION: ("Yer", "Konum"),
    LabelKey.COORDINATING_ORGANISATION: ("Koordinatör kurum", "Koordine eden kurum"),
    LabelKey.FORMALISATION: ("Resmilik derecesi",),
    LabelKey.MEMBERS: ("Üyeler",),
    LabelKey.FIELDS_OF_ACTION: ("Faaliyet(ler) alanı", "Faaliyet alanları"),
    LabelKey.TARGET_GROUPS: ("Hedef grup(lar)", "Hedef gruplar"),
    LabelKey.NETWORK_TYPE: ("Ağ türü",),
    LabelKey.DESCRIPTION: ("Kısa açıklama",),
    LabelKey.RESOURCES: ("Kaynaklar",),
    LabelKey.INTERNAL_COMMUNICATION: ("İç İletişim ve Kolaylaştırma teknikleri",),
    LabelKey.EXTERNAL_COMMUNICATION: ("Harici İletişim ve Etkinlik formatları",),
    LabelKey.SUCCESS_FACTORS: ("Başarı faktörleri",),
    LabelKey.CHALLENGES: ("Zorluklar ve öğrenilen dersler",),
    LabelKey.EVALUATION: ("Değerlendirme ve Sürdürülebilirlik",),
    LabelKey.IMPACT: ("Etki, Yenilik ve Aktarılabilirlik",),
    LabelKey.WEBSITES: ("Web Sitesi, Sosyal Medya", "Web sitesi"),
    LabelKey.EMAILS: ("E-posta adresi",),
}

# The compendium's German edition; labels as a German sheet prints them.
GERMAN: LabelTable = {
    LabelKey.TITLE: ("Gute Praxis:", "Good Practice:"),
    LabelKey.STATUS_DATE: ("Stand der Informationen", "Informationsstand"),
    LabelKey.NAME: ("Name des Netzwerks", "Name des Netzwerkes"),
    LabelKey.FOUNDING_YEAR: ("Gründungsjahr",),
    LabelKey.LOCATION: ("Standort", "Ort"),
    LabelKey.COORDINATING_ORGANISATION: ("Koordinierende Organisation", "Koordinierende Stelle"),
    LabelKey.FORMALISATION: ("Grad der Formalisierung", "Formalisierungsgrad"),
    LabelKey.MEMBERS: ("Mitglieder",),
    LabelKey.FIELDS_OF_ACTION: ("Handlungsfeld(er)", "Handlungsfelder"),
    LabelKey.TARGET_GROUPS: ("Zielgruppe(n)", "Zielgruppen"),
    LabelKey.NETWORK_TYPE: ("Art des Netzwerks", "Art des Netzwerkes", "Netzwerktyp"),
    LabelKey.DESCRIPTION: ("Kurzbeschreibung",),
    LabelKey.RESOURCES: ("Ressourcen",),
    LabelKey.INTERNAL_COMMUNICATION: (
        "Interne Kommunikation & Moderationstechniken",
        "Interne Kommunikation & Moderation",
    ),
    LabelKey.EXTERNAL_COMMUNICATION: (
        "Externe Kommunikation & Veranstaltungsformate",
        "Externe Kommunikation & Eventformate",
    ),
    LabelKey.SUCCESS_FACTORS: ("Erfolgsfaktoren",),
    LabelKey.CHALLENGES: (
        "Herausforderungen & Lessons learnt",
        "Herausforderungen & Erkenntnisse",
        "Herausforderungen & Lernerfahrungen",
    ),
    LabelKey.EVALUATION: ("Evaluation & Nachhaltigkeit", "Evaluierung & Nachhaltigkeit"),
    LabelKey.IMPACT: ("Wirkung, Innovation & Übertragbarkeit",),
    LabelKey.WEBSITES: ("Website, Soziale Medien", "Webseite(n)", "Website(s)"),
    LabelKey.EMAILS: ("E-Mail-Adresse",),
}

#: Language code -> label table. Order matters only for ties.
LABEL_TABLES: dict[str, LabelTable] = {"en": ENGLISH, "de": GERMAN, "tr": TURKISH}

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
}

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

#: Display names of the sections, per UI language.
SECTION_NAMES: dict[str, dict[SectionKind, str]] = {
    "en": {
        SectionKind.GENERAL: "General information",
        SectionKind.DESCRIPTION: "Brief description",
        SectionKind.RESOURCES: "Resources",
        SectionKind.INTERNAL_COMMUNICATION: "Internal communication & facilitation",
        SectionKind.EXTERNAL_COMMUNICATION: "External communication & events",
        SectionKind.SUCCESS_FACTORS: "Success factors",
        SectionKind.CHALLENGES: "Challenges & lessons learnt",
        SectionKind.EVALUATION: "Evaluation & sustainability",
        SectionKind.IMPACT: "Impact, innovation & transferability",
        SectionKind.CONTACT: "Contact",
    },
    "de": {
        SectionKind.GENERAL: "Allgemeine Informationen",
        SectionKind.DESCRIPTION: "Kurzbeschreibung",
        SectionKind.RESOURCES: "Ressourcen",
        SectionKind.INTERNAL_COMMUNICATION: "Interne Kommunikation & Moderation",
        SectionKind.EXTERNAL_COMMUNICATION: "Externe Kommunikation & Veranstaltungen",
        SectionKind.SUCCESS_FACTORS: "Erfolgsfaktoren",
        SectionKind.CHALLENGES: "Herausforderungen & Lessons learnt",
        SectionKind.EVALUATION: "Evaluation & Nachhaltigkeit",
        SectionKind.IMPACT: "Wirkung, Innovation & Übertragbarkeit",
        SectionKind.CONTACT: "Kontakt",
    },
    "tr": {
        SectionKind.GENERAL: "Genel bilgiler",
        SectionKind.DESCRIPTION: "Kısa açıklama",
        SectionKind.RESOURCES: "Kaynaklar",
        SectionKind.INTERNAL_COMMUNICATION: "İç iletişim ve kolaylaştırma",
        SectionKind.EXTERNAL_COMMUNICATION: "Harici iletişim ve etkinlikler",
        SectionKind.SUCCESS_FACTORS: "Başarı faktörleri",
        SectionKind.CHALLENGES: "Zorluklar ve öğrenilen dersler",
        SectionKind.EVALUATION: "Değerlendirme ve sürdürülebilirlik",
        SectionKind.IMPACT: "Etki, yenilik ve aktarılabilirlik",
        SectionKind.CONTACT: "İletişim",
    },
}

#: Display names of the general fields, per UI language.
FIELD_NAMES: dict[str, dict[FactField, str]] = {
    "en": {
        FactField.NAME: "Name",
        FactField.STATUS_DATE: "Status of information",
        FactField.FOUNDING_YEAR: "Founding year",
        FactField.LOCATION: "Location",
        FactField.COORDINATING_ORGANISATION: "Coordinating organisation",
        FactField.FORMALISATION: "Degree of formalisation",
        FactField.MEMBERS: "Members",
        FactField.FIELDS_OF_ACTION: "Fields of action",
        FactField.TARGET_GROUPS: "Target groups",
        FactField.NETWORK_TYPE: "Type of network",
        FactField.WEBSITES: "Website(s)",
        FactField.EMAILS: "E-mail",
        FactField.PHONE: "Phone",
        FactField.CONTACT_PERSON: "Contact person",
        FactField.ADDRESS: "Address",
    },
    "de": {
        FactField.NAME: "Name",
        FactField.STATUS_DATE: "Stand der Informationen",
        FactField.FOUNDING_YEAR: "Gründungsjahr",
        FactField.LOCATION: "Standort",
        FactField.COORDINATING_ORGANISATION: "Koordinierende Organisation",
        FactField.FORMALISATION: "Grad der Formalisierung",
        FactField.MEMBERS: "Mitglieder",
        FactField.FIELDS_OF_ACTION: "Handlungsfelder",
        FactField.TARGET_GROUPS: "Zielgruppen",
        FactField.NETWORK_TYPE: "Art des Netzwerks",
        FactField.WEBSITES: "Website(s)",
        FactField.EMAILS: "E-Mail",
        FactField.PHONE: "Telefon",
        FactField.CONTACT_PERSON: "Ansprechperson",
        FactField.ADDRESS: "Adresse",
    },
    "tr": {
        FactField.NAME: "Ad",
        FactField.STATUS_DATE: "Bilgi durumu",
        FactField.FOUNDING_YEAR: "Kuruluş yılı",
        FactField.LOCATION: "Yer",
        FactField.COORDINATING_ORGANISATION: "Koordinatör kurum",
        FactField.FORMALISATION: "Resmilik derecesi",
        FactField.MEMBERS: "Üyeler",
        FactField.FIELDS_OF_ACTION: "Faaliyet alanları",
        FactField.TARGET_GROUPS: "Hedef gruplar",
        FactField.NETWORK_TYPE: "Ağ türü",
        FactField.WEBSITES: "Web sitesi",
        FactField.EMAILS: "E-posta",
        FactField.PHONE: "Telefon",
        FactField.CONTACT_PERSON: "İletişim kişisi",
        FactField.ADDRESS: "Adres",
    },
}
