"""Retrieve stage: a question -> ranked, de-duplicated items with their scores.

Hybrid scoring over every unit (item or whole section) of the index:

* dense: cosine similarity of USE embeddings (FAISS, exact inner product);
* BM25 over language-stemmed tokens plus concept tokens (bm25s + PyStemmer);
* concepts: overlap of the DE/EN/TR concept vocabulary tags of question and unit,
  which is what lets "Ehrenamtliche" find "volunteers" and "gönüllü";
* section intent: "problem", "Schwierigkeit", "sorun" point to challenges;
* network aggregation: a network whose units match well as a whole lifts its items.

The weights are :class:`RetrievalConfig`; ``assistant eval`` measures them on the
dev set. Section-level units lift the items of their section; only items are
returned. Translations of one item (the English and Turkish Erfurt sheets)
collapse into one hit, shown in the user's language where that version exists.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from assistant.concepts import CONCEPTS, tag_concepts
from assistant.embedding import Encoder
from assistant.index import SECTION_ORDER, SearchIndex, Unit
from assistant.language import SUPPORTED, detect_language
from assistant.models import SectionKind
from assistant.names import NetworkNames
from assistant.spelling import Correction, Speller
from assistant.text import clean_user_text
from assistant.tokenize import tokenize

#: Concept ids that say which section a question is about.
INTENT_SECTIONS: dict[str, tuple[SectionKind, ...]] = {
    "intent_challenges": (SectionKind.CHALLENGES,),
    "intent_success": (SectionKind.SUCCESS_FACTORS,),
    "intent_transfer": (SectionKind.IMPACT,),
    "intent_contact": (SectionKind.CONTACT,),
    "intent_facts": (SectionKind.GENERAL,),
    "intent_overview": (SectionKind.DESCRIPTION,),
}


#: Sections of bare facts rather than practices.
FACT_SECTIONS = frozenset({SectionKind.GENERAL, SectionKind.CONTACT})


@dataclass(frozen=True)
class RetrievalConfig:
    """Fusion weights; defaults are the best measured on eval/dev_queries.jsonl."""

    dense: float = 1.0
    bm25: float = 0.2
    concepts: float = 0.4
    intent: float = 0.2
    network: float = 0.5
    named: float = 1.0  # the question names a network ("in Halberstadt", "Dortmunder")
    section_to_items: float = 0.8
    dense_k: int | None = None  # None: exact scores for every unit
    min_dense: float = 0.21  # below this top cosine (names masked), without concepts: out of scope
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


BM25_ONLY = RetrievalConfig(facts_penalty=0.0, dense=0.0, concepts=0.0, intent=0.0, network=0.0, named=0.0, bm25=1.0,
                            use_dense=False, use_concepts=False, section_to_items=0.0, pair_rank=False, typos=False)
DENSE_ONLY = RetrievalConfig(facts_penalty=0.0, dense=1.0, bm25=0.0, concepts=0.0, intent=0.0, network=0.0, named=0.0,
                             use_bm25=False, use_concepts=False, section_to_items=0.0, pair_rank=False, typos=False)


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
    network_scores: dict[str, float] = field(default_factory=dict)
    truncated: bool = False


def _normalise_max(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def query_language(query: str) -> str:
    return detect_language(query, default="en")


def network_names(index: SearchIndex) -> NetworkNames:
    """The index's name lookup, built on first use (distinctiveness from the networks' texts)."""
    names = index.derived.get("network_names")
    if names is None:
        names = index.derived["network_names"] = NetworkNames.of(index.networks)
    return names  # type: ignore[return-value]


def mentioned_networks(query: str, names: NetworkNames) -> set[str]:
    """Ids of the networks a question names: "Halberstadt'taki", "Erfurter", "lokal willkommen"."""
    return set(names.named(query))


def _topic_concepts(concepts: Collection[str]) -> set[str]:
    return {c for c in concepts if c in CONCEPTS and CONCEPTS[c].kind != "intent"}


def _rrf(scores: np.ndarray, k: int = 60) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ((k + 1) / (k + ranks)).astype(np.float32)


def _concept_scores(index: SearchIndex, topic: set[str], config: RetrievalConfig) -> np.ndarray:
    """Share of the question's topic concepts that each unit has, IDF-weighted so that
    rare concepts (task delimitation) count more than ubiquitous ones (migrants)."""
    arrays = index.arrays
    cols = [i for i, c in enumerate(arrays.concept_ids) if c in topic]
    if not cols:
        return np.zeros(len(index.units), dtype=np.float32)
    weights = arrays.concept_idf[cols] if config.concept_idf else np.ones(len(cols), dtype=np.float32)
    scores: np.ndarray = (arrays.concepts[:, cols] @ weights / weights.sum()).astype(np.float32)
    return scores


def _section_affinity(index: SearchIndex, topic: set[str]) -> np.ndarray:
    """How typical each unit's section is for the question's concepts, learnt from the
    corpus itself: "funding" is mostly found under resources, "survey" under evaluation."""
    arrays = index.arrays
    cols = [i for i, c in enumerate(arrays.concept_ids) if c in topic]
    n_sections = len(SECTION_ORDER)
    if not cols or not len(index.units):
        return np.zeros(len(index.units), dtype=np.float32)
    items = arrays.is_item
    onehot = np.zeros((int(items.sum()), n_sections), dtype=np.float32)
    onehot[np.arange(onehot.shape[0]), arrays.section[items]] = 1.0
    counts = arrays.concepts[items][:, cols].T.astype(np.float32) @ onehot  # (C, S)
    totals = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    prior = (share * arrays.concept_idf[cols, None]).sum(axis=0)
    prior = prior / prior.max() if prior.max() > 0 else prior
    affinity: np.ndarray = prior[arrays.section].astype(np.float32)
    return affinity


def score_units(
    index: SearchIndex,
    query_vector: np.ndarray,
    query_tokens: list[str],
    query_concepts: frozenset[str],
    config: RetrievalConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fused score, dense, normalised BM25 and concept overlap for every unit (row order)."""
    n = len(index.units)
    arrays = index.arrays
    dense = index.dense_scores(query_vector, config.dense_k) if config.use_dense else np.zeros(n, np.float32)
    bm25 = _normalise_max(index.bm25_scores(query_tokens)) if config.use_bm25 else np.zeros(n, np.float32)
    topic = _topic_concepts(query_concepts)
    concept = _concept_scores(index, topic, config) if config.use_concepts else np.zeros(n, np.float32)
    wanted = {k for c in query_concepts for k in INTENT_SECTIONS.get(c, ())}
    if config.fusion == "rrf":
        # Reciprocal rank fusion, scaled so a first rank is worth what a cosine of 1 is.
        fused = config.dense * _rrf(dense) + config.bm25 * _rrf(bm25) + config.concepts * _rrf(concept)
    else:
        fused = config.dense * np.maximum(dense, 0) + config.bm25 * bm25 + config.concepts * concept
    if wanted and config.intent:
        fused += config.intent * arrays.section_mask(wanted)
    if config.concept_section and config.use_concepts and topic:
        fused += config.concept_section * _section_affinity(index, topic)
    # Bare facts ("Volunteers", a web address) only answer questions that ask for facts.
    if config.facts_penalty and not wanted & FACT_SECTIONS:
        fused -= config.facts_penalty * arrays.section_mask(FACT_SECTIONS)
    return fused.astype(np.float32), dense, bm25, concept


@dataclass(frozen=True)
class QueryAnalysis:
    """Everything derived from the question alone, computed once per question (or chat turn)."""

    query: str  # as given
    cleaned: str  # normalised and cut to ``max_chars``
    truncated: bool
    language: str
    concepts: frozenset[str]
    tokens: tuple[str, ...]  # stemmed words plus concept tokens (BM25)
    vector: np.ndarray  # the question's embedding (zeros when dense scoring is off)
    named: frozenset[str]  # ids of the networks the question names
    corrected: str = ""  # the cleaned question with typos corrected: what was matched
    corrections: tuple[tuple[str, str], ...] = ()  # (as written, as corrected)


def speller(index: SearchIndex) -> Speller:
    """The index's typo corrector, built on first use from its networks' texts."""
    found = index.derived.get("speller")
    if found is None:
        texts = (item.text for network in index.networks for section in network.sections for item in section.items)
        found = index.derived["speller"] = Speller.build(texts)
    return found  # type: ignore[return-value]


def analyse_query(
    index: SearchIndex,
    encoder: Encoder,
    query: str,
    *,
    language: str | None = None,
    config: RetrievalConfig = RetrievalConfig(),
    max_chars: int = 2000,
) -> QueryAnalysis:
    """Clean, cut, detect the language, tag concepts, tokenise, embed and find named networks."""
    cleaned = clean_user_text(query)
    truncated = len(cleaned) > max_chars
    cleaned = cleaned[:max_chars]
    names = network_names(index) if index.units else None
    # Names are no evidence of language: "the 'lokal willkommen' project" is English.
    masked = names.mask(cleaned) if names else cleaned
    lang = language or query_language(masked if any(ch.isalpha() for ch in masked) else cleaned)
    text = cleaned
    corrections: tuple[Correction, ...] = ()
    if config.typos and cleaned and index.units:
        text, corrections = speller(index).correct(cleaned, lang)
    concepts = tag_concepts(text) if text else frozenset()
    if text and index.units and config.use_dense:
        vector = encoder.encode([text])[0]
    else:
        vector = np.zeros(index.manifest.dimension, np.float32)
    token_lang = lang if lang in SUPPORTED else "en"
    tokens = tokenize(text, token_lang) if text else []
    if config.use_concepts:  # the concept vocabulary is ours: baselines go without it
        tokens += [f"concept_{c}" for c in sorted(concepts)]
    named = names.named(text) if names else frozenset()
    return QueryAnalysis(query, cleaned, truncated, lang, concepts, tuple(tokens), vector, named,
                         corrected=text, corrections=tuple((c.original, c.replacement) for c in corrections))


@dataclass(frozen=True)
class Scored:
    """One scoring pass over the index for one question; :func:`rank` slices it."""

    analysis: QueryAnalysis
    matched: bool
    item_score: np.ndarray
    dense: np.ndarray
    bm25: np.ndarray
    concept: np.ndarray
    allowed: np.ndarray  # rows the caller's network filter allows
    network_scores: np.ndarray  # per network, code order

    def network_score_map(self, index: SearchIndex) -> dict[str, float]:
        return {index.arrays.network_ids[i]: float(v) for i, v in enumerate(self.network_scores)}


def score_query(
    index: SearchIndex,
    encoder: Encoder,
    analysis: QueryAnalysis,
    *,
    networks: Collection[str] | None = None,
    config: RetrievalConfig = RetrievalConfig(),
) -> Scored:
    """Fuse every signal once for ``analysis``; ``networks`` restricts to those ids (UI filters)."""
    n = len(index.units)
    if not analysis.cleaned or not n:
        empty = np.zeros(n, np.float32)
        return Scored(analysis, False, empty, empty, empty, empty, np.zeros(n, bool),
                      np.zeros(len(index.arrays.network_ids) if n else 0, np.float32))
    fused, dense, bm25, concept = score_units(
        index, analysis.vector, list(analysis.tokens), analysis.concepts, config)
    arrays = index.arrays
    allowed = arrays.network_mask(networks) if networks is not None else np.ones(n, dtype=bool)
    if analysis.named and config.named:
        fused = fused + config.named * arrays.network_mask(analysis.named)
    network_scores = _network_scores(index, fused, allowed)
    item_score = _item_scores(index, fused, network_scores, config)
    if config.use_dense:
        matched = in_scope(index, encoder, analysis.corrected or analysis.cleaned, analysis.vector, analysis.concepts,
                           set(analysis.named), config)
    else:  # the BM25-only baseline: any shared term counts
        matched = float(bm25.max(initial=0.0)) > 0
    return Scored(analysis, matched, item_score, dense, bm25, concept, allowed, network_scores)


def rank(
    index: SearchIndex,
    scored: Scored,
    *,
    top_k: int = 5,
    networks: Collection[str] | None = None,
    sections: Collection[SectionKind] | None = None,
    exclude_groups: Collection[int] = (),
    config: RetrievalConfig = RetrievalConfig(),
) -> list[Hit]:
    """The best ``top_k`` items of one scoring pass, optionally only of some networks or
    sections, skipping translation groups already shown."""
    if not scored.matched or not len(index.units):
        return []
    arrays = index.arrays
    candidates = scored.allowed & arrays.is_item
    if networks is not None:
        candidates &= arrays.network_mask(networks)
    if sections is not None:
        candidates &= arrays.section_mask(sections)
    if exclude_groups:
        candidates &= ~np.isin(arrays.group, np.fromiter(exclude_groups, dtype=np.int64))
    depth = max(200, 20 * top_k)
    ranked = _rank_by_pair(index, scored.item_score, candidates, config, depth=depth)
    return _collapse_translations(index, ranked, scored.item_score, scored.dense, scored.bm25,
                                  scored.concept, scored.analysis.concepts, scored.analysis.language, top_k)


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
    max_chars: int = 2000,
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
        network_scores=scored.network_score_map(index) if len(index.units) else {},
        truncated=analysis.truncated,
    )


def in_scope(
    index: SearchIndex,
    encoder: Encoder,
    query: str,
    vector: np.ndarray,
    concepts: frozenset[str],
    named: set[str],
    config: RetrievalConfig,
) -> bool:
    """Is the question about integration networks at all?

    Yes when it uses the field's vocabulary, or asks a typed question (contact,
    challenges...) about a network it names, or is close enough to some unit
    once network and city names are masked: "Wetter in Erfurt" is close to the
    Erfurt sheets only because of the city's name.
    """
    if _topic_concepts(concepts):
        return True
    if named and concepts:
        return True
    masked = mask_network_words(query, network_names(index)) if named else query
    probe = vector if masked == query else encoder.encode([masked])[0]
    return float(index.dense_scores(probe, config.dense_k).max(initial=-1.0)) >= config.min_dense


def mask_network_words(query: str, names: NetworkNames) -> str:
    """The question without the words that name networks (for the scope check)."""
    return names.mask(query)


def _network_scores(index: SearchIndex, fused: np.ndarray, allowed: np.ndarray, top: int = 3) -> np.ndarray:
    """Per network (code order): mean of its best ``top`` unit scores, scaled so the best is 1."""
    arrays = index.arrays
    n_networks = len(arrays.network_ids)
    rows = np.flatnonzero(allowed)
    if not len(rows):
        return np.zeros(n_networks, dtype=np.float32)
    net = arrays.network[rows]
    score = fused[rows]
    order = np.lexsort((-score, net))
    net, score = net[order], score[order]
    starts = np.r_[0, np.flatnonzero(np.diff(net)) + 1]
    rank = np.arange(len(net)) - np.repeat(starts, np.diff(np.r_[starts, len(net)]))
    best = rank < top
    sums = np.bincount(net[best], weights=score[best], minlength=n_networks)
    counts = np.bincount(net[best], minlength=n_networks)
    means = np.divide(sums, counts, out=np.zeros(n_networks), where=counts > 0)
    peak = means.max(initial=0.0)
    return (means / peak if peak > 0 else np.zeros(n_networks)).astype(np.float32)


def _item_scores(
    index: SearchIndex, fused: np.ndarray, network_scores: np.ndarray, config: RetrievalConfig
) -> np.ndarray:
    """Every unit's score as an item: own score, lifted by its section's and its network's."""
    arrays = index.arrays
    has_section = arrays.section_row >= 0
    section = np.where(has_section, fused[np.maximum(arrays.section_row, 0)], fused)
    s2i = config.section_to_items
    lifted = np.where(has_section, np.maximum(fused, s2i * section + (1 - s2i) * fused), fused)
    scores: np.ndarray = (lifted + config.network * network_scores[arrays.network]).astype(np.float32)
    return scores


def _rank_by_pair(
    index: SearchIndex, item_score: np.ndarray, candidates: np.ndarray, config: RetrievalConfig, depth: int
) -> list[int]:
    """The best ``depth`` candidate rows, ordered so that the best (network, section) pairs
    come first, one item each, then second items, and so on: a diverse list."""
    rows = np.flatnonzero(candidates)
    if len(rows) > depth:
        rows = rows[np.argpartition(-item_score[rows], depth - 1)[:depth]]
    rows = rows[np.argsort(-item_score[rows], kind="stable")]
    if not config.pair_rank:
        return [int(r) for r in rows]
    by_pair: dict[int, list[int]] = {}
    for row in rows:
        by_pair.setdefault(int(index.arrays.pair[row]), []).append(int(row))

    def pair_score(members: list[int]) -> float:
        second = float(item_score[members[1]]) if len(members) > 1 else 0.0
        return float(item_score[members[0]]) + config.pair_second * second

    pairs = sorted(by_pair.values(), key=lambda members: -pair_score(members))
    ranked: list[int] = []
    for level in range(max((len(p) for p in pairs), default=0)):
        ranked += [members[level] for members in pairs if level < len(members)]
    return ranked


def _collapse_translations(
    index: SearchIndex,
    ranked: list[int],
    item_score: np.ndarray,
    dense: np.ndarray,
    bm25: np.ndarray,
    concept: np.ndarray,
    query_concepts: frozenset[str],
    lang: str,
    top_k: int,
) -> list[Hit]:
    translations = index.arrays.translations
    hits: list[Hit] = []
    seen_groups: set[int] = set()
    for row in ranked:
        unit = index.units[row]
        if unit.group in seen_groups:
            continue
        seen_groups.add(unit.group)
        versions = [index.units[r] for r in translations.get(unit.group, (row,))]
        shown = _pick_version(versions, lang)
        others = tuple(v for v in versions if v.id != shown.id)
        topic = _topic_concepts(query_concepts)
        matched = tuple(sorted(topic.intersection(shown.concepts) | topic.intersection(unit.concepts)))
        hits.append(
            Hit(
                unit=shown,
                score=float(item_score[row]),
                dense=float(dense[row]),
                bm25=float(bm25[row]),
                concept=float(concept[row]),
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
