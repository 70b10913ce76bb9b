"""What one question is to the retrieve stage: its analysis and the weights it is scored with.

Shared by candidate selection (:mod:`assistant.candidates`) and scoring
(:mod:`assistant.retrieve`), which re-exports everything here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.concepts import CONCEPTS
from assistant.intents import QuestionIntent, intent_data
from assistant.word_match import QuestionWords

#: Concept kinds that say what a question asks for or that it is in the field at all,
#: not what it is about: they never rank units.
NON_TOPIC_KINDS = frozenset({"intent", "domain", "off_topic"})


def topic_concepts(concepts: frozenset[str] | set[str] | tuple[str, ...]) -> set[str]:
    """The concepts that say what a question is about (not what it asks for)."""
    return {c for c in concepts if c in CONCEPTS and CONCEPTS[c].kind not in NON_TOPIC_KINDS}


#: Concept kinds of what a described situation is concerned with (a problem, a field of work), not of
#: who the asker is (the town's size, its coordination, the groups it serves): the further parts of a
#: situation told by such a concern alone keep to it (assistant.chat; W6: "Our volunteers keep
#: quitting" got every success factor of the closest networks, "Reduction of bureaucratic hurdles").
CONCERN_KINDS = frozenset({"challenge", "topic", "field_of_action"})


def has_a_concern(concepts: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """Does a question name a problem or a field of work (:data:`CONCERN_KINDS`)?"""
    return any(c in CONCEPTS and CONCEPTS[c].kind in CONCERN_KINDS for c in concepts)


#: Concept kinds of a network's own work (and words of integration work): a question with one
#: is about that work even when told in the first person ("Ich habe kein Geld für die Koordination").
NETWORK_WORK_KINDS = frozenset({"topic", "coordination", "formalisation", "size", "domain"})


def tells_own_matter(intent: QuestionIntent | None, concepts: frozenset[str]) -> bool:
    """Whether a question is one person's own matter (the scope's ``personal`` signal): their own
    things named ("meine Aufenthaltserlaubnis", "my rental contract", "iznim"), or the asker as
    the subject ("ich", "I", "ben") with nothing of a network's work. A group the networks work
    for, acted on by the asker, is a planner's question ("Wie gewinne ich Ehrenamtliche?", "How
    do I reach refugee women?", "Gönüllüleri nasıl bulurum?": the [personal] ``served`` concepts),
    unless the asker says they are one of it ("Als Geflüchteter, wie finde ich eine Wohnung?",
    "How do I volunteer at an animal shelter?": the ``member`` cues of that group)."""
    if intent is None or not intent.personal:
        return False
    if intent.own_things:
        return True
    kinds = {CONCEPTS[c].kind for c in concepts if c in CONCEPTS}
    if kinds & NETWORK_WORK_KINDS:
        return False
    return not (intent_data().served_concepts & concepts) - intent.member


def tells_own_need(intent: QuestionIntent | None, concepts: frozenset[str], named: frozenset[str]) -> bool:
    """Whether a question tells the asker's own need ("Ich habe kein Geld für die Miete", "I can't
    pay my rent", "Param yok, kira ödeyemiyorum": the [personal] ``needs`` cues of intents.toml)
    and names no network and nothing of a network's work but the ``household`` concepts a
    person's money question has too: one person's matter for the offices and counselling,
    not the town's funding situation."""
    if intent is None or not intent.own_need or named:
        return False
    household = intent_data().household_concepts
    return not any(CONCEPTS[c].kind in NETWORK_WORK_KINDS and c not in household for c in concepts if c in CONCEPTS)


@dataclass(frozen=True)
class RetrievalConfig:
    """Fusion weights; defaults are the best measured on the seed dev set and the growth tune
    split (``assistant eval``, ``assistant eval --growth``; docs/retrieval.md)."""

    dense: float = 1.0
    bm25: float = 0.2
    concepts: float = 0.4
    intent: float = 0.2
    network_diversity: float = 0.0  # per pair already shown from the same network (unnamed questions)
    #: A question naming a typical problem lifts the challenges sections by this. Off since session 12:
    #: the section examples and strict intents lift the sections a problem question asks for, and the
    #: fixed lift cost more than it gave (eval --growth: unseen 0.797 -> 0.810 without it, tune 0.705 ->
    #: 0.711, seed dev 0.677 -> 0.680, holdout equal; docs/retrieval.md "Session 12").
    problem_intent: float = 0.0
    bare_name_overview: float = 1.0  # further lift of the overview for a question that is only a name
    #: Lift of the sections that the example questions most like the question ask for
    #: (assistant/data/section_questions.toml; assistant.section_examples). It replaced a
    #: prior from the sections' content centroids, which matched topics rather than questions.
    section_examples: float = 0.075
    #: A small lift of every network's overview (its short description), whatever the
    #: question: it answers more questions than any single row. Measured on the tune split
    #: and the seed dev sets (docs/retrieval.md); lifts for other sections did not transfer.
    overview: float = 0.05
    #: Lift of the sections a strict intent of intents.toml asks for ("Where does the money
    #: come from?" -> resources), times the network's score: the fitting networks' sections
    #: come first, not every network's. Measured on the tune split and the seed dev sets.
    strict_intent: float = 0.2
    concept_length: float = 0.0  # concept score divided by (unit's topic tags) ** this
    #: Taken off the dense cosine of every unit in the question's own language that has no version
    #: in another language: the model gives a passage in the question's language a little more
    #: cosine whatever it says (the same-language pull: growth answers only in another language
    #: scored 0.04-0.17 lower). A passage also on its sheet in another language is found in either
    #: version and keeps its cosine. Measured on every set of ``eval --growth`` in one run
    #: (docs/retrieval.md "Session 16").
    same_language: float = 0.05
    network: float = 0.5
    named: float = 1.0  # the question names a network ("in Halberstadt", "Dortmunder")
    #: The question names a country or region (places.toml): "Netzwerke in Bayern?" prefers
    #: the networks located there as much as one it names.
    place: float = 1.0
    section_to_items: float = 0.8
    #: Rows taken from each of dense search, BM25 and the concept tags; their union (closed
    #: over sections) is what gets fused. None: fuse every unit (the exhaustive reference).
    candidates: int | None = 300
    #: Each of the best (network, section) pairs is lifted by this times how well its words
    #: answer the question's words (assistant.word_match): it tells a network's right section
    #: from its neighbours. Measured on the readable sets (docs/retrieval.md "Session 13").
    word_match: float = 0.3
    #: The leading networks among the candidates are then scored whole (all their units).
    #: Six, not five: with the approximate (IVF) test index a sixth network at 0.56 against a
    #: fifth at 0.58 swapped places, and with them one holdout answer (exact and IVF agree
    #: on every evaluation question from six on; the exact index gives the same at 5 and 8).
    candidate_networks: int = 6
    min_dense: float = 0.30  # scope without its rules (scope_rules off, the ablation): least masked cosine
    scope_rules: bool = True  # the word signals of the scope decision (off: cosine only, for the ablation)
    facts_penalty: float = 0.2  # general/contact facts, unless the question asks for facts
    concept_idf: bool = True
    fusion: str = "weighted"  # "weighted" sum of scores, or "rrf" (reciprocal rank fusion)
    concept_section: float = 0.0  # section prior learnt from where concepts occur in the corpus
    pair_rank: bool = True
    pair_second: float = 0.0
    use_dense: bool = True
    use_bm25: bool = True
    use_concepts: bool = True
    typos: bool = True  # correct misspelt question words against corpus, vocabulary and lexicon
    #: BM25 also matches the question's words translated into the other languages
    #: (assistant/data/word_translations.tsv): "Feuerwehr" finds "fire brigade" in an English sheet.
    word_translations: bool = True
    #: A German compound's parts are BM25 tokens of the question too (assistant.compounds):
    #: "Elternlotsen" matches "Lotsen für Eltern".
    compounds: bool = True


#: The naive baselines set every lift to 0 themselves, not by the defaults: until session 12 they
#: inherited the default challenges lift of problem questions (problem_intent 0.2).
BM25_ONLY = RetrievalConfig(same_language=0.0, word_translations=False, compounds=False, problem_intent=0.0,
                            word_match=0.0, facts_penalty=0.0, overview=0.0, strict_intent=0.0, section_examples=0.0,
                            place=0.0, dense=0.0, concepts=0.0, intent=0.0, network=0.0, named=0.0, bm25=1.0,
                            use_dense=False, use_concepts=False, section_to_items=0.0, pair_rank=False, typos=False)
DENSE_ONLY = RetrievalConfig(same_language=0.0, word_translations=False, compounds=False, problem_intent=0.0,
                             word_match=0.0, facts_penalty=0.0, overview=0.0, strict_intent=0.0,
                             section_examples=0.0, place=0.0, dense=1.0, bm25=0.0, concepts=0.0, intent=0.0,
                             network=0.0, named=0.0, use_bm25=False, use_concepts=False, section_to_items=0.0,
                             pair_rank=False, typos=False)


@dataclass(frozen=True)
class QueryAnalysis:
    """Everything derived from the question alone, computed once per question (or chat turn)."""

    query: str  # as given, cut to what is read at all (text.bound_question)
    cleaned: str  # normalised and cut to ``max_chars``
    truncated: bool
    language: str
    concepts: frozenset[str]
    tokens: tuple[str, ...]  # stemmed words plus concept tokens (BM25)
    vector: np.ndarray  # the question's embedding (zeros when dense scoring is off)
    named: frozenset[str]  # ids of the networks the question names
    corrected: str = ""  # the cleaned question with typos corrected: what was matched
    corrections: tuple[tuple[str, str], ...] = ()  # (as written, as corrected)
    bare_name: bool = False  # nothing but a network's name ("Rheinfeld", "Was ist mit Erfurt?")
    intent: QuestionIntent | None = None  # what it asks for (intents.toml); None: not analysed
    #: (sections,) how strongly its nearest example questions ask for each section kind
    #: (section_questions.toml), best = 1; None: not analysed
    section_votes: np.ndarray | None = None
    #: the cosines of the question to every example question (the same order; the scope
    #: decision's sheet margin reads its nearest ones); None: not compared
    section_similarities: np.ndarray | None = None
    #: ids of the networks located in the countries or regions it names (places.toml)
    placed: frozenset[str] = frozenset()
    #: ids of the countries or regions it names (places.toml)
    named_places: frozenset[str] = frozenset()
    #: ids of the countries or regions it names where no network of the corpus is located
    unserved_places: frozenset[str] = frozenset()
    #: its content words with their vectors and weights, for the word match (assistant.word_match);
    #: None: no content words, or the word match is off
    words: QuestionWords | None = None
