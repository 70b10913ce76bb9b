"""Filters of the chat's retrieval: which networks the user allows.

Four facets, read from each network's general facts:

* fields of action and target groups: the values of the network's primary
  document, mapped to language-independent concept ids of
  :mod:`assistant.concepts` ("Culture & Sports" -> ``culture_sports``); a field
  no field concept covers may be a target group's ("Kadınlar", "Women", "Jugend":
  one option in every language), a one-word field an ``alone`` word's ("Arbeit");
  a target group naming the municipality is public administration ("Kommunalpolitik
  und Verwaltung", "Public administration"); a value nothing covers becomes
  ``raw:<slug>``, shown as the sheet writes it, with the sheet's language when the
  interface speaks another ("Landlords (EN)");
* type: the "Type of network" row, slugged ("State-integration network" and
  "State integration network" -> ``type:state-integration-network``);
* formalisation: ``formal_agreement`` / ``informal_cooperation``, as the
  situation profile reads it (:func:`assistant.profile.profile_network`).

Within a facet any selected value suffices; all facets with a selection must
hold. Nothing selected in any facet means every network is allowed.

    options = filter_options(index.networks)
    allowed = allowed_networks(index.networks, formalisations=["informal_cooperation"])
    engine.chat(text, networks=allowed)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from assistant.concepts import CONCEPTS, alone_concepts, explain_matches
from assistant.messages import t, table
from assistant.models import FactField, Network
from assistant.profile import FORMALISATIONS, concept_label, profile_network
from assistant.text import fold, slugify

__all__ = [
    "FACETS",
    "FilterOption",
    "FilterOptions",
    "NetworkFilterFacets",
    "allowed_networks",
    "filter_options",
    "network_filter_facets",
    "option_label",
]

#: The filter facets, in display order.
FACETS = ("fields", "groups", "types", "formalisations")

RAW_PREFIX = "raw:"
TYPE_PREFIX = "type:"

#: Display labels of values no concept covers, for template options seen in the compendium.
#: Options that are no concept of the vocabulary, with display names from the
#: catalogues ("filter_<key>").
KNOWN_LABELS: dict[str, dict[str, str]] = {
    key: table(f"filter_{key}") for key in (
        "raw:inclusion-integration-in-general",
        "raw:public-administration",
        "raw:training-providers-etc",
        "type:state-integration-network",
        "type:informal-network",
        "type:civil-society-network",
    )
}


@dataclass(frozen=True)
class NetworkFilterFacets:
    """What one network offers to each filter facet (option keys)."""

    network_id: str
    fields: frozenset[str]
    groups: frozenset[str]
    types: frozenset[str]
    formalisations: frozenset[str]


@dataclass
class FilterOption:
    """One selectable value: its key, a label as written in a sheet (and that sheet's language),
    and the networks having it."""

    key: str
    raw_label: str
    network_ids: list[str] = field(default_factory=list)
    raw_language: str = ""


@dataclass
class FilterOptions:
    fields: list[FilterOption]
    groups: list[FilterOption]
    types: list[FilterOption]
    formalisations: list[FilterOption]

    def keys(self, facet: str) -> list[str]:
        return [o.key for o in getattr(self, facet)]

    def raw_labels(self, lang: str | None = None) -> dict[str, str]:
        """Option key -> the sheet's wording; with ``lang``, marked with the sheet's language
        where it is another ("Landlords (EN)" in the German interface): the sheet's own words,
        not a translation missing."""
        return {o.key: o.raw_label if lang is None or o.raw_language in ("", lang)
                else f"{o.raw_label} ({o.raw_language.upper()})" for facet in FACETS for o in getattr(self, facet)}


#: Per list facet, the concept kinds its values are read as, in order: a field of action no field
#: concept covers may be a target group's ("Kadınlar", "Youth", "Ehrenamt" as fields).
_FACET_KINDS = {FactField.FIELDS_OF_ACTION: ("field_of_action", "target_group"),
                FactField.TARGET_GROUPS: ("target_group",)}
#: A target group naming the municipality ("Kommunalpolitik und Verwaltung", "Gemeinden") is the
#: template's public administration.
_GROUP_AS = {"municipality": f"{RAW_PREFIX}public-administration"}


def _concept_keys(value: str, fact_field: FactField) -> list[str]:
    found = explain_matches(value)
    for kind in _FACET_KINDS[fact_field]:
        of_kind = [c for c in found if c in CONCEPTS and CONCEPTS[c].kind == kind]
        if not of_kind and len(value.split()) == 1:  # "Arbeit": an alone word of a concept
            of_kind = [c for c in sorted(alone_concepts([fold(value)])) if CONCEPTS[c].kind == kind]
        if of_kind:
            return of_kind
    if fact_field is FactField.TARGET_GROUPS and (known := [_GROUP_AS[c] for c in found if c in _GROUP_AS]):
        return known[:1]
    slug = slugify(value)
    return [f"{RAW_PREFIX}{slug}"] if slug else []


_Values = dict[str, tuple[str, str]]  # option key -> (the sheet's wording, the sheet's language)


def _list_facet(network: Network, fact_field: FactField) -> _Values:
    """Option key -> the sheet's wording and language, for a list field of the primary document
    (no translations mixed in)."""
    fact = network.facts.get(fact_field)
    claims = fact.claims if fact else []
    out: _Values = {}
    for claim in claims:
        if claim.span.source == claims[0].span.source:
            for key in _concept_keys(claim.value, fact_field):
                out.setdefault(key, (claim.value, claim.language))
    return out


def _type_facet(network: Network) -> _Values:
    fact = network.facts.get(FactField.NETWORK_TYPE)
    slug = slugify(fact.value) if fact else ""
    if not fact or not slug:
        return {}
    language = next((c.language for c in fact.claims if c.value == fact.value), "")
    return {f"{TYPE_PREFIX}{slug}": (fact.value, language)}


def _formalisation_facet(network: Network) -> _Values:
    evidence = profile_network(network).formalisation
    if evidence is None or evidence.value not in FORMALISATIONS:
        return {}
    return {evidence.value: (evidence.quote, "")}


def _facet_values(network: Network) -> dict[str, _Values]:
    return {
        "fields": _list_facet(network, FactField.FIELDS_OF_ACTION),
        "groups": _list_facet(network, FactField.TARGET_GROUPS),
        "types": _type_facet(network),
        "formalisations": _formalisation_facet(network),
    }


_FACETS_CACHE: dict[tuple[str, tuple[str, ...]], NetworkFilterFacets] = {}
_FACETS_CACHE_MAX = 4096


def network_filter_facets(network: Network) -> NetworkFilterFacets:
    """The option keys a network has per facet (cached per network id and document hashes)."""
    key = (network.id, tuple(d.sha256 for d in network.documents))
    cached = _FACETS_CACHE.get(key)
    if cached is None:
        values = _facet_values(network)
        cached = NetworkFilterFacets(network_id=network.id, **{f: frozenset(values[f]) for f in FACETS})
        if len(_FACETS_CACHE) >= _FACETS_CACHE_MAX:
            _FACETS_CACHE.clear()
        _FACETS_CACHE[key] = cached
    return cached


def filter_options(networks: Iterable[Network]) -> FilterOptions:
    """Every value of every facet that at least one network has, in a stable order
    (concepts in vocabulary order, then other values alphabetically)."""
    collected: dict[str, dict[str, FilterOption]] = {f: {} for f in FACETS}
    for network in networks:
        for facet, values in _facet_values(network).items():
            for key, (raw, language) in values.items():
                option = collected[facet].setdefault(key, FilterOption(key=key, raw_label=raw, raw_language=language))
                option.network_ids.append(network.id)
    order = {c: i for i, c in enumerate(CONCEPTS)}
    own_kind = {"fields": "field_of_action", "groups": "target_group"}

    def ranked(facet: str) -> list[FilterOption]:
        def rank(option: FilterOption) -> tuple[int, int, str]:
            if option.key in order:  # the facet's own concepts first ("Frauen & Familien" as a field after them)
                return (int(CONCEPTS[option.key].kind != own_kind.get(facet, CONCEPTS[option.key].kind)),
                        order[option.key], "")
            return (2, 0, option.raw_label.casefold())
        return sorted(collected[facet].values(), key=rank)

    return FilterOptions(**{f: ranked(f) for f in FACETS})


def allowed_networks(
    networks: Sequence[Network],
    fields: Collection[str] = (),
    groups: Collection[str] = (),
    types: Collection[str] = (),
    formalisations: Collection[str] = (),
) -> set[str]:
    """Ids of the networks that pass every facet with a selection (any value within a facet)."""
    wanted = {"fields": set(fields), "groups": set(groups), "types": set(types), "formalisations": set(formalisations)}
    allowed = set()
    for network in networks:
        facets = network_filter_facets(network)
        if all(not selected or selected & getattr(facets, facet) for facet, selected in wanted.items()):
            allowed.add(network.id)
    return allowed


def option_label(key: str, lang: str, raw_labels: dict[str, str] | None = None) -> str:
    """Display label of an option key in the UI language (a sheet's wording where we have no translation)."""
    if key in KNOWN_LABELS:
        return t(f"filter_{key}", lang)
    if key in CONCEPTS:
        return concept_label(key, lang)
    if raw_labels and key in raw_labels:
        return raw_labels[key]
    for prefix in (RAW_PREFIX, TYPE_PREFIX):
        if key.startswith(prefix):
            return key[len(prefix):].replace("-", " ").capitalize()
    return key
