"""Is a question about integration-network practice at all? Several signals, one rule list.

The signals (computed by :mod:`assistant.retrieve` from one question):

* ``topic``: concepts of the field's vocabulary ("volunteers", "work ban", "funding");
* ``domain``: words that say the question is about integration work or networks
  ("Integrationsnetzwerk", "cooperation", "ağ") even where no topic concept fits;
* ``off_topic``: a request to do one person's paperwork ("write me a cover letter") or for
  the weather ("hava nasıl?");
* ``intents``: what the question asks for (contact, facts, challenges...);
* ``named``: it names a network of the corpus; ``bare_name``: and says nothing else;
* ``sheet_words``: it says nothing but the words of a part every sheet has ("Probleme?",
  "Members?", "Kontakt?": intents.toml's ``alone`` words);
* ``personal``: one person's own matter ("my residence permit"), not a group's or a town's;
* ``similarity``: the best cosine of the question, network names masked, to any unit
  ("Wetter in Erfurt" is close to the Erfurt sheets only by the city's name).

The rules are applied in order (first match decides); the one cosine threshold is
calibrated on the development questions (seed dev set and the growth tune split):
see docs/retrieval.md for its value, the dev-set errors and how it was set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScopeSignals:
    topic: tuple[str, ...]
    domain: bool
    off_topic: bool
    intents: tuple[str, ...]
    named: bool
    bare_name: bool
    similarity: float | None  # None: not computed (another signal decided)
    personal: bool = False
    sheet_words: bool = False  # nothing but the words of a part every sheet has ("Probleme?", "Members?")


@dataclass(frozen=True)
class ScopeDecision:
    in_scope: bool
    reason: str  # the rule that decided, for --explain, the chat and the eval report
    signals: ScopeSignals


#: Intents that ask for what the fact sheets record, whatever else the question says: "Welche
#: Erfolgsfaktoren gibt es?" is about the networks in this app. (Not the challenges intent: its
#: "problem" is any problem, a printer's too.)
SHEET_INTENTS = frozenset({"intent_success", "intent_transfer", "intent_results"})


def _by_words(signals: ScopeSignals) -> tuple[bool, str] | None:
    """The decision the words of the question make alone, if they make one."""
    if signals.bare_name:
        return True, "names a network"
    if signals.sheet_words:
        return True, "asks for a part of the sheets"
    if signals.off_topic and not signals.domain:
        return False, "not network practice (casework, weather)"
    if signals.topic and not (signals.personal and not signals.domain and not signals.named):
        # One person's health insurance or residence permit is casework, not network practice:
        # with the field's words alone it must also be close to the sheets.
        return True, "field vocabulary"
    if signals.domain:
        return True, "integration work in general"
    if signals.named and signals.intents:
        return True, "asks about a named network"
    if SHEET_INTENTS.intersection(signals.intents):
        return True, "asks what the sheets record"
    return None


def needs_similarity(signals: ScopeSignals) -> bool:
    """Only a question the words do not decide needs the embedding similarity."""
    return _by_words(signals) is None


def decide(signals: ScopeSignals, min_similarity: float) -> ScopeDecision:
    """In or out of scope, and why (the first rule that applies)."""
    by_words = _by_words(signals)
    if by_words is not None:
        return ScopeDecision(by_words[0], by_words[1], signals)
    if signals.similarity is not None and signals.similarity >= min_similarity:
        return ScopeDecision(True, "close to the sheets", signals)
    return ScopeDecision(False, "far from every sheet", signals)
