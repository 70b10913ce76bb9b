"""Situation profiles: what a user's text says about their town, and what a sheet says
about its network, in the same facets, so the two can be compared.

Facets: size, who coordinates, formalisation, target groups, fields of action and
the challenges named. Values are concept ids of :mod:`assistant.concepts`; every
value keeps the words it was recognised from (user side) or the quote and source
it was read from (network side).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from assistant.concepts import CONCEPTS, explain_matches
from assistant.languages import alternation, population_words
from assistant.languages import words as cue_words
from assistant.messages import t, table
from assistant.models import FactField, Network, SectionKind
from assistant.population import MULTIPLIER_WORDS, population_value, size_class
from assistant.text import fold


class Facet(StrEnum):
    SIZE = "size"
    COORDINATION = "coordination"
    FORMALISATION = "formalisation"
    TARGET_GROUPS = "target_groups"
    FIELDS_OF_ACTION = "fields_of_action"
    CHALLENGES = "challenges"


#: Ordinal scale of town sizes (neighbours are half-similar).
SIZES = ("rural_area", "small_town", "mid_size_town", "large_city")
COORDINATIONS = ("coordination_municipal", "coordination_ngo_on_behalf", "coordination_none")
FORMALISATIONS = ("formal_agreement", "informal_cooperation")

#: The challenges a planner may name, and the concepts that signal each.
CHALLENGES: dict[str, tuple[str, ...]] = {
    "volunteers": ("volunteers",),
    "language_barriers": ("language_barrier", "language_mediation"),
    "competition": ("competition", "parallel_structures"),
    "funding": ("funding", "resources_capacity"),
    "information_loss": ("information_loss", "staff_turnover"),
    "reaching_target_group": ("outreach_access",),
    "cooperation_with_authorities": ("authorities_bureaucracy",),
    "task_delimitation": ("task_delimitation",),
}

#: Display names of the challenges, per language (from the catalogues: "challenge_<name>").
CHALLENGE_LABELS: dict[str, dict[str, str]] = {name: table(f"challenge_{name}") for name in CHALLENGES}

# A population figure in the user's words; its size class is the one rule of
# assistant.population, the same as for the sheets.
# The words come from the language files. "000": a plain figure in thousands ("40000").
_POPULATION = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[.,\s’']\d{3})+|\d+(?:[.,]\d+)?\s*"
    rf"(?:{alternation(MULTIPLIER_WORDS)}(?!\w)\.?|000))"
    rf"\s*(?:-?\s*){alternation(population_words('people'))}?",
    re.IGNORECASE,
)
_POPULATION_CONTEXT = re.compile(alternation(population_words("context")), re.IGNORECASE)


def _parse_number(raw: str) -> float | None:
    raw = raw.strip().lower().rstrip(".")
    for suffix in sorted(MULTIPLIER_WORDS, key=len, reverse=True):
        if raw.endswith(suffix.lower()):
            return population_value(raw[: -len(suffix)], suffix)
    return population_value(raw)


def population_size(text: str) -> tuple[str, str] | None:
    """Size class from a population figure in the text ("40,000 inhabitants")."""
    for match in _POPULATION.finditer(text):
        window = text[max(0, match.start() - 40) : match.end() + 40]
        if not _POPULATION_CONTEXT.search(window):
            continue
        number = _parse_number(match.group(1))
        size = None if number is None else size_class(number)
        if size is not None:
            return size, match.group(0).strip()
    return None


class SituationProfile(BaseModel):
    """What the user's text says about their situation; editable in the UI."""

    model_config = ConfigDict(extra="forbid")

    size: str | None = None
    coordination: str | None = None
    formalisation: str | None = None
    target_groups: list[str] = Field(default_factory=list)
    fields_of_action: list[str] = Field(default_factory=list)
    challenges: list[str] = Field(default_factory=list)
    evidence: dict[str, list[str]] = Field(default_factory=dict, description="concept or challenge -> words")
    off: list[str] = Field(default_factory=list, description="list values the user switched off (the sidebar): "
                           "no text read later puts them back, only the user (session 16 browser tester V17)")

    def is_empty(self) -> bool:
        return not (self.size or self.coordination or self.formalisation or self.target_groups
                    or self.fields_of_action or self.challenges)

    def says_who_the_asker_is(self) -> bool:
        """Whether it tells the asker's town or network (its size, how it is coordinated or
        organised), not only a problem it has ("Our volunteers keep quitting")."""
        return bool(self.size or self.coordination or self.formalisation)

    def describes_a_network(self) -> bool:
        """Whether it says something about the asker's town or network (its size, how it is
        coordinated or organised, a problem it has), not only whom the asker works for ("I
        work for an NGO supporting refugee councils" is a role, not a town to compare)."""
        return bool(self.size or self.coordination or self.formalisation or self.challenges)


def tells_a_town(profile: SituationProfile) -> bool:
    """Whether a text's profile names a town's size and how it is coordinated or organised or
    a problem it has ("Kleinstadt, niemand koordiniert.", "40.000 nüfuslu bir şehir,
    koordinasyon yok."): the asker's situation told in telegram style, without "we"."""
    return bool(profile.size and (profile.coordination or profile.formalisation or profile.challenges))


def _is_a_problem(concept: str, text: str, words: list[str]) -> bool:
    """Whether ``words`` (where ``text`` says ``concept``) name a problem of the asker's: a problem
    word ("konkurrieren", "the associations compete") unless denied, anything else when said to be one."""
    if concept in CONCEPTS and CONCEPTS[concept].kind == "challenge":
        return not hedged(text, words)  # "Bei uns gibt es keine Konkurrenz"
    return stated_as_problem(text, words)


def _of_kind(found: dict[str, list[str]], kind: str) -> list[str]:
    return [c for c in found if c in CONCEPTS and CONCEPTS[c].kind == kind]


def _single(found: dict[str, list[str]], order: tuple[str, ...]) -> str | None:
    """One value for a single-valued facet: the one said in the longest phrase (the most specific)."""
    hits = [c for c in order if c in found]
    if not hits:
        return None
    if len(hits) == 1:
        return hits[0]
    return max(hits, key=lambda c: max((len(w) for w in found[c]), default=0))


def _coordination(found: dict[str, list[str]]) -> str | None:
    """Who coordinates: where the text says someone does, that beats that nobody does ("The city
    coordinates, but we have no money for a coordinator": the money is the need, tagged as funding)."""
    someone = tuple(c for c in COORDINATIONS if c != "coordination_none" and c in found)
    return _single(found, someone) if someone else _single(found, COORDINATIONS)


#: "Have" values a hedge ("we are considering ...") cancels; "no coordinator" is a have-not.
_HEDGEABLE = frozenset({"coordination_municipal", "coordination_ngo_on_behalf", "formal_agreement",
                        "informal_cooperation"})
#: Target groups that describe the asker's own actors ("drei Vereine"), not whom they serve.
_ACTORS = frozenset({"ngos_welfare"})


def as_written(phrase: str, corrections: Sequence[tuple[str, str]]) -> str:
    """A phrase of the corrected question in the words the user typed: the evidence quotes the
    user ("keiner kordiniert"), not the correction it was matched by ("keiner koordiniert")."""
    for written, corrected in corrections:
        phrase = re.sub(rf"(?<!\w){re.escape(corrected)}(?!\w)", written.replace("\\", "\\\\"), phrase,
                        flags=re.IGNORECASE)
    return phrase


def evidence_words(profile: SituationProfile, keys: Collection[str]) -> list[str]:
    """The words the profile's ``keys`` were recognised from, each once, sorted; a phrase
    inside a longer one of them ("nebeneinanderher" in "arbeiten nebeneinanderher") is not
    said again."""
    words = list(dict.fromkeys(w for key, ws in profile.evidence.items() if key in keys for w in ws))

    def inside(word: str, other: str) -> bool:
        return word != other and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", other, re.IGNORECASE) is not None

    return sorted(w for w in words if not any(inside(w, other) for other in words))


def extract_profile(text: str, corrections: Sequence[tuple[str, str]] = ()) -> SituationProfile:
    """Recognise the facets in a user's text (DE/EN/TR). ``text`` may have its typos
    corrected; ``corrections`` (as written, as corrected) give the evidence back its words."""

    found = {c: words for c, words in explain_matches(text).items()
             if not (c in _HEDGEABLE and hedged(text, words)) and c not in _ACTORS}
    size = population_size(text)
    if size and "rural_area" in found:
        # A rural district's figure is spread over villages: "ein ländlicher Landkreis mit 150.000
        # Einwohnern" is rural, not a mid-size town (a size word still counts: "Kleinstadt im ländlichen Raum").
        found = {c: words for c, words in found.items() if words != [size[1]]}
        size = None
    size_value = size[0] if size else _single(found, tuple(reversed(SIZES)))
    evidence: dict[str, list[str]] = {c: words for c, words in found.items()}
    if size:
        evidence[size[0]] = [size[1]]
    # A challenge is named as a problem ("our volunteers keep quitting"), not just mentioned; a
    # challenge concept is one by itself ("die Vereine konkurrieren"), unless the text denies it.
    challenges = [name for name, concepts in CHALLENGES.items()
                  if any(c in found and _is_a_problem(c, text, found[c]) for c in concepts)]
    for name in challenges:
        evidence[name] = [w for c in CHALLENGES[name] for w in found.get(c, [])]
    evidence = {key: list(dict.fromkeys(as_written(w, corrections) for w in words)) for key, words in evidence.items()}
    return SituationProfile(
        size=size_value,
        coordination=_coordination(found),
        formalisation=_single(found, FORMALISATIONS),
        target_groups=[c for c in _of_kind(found, "target_group") if c not in challenges],
        fields_of_action=_of_kind(found, "field_of_action"),
        challenges=challenges,
        evidence=evidence,
    )


def refine_profile(profile: SituationProfile, text: str,
                   corrections: Sequence[tuple[str, str]] = ()) -> SituationProfile:
    """A follow-up turn: new single values replace old ones, lists grow ("and we have no money"), but
    not by a value the user switched off (``profile.off``)."""
    new = extract_profile(text, corrections)

    def union(a: list[str], b: list[str]) -> list[str]:
        return [v for v in dict.fromkeys([*a, *b]) if v not in profile.off]

    return SituationProfile(
        size=new.size or profile.size,
        coordination=new.coordination or profile.coordination,
        formalisation=new.formalisation or profile.formalisation,
        target_groups=union(profile.target_groups, new.target_groups),
        fields_of_action=union(profile.fields_of_action, new.fields_of_action),
        challenges=union(profile.challenges, new.challenges),
        evidence={key: words for key, words in {**profile.evidence, **new.evidence}.items() if key not in profile.off},
        off=list(profile.off),
    )


#: The facets of many values, which the user switches values of off and on (the sidebar's chips).
LIST_FACETS = (Facet.TARGET_GROUPS, Facet.FIELDS_OF_ACTION, Facet.CHALLENGES)


def profile_values(profile: SituationProfile) -> set[str]:
    """Every concept or challenge id the profile holds."""
    single = {v for v in (profile.size, profile.coordination, profile.formalisation) if v}
    return single | {v for facet in LIST_FACETS for v in getattr(profile, facet)}


def edited_profile(old: SituationProfile, edited: SituationProfile) -> SituationProfile:
    """The profile after the user's edit (the sidebar's widgets give ``edited``, values only): the
    evidence of the values kept, and what she switched off remembered as switched off (``off``) until she
    switches it on again, so that no situation text read again later ("Welches Netzwerk passt am besten
    zu uns?" reads the one described before) puts back a challenge she removed (session 16 tester V17)."""
    kept = profile_values(edited)
    removed = {v for facet in LIST_FACETS for v in getattr(old, facet)} - kept
    return edited.model_copy(update={
        "evidence": {k: w for k, w in old.evidence.items() if k in kept},
        "off": [v for v in dict.fromkeys([*old.off, *sorted(removed)]) if v not in kept]})


# --------------------------------------------------------------------------- networks


class Evidence(BaseModel):
    """Why a network has a facet value: the quote and where it stands."""

    model_config = ConfigDict(frozen=True)

    value: str
    quote: str
    source: str
    start: int
    end: int


class NetworkProfile(BaseModel):
    network_id: str
    size: Evidence | None = None
    coordination: Evidence | None = None
    formalisation: Evidence | None = None
    target_groups: list[Evidence] = Field(default_factory=list)
    fields_of_action: list[Evidence] = Field(default_factory=list)
    challenges: list[Evidence] = Field(default_factory=list)


_SIZE_SECTIONS = (SectionKind.IMPACT, SectionKind.DESCRIPTION, SectionKind.GENERAL)


def _fact_evidence(network: Network, field: FactField, order: tuple[str, ...]) -> Evidence | None:
    fact = network.facts.get(field)
    if not fact:
        return None
    for claim in fact.claims:
        found = explain_matches(claim.quote)
        value = _single(found, order)
        if value:
            return Evidence(value=value, quote=claim.quote, source=claim.span.source,
                            start=claim.span.start, end=claim.span.end)
    return None


#: A network's coordinating organisation whose kind the vocabulary does not name: it has one
#: (for "kein Koordinator" it is no match), of a kind not read (for "die Stadt koordiniert", unknown).
NAMED_COORDINATOR = "coordination_named"
_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


def _coordination_evidence(network: Network) -> Evidence | None:
    """Who coordinates, from the coordinating-organisation fact: a kind the vocabulary names
    (municipal, an NGO on the city's behalf, none); else an office of the municipality
    ("Bergfeld Belediyesi Eşit Fırsatlar Ofisi ile … Derneği birlikte", "Landratsamt Talbach, …")
    is municipal coordination; else an organisation named ("Brückenschlag e.V.", two words at
    least) is a coordinator of a kind not read (:data:`NAMED_COORDINATOR`). None: the sheet
    says nothing."""
    read = _fact_evidence(network, FactField.COORDINATING_ORGANISATION, COORDINATIONS)
    fact = network.facts.get(FactField.COORDINATING_ORGANISATION)
    if read or not fact:
        return read
    for claim in fact.claims:
        municipal = "municipality" in explain_matches(claim.quote)
        if municipal or len(_NAME_WORD.findall(claim.quote)) >= 2:
            return Evidence(value="coordination_municipal" if municipal else NAMED_COORDINATOR, quote=claim.quote,
                            source=claim.span.source, start=claim.span.start, end=claim.span.end)
    return None


def _list_evidence(network: Network, field: FactField, kind: str) -> list[Evidence]:
    fact = network.facts.get(field)
    out: dict[str, Evidence] = {}
    for claim in fact.claims if fact else []:
        for concept in _of_kind(explain_matches(claim.quote), kind):
            out.setdefault(concept, Evidence(value=concept, quote=claim.quote, source=claim.span.source,
                                             start=claim.span.start, end=claim.span.end))
    return list(out.values())


#: The concept kind of each list facet, and the order of each single facet's values.
_LIST_KINDS = {Facet.TARGET_GROUPS: "target_group", Facet.FIELDS_OF_ACTION: "field_of_action"}
_SINGLE_ORDERS = {Facet.SIZE: SIZES, Facet.COORDINATION: COORDINATIONS, Facet.FORMALISATION: FORMALISATIONS}


def values_read(facet: Facet, text: str) -> set[str]:
    """The values of ``facet`` a network's row ``text`` states, read as :func:`profile_network` reads them
    (a coordinator the vocabulary does not name is not read here)."""
    found = explain_matches(text)
    if facet in _LIST_KINDS:
        return set(_of_kind(found, _LIST_KINDS[facet]))
    value = _single(found, _SINGLE_ORDERS[facet]) if facet in _SINGLE_ORDERS else None
    return {value} if value else set()


def profile_network(network: Network) -> NetworkProfile:
    """The network's facet values, each with the quote it was read from."""
    size = None
    for kind in _SIZE_SECTIONS:
        for section in network.sections_of(kind):
            for item in section.items:
                value = _single(explain_matches(item.text), SIZES)
                if value:
                    size = Evidence(value=value, quote=item.text, source=item.span.source,
                                    start=item.span.start, end=item.span.end)
                    break
            if size:
                break
        if size:
            break
    formalisation = _fact_evidence(network, FactField.NETWORK_TYPE, FORMALISATIONS) or _fact_evidence(
        network, FactField.FORMALISATION, FORMALISATIONS
    )
    challenges: dict[str, Evidence] = {}
    for kind in (SectionKind.CHALLENGES, SectionKind.SUCCESS_FACTORS, SectionKind.RESOURCES):
        for section in network.sections_of(kind):
            for item in section.items:
                found = explain_matches(item.text)
                # Evidence must be about the challenge itself: its first (defining) concept,
                # not a neighbour ("resources_capacity" is not "funding").
                for name, concepts in CHALLENGES.items():
                    if name not in challenges and concepts[0] in found:
                        challenges[name] = Evidence(value=name, quote=item.text, source=item.span.source,
                                                    start=item.span.start, end=item.span.end)
    return NetworkProfile(
        network_id=network.id,
        size=size,
        coordination=_coordination_evidence(network),
        formalisation=formalisation,
        target_groups=_list_evidence(network, FactField.TARGET_GROUPS, "target_group"),
        fields_of_action=_list_evidence(network, FactField.FIELDS_OF_ACTION, "field_of_action"),
        challenges=list(challenges.values()),
    )


def concept_label(concept: str, lang: str) -> str:
    """Display label of a concept or challenge id in the UI language."""
    if concept in CHALLENGES:
        return t(f"challenge_{concept}", lang)
    if concept == NAMED_COORDINATOR:  # the sheet names its coordinator; what kind, the vocabulary does not read
        return t("named_coordinator", lang)
    found = CONCEPTS.get(concept)
    if found is None:
        return concept.replace("_", " ")
    return found.labels.get(lang) or found.labels.get("en") or concept


# Reading the asker's sentences: what they only consider or lack, what they call a problem. The
# cue lists are intents.toml's [hedge] and [problem] (imported where used: intents reads profiles).
_SENTENCE = re.compile(r"[^.!?;\n]+")


def hedged(text: str, words: list[str]) -> bool:
    """Whether every clause that contains one of ``words`` only considers, plans or lacks it: "no"
    in "The city coordinates, but we have no money for a coordinator" lacks the money, not the city's
    coordination, while "Wir überlegen, eine Kooperationsvereinbarung zu schließen" only considers the
    agreement (a considering word reaches the clauses after it, up to a contrast word; :func:`_clauses`)."""
    from assistant.intents import found, intent_data

    data = intent_data()
    hits = []
    for sentence in _SENTENCE.finditer(text):
        for part in _contrast_parts(fold(sentence.group())):
            clauses = _clauses(part)
            for i, clause in enumerate(clauses):
                if any(fold(w) in clause for w in words):
                    hits.append(any(found(cue, clause) for cue in data.negation_cues)
                                or any(found(cue, c) for c in clauses[: i + 1] for cue in data.hedge_cues))
    return bool(hits) and all(hits)


@cache
def _clause_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a sentence turns (before a contrast word) and what opens a clause that belongs to the
    one before (the language files' ``contrast_words`` and ``subordinating_words``)."""
    contrast = "|".join(re.escape(fold(w)) for w in cue_words("contrast_words"))
    subordinate = "|".join(re.escape(fold(w)) for w in cue_words("subordinating_words"))
    return re.compile(rf"\b(?=(?:{contrast})\b)"), re.compile(rf"\s*(?:{subordinate})\b")


def _contrast_parts(sentence: str) -> list[str]:
    """A folded sentence cut before its contrast words ("…, but we have no money")."""
    return _clause_patterns()[0].split(sentence)


def _clauses(text: str) -> list[str]:
    """A part of a folded sentence cut at its commas, each subordinate clause ("…, ob die Stadt
    koordiniert") kept with the clause before it."""
    subordinate = _clause_patterns()[1]
    clauses: list[str] = []
    for piece in text.split(","):
        if clauses and subordinate.match(piece):
            clauses[-1] += "," + piece
        else:
            clauses.append(piece)
    return clauses


#: A clause of at most this many words says no more than whom it is about ("Die Ehrenamtlichen, die wir
#: haben, hören auf"): what is said of them follows in the next clause.
_SUBJECT_ONLY_WORDS = 3


def stated_as_problem(text: str, words: list[str]) -> bool:
    """Whether the clause that contains one of ``words`` says it is a problem ("our volunteers keep
    quitting"). Clauses, not sentences (session 17 browser tester W17: in "Wir sind eine Kleinstadt ohne
    Koordination, wir haben viele Ehrenamtliche, aber kein Geld" the volunteers are no problem, the
    coordination and the money are): cut at contrast words and commas (:func:`_clauses`); a clause that
    only names whom it is about goes on in the next one."""
    from assistant.intents import found, intent_data

    cues = intent_data().problem_cues
    folded = [fold(w) for w in words]
    for sentence in _SENTENCE.finditer(text):
        for part in _contrast_parts(fold(sentence.group())):
            clauses = _clauses(part)
            for i, clause in enumerate(clauses):
                if not any(w in clause for w in folded):
                    continue
                for said in clauses[i:]:
                    if any(found(c, said) for c in cues):
                        return True
                    if len(said.split()) > _SUBJECT_ONLY_WORDS:
                        break
    return False
