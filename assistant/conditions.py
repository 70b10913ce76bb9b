"""Which networks meet the conditions a question states: "Welche Netzwerke arbeiten mit Ehrenamtlichen?",
"Which networks are formal and work on health?", "Hangi ağların koordinatörü var?", "Gibt es ein Netzwerk in
einer Kleinstadt …?" (session 16 browser tester V5/V25/V26: a network whose target groups list "Volunteers"
was left out, and one that is informal was listed as formal).

The conditions are read from the question as the situation profile reads the asker's town
(:func:`assistant.profile.extract_profile`: target groups, fields of action, formal or informal, who
coordinates, the town's size), and each network meets them as its own profile states them
(:func:`assistant.profile.profile_network`: the row or passage each value was read from). A network
meets a question's conditions when its sheets state every one; the chat names those networks, each
with what states it, and no other (:mod:`assistant.chat`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from assistant.intents import any_found, found, intent_data, rest_words
from assistant.messages import t
from assistant.profile import (
    Evidence,
    Facet,
    NetworkProfile,
    SituationProfile,
    concept_label,
    extract_profile,
    values_read,
)
from assistant.text import fold

#: The condition "a coordinating organisation" of any kind ("Which networks have a coordinator?").
ANY_COORDINATOR = "coordination_any"
_NO_COORDINATOR = "coordination_none"


@dataclass(frozen=True)
class Condition:
    """One thing a network must state: a facet's value (a concept id, or :data:`ANY_COORDINATOR`)."""

    facet: Facet
    value: str

    @property
    def key(self) -> str:
        """"target_groups=volunteers": kept with the answer, so its short answer can be said again."""
        return f"{self.facet.value}={self.value}"

    @classmethod
    def of_key(cls, key: str) -> Condition:
        facet, _, value = key.partition("=")
        return cls(Facet(facet), value)


def asks_which_networks(text: str) -> bool:
    """Whether ``text`` asks which networks ("Welche Netzwerke …?", "Is there a network in a small town …?",
    "Hangi ağlar …?"): a [which] cue anywhere in it."""
    folded = fold(text)
    return any(found(cue, folded) for cue in intent_data().which_cues)


def _tells_ours(text: str) -> bool:
    """Whether ``text`` speaks of the asker's own town or network ("wir", "our", "biz"): a [situation] cue."""
    return any_found(intent_data().checks["situation"], fold(text))


def _asks_for_a_coordinator(text: str) -> bool:
    """Whether ``text`` names a coordinator as such ("a paid coordinator", "eine Koordinierungsstelle",
    "koordinatörü"): a [which] ``coordinator`` cue anywhere in it."""
    folded = fold(text)
    return any(found(cue, folded) for cue in intent_data().coordinator_cues)


def conditions_asked(text: str, corrections: Sequence[tuple[str, str]] = ()) -> list[Condition]:
    """The conditions ``text`` asks networks to meet: none unless it asks which networks (a [which] cue)
    and does not tell the asker's own situation ("Wir sind eine Kleinstadt …" is a town to compare). The
    challenges it names ("ohne feste Finanzierung") are no condition: they are what it asks about."""
    if not asks_which_networks(text) or _tells_ours(text):
        return []
    profile = extract_profile(text, corrections)
    coordination = profile.coordination or (ANY_COORDINATOR if _asks_for_a_coordinator(text) else None)
    single = [(Facet.SIZE, profile.size), (Facet.COORDINATION, coordination),
              (Facet.FORMALISATION, profile.formalisation)]
    conditions = [*(Condition(facet, value) for facet, value in single if value),
                  *(Condition(Facet.TARGET_GROUPS, v) for v in profile.target_groups),
                  *(Condition(Facet.FIELDS_OF_ACTION, v) for v in profile.fields_of_action)]
    return conditions if conditions and _says_nothing_else(text, profile, conditions) else []


#: The rest of a word a cue or a term starts ("finanz" of "Finanzierung").
_WORD_REST = re.compile(r"\w*")


def _says_nothing_else(text: str, profile: SituationProfile, conditions: Sequence[Condition]) -> bool:
    """Whether ``text`` says nothing but its conditions (the words they were read from), that it asks which
    networks ([which] cues and words), what it asks of them (an intent's cues: "paid", "Finanzierung"), and
    [overview] or [request] words: "Welche Netzwerke arbeiten mit Ehrenamtlichen?", not "Gibt es ein
    Netzwerk, das Integrationslotsen für neu Zugewanderte organisiert?" (a practice, whatever group it names)."""
    data = intent_data()
    folded = fold(text)
    left = list(folded)
    phrases = [re.compile(rf"(?<!\w){re.escape(fold(w))}")
               for c in conditions for w in profile.evidence.get(c.value, [])]
    cues = (*data.which_cues, *data.coordinator_cues, *(cue for intent in data.intents for cue in intent.cues))
    for pattern in (*phrases, *cues):
        for match in pattern.finditer(folded):
            end = _WORD_REST.match(folded, match.end())
            stop = end.end() if end else match.end()
            left[match.start():stop] = " " * (stop - match.start())
    return all(w in data.which_words or w in data.request_words for w in rest_words("".join(left)))


def evidence_of(profile: NetworkProfile, condition: Condition) -> list[Evidence]:
    """What in the network's sheets states ``condition`` (empty: they do not state it)."""
    facet, value = condition.facet, condition.value
    if facet in (Facet.TARGET_GROUPS, Facet.FIELDS_OF_ACTION):
        return [e for e in getattr(profile, facet.value) if e.value == value]
    stated: Evidence | None = getattr(profile, facet.value)
    if stated is None:
        return []
    if value == ANY_COORDINATOR:  # a coordinator of any kind, named or read: not "No coordinating organisation"
        return [stated] if stated.value != _NO_COORDINATOR else []
    return [stated] if stated.value == value else []


def row_states(condition: Condition, text: str) -> bool:
    """Whether a network's row ``text`` states ``condition`` as its profile reads such a row (another language
    version of the row the condition was met by): "a coordinating organisation" is any row but "none"."""
    values = values_read(condition.facet, text)
    if condition.value == ANY_COORDINATOR:
        return _NO_COORDINATOR not in values
    return condition.value in values


def networks_meeting(profiles: Mapping[str, NetworkProfile], conditions: Sequence[Condition],
                     order: Sequence[str], allowed: Collection[str] | None = None
                     ) -> tuple[dict[str, list[tuple[Condition, Evidence]]], bool]:
    """The networks (of ``allowed``) whose sheets state every condition, in ``order`` (the ranking's; the
    rest after it by id), each with what states each condition, and True. Where none states them all, those
    that state the most of them ("Mülteci kadınların sağlığı için hangi ağ var?": no sheet names women; two
    name refugees and health), and False; none at all: nothing."""
    place = {network: i for i, network in enumerate(order)}
    stated: dict[str, list[tuple[Condition, Evidence]]] = {}
    for network_id in sorted(profiles, key=lambda n: (place.get(n, len(place)), n)):
        if allowed is None or network_id in allowed:
            pairs = [(c, e) for c in conditions for e in evidence_of(profiles[network_id], c)]
            if pairs:
                stated[network_id] = pairs
    count = {n: len({c for c, _ in pairs}) for n, pairs in stated.items()}
    most = max(count.values(), default=0)
    return {n: pairs for n, pairs in stated.items() if count[n] == most}, most == len(conditions)


def condition_label(condition: Condition, lang: str) -> str:
    """What a condition is called in ``lang`` ("Ehrenamt & Freiwillige", "a coordinating organisation")."""
    if condition.value == ANY_COORDINATOR:
        return t("condition_coordinator", lang)
    return concept_label(condition.value, lang)
