"""Retrieve stage: a question -> ranked, de-duplicated items with their scores.

Hybrid scoring over the candidate units (:mod:`assistant.candidates`; items and whole sections):

* dense: cosine similarity of USE embeddings (FAISS, exact inner product);
* BM25 over language-stemmed tokens plus concept tokens (bm25s + PyStemmer);
* concepts: overlap of the DE/EN/TR concept vocabulary tags of question and unit,
  which is what lets "Ehrenamtliche" find "volunteers" and "gönüllü";
* section intent: "problem", "Schwierigkeit", "sorun" point to challenges;
* network aggregation: a network whose units match well as a whole lifts its items;
* word match: the best (network, section) pairs are ordered again by how well their words
  answer the question's words, across languages (:mod:`assistant.word_match`).

The weights are :class:`RetrievalConfig`; ``assistant eval`` measures them on the
dev set. Section-level units lift the items of their section; only items are
returned. Translations of one item (the English and Turkish Erfurt sheets)
collapse into one hit, shown in the user's language where that version exists.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from assistant.analyse import BARE_NAME_INTENTS as BARE_NAME_INTENTS
from assistant.analyse import analyse_query as analyse_query
from assistant.analyse import as_overview as as_overview
from assistant.analyse import clear_question_language as clear_question_language
from assistant.analyse import corrected_question as corrected_question
from assistant.analyse import network_names as network_names
from assistant.analyse import query_language as query_language
from assistant.analyse import without_places as without_places
from assistant.candidates import Candidates as Candidates
from assistant.candidates import candidate_rows as candidate_rows
from assistant.candidates import concept_columns, group_order, in_sorted, sorted_unique, topic_columns
from assistant.concepts import CONCEPTS
from assistant.embedding import Encoder
from assistant.index import SECTION_ORDER, SearchIndex, Unit
from assistant.language import SUPPORTED
from assistant.models import SectionKind
from assistant.query import BM25_ONLY as BM25_ONLY
from assistant.query import DENSE_ONLY as DENSE_ONLY
from assistant.query import NON_TOPIC_KINDS, tells_own_matter, tells_own_need, topic_concepts
from assistant.query import QueryAnalysis as QueryAnalysis
from assistant.query import RetrievalConfig as RetrievalConfig
from assistant.scope import ScopeDecision, ScopeSignals, decide, decide_by_cosine, needs_margins, needs_similarity
from assistant.scope_model import prototype_margins, scope_model
from assistant.settings import DEFAULT_MAX_QUERY_CHARS
from assistant.tokenize import tokenize
from assistant.word_scores import MATCHED_PAIRS, pair_matches

#: Intent concept ids -> the sections they ask for (``sections`` of their tables in intents.toml).
INTENT_SECTIONS: dict[str, tuple[SectionKind, ...]] = {
    c.id: tuple(SectionKind(s) for s in c.sections) for c in CONCEPTS.values() if c.sections
}


#: Sections of bare facts rather than practices.
FACT_SECTIONS = frozenset({SectionKind.GENERAL, SectionKind.CONTACT})


@dataclass(frozen=True)
class Hit:
    unit: Unit
    score: float
    dense: float
    bm25: float
    concept: float
    matched_concepts: tuple[str, ...]
    translations: tuple[Unit, ...] = ()  # other language versions collapsed into this hit


@dataclass(frozen=True)
class Retrieval:
    query: str
    language: str
    matched: bool
    hits: list[Hit]
    query_concepts: tuple[str, ...]
    truncated: bool = False
    #: The scoring pass and its index, for :attr:`network_scores` (None: no networks).
    scored: tuple[Scored, SearchIndex] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def network_scores(self) -> dict[str, float]:
        """Network id -> score, for the networks among the candidates (computed when first
        read: an answer that shows only the hits does not pay for it)."""
        if self.scored is None:
            return {}
        scored, index = self.scored
        return scored.network_score_map(index)


def _rrf(scores: np.ndarray, k: int = 60) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ((k + 1) / (k + ranks)).astype(np.float32)


def _concept_scores(
    index: SearchIndex, rows: np.ndarray, topic: set[str], config: RetrievalConfig
) -> np.ndarray:
    """Share of the question's topic concepts that each unit at ``rows`` has, IDF-weighted so
    that rare concepts (task delimitation) count more than ubiquitous ones (migrants)."""
    cols, weights = topic_columns(index, topic, config)
    if not len(cols):
        return np.zeros(len(rows), dtype=np.float32)
    # Column by column: a 2-D fancy index of a few thousand rows cost twice as much.
    has = np.stack([index.arrays.concepts[rows, c] for c in cols.tolist()], axis=1)
    scores: np.ndarray = (has @ weights / weights.sum()).astype(np.float32)
    if config.concept_length:
        # A long paragraph collects many tags; a one-line challenge that has the question's
        # concept is the more specific match.
        tags = np.maximum(_topic_tag_counts(index)[rows], 1.0)
        scores = (scores / tags ** config.concept_length).astype(np.float32)
    return scores


def _topic_tag_counts(index: SearchIndex) -> np.ndarray:
    """Number of topic concepts each unit is tagged with (row order), computed once."""
    counts = index.derived.get("topic_tag_counts")
    if counts is None:
        arrays = index.arrays
        topic_cols = [i for i, c in enumerate(arrays.concept_ids)
                      if c in CONCEPTS and CONCEPTS[c].kind not in NON_TOPIC_KINDS]
        counts = index.derived["topic_tag_counts"] = arrays.concepts[:, topic_cols].sum(axis=1).astype(np.float32)
    return counts  # type: ignore[return-value]


def _section_affinity(index: SearchIndex, rows: np.ndarray, topic: set[str]) -> np.ndarray:
    """How typical each unit's section is for the question's concepts, learnt from the
    corpus itself: "funding" is mostly found under resources, "survey" under evaluation."""
    prior = _section_prior(index, frozenset(topic)) if len(rows) else None
    if prior is None:
        return np.zeros(len(rows), dtype=np.float32)
    affinity: np.ndarray = prior[index.arrays.section[rows]].astype(np.float32)
    return affinity


#: Concept sets whose section prior :func:`_section_prior` keeps per index.
_RECENT_PRIORS = 4096
_UNSEEN = object()


def _section_prior(index: SearchIndex, topic: frozenset[str]) -> np.ndarray | None:
    """Per section code: how typical it is for ``topic`` (best = 1), None without known
    concepts. It depends on the concepts only, and questions share their concepts: the last
    few thousand sets' are kept (ten numpy calls on cold caches otherwise)."""
    kept = index.derived.get("section_priors")
    if not isinstance(kept, dict):
        kept = index.derived["section_priors"] = {}
    found = kept.get(topic, _UNSEEN)  # one lookup: another thread may clear it
    if found is not _UNSEEN:
        return found  # type: ignore[no-any-return]
    arrays = index.arrays
    cols = concept_columns(index, set(topic))
    prior = None
    if len(cols):
        counts = arrays.concept_section_counts[cols]  # (C, S), counted over every item at ingest
        totals = counts.sum(axis=1, keepdims=True)
        share = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
        prior = (share * arrays.concept_idf[cols, None]).sum(axis=0)
        prior = prior / prior.max() if prior.max() > 0 else prior
    if len(kept) >= _RECENT_PRIORS:
        kept.clear()
    kept[topic] = prior
    return prior


def score_rows(
    index: SearchIndex, candidates: Candidates, query_concepts: frozenset[str], config: RetrievalConfig,
    *, bare_name: bool = False, section_votes: np.ndarray | None = None, language: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Fused score and concept overlap of every candidate row (``bare_name``: it is only a
    network's name; ``section_votes``: which sections its example questions ask for;
    ``language``: the question's, whose units lose the same-language offset)."""
    arrays = index.arrays
    rows, dense, bm25 = candidates.rows, candidates.dense, candidates.bm25
    topic = topic_concepts(query_concepts)
    concept = _concept_scores(index, rows, topic, config) if config.use_concepts else np.zeros(len(rows), np.float32)
    wanted = {k for c in query_concepts for k in INTENT_SECTIONS.get(c, ())}
    if config.fusion == "rrf":
        # Reciprocal rank fusion, scaled so a first rank is worth what a cosine of 1 is.
        fused = config.dense * _rrf(dense) + config.bm25 * _rrf(bm25) + config.concepts * _rrf(concept)
    else:
        fused = config.dense * np.maximum(dense, 0) + config.bm25 * bm25 + config.concepts * concept
        if config.same_language and config.use_dense and language:
            own = arrays.language[rows] == language.encode("ascii", "replace")
            fused -= config.dense * config.same_language * (own & index.arrays.in_one_language[rows])
    section = arrays.section[rows]
    if wanted and config.intent:
        # A bare name asks for nothing else, so its overview comes first.
        weight = config.intent + (config.bare_name_overview if bare_name else 0.0)
        fused += weight * _section_mask(wanted)[section]
    if config.problem_intent and SectionKind.CHALLENGES not in wanted and _describes_a_problem(query_concepts):
        # "Our volunteers keep quitting" asks what others learnt about that problem.
        fused += config.problem_intent * (section == SECTION_ORDER.index(SectionKind.CHALLENGES))
    if config.section_examples and section_votes is not None:
        # "Wie messen die das?" asks for evaluation whatever the topic: the sections asked
        # for by the example questions most like it (the examples span the topics).
        fused += config.section_examples * section_votes[section]
    if config.concept_section and config.use_concepts and topic:
        fused += config.concept_section * _section_affinity(index, rows, topic)
    if config.overview:
        fused += config.overview * (section == SECTION_ORDER.index(SectionKind.DESCRIPTION))
    # Bare facts ("Volunteers", a web address) only answer questions that ask for facts.
    if config.facts_penalty and not wanted & FACT_SECTIONS:
        fused -= config.facts_penalty * _section_mask(FACT_SECTIONS)[section]
    return fused.astype(np.float32), concept


def _describes_a_problem(concepts: Collection[str]) -> bool:
    """Does the question name a typical problem of networks (a challenge concept)?"""
    return any(c in CONCEPTS and CONCEPTS[c].kind == "challenge" for c in concepts)


def _section_mask(kinds: Collection[SectionKind]) -> np.ndarray:
    """Section code -> is it one of ``kinds`` (index it with a column of section codes:
    the rows' ``np.isin`` without sorting)."""
    mask = np.zeros(len(SECTION_ORDER), dtype=bool)
    mask[[SECTION_ORDER.index(k) for k in kinds]] = True
    return mask


@dataclass(frozen=True)
class Scored:
    """One scoring pass for one question: its candidate rows and their scores (all arrays
    aligned with ``rows``); :func:`rank` slices it by section, network and what was shown."""

    analysis: QueryAnalysis
    matched: bool
    rows: np.ndarray  # candidate unit rows, sorted
    item_score: np.ndarray
    dense: np.ndarray
    bm25: np.ndarray
    concept: np.ndarray
    allowed: np.ndarray  # candidates the caller's network filter allows
    network: np.ndarray  # network code of each candidate
    network_scores: np.ndarray  # per network, code order (0 for networks without candidates)

    def networks_present(self) -> np.ndarray:
        """Codes of the networks among the allowed candidates, best first."""
        codes = sorted_unique(self.network[self.allowed])
        return codes[np.argsort(-self.network_scores[codes], kind="stable")]
    scope: ScopeDecision | None = None  # why the question is (not) in scope; None for baselines

    def top_network_ids(self, index: SearchIndex, n: int) -> list[str]:
        """Ids of the ``n`` best networks among the allowed candidates."""
        return [index.arrays.network_ids[int(code)] for code in self.networks_present()[:n]]

    def network_score_map(self, index: SearchIndex) -> dict[str, float]:
        """Network id -> score, for the networks among the candidates."""
        ids = index.arrays.network_ids
        codes = self.networks_present()
        return dict(zip([ids[c] for c in codes.tolist()], self.network_scores[codes].tolist(), strict=True))


def score_query(
    index: SearchIndex,
    encoder: Encoder,
    analysis: QueryAnalysis,
    *,
    networks: Collection[str] | None = None,
    config: RetrievalConfig = RetrievalConfig(),
) -> Scored:
    """Find the candidates and fuse every signal once for ``analysis``; ``networks``
    restricts to those ids (UI filters)."""
    n = len(index.units)
    arrays = index.arrays
    if not analysis.cleaned or not n:
        empty = np.zeros(0, np.float32)
        return Scored(analysis, False, np.zeros(0, np.int64), empty, empty, empty, empty, np.zeros(0, bool),
                      np.zeros(0, np.int32), np.zeros(len(arrays.network_ids) if n else 0, np.float32))
    candidates = candidate_rows(index, analysis, config)
    allowed_table = network_table(index, networks) if networks is not None else None
    named_table = network_table(index, analysis.named) if analysis.named and config.named else None
    placed_table = network_table(index, analysis.placed) if analysis.placed and config.place else None

    def fuse(candidates: Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Fused score, concept overlap, network code and filter verdict of each candidate
        (row by row: the scores of a row do not depend on the other candidates)."""
        fused, concept = score_rows(index, candidates, analysis.concepts, config,
                                    bare_name=analysis.bare_name, section_votes=analysis.section_votes,
                                    language=analysis.language)
        codes = arrays.network[candidates.rows]
        allowed = allowed_table[codes] if allowed_table is not None else np.ones(len(codes), dtype=bool)
        if named_table is not None:
            fused = fused + config.named * named_table[codes]
        if placed_table is not None:
            fused = fused + config.place * placed_table[codes]
        return fused, concept, codes, allowed

    fused, concept, codes, allowed = fuse(candidates)
    totals, taken = _network_sums(len(arrays.network_ids), codes, fused, allowed)
    network_scores = _scaled_means(totals, taken)
    if len(candidates.rows) < n and config.candidate_networks and config.network:
        # A network's score is the mean of its best units, and it lifts all its items: score
        # the leading networks whole, so their scores and lifted items are those of scoring
        # every unit.
        leading = np.argsort(-network_scores)[: config.candidate_networks]
        leading = leading[network_scores[leading] > 0]
        added = candidates.of_rows(index, analysis.vector, candidates.new_rows(index, arrays.network_rows.rows_of(
            leading)), config.use_dense)
        if len(added.rows):
            wider = candidates.joined(added)
            if config.fusion == "rrf":  # a row's rank fusion depends on every candidate: fuse them again
                fused, concept, codes, allowed = fuse(wider)
                totals, taken = _network_sums(len(totals), codes, fused, allowed)
            else:  # a weighted sum is row by row: fuse only the rows added
                order = np.argsort(np.concatenate([candidates.rows, added.rows]), kind="stable")
                fused, concept, codes, allowed = (np.concatenate(pair)[order] for pair in zip(
                    (fused, concept, codes, allowed), fuse(added), strict=True))
                # The rows added are the leading networks' (a unit's section and items are of its
                # network): only their sums change, so only their rows are summed again.
                theirs = np.bincount(leading, minlength=len(totals))[codes] > 0
                again = _network_sums(len(totals), codes[theirs], fused[theirs], allowed[theirs])
                totals[leading], taken[leading] = again[0][leading], again[1][leading]
            candidates = wider
            network_scores = _scaled_means(totals, taken)
    rows = candidates.rows
    item_score = _item_scores(index, rows, fused, network_scores, config)
    if config.strict_intent and analysis.intent is not None and analysis.intent.sections:
        lift = _section_mask(analysis.intent.sections)[arrays.section[rows]] * network_scores[codes]
        item_score = (item_score + config.strict_intent * lift).astype(np.float32)
    scope = None
    if config.use_dense:
        scope = in_scope(index, encoder, analysis, config, top_dense=candidates.top_dense)
        matched = scope.in_scope
    else:  # the BM25-only baseline: any shared term counts
        matched = float(candidates.bm25.max(initial=0.0)) > 0
    return Scored(analysis, matched, rows, item_score, candidates.dense, candidates.bm25, concept, allowed,
                  codes, network_scores, scope)


def network_table(index: SearchIndex, network_ids: Collection[str]) -> np.ndarray:
    """Network code -> is it one of ``network_ids`` (index it with a column of network codes:
    ``np.isin`` of their codes without sorting, as :func:`_section_mask` for sections)."""
    table = np.zeros(len(index.arrays.network_ids), dtype=bool)
    table[index.arrays.network_codes(network_ids)] = True
    return table


def rank(
    index: SearchIndex,
    scored: Scored,
    *,
    top_k: int = 5,
    networks: Collection[str] | None = None,
    sections: Collection[SectionKind] | None = None,
    exclude_groups: Collection[int] = (),
    language: str | None = None,
    config: RetrievalConfig = RetrievalConfig(),
) -> list[Hit]:
    """The best ``top_k`` items of one scoring pass, optionally only of some networks or
    sections, skipping translation groups already shown; each shown in ``language``
    (default: the question's) where that version exists."""
    if not scored.matched or not len(index.units):
        return []
    arrays = index.arrays
    rows = scored.rows
    keep = scored.allowed & arrays.is_item[rows]
    if networks is not None:
        keep &= network_table(index, networks)[scored.network]
    if sections is not None:
        keep &= _section_mask(sections)[arrays.section[rows]]
    if exclude_groups:
        keep &= ~np.isin(arrays.group[rows], np.fromiter(exclude_groups, dtype=np.int64))
    depth = max(200, 20 * top_k)
    ranked = _rank_by_pair(index, scored, keep, config, depth=depth)
    return _collapse_translations(index, scored, ranked, top_k, language or scored.analysis.language)


def retrieve(
    index: SearchIndex,
    encoder: Encoder,
    query: str,
    *,
    top_k: int = 5,
    language: str | None = None,
    networks: Collection[str] | None = None,
    sections: Collection[SectionKind] | None = None,
    config: RetrievalConfig = RetrievalConfig(),
    max_chars: int = DEFAULT_MAX_QUERY_CHARS,
    analysis: QueryAnalysis | None = None,
) -> Retrieval:
    """Rank the index's items for ``query`` (analyse, score once, rank).

    ``networks`` restricts results to those network ids (the UI's filters);
    ``sections`` to those section kinds (e.g. only success factors). A precomputed
    ``analysis`` skips the analysis step.
    """
    if analysis is None:
        analysis = analyse_query(index, encoder, query, language=language, config=config, max_chars=max_chars)
    scored = score_query(index, encoder, analysis, networks=networks, config=config)
    hits = rank(index, scored, top_k=top_k, sections=sections, config=config)
    return Retrieval(
        query=query,
        language=analysis.language,
        matched=scored.matched and bool(hits),
        hits=hits,
        query_concepts=tuple(sorted(analysis.concepts)),
        truncated=analysis.truncated,
        scored=(scored, index) if len(index.units) else None,
    )


def scope_signals(index: SearchIndex, encoder: Encoder, analysis: QueryAnalysis, config: RetrievalConfig,
                  *, similarity: bool = True, top_dense: float | None = None, margins: bool = True,
                  words_of: ScopeSignals | None = None) -> ScopeSignals:
    """What the scope decision looks at (see :mod:`assistant.scope`); the embedding
    signals (the similarity with names masked, the prototype margins) only with
    ``similarity``. ``top_dense``, the best cosine of the unmasked question already found,
    saves a second search; ``words_of``, the signals the words gave already, saves reading
    the named networks' own words again."""
    text = analysis.corrected or analysis.cleaned
    masked = network_names(index).mask(text) if analysis.named else text
    best: float | None = None
    found: tuple[float | None, float | None] = (None, None)
    if similarity:
        best = 0.0
        if masked == text and top_dense is not None:
            best = top_dense
        elif masked.strip():
            probe = analysis.vector if masked == text else encoder.encode([masked])[0]
            _, sims = index.dense_search(probe, 1)
            best = float(sims.max(initial=-1.0))
        if margins and np.any(analysis.vector):  # the question's own embedding: no model call
            found = prototype_margins(encoder, analysis.vector, analysis.section_similarities)
    kinds = {c: CONCEPTS[c].kind for c in analysis.concepts if c in CONCEPTS}
    return ScopeSignals(
        topic=tuple(sorted(topic_concepts(analysis.concepts))),
        domain=any(k == "domain" for k in kinds.values()),
        off_topic=any(k == "off_topic" for k in kinds.values()),
        intents=tuple(sorted(c for c, k in kinds.items() if k == "intent")),
        named=bool(analysis.named),
        bare_name=analysis.bare_name,
        similarity=best,
        personal=tells_own_matter(analysis.intent, analysis.concepts),
        sheet_words=analysis.intent is not None and analysis.intent.only_sheet_words,
        sheet_margin=found[0],
        field_margin=found[1],
        own_words=(words_of.own_words if words_of is not None
                   else _own_words(index, analysis, masked) if analysis.named else None),
        own_need=tells_own_need(analysis.intent, analysis.concepts, analysis.named),
    )


def _own_words(index: SearchIndex, analysis: QueryAnalysis, masked: str) -> float:
    """Share of the words of ``masked`` (the question without network names; stemmed, stop words
    out) that some unit of the networks the question names contains (from BM25's columns)."""
    words = list(dict.fromkeys(tokenize(masked, analysis.language if analysis.language in SUPPORTED else "en")))
    if not words:
        return 0.0
    arrays = index.arrays
    rows = np.sort(arrays.network_rows.rows_of(sorted(arrays.network_code[n] for n in analysis.named
                                                      if n in arrays.network_code)))
    # One column per word the index knows (in their order); a word it does not know is in no unit.
    vocabulary = index.bm25.vocab_dict
    columns = index.bm25_columns([word for word in words if word in vocabulary])
    found = sum(bool(in_sorted(tagged, rows).any()) for tagged, _ in columns)
    return found / len(words)


def in_scope(index: SearchIndex, encoder: Encoder, analysis: QueryAnalysis, config: RetrievalConfig,
             *, top_dense: float | None = None) -> ScopeDecision:
    """Is the question about integration networks at all? (:func:`assistant.scope.decide`)"""
    if not config.scope_rules:  # the ablation: the masked cosine alone
        return decide_by_cosine(scope_signals(index, encoder, analysis, config, top_dense=top_dense), config.min_dense)
    weights = scope_model().weights
    signals = scope_signals(index, encoder, analysis, config, similarity=False)
    if needs_similarity(signals):
        signals = scope_signals(index, encoder, analysis, config, top_dense=top_dense, margins=False, words_of=signals)
        if needs_margins(signals, weights) and np.any(analysis.vector):  # the similarity alone does not decide
            # The margins only: the similarity is the one just found (a named network's masked
            # question would be embedded a second time).
            sheet, field_ = prototype_margins(encoder, analysis.vector, analysis.section_similarities)
            signals = replace(signals, sheet_margin=sheet, field_margin=field_)
    return decide(signals, weights)


#: Up to this many candidates, a network's best scores are found in Python from a sort, above it
#: by numpy (cold: 1,000 scores of 700 networks 0.6 vs 0.3 ms; 300 of 6 networks 0.09 vs 0.15).
SORT_NETWORK_SCORES = 350


def _scaled_means(totals: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """Each network's mean of its best candidate scores (:func:`_network_sums`), the best = 1."""
    n_networks = len(totals)
    means = np.divide(totals, taken, out=np.zeros(n_networks), where=taken > 0)
    peak = means.max(initial=0.0)
    return (means / peak if peak > 0 else np.zeros(n_networks)).astype(np.float32)


def _network_sums(n_networks: int, network: np.ndarray, fused: np.ndarray, allowed: np.ndarray,
                  top: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Per network (code order): the sum of its best ``top`` allowed scores, best first in float64
    (as a bincount of the sorted scores), and how many (0: none); they depend on its rows alone."""
    net, score = network[allowed], fused[allowed]
    if not len(net):
        return np.zeros(n_networks), np.zeros(n_networks, dtype=np.int64)
    if len(net) <= SORT_NETWORK_SCORES:
        # In Python from the scores sorted best first: a network's best ``top`` are its first ``top``
        # there, added in that order (a dozen numpy calls on cold caches cost more).
        order = np.argsort(-score, kind="stable")
        sums: dict[int, float] = {}
        counts: dict[int, int] = {}
        codes = net[order].tolist()
        # Read until every network present has its ``top`` (the seed's three: in a few dozen scores).
        unfilled = len(set(codes))
        for code, value in zip(codes, score[order].tolist(), strict=True):
            count = counts.get(code, 0)
            if count < top:
                sums[code] = sums.get(code, 0.0) + value
                counts[code] = count + 1
                if count + 1 == top:
                    unfilled -= 1
                    if not unfilled:
                        break
        totals, taken = np.zeros(n_networks), np.zeros(n_networks, dtype=np.int64)
        totals[list(sums)], taken[list(counts)] = list(sums.values()), list(counts.values())
        return totals, taken
    return _best_sums(net, score, n_networks, top)


def _best_sums(net: np.ndarray, score: np.ndarray, n_networks: int, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Per network: the sum of its best ``top`` scores (best first, float64) and how many.
    Grouped by network (a radix sort), then each network's maximum taken ``top`` times."""
    order = group_order(net)
    net, remaining = net[order], score[order]  # a gather: a copy already
    # Where each network's run starts (no np.r_: its index tricks cost more than the work).
    new_run = np.ones(len(net), dtype=bool)
    np.not_equal(net[1:], net[:-1], out=new_run[1:])
    starts = np.flatnonzero(new_run)
    group_of = np.cumsum(new_run) - 1
    sums, counts = np.zeros(len(starts), dtype=np.float64), np.zeros(len(starts), dtype=np.int64)
    for _ in range(top):
        best = np.maximum.reduceat(remaining, starts)
        left = best > -np.inf
        sums[left] += best[left]
        counts += left
        # Take out one unit at each network's best (of equal scores any one: the same value).
        at = np.flatnonzero((remaining == best[group_of]) & left[group_of])
        if len(at):
            group = group_of[at]
            first = np.ones(len(at), dtype=bool)
            np.not_equal(group[1:], group[:-1], out=first[1:])
            remaining[at[first]] = -np.inf
    totals, taken = np.zeros(n_networks, dtype=np.float64), np.zeros(n_networks, dtype=np.int64)
    totals[net[starts]], taken[net[starts]] = sums, counts
    return totals, taken


def _item_scores(
    index: SearchIndex, rows: np.ndarray, fused: np.ndarray, network_scores: np.ndarray, config: RetrievalConfig
) -> np.ndarray:
    """Every candidate's score as an item: own score, lifted by its section's and its network's."""
    arrays = index.arrays
    section_row = arrays.section_row[rows]
    # Candidates are closed over sections, so an item's section row is a candidate too.
    at = np.searchsorted(rows, np.maximum(section_row, 0))
    has_section = (section_row >= 0) & (at < len(rows))
    has_section &= rows[np.minimum(at, len(rows) - 1)] == section_row
    section = np.where(has_section, fused[np.minimum(at, len(rows) - 1)], fused)
    s2i = config.section_to_items
    lifted = np.where(has_section, np.maximum(fused, s2i * section + (1 - s2i) * fused), fused)
    scores: np.ndarray = (lifted + config.network * network_scores[arrays.network[rows]]).astype(np.float32)
    return scores


def _rank_by_pair(
    index: SearchIndex, scored: Scored, keep: np.ndarray, config: RetrievalConfig, depth: int
) -> Iterator[int]:
    """The best ``depth`` kept candidates (positions in ``scored.rows``), ordered so that the
    best (network, section) pairs come first, one item each, then second items, and so on:
    a diverse list (given as it is read: an answer usually takes only the first items)."""
    item_score = scored.item_score
    positions = np.flatnonzero(keep)
    if len(positions) > depth:
        positions = positions[np.argpartition(-item_score[positions], depth - 1)[:depth]]
    positions = positions[np.argsort(-item_score[positions], kind="stable")]
    if not config.pair_rank:
        return iter(positions.tolist())
    # Grouped in Python: at most ``depth`` positions, and a dict of lists cost less than the
    # dozen numpy calls of a grouping sort, each of which meets cold caches after the
    # question's embedding. Positions come best first, so each pair's list does too, and
    # the pairs come in the order of their best items.
    pairs: dict[int, list[int]] = {}
    for position, key in zip(positions.tolist(), index.arrays.pair[scored.rows[positions]].tolist(), strict=True):
        pairs.setdefault(key, []).append(position)
    groups = list(pairs.values())
    if config.word_match and scored.analysis.words is not None:
        groups = _by_word_match(index, scored, groups, config.word_match)
    if config.pair_second or (config.network_diversity and not scored.analysis.named):
        # A pair's score: its best item's, plus pair_second times its second's (float64).
        firsts = item_score[[g[0] for g in groups]].tolist()
        seconds = item_score[[g[1] if len(g) > 1 else g[0] for g in groups]].tolist()
        score = [first + config.pair_second * (second if len(g) > 1 else 0.0)
                 for first, second, g in zip(firsts, seconds, groups, strict=True)]
        order = sorted(range(len(groups)), key=lambda g: -score[g])  # stable: equal scores in the order they came
        if config.network_diversity and not scored.analysis.named:
            network = index.arrays.network[scored.rows[[groups[g][0] for g in order]]]
            order = [order[i] for i in _diversify_networks(
                network, np.asarray([score[g] for g in order], dtype=np.float64), config.network_diversity,
                len(index.arrays.network_ids)).tolist()]
        groups = [groups[g] for g in order]
    return _by_level(groups)


def _by_word_match(index: SearchIndex, scored: Scored, groups: list[list[int]], weight: float) -> list[list[int]]:
    """The first :data:`MATCHED_PAIRS` groups (pairs, in the order of their best items) ordered
    again by their best item's score plus ``weight`` times their word match; the rest after."""
    assert scored.analysis.words is not None
    head = groups[:MATCHED_PAIRS]
    pairs = index.arrays.pair[scored.rows[[g[0] for g in head]]].tolist()
    score = scored.item_score[[g[0] for g in head]] + weight * pair_matches(index, scored.analysis.words, pairs)
    return [head[i] for i in np.argsort(-score, kind="stable").tolist()] + groups[MATCHED_PAIRS:]


def _by_level(groups: list[list[int]]) -> Iterator[int]:
    """The first member of every group (in the groups' order), then every second member, and so on."""
    for level in range(max(map(len, groups), default=0)):
        yield from (members[level] for members in groups if level < len(members))


def _diversify_networks(network: np.ndarray, score: np.ndarray, penalty: float, n_networks: int) -> np.ndarray:
    """Greedy re-order of pairs (their networks and scores, best first): each pair loses
    ``penalty`` for every pair of its network already placed, so a general question sees
    several networks' practice. The new order, as positions in the given one."""
    placed = np.zeros(n_networks, dtype=np.float64)  # pairs placed per network
    open_ = np.ones(len(score), dtype=bool)
    out: list[int] = []
    # Each step takes the first pair of the highest score less its network's penalty: the
    # same float64 arithmetic, and the same first-of-equals, as a max() over the list.
    for _ in range(min(20, len(score))):  # only the top of the list is looked at
        best = int(np.argmax(np.where(open_, score - penalty * placed[network], -np.inf)))
        open_[best] = False
        placed[network[best]] += 1
        out.append(best)
    left = np.flatnonzero(open_)
    return np.concatenate([np.asarray(out, dtype=np.int64), left[np.argsort(-score[left], kind="stable")]])


def _collapse_translations(index: SearchIndex, scored: Scored, ranked: Iterable[int], top_k: int,
                           language: str) -> list[Hit]:
    translations = index.arrays.translations
    topic = topic_concepts(scored.analysis.concepts)
    hits: list[Hit] = []
    seen_groups: set[int] = set()
    rows, groups = scored.rows, index.arrays.group
    for position in ranked:
        row = rows.item(position)
        group = groups.item(row)
        if group in seen_groups:  # the group's column: a unit is read only when shown
            continue
        seen_groups.add(group)
        version_rows = translations.get(group, (row,))
        versions = [index.units[r] for r in version_rows]
        unit = versions[version_rows.index(row)] if row in version_rows else index.units[row]
        shown = _pick_version(versions, language)
        others = tuple(v for v in versions if v.id != shown.id)
        matched = tuple(sorted(topic.intersection(shown.concepts) | topic.intersection(unit.concepts)))
        hits.append(
            Hit(
                unit=shown,
                score=scored.item_score.item(position),  # .item: a Python float without a numpy scalar
                dense=scored.dense.item(position),
                bm25=scored.bm25.item(position),
                concept=scored.concept.item(position),
                matched_concepts=matched,
                translations=others,
            )
        )
        if len(hits) >= top_k:
            break
    return hits


def _pick_version(versions: list[Unit], lang: str) -> Unit:
    """The user's language if a version exists, else the original (the group's own unit)."""
    for unit in versions:
        if unit.language == lang:
            return unit
    return next((u for u in versions if u.id == u.group), versions[0])
