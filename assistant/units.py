"""Networks -> units: what the index embeds and searches. Every item and every section
of a network is a unit, with a stable id, the concepts its text names, and the text it
is embedded as (its section and field names from a frozen English table, not the UI's
labels: rewording a label never re-embeds the corpus). Units that translate each other
(the English and Turkish rows of one sheet) share a group.

Part of the index stage: :mod:`assistant.build` builds, embeds and writes them.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import numpy as np

from assistant.concepts import concept_tokens, tag_concepts
from assistant.models import FactField, Network, SectionKind
from assistant.store import Unit
from assistant.tokenize import tokenize

__all__ = [
    "EMBED_FIELD_NAMES", "EMBED_SECTION_NAMES", "TRANSLATION_SIMILARITY", "assign_translation_groups",
    "build_units", "embed_text", "unit_tokens",
]

#: Units of two documents of one network whose vectors are this close say the
#: same thing in two languages (measured: EN/TR twins of the Erfurt sheet score
#: 0.55-0.93 with USE, non-twins of the same section below 0.5).
TRANSLATION_SIMILARITY = 0.5


def _stable_id(*parts: object) -> int:
    # surrogatepass: an id never fails on a stray surrogate (valid text hashes as before)
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


# Names of sections and fields in the text a unit is embedded as (and in the text of
# the general and contact section units). Frozen with FORMAT_VERSION, independent of
# the UI's labels (assistant.labels), which can be reworded without re-embedding the
# corpus or moving retrieval quality. Changing one here changes every embed_key: bump
# FORMAT_VERSION with it and re-run `assistant eval`.
EMBED_SECTION_NAMES: Final[Mapping[SectionKind, str]] = MappingProxyType({
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
})
EMBED_FIELD_NAMES: Final[Mapping[FactField, str]] = MappingProxyType({
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
})


def _labelled(label: str | None, text: str) -> str:
    try:
        return f"{EMBED_FIELD_NAMES[FactField(label)]}: {text}" if label else text
    except ValueError:
        return text


def embed_text(network: Network, kind: SectionKind, label: str | None, text: str) -> str:
    """The text a unit is embedded as: network, section and the item itself.

    The section name is given in English (the model's strongest language); the
    item text stays in its own language.
    """
    section = EMBED_SECTION_NAMES[kind]
    if label:
        with contextlib.suppress(ValueError):  # a label that is no known field
            section = f"{section} - {EMBED_FIELD_NAMES[FactField(label)]}"
    return f"{section}: {text} ({network.name}, {network.location.city or ''})"


def build_units(networks: Sequence[Network], model_id: str) -> list[Unit]:
    units: list[Unit] = []
    for network in networks:
        for section in network.sections:
            texts = [item.text for item in section.items]
            entries: list[tuple[str, int, str | None, str, int, int]] = []
            for position, item in enumerate(section.items):
                entries.append(("item", position, item.label, item.text, item.span.start, item.span.end))
            if len(section.items) > 1:
                first, last = section.items[0].span, section.items[-1].span
                if section.kind in (SectionKind.GENERAL, SectionKind.CONTACT):
                    texts = [_labelled(item.label, item.text) for item in section.items]
                entries.append(("section", 0, None, "; ".join(texts), first.start, last.end))
            for level, position, label, text, start, end in entries:
                etext = embed_text(network, section.kind, label, text)
                uid = _stable_id(level, section.source, section.kind, start, end)
                units.append(
                    Unit(
                        id=uid,
                        level=level,
                        network_id=network.id,
                        network=network.name,
                        location=str(network.location),
                        section=section.kind,
                        label=label,
                        text=text,
                        source=section.source,
                        start=start,
                        end=end,
                        language=section.language,
                        position=position,
                        group=uid,
                        concepts=sorted(tag_concepts(text)),
                        embed_text=etext,
                        embed_key=hashlib.sha1(f"{model_id}\x1f{etext}".encode("utf-8", "surrogatepass")).hexdigest(),
                    )
                )
    return units


def assign_translation_groups(units: Sequence[Unit], vectors: np.ndarray) -> list[Unit]:
    """Give units that translate each other one group id.

    Candidates are units of the same network, section kind, level and row label
    from two documents in different languages; they are paired when each is the other's
    best match and their cosine similarity passes :data:`TRANSLATION_SIMILARITY`.
    The group id is that of the unit from the preferred (primary) document.
    """
    groups = {u.id: u.group for u in units}
    buckets: dict[tuple[str, SectionKind, str, str | None], list[int]] = {}
    for row, unit in enumerate(units):
        # General facts pair only with the same row of the other sheet (label).
        buckets.setdefault((unit.network_id, unit.section, unit.level, unit.label), []).append(row)
    for rows in buckets.values():
        sources = list(dict.fromkeys(units[r].source for r in rows))  # primary first
        if len(sources) < 2:
            continue
        primary = sources[0]
        left = [r for r in rows if units[r].source == primary]
        for other in sources[1:]:
            right = [r for r in rows if units[r].source == other]
            if units[right[0]].language == units[left[0]].language:
                continue
            sims = np.einsum("ik,jk->ij", vectors[left], vectors[right])
            for i, li in enumerate(left):
                j = int(np.argmax(sims[i]))
                if sims[i, j] >= TRANSLATION_SIMILARITY and int(np.argmax(sims[:, j])) == i:
                    groups[units[right[j]].id] = groups[units[li].id]
    return [u.model_copy(update={"group": groups[u.id]}) for u in units]


def unit_tokens(unit: Unit) -> list[str]:
    return tokenize(unit.text, unit.language) + concept_tokens(unit.concepts)
