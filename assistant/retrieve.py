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

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.concepts import CONCEPTS, tag_concepts
from assistant.embedding import Encoder
from assistant.index import SearchIndex, Unit
from assistant.language import SUPPORTED, detect_language
from assistant.models import Network, SectionKind
from assistant.network import _name_tokens
from assistant.text import clean_user_text, fold
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
    intent: float = 0.1
    network: float = 0.3
    named: float = 0.5  # the question names a network ("in Halberstadt", "Dortmunder")
    section_to_items: float = 0.0
    dense_k: int | None = None  # None: exact scores for every unit
    min_dense: float = 0.21  # below this top cosine (names masked), without concepts: out of scope
    facts_penalty: float = 0.2  # general/contact facts, unless the question asks for facts
    pair_rank: bool = True
    pair_second: float = 0.2
    use_dense: bool = True
    use_bm25: bool = True
    use_concepts: bool = True


BM25_ONLY = RetrievalConfig(facts_penalty=0.0, dense=0.0, concepts=0.0, intent=0.0, network=0.0, named=0.0, bm25=1.0,
                            use_dense=False, use_concepts=False, section_to_items=0.0, pair_rank=False)
DENSE_ONLY = RetrievalConfig(facts_penalty=0.0, dense=1.0, bm25=0.0, concepts=0.0, intent=0.0, network=0.0, named=0.0,
                             use_bm25=False, use_concepts=False, section_to_items=0.0, pair_rank=False)


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


def _network_words(network: Network) -> tuple[str, ...]:
    """Words that name a network in a question: its city and the distinctive words of its name."""
    words = set(_name_tokens(network.name))
    if network.location.city:
        words.add(fold(network.location.city))
    return tuple(sorted(w for w in words if len(w) >= 4))


def mentioned_networks(query: str, networks: Sequence[Network]) -> set[str]:
    """Ids of the networks a question names: "Halberstadt'taki", "Erfurter", "lokal willkommen"."""
    folded = fold(query)
    found = set()
    for network in networks:
        for word in _network_words(network):
            # Word start only; suffixes allowed (German -er, Turkish 'taki, 'un ...).
            if re.search(rf"(?<!\w){re.escape(word)}", folded):
                found.add(network.id)
                break
    return found


def _topic_concepts(concepts: Collection[str]) -> set[str]:
    return {c for c in concepts if c in CONCEPTS and CONCEPTS[c].kind != "intent"}


def score_units(
    index: SearchIndex,
    query_vector: np.ndarray,
    query_tokens: list[str],
    query_concepts: frozenset[str],
    config: RetrievalConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fused score, dense, normalised BM25 and concept overlap for every unit (row order)."""
    n = len(index.units)
    dense = index.dense_scores(query_vector, config.dense_k) if config.use_dense else np.zeros(n, np.float32)
    bm25 = _normalise_max(index.bm25_scores(query_tokens)) if config.use_bm25 else np.zeros(n, np.float32)
    topic = _topic_concepts(query_concepts)
    concept = np.zeros(n, dtype=np.float32)
    intent = np.zeros(n, dtype=np.float32)
    if config.use_concepts and topic:
        for row, unit in enumerate(index.units):
            shared = topic.intersection(unit.concepts)
            if shared:
                concept[row] = len(shared) / len(topic)
    wanted = {k for c in query_concepts for k in INTENT_SECTIONS.get(c, ())}
    if wanted:
        for row, unit in enumerate(index.units):
            if unit.section in wanted:
                intent[row] = 1.0
    fused = config.dense * np.maximum(dense, 0) + config.bm25 * bm25 + config.concepts * concept + config.intent * intent
    # Bare facts ("Volunteers", a web address) only answer questions that ask for facts.
    if config.facts_penalty and not wanted & FACT_SECTIONS:
        for row, unit in enumerate(index.units):
            if unit.section in FACT_SECTIONS:
                fused[row] -= config.facts_penalty
    return fused, dense, bm25, concept


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
) -> Retrieval:
    """Rank the index's items for ``query``.

    ``networks`` restricts results to those network ids (the UI's filters);
    ``sections`` to those section kinds (e.g. only success factors).
    """
    cleaned = clean_user_text(query)
    truncated = len(cleaned) > max_chars
    cleaned = cleaned[:max_chars]
    lang = language or query_language(cleaned)
    concepts = tag_concepts(cleaned) if cleaned else frozenset()
    if not cleaned or not index.units:
        return Retrieval(query, lang, False, [], tuple(sorted(concepts)), truncated=truncated)
    vector = encoder.encode([cleaned])[0] if config.use_dense else np.zeros(index.manifest.dimension, np.float32)
    token_lang = lang if lang in SUPPORTED else "en"
    tokens = tokenize(cleaned, token_lang) + [f"concept_{c}" for c in sorted(concepts)]
    fused, dense, bm25, concept = score_units(index, vector, tokens, concepts, config)

    allowed = set(networks) if networks is not None else None
    rows = [r for r, u in enumerate(index.units) if allowed is None or u.network_id in allowed]
    named = mentioned_networks(cleaned, index.networks)
    if named and config.named:
        for row in rows:
            if index.units[row].network_id in named:
                fused[row] += config.named
    network_scores = _network_scores(index, fused, rows)
    item_rows = rows if sections is None else [r for r in rows if index.units[r].section in set(sections)]
    item_score = _item_scores(index, fused, item_rows, network_scores, config)
    ranked = _rank_by_pair(index, item_score, config)
    hits = _collapse_translations(index, ranked, item_score, dense, bm25, concept, concepts, lang, top_k)
    if config.use_dense:
        matched = bool(hits) and in_scope(index, encoder, cleaned, vector, concepts, named, config)
    else:  # the BM25-only baseline: any shared term counts
        matched = bool(hits) and float(bm25.max(initial=0.0)) > 0
    return Retrieval(
        query=query,
        language=lang,
        matched=matched,
        hits=hits if matched else [],
        query_concepts=tuple(sorted(concepts)),
        network_scores=network_scores,
        truncated=truncated,
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
    masked = mask_network_words(query, index.networks) if named else query
    probe = vector if masked == query else encoder.encode([masked])[0]
    return float(index.dense_scores(probe, config.dense_k).max(initial=-1.0)) >= config.min_dense


def mask_network_words(query: str, networks: Sequence[Network]) -> str:
    folded = fold(query)
    spans = []
    for network in networks:
        for word in _network_words(network):
            for match in re.finditer(rf"(?<!\w){re.escape(word)}\S*", folded):
                spans.append((match.start(), match.end()))
    out = query
    for start, end in sorted(spans, reverse=True):
        out = out[:start] + out[end:]
    return " ".join(out.split())


def _item_scores(
    index: SearchIndex,
    fused: np.ndarray,
    rows: list[int],
    network_scores: dict[str, float],
    config: RetrievalConfig,
) -> dict[int, float]:
    """Item rows -> score: own score, lifted by its section's and its network's."""
    section_best: dict[tuple[str, str, SectionKind], float] = {}
    for row in rows:
        unit = index.units[row]
        if unit.level == "section":
            section_best[(unit.network_id, unit.source, unit.section)] = float(fused[row])
    item_score: dict[int, float] = {}
    for row in rows:
        unit = index.units[row]
        if unit.level != "item":
            continue
        score = float(fused[row])
        lifted = section_best.get((unit.network_id, unit.source, unit.section))
        if lifted is not None:
            score = max(score, config.section_to_items * lifted + (1 - config.section_to_items) * score)
        score += config.network * network_scores.get(unit.network_id, 0.0)
        item_score[row] = score
    return item_score


def _rank_by_pair(index: SearchIndex, item_score: dict[int, float], config: RetrievalConfig) -> list[int]:
    """Items ordered so that the best (network, section) pairs come first, one item each,
    then second items, and so on: a diverse list that covers more practices."""
    by_pair: dict[tuple[str, SectionKind], list[int]] = {}
    for row in sorted(item_score, key=lambda r: -item_score[r]):
        unit = index.units[row]
        by_pair.setdefault((unit.network_id, unit.section), []).append(row)
    if not config.pair_rank:
        return sorted(item_score, key=lambda r: -item_score[r])

    def pair_score(rows: list[int]) -> float:
        second = item_score[rows[1]] if len(rows) > 1 else 0.0
        return item_score[rows[0]] + config.pair_second * second

    pairs = sorted(by_pair.values(), key=lambda rows: -pair_score(rows))
    ranked: list[int] = []
    depth = max(len(p) for p in pairs) if pairs else 0
    for level in range(depth):
        ranked += [rows[level] for rows in pairs if level < len(rows)]
    return ranked


def _network_scores(index: SearchIndex, fused: np.ndarray, rows: list[int], top: int = 3) -> dict[str, float]:
    """Mean of each network's best ``top`` unit scores, scaled so the best network is 1."""
    per_network: dict[str, list[float]] = {}
    for row in rows:
        per_network.setdefault(index.units[row].network_id, []).append(float(fused[row]))
    means = {nid: float(np.mean(sorted(vals, reverse=True)[:top])) for nid, vals in per_network.items()}
    best = max(means.values(), default=0.0)
    return {nid: (v / best if best > 0 else 0.0) for nid, v in means.items()}


def _collapse_translations(
    index: SearchIndex,
    ranked: list[int],
    item_score: dict[int, float],
    dense: np.ndarray,
    bm25: np.ndarray,
    concept: np.ndarray,
    query_concepts: frozenset[str],
    lang: str,
    top_k: int,
) -> list[Hit]:
    members: dict[int, list[Unit]] = {}
    for unit in index.units:
        if unit.level == "item":
            members.setdefault(unit.group, []).append(unit)
    hits: list[Hit] = []
    seen_groups: set[int] = set()
    for row in ranked:
        unit = index.units[row]
        if unit.group in seen_groups:
            continue
        seen_groups.add(unit.group)
        versions = members.get(unit.group, [unit])
        shown = _pick_version(versions, lang)
        others = tuple(v for v in versions if v.id != shown.id)
        topic = _topic_concepts(query_concepts)
        matched = tuple(sorted(topic.intersection(shown.concepts) | topic.intersection(unit.concepts)))
        hits.append(
            Hit(
                unit=shown,
                score=item_score[row],
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
