"""Is a question about integration-network practice at all? A few sure rules, then a
calibrated score of several signals.

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
* ``personal``: one person's own matter ("my residence permit"), not a group's or a town's:
  their own things named, or the asker as the subject ("ich", "I") with nothing of a network's
  work ("Wie finanziere ich eine Koordinationsstelle?" is a planner's question);
* ``own_need``: the asker's own need told in the first person ("Ich habe kein Geld für die
  Miete", "I can't pay my rent"), with nothing of a network's work (:func:`assistant.query.tells_own_need`);
* ``similarity``: the best cosine of the question, network names masked, to any unit
  ("Wetter in Erfurt" is close to the Erfurt sheets only by the city's name);
* ``sheet_margin`` and ``field_margin``: how much more the question is like the example
  questions of the sheets' sections (section_questions.toml), or like examples of
  integration work in its fields (scope_examples.toml ``[in_domain]``), than like everyday
  questions that are not about it (``[off_topic]``: timetables, one's own taxes, a printer,
  maths): mean cosine of the three nearest of each, compared.

The sure rules decide first (a bare network name, a part of the sheets, the weather, one
person's own need, a named network with a question, a masked cosine to some unit of at least ``sure_similarity``:
the sheets answer something like it; one below ``floor_similarity`` to every unit is out);
every other question is in scope when the weighted sum of
the similarity, the two margins and the word signals reaches the threshold. The weights are
a logistic regression fitted on every readable development question (scripts/fit_scope.py
writes scope_model.toml; docs/retrieval.md has the figures): a field word is evidence, not
proof ("the last bus to the university", "a Babbel subscription" have field words), and a
question with no field word can be in scope (integration work no network covers).
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
    sheet_margin: float | None = None  # like the section questions more than the off-topic examples (None: not yet)
    field_margin: float | None = None  # like the examples of integration work more than the off-topic ones
    #: Share of its words (network names masked, stop words out) that the sheets of the networks
    #: it names contain; None: it names none. "Kranichmoor: Feuerwehr und Jugend?" asks about
    #: that network in its own words; "Wann spielt Borussia Dortmund?" does not.
    own_words: float | None = None
    #: The asker's own need ("Ich habe kein Geld für die Miete"): the field's words in it (money,
    #: housing) are the person's, not a network's; the score alone took it for funding.
    own_need: bool = False


@dataclass(frozen=True)
class ScopeWeights:
    """The calibrated score (scope_model.toml): in scope when ``intercept`` plus each weight
    times its signal (booleans as 0/1) reaches ``threshold``."""

    intercept: float
    similarity: float
    sheet_margin: float
    field_margin: float
    topic: float
    domain: float
    personal: float
    threshold: float = 0.0
    #: A question at least this close to some unit (masked cosine) is in scope whatever its
    #: score: the sheets answer something like it. Fitted as just above the closest readable
    #: out-of-scope question the score decides; 1.0 (never) when not given.
    sure_similarity: float = 1.0
    #: A question less close than this to every unit, with no word of the field, is out of
    #: scope whatever its score: it says nothing the sheets talk about ("What can we do?" is
    #: like the example questions by its form alone; "Çocuk bakımı?" names a field). Fitted
    #: as just below the least close readable in-scope question the score decides; 0.0
    #: (never) when not given.
    floor_similarity: float = 0.0

    def score(self, signals: ScopeSignals) -> float:
        return (self.intercept + self.similarity * (signals.similarity or 0.0)
                + self.sheet_margin * (signals.sheet_margin or 0.0) + self.field_margin * (signals.field_margin or 0.0)
                + self.topic * bool(signals.topic) + self.domain * signals.domain
                + self.personal * signals.personal)


@dataclass(frozen=True)
class ScopeDecision:
    in_scope: bool
    reason: str  # the rule that decided, for --explain, the chat and the eval report
    signals: ScopeSignals


#: Intents that ask for what the fact sheets record, whatever else the question says: "Welche
#: Erfolgsfaktoren gibt es?" is about the networks in this app. (Not the challenges intent: its
#: "problem" is any problem, a printer's too.)
SHEET_INTENTS = frozenset({"intent_success", "intent_transfer", "intent_results"})


#: A question naming a network is about it when at least this share of its other words is in the
#: network's sheets. Every readable out-of-scope question that names a network (weather, goals,
#: flights, house prices, a car's papers: 14 of them) has at most a third, every readable in-scope
#: one is decided right either way; half was chosen after the clean splits' share counts had been
#: seen in aggregate (docs/retrieval.md, session 7).
OWN_WORDS = 0.5


def _by_words(signals: ScopeSignals) -> tuple[bool, str] | None:
    """The decision the words of the question make alone, if they make one."""
    if signals.bare_name:
        return True, "names a network"
    if signals.sheet_words:
        return True, "asks for a part of the sheets"
    if signals.off_topic and not signals.domain:
        return False, "not network practice (casework, weather)"
    if signals.own_need:
        return False, "one person's own need (money, rent, a flat, a job)"
    if signals.named and signals.intents:
        return True, "asks about a named network"
    if signals.own_words is not None and signals.own_words >= OWN_WORDS:
        return True, "asks about a named network in its sheets' words"
    if SHEET_INTENTS.intersection(signals.intents):
        return True, "asks what the sheets record"
    return None


def needs_similarity(signals: ScopeSignals) -> bool:
    """Only a question the words do not decide needs the embedding signals."""
    return _by_words(signals) is None


def _by_similarity(signals: ScopeSignals, weights: ScopeWeights) -> tuple[bool, str] | None:
    """The decision the masked cosine makes alone, if it makes one."""
    if signals.similarity is not None and signals.similarity >= weights.sure_similarity:
        return True, "close to the sheets"
    if (signals.similarity is not None and signals.similarity < weights.floor_similarity
            and not signals.topic and not signals.domain):  # a field word is content: "Çocuk bakımı?"
        return False, "far from every sheet"
    return None


def needs_margins(signals: ScopeSignals, weights: ScopeWeights) -> bool:
    """Only a question neither the words nor the similarity decide needs the prototype margins."""
    return _by_words(signals) is None and _by_similarity(signals, weights) is None


def decide(signals: ScopeSignals, weights: ScopeWeights) -> ScopeDecision:
    """In or out of scope, and why (the first sure rule that applies, else the score)."""
    sure = _by_words(signals) or _by_similarity(signals, weights)
    if sure is not None:
        return ScopeDecision(sure[0], sure[1], signals)
    score = weights.score(signals)
    if score >= weights.threshold:
        return ScopeDecision(True, f"like integration work (score {score:+.2f})", signals)
    return ScopeDecision(False, f"not like integration work (score {score:+.2f})", signals)


def in_by_closeness_alone(decision: ScopeDecision, weights: ScopeWeights, score: float) -> bool:
    """In scope by the sure similarity only: the words decided nothing and the question's
    ``score`` (with its margins, which :func:`decide` skips once the similarity decides) is below
    the threshold. The masked cosine this rests on grows as sheets are added (docs/retrieval.md)."""
    return decision.in_scope and _by_words(decision.signals) is None and score < weights.threshold


def decide_by_cosine(signals: ScopeSignals, min_similarity: float) -> ScopeDecision:
    """The old rule, for the ablation: the masked cosine alone against one threshold."""
    if signals.similarity is not None and signals.similarity >= min_similarity:
        return ScopeDecision(True, "close to the sheets", signals)
    return ScopeDecision(False, "far from every sheet", signals)
