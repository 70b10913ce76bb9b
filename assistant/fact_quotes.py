"""A network's stated facts as quotes of the chat answer (numbered by :mod:`assistant.chat`): the values of
the fields a question asks for, from every document that states them (:func:`fact_quotes`), and what states
each condition a question asks networks to meet (:func:`condition_quotes`; :mod:`assistant.conditions`)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Part, Quote
from assistant.conditions import Condition, row_states
from assistant.models import FactField, Network, SectionKind
from assistant.profile import Evidence, Facet


def _document_families(network: Network, language: str) -> set[str]:
    """Documents whose claims to show: of the sheets (translations of each other) the one in
    ``language`` if there is one, else the first; every free-text page."""
    sheets = [d for d in network.documents if d.kind == "sheet"]
    shown = {d.source for d in network.documents if d.kind != "sheet"}
    preferred = next((d for d in sheets if d.language == language), sheets[0] if sheets else None)
    if preferred:
        shown.add(preferred.source)
    return shown


_CONTACT_FIELDS = frozenset({FactField.EMAILS, FactField.PHONE, FactField.WEBSITES, FactField.CONTACT_PERSON,
                             FactField.ADDRESS})


def _fact_section(field: FactField, free_text: bool) -> SectionKind:
    """The section a fact's passage stands in: contact rows in the contact section, the rest
    in the general facts of a sheet, or in the description of a free-text page."""
    if field in _CONTACT_FIELDS:
        return SectionKind.CONTACT
    return SectionKind.DESCRIPTION if free_text else SectionKind.GENERAL


def fact_quotes(network: Network, fields: Sequence[FactField], language: str) -> list[Quote]:
    """The network's stated values of ``fields``, one quote per (value, document), verbatim."""
    documents = _document_families(network, language)
    free_text = {d.source for d in network.documents if d.kind != "sheet"}
    quotes: list[Quote] = []
    for field in fields:
        fact = network.facts.get(field)
        if fact is None:
            continue
        seen: set[tuple[str, str]] = set()
        for claim in fact.claims:
            if claim.span.source not in documents or (claim.value, claim.span.source) in seen:
                continue
            seen.add((claim.value, claim.span.source))
            quotes.append(Quote(number=0, part=Part.FACTS, network_id=network.id, network=network.name,
                                location=str(network.location),
                                section=_fact_section(field, claim.span.source in free_text).value,
                                text=claim.quote, source=claim.span.source, language=claim.language,
                                start=claim.span.start, end=claim.span.end, fact=field.value, value=claim.value))
    return quotes


#: The general rows a condition's facet is read from (assistant.profile.profile_network).
_CONDITION_ROWS: dict[Facet, tuple[FactField, ...]] = {
    Facet.COORDINATION: (FactField.COORDINATING_ORGANISATION,),
    Facet.FORMALISATION: (FactField.NETWORK_TYPE, FactField.FORMALISATION),
    Facet.TARGET_GROUPS: (FactField.TARGET_GROUPS,),
    Facet.FIELDS_OF_ACTION: (FactField.FIELDS_OF_ACTION,),
}


def condition_quotes(network: Network, stated: Sequence[tuple[Condition, Evidence]], language: str) -> list[Quote]:
    """What states each condition in ``network``'s sheets (``stated``: :func:`assistant.conditions.networks_meeting`),
    verbatim: a general row as the fact it is (in the sheet of ``language`` where its row there states the same
    value: Erfurt's "Gönüllüler" for a Turkish question), a passage (the town's size) as the passage."""
    quotes: list[Quote] = []
    for condition, item in stated:
        where = (item.source, item.start, item.end)
        row = next(((field, claim) for field in _CONDITION_ROWS.get(condition.facet, ())
                    if (fact := network.facts.get(field)) is not None for claim in fact.claims
                    if (claim.span.source, claim.span.start, claim.span.end) == where), None)
        if row is None:  # a passage: as the section it stands in
            section = next((section for section in network.sections for entry in section.items
                            if (section.source, entry.span.start, entry.span.end) == where), None)
            quotes.append(Quote(number=0, part=Part.DIRECT, network_id=network.id, network=network.name,
                                location=str(network.location),
                                section=(section.kind if section else SectionKind.DESCRIPTION).value, text=item.quote,
                                source=item.source, language=section.language if section else language,
                                start=item.start, end=item.end))
            continue
        field, claim = row
        in_language = [q for q in fact_quotes(network, [field], language) if row_states(condition, q.value or q.text)]
        quotes += in_language or [q for q in fact_quotes(network, [field], claim.language)
                                  if q.source == item.source and q.start == item.start]
    return list({q.key: q for q in quotes}.values())
