"""Analyse stage: a question -> :class:`QueryAnalysis`, computed once per question.

Cut and clean it, detect its language (judged without network names), correct its typos
against the corpus, tag its concepts and intent, embed it once, find the networks and places
it names, the sections its nearest example questions ask for, and its BM25 tokens (its words'
stems, a German compound's parts, its words' translations, its concepts' tokens). Candidate
selection and scoring (:mod:`assistant.candidates`, :mod:`assistant.retrieve`) read only this.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from typing import Final

import numpy as np

from assistant.concepts import alone_concepts, concept_tokens, tag_concepts
from assistant.embedding import Encoder
from assistant.index import SearchIndex
from assistant.intents import QuestionIntent, analyse_intent, intent_data, rest_words, restates
from assistant.language import SUPPORTED, clear_language, detect_language, name_ending_language, own_words_language
from assistant.names import NetworkNames, own_name_words
from assistant.places import networks_in, places
from assistant.query import QueryAnalysis, RetrievalConfig
from assistant.section_examples import example_similarities, example_vectors, section_examples, section_votes
from assistant.settings import DEFAULT_MAX_QUERY_CHARS, configured_cache
from assistant.spelling import Correction, Speller
from assistant.text import bound_question, clean_user_text, fold
from assistant.tokenize import tokenize
from assistant.word_scores import question_words
from assistant.word_translations import WORD, translated_tokens

#: What a question that is only a network's name asks for (its words besides the name
#: are the [overview] words of intents.toml: "Halberstadt?", "Was ist mit Erfurt?").
BARE_NAME_INTENTS = frozenset({"intent_overview"})

def query_language(query: str) -> str:
    """A question's language: a supported one, or another that it is clearly written in (its
    script, or its words: "Comment financer un réseau ?" is French), to be told so."""
    return detect_language(query, default="en", by_words=True, others=True)


def network_names(index: SearchIndex) -> NetworkNames:
    """The index's name lookup (built at ingest, with distinctiveness from the networks' texts)."""
    names = index.derived.get("network_names")
    if names is None:
        names = index.derived["network_names"] = NetworkNames.from_json(index.lookup.names)
    return names  # type: ignore[return-value]


def located_networks(index: SearchIndex, named_places: frozenset[str]) -> frozenset[str]:
    """Ids of the networks located in any of ``named_places`` (each network's places are
    read from its location row once per index, at the first question that names a place)."""
    if not named_places:
        return frozenset()
    located = index.derived.get("network_places")
    if located is None:
        known = places()
        located = index.derived["network_places"] = tuple(
            (card.id, known.of_location(card.location)) for card in index.lookup.networks)
    return networks_in(located, named_places)  # type: ignore[arg-type]


def speller(index: SearchIndex) -> Speller:
    """The index's typo corrector, built on first use from its networks' word counts (counted at ingest),
    or read back from the cache folder where an earlier start stored it."""
    found = index.derived.get("speller")
    if found is None:
        found = index.derived["speller"] = Speller.cached(index.lookup.words, configured_cache())
    return found  # type: ignore[return-value]


def corrected_question(index: SearchIndex, text: str) -> str:
    """``text`` cleaned and with its typos corrected, as :func:`analyse_query` reads it
    (with the default configuration)."""
    cleaned = clean_user_text(text)
    if not cleaned or not index.units:
        return cleaned
    return speller(index).correct(cleaned, _unnamed_language(cleaned, network_names(index)))[0]


def _unnamed_language(cleaned: str, names: NetworkNames | None) -> str:
    """The language of a question judged without the names of networks (names are no
    evidence of language: "the 'lokal willkommen' project" is English)."""
    masked = names.mask(cleaned) if names else cleaned
    return query_language(masked if any(ch.isalpha() for ch in masked) else cleaned)


def _unnamed(cleaned: str, names: NetworkNames | None) -> str:
    """``cleaned`` without the names of networks and of places: no evidence of a language
    ("Erfurt'ta" is "'ta" Turkish case ending; "Berlin Hamburg München" is no German)."""
    masked = names.mask(cleaned) if names else cleaned
    return without_places(masked, places().find(masked))


#: A word and the ending written after an apostrophe on it ("Erfurt'ta", "2017'de", "Erfurt's", "don't").
_ENDING: Final = re.compile(r"(\w+)['’]([^\W\d_]+)(?![\w'’])")


def _evidence(cleaned: str, names: NetworkNames | None) -> tuple[str, int, tuple[str, ...]]:
    """What a question's language is judged by: its words without the names of networks and places
    (:func:`_unnamed`), how many words those names were, and the endings a language writes after an
    apostrophe on such a name, taken off it ("Erfurt'ta kim koordine ediyor?": "kim koordine ediyor",
    1, ("ta",); "Halberstadt'a" left its "a" behind, read as English's "a"). On a word that stays
    ("Lindenfeld'de", a town no list has) the ending stays a word ("de")."""
    endings: list[str] = []

    def on_a_name(match: re.Match[str]) -> str:
        if name_ending_language(match.group(2)) and match.group(1) not in WORD.findall(_unnamed(match.group(), names)):
            endings.append(match.group(2))
            return match.group(1)
        return match.group()

    cleaned = _ENDING.sub(on_a_name, cleaned)
    unnamed = _unnamed(cleaned, names)
    return unnamed, max(0, len(WORD.findall(cleaned)) - len(WORD.findall(unnamed))), tuple(endings)


def clear_question_language(cleaned: str, names: NetworkNames | None) -> str | None:
    """The supported language a question is clearly written in, judged without the names of
    networks and places (:func:`assistant.language.clear_language`: the names count as words, the
    endings a language writes on them as its words), else None: the one rule for
    whether a question may switch the interface language or answer in another language than the user's."""
    unnamed, named, endings = _evidence(cleaned, names)
    lang = clear_language(unnamed, names=named, endings=endings)
    return lang if lang in SUPPORTED else None


def likely_question_language(cleaned: str, names: NetworkNames | None) -> str | None:
    """The supported language a question is clearly written in (:func:`clear_question_language`),
    else the one whose own words it has, however few ("Finansman?", "İletişim bilgileri?",
    "Funding?": :func:`assistant.language.own_words_language`), else None: a language to offer
    going on in, where the answer stays in the user's ("Fundng?", "Team?", "Erfurt" offer none)."""
    if lang := clear_question_language(cleaned, names):
        return lang
    unnamed, _, endings = _evidence(cleaned, names)
    own = own_words_language(unnamed, endings=endings)
    return own[0] if own is not None and own[0] in SUPPORTED else None


def names_only(cleaned: str, names: NetworkNames | None) -> bool:
    """Whether a question is only names of networks, with at most words of no language between
    them ("Dortmund vs Erfurt", "Halberstadt", "Dortmund & Erfurt": ``[neutral]`` of intents.toml):
    a question asked in no language, whatever a detector would guess from the names."""
    masked = names.mask(cleaned) if names else cleaned
    neutral = intent_data().neutral_words
    return all(fold(word) in neutral for word in WORD.findall(masked))


def without_places(text: str, named_places: Collection[str]) -> str:
    """``text`` without the words that name the places it names: those are matched by the
    place rule ("Netzwerke in Deutschland?" lifts the networks located there, whatever their
    sheets' words), not by BM25 ("Deutschland", or "Germany" among its translations, would lift
    every sheet that says where it is)."""
    if not named_places:
        return text
    kept = set(places().without_names(text).split())
    return " ".join(word for word in WORD.findall(text) if fold(word) in kept)


def as_overview(index: SearchIndex, named: Collection[str], intent: QuestionIntent, masked: str) -> QuestionIntent:
    """``intent``, asking for the overview where the question restates a named network's own
    name ("Neukolln saglik agi": Neukölln's in its Turkish form), as the bare name does."""
    if named and not intent.overview and restates(masked, own_name_words(filter(None, map(index.network, named)))):
        return replace(intent, overview=True)
    return intent


def analyse_query(
    index: SearchIndex,
    encoder: Encoder,
    query: str,
    *,
    language: str | None = None,
    config: RetrievalConfig = RetrievalConfig(),
    max_chars: int = DEFAULT_MAX_QUERY_CHARS,
) -> QueryAnalysis:
    """Cut, clean, cut again, detect the language, tag concepts, tokenise, embed and find named networks."""
    query, cut = bound_question(query, max_chars)
    cleaned = clean_user_text(query)
    truncated = cut or len(cleaned) > max_chars
    cleaned = cleaned[:max_chars]
    names = network_names(index) if index.units else None
    lang = language or _unnamed_language(cleaned, names)
    text = cleaned
    corrections: tuple[Correction, ...] = ()
    if config.typos and cleaned and index.units:
        text, corrections = speller(index).correct(cleaned, lang)
    concepts = tag_concepts(text) if text else frozenset()
    named = names.named(text) if names else frozenset()
    masked = names.mask(text) if named and names else text
    intent = as_overview(index, named, analyse_intent(text, masked), masked)
    if config.use_concepts and not concepts:  # "Arbeit?", "Und Jobs?"; "İş?", "Work?" are overview words too
        concepts = alone_concepts(rest_words(masked)) or alone_concepts(rest_words(masked, overview=True))
    bare_name = bool(named) and intent.overview  # "Rheinfeld", "Erzähl mir von Erfurt", "Neukolln saglik agi"
    if bare_name and config.use_concepts:
        concepts |= BARE_NAME_INTENTS  # "Rheinfeld", "Was ist mit Erfurt?": who they are, what they do
    if text and index.units and config.use_dense:
        vector = encoder.encode([text])[0]
    else:
        vector = np.zeros(index.manifest.dimension, np.float32)
    # Named places are read whatever the place boost's weight: the chat says where no network is.
    named_places = places().find(text) if text and index.units else frozenset()
    placed = located_networks(index, named_places) if config.place else frozenset()
    unserved = frozenset(p for p in named_places if not located_networks(index, frozenset((p,))))
    votes = similarities = None
    if config.use_dense and np.any(vector):  # the scope decision reads them too
        examples = section_examples()
        vectors = example_vectors(encoder, examples)
        similarities = example_similarities(vectors, vector)
        if config.section_examples:
            votes = section_votes(vectors, examples.sections, vector, similarities=similarities)
    token_lang = lang if lang in SUPPORTED else "en"
    words = without_places(text, named_places)
    tokens = tokenize(words, token_lang, compounds=config.compounds) if words else []
    if config.word_translations and tokens:  # ours too: a word's translations reach the other languages' sheets
        # Not the names of networks: the named-network rule reads those.
        tokens += translated_tokens(names.mask(words) if named and names else words, token_lang, tokens)
    if config.use_concepts:  # the concept vocabulary is ours: baselines go without it
        tokens += concept_tokens(sorted(concepts))
    # Each word with its vector, for the word match of the sections found (assistant.word_match).
    matched_words = question_words(index, encoder, text) if config.word_match and text and index.units else None
    return QueryAnalysis(query, cleaned, truncated, lang, concepts, tuple(tokens), vector, named,
                         corrected=text, corrections=tuple((c.original, c.replacement) for c in corrections),
                         bare_name=bare_name, intent=intent, section_votes=votes, section_similarities=similarities,
                         placed=placed, named_places=named_places, unserved_places=unserved, words=matched_words)
