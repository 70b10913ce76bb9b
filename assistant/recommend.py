"""Recommend stage: retrieval hits -> a cited answer (the library's main entry point).

    from assistant.recommend import load_engine
    engine = load_engine()
    answer = engine.ask("Wir sind eine Kleinstadt ohne Koordination ...")
    for result in answer.results:
        print(result.network, result.section, result.text, result.source)

The CLI (``assistant ask``) and the Streamlit app are thin shells over this.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from assistant.embedding import Encoder, QueryCache, load_encoder
from assistant.i18n import language_name, t
from assistant.index import SearchIndex, ensure_index
from assistant.language import SUPPORTED
from assistant.models import SectionKind
from assistant.profile import (
    SIZES,
    Evidence,
    NetworkProfile,
    SituationProfile,
    extract_profile,
    profile_network,
    refine_profile,
)
from assistant.retrieve import Hit, Retrieval, RetrievalConfig, query_language, retrieve
from assistant.settings import Settings
from assistant.text import clean_user_text

_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)


class Result(BaseModel):
    """One cited item: the fixed JSON contract of ``assistant ask --json``."""

    network_id: str
    network: str
    location: str
    section: str
    text: str = Field(description="Verbatim quote (whitespace and bullet markup normalised).")
    source: str = Field(description="Corpus-relative path of the quoted document.")
    score: float
    language: str
    start: int = Field(exclude=True)
    end: int = Field(exclude=True)
    matched_concepts: list[str] = Field(default_factory=list, exclude=True)
    translations: list[str] = Field(default_factory=list, exclude=True)


class Answer(BaseModel):
    query: str
    language: str
    matched: bool
    message: str | None
    results: list[Result]


def result_of(hit: Hit) -> Result:
    unit = hit.unit
    return Result(
        network_id=unit.network_id,
        network=unit.network,
        location=unit.location,
        section=unit.section.value,
        text=unit.text,
        source=unit.source,
        score=round(hit.score, 4),
        language=unit.language,
        start=unit.start,
        end=unit.end,
        matched_concepts=list(hit.matched_concepts),
        translations=[u.source for u in hit.translations],
    )


@dataclass
class Engine:
    """The loaded model and index, shared by every caller (thread-safe reads)."""

    settings: Settings
    index: SearchIndex
    encoder: Encoder
    config: RetrievalConfig = RetrievalConfig()
    #: How much a network's similarity to the situation lifts its quotes.
    similarity_weight: float = 0.5
    _profiles: dict[str, NetworkProfile] | None = field(default=None, init=False, repr=False)

    def retrieve(
        self, question: str, *, top_k: int = 5, networks: Collection[str] | None = None,
        language: str | None = None, sections: Collection[SectionKind] | None = None,
    ) -> Retrieval:
        return retrieve(self.index, self.encoder, question, top_k=top_k, networks=networks,
                        sections=sections, language=language, config=self.config,
                        max_chars=self.settings.max_query_chars)

    def ask(
        self, question: str, *, top_k: int = 5, networks: Collection[str] | None = None,
        language: str | None = None,
    ) -> Answer:
        """Answer a question; never raises on any string."""
        cleaned = clean_user_text(question)
        lang = language or query_language(cleaned)
        ui_lang = lang if lang in SUPPORTED else "en"
        if not cleaned:
            message = t("empty_question", ui_lang)
            return Answer(query=question, language=lang, matched=False, message=message, results=[])
        if not _WORDLIKE.search(cleaned):
            return Answer(query=question, language=lang, matched=False, message=t("no_text", ui_lang), results=[])
        retrieval = self.retrieve(cleaned, top_k=top_k, networks=networks, language=lang)
        answer = Answer(
            query=question,
            language=lang,
            matched=retrieval.matched,
            message=None,
            results=[result_of(h) for h in retrieval.hits],
        )
        return answer.model_copy(update={"message": self._message(answer, ui_lang, retrieval.truncated)})

    def _message(self, answer: Answer, ui_lang: str, truncated: bool | None = None) -> str | None:
        """What to tell the user besides the results, in ``ui_lang``."""
        if truncated is None:
            truncated = len(clean_user_text(answer.query)) > self.settings.max_query_chars
        cleaned = clean_user_text(answer.query)
        if not cleaned:
            return t("empty_question", ui_lang)
        if not _WORDLIKE.search(cleaned):
            return t("no_text", ui_lang)
        notes = []
        if truncated:
            notes.append(t("truncated", ui_lang, chars=self.settings.max_query_chars))
        if answer.language not in SUPPORTED:
            notes.append(t("other_language", ui_lang, language=language_name(answer.language, ui_lang)))
        if not answer.matched:
            notes.append(t("out_of_scope", ui_lang))
        return " ".join(notes) or None

    @property
    def network_profiles(self) -> dict[str, NetworkProfile]:
        if self._profiles is None:
            self._profiles = {n.id: profile_network(n) for n in self.index.networks}
        return self._profiles

    def advise(
        self,
        text: str,
        *,
        profile: SituationProfile | None = None,
        weights: dict[str, float] | None = None,
        networks: Collection[str] | None = None,
        language: str | None = None,
        ui_language: str | None = None,
        refine: bool = True,
        per_part: int = 3,
    ) -> Advice:
        """The chat answer for a described situation.

        ``profile`` is the conversation's profile so far: a follow-up refines it
        with what ``text`` says, or, with ``refine=False``, it is used as it is
        (after the user edited it). ``weights`` are the facet weights (0 switches a
        facet off); ``networks`` the ids allowed by the filters; ``ui_language``
        the language of messages and follow-up questions (default: the
        question's). Quotes are shown in the question's language where a version
        exists. Never raises on any string.
        """
        answer = self.ask(text, top_k=1, networks=networks, language=language)
        lang = answer.language if answer.language in SUPPORTED else "en"
        ui_lang = ui_language if ui_language in SUPPORTED else lang
        if ui_lang != lang:
            answer = answer.model_copy(update={"message": self._message(answer, ui_lang)})
        cleaned = clean_user_text(text)[: self.settings.max_query_chars]
        if profile is not None and not refine:
            new_profile = profile
        else:
            new_profile = refine_profile(profile, cleaned) if profile else extract_profile(cleaned)
        if not answer.matched:
            return Advice(query=text, language=answer.language, matched=False, message=answer.message,
                          profile=new_profile, networks=[], success_factors=[], lessons=[],
                          transferability=[], follow_ups=[])
        retrieval = self.retrieve(cleaned, top_k=3 * per_part, networks=networks, language=lang)
        matches = rank_networks(new_profile, self.network_profiles, self.index, retrieval.network_scores, weights)
        if networks is not None:
            matches = [m for m in matches if m.network_id in set(networks)]
        similarity = {m.network_id: m.score for m in matches}

        def part(kinds: set[SectionKind], k: int) -> list[Result]:
            hits = self.retrieve(cleaned, top_k=3 * k, networks=networks, language=lang, sections=kinds).hits
            return _rerank(hits, similarity, self.similarity_weight, k)

        success = part({SectionKind.SUCCESS_FACTORS}, per_part)
        lessons = [lesson_of(r) for r in part({SectionKind.CHALLENGES}, per_part)]
        closest = [m.network_id for m in matches[:2]]
        transfer = [
            r for r in part({SectionKind.IMPACT}, 3) if r.network_id in closest
        ][:2]
        return Advice(
            query=text, language=answer.language, matched=True, message=answer.message,
            profile=new_profile, networks=matches, success_factors=success, lessons=lessons,
            transferability=transfer, follow_ups=follow_up_questions(ui_lang, matches, new_profile),
        )


_engines: dict[tuple[str, str, str, str], Engine] = {}
_engines_lock = threading.Lock()


def load_engine(
    settings: Settings | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Engine:
    """Load (building if needed) the index and model; cached per settings and index version."""
    settings = settings or Settings()
    index = ensure_index(settings, progress, notify)
    key = (str(settings.index), str(settings.corpus), settings.model, index.version)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = Engine(settings=settings, index=index, encoder=QueryCache(load_encoder(settings)))
            _engines[key] = engine
        return engine


# --------------------------------------------------------------------------- advice (the chat answer)

#: Default facet weights of the network similarity; the UI lets users change them.
DEFAULT_WEIGHTS: dict[str, float] = {
    "size": 1.0,
    "coordination": 1.0,
    "formalisation": 1.0,
    "target_groups": 0.5,
    "fields_of_action": 0.5,
    "challenges": 1.0,
    "text": 1.0,
}


class FacetMatch(BaseModel):
    """One facet of the similarity: the user's value, the network's, and the evidence."""

    facet: str
    user: list[str]
    network: list[str]
    similarity: float
    quote: str | None = None
    source: str | None = None


class NetworkMatch(BaseModel):
    network_id: str
    network: str
    location: str
    score: float
    facets: list[FacetMatch]


class Lesson(BaseModel):
    """A challenge or lesson learnt, with the solution where the sheet gives one."""

    result: Result
    problem: str
    solution: str | None = Field(default=None, description="Verbatim part of the quote after 'solution'.")


class Advice(BaseModel):
    """The chat answer: closest networks, what worked, what went wrong, transferability."""

    query: str
    language: str
    matched: bool
    message: str | None
    profile: SituationProfile
    networks: list[NetworkMatch]
    success_factors: list[Result]
    lessons: list[Lesson]
    transferability: list[Result]
    follow_ups: list[str]

    def result_ids(self) -> list[str]:
        """Stable ids of every shown quote (for feedback records)."""
        quoted = [*self.success_factors, *(lesson.result for lesson in self.lessons), *self.transferability]
        return [f"{r.source}:{r.start}-{r.end}" for r in quoted]


_ORDINAL = {v: i for i, v in enumerate(SIZES)}
_SOLUTION = re.compile(r"\b(?:solution|lösung|çözüm)\s*:\s*", re.IGNORECASE)


def _facet(facet: str, user: list[str], ev: list[Evidence], similarity: float) -> FacetMatch:
    first = ev[0] if ev else None
    return FacetMatch(
        facet=facet, user=user, network=[e.value for e in ev], similarity=round(similarity, 3),
        quote=first.quote if first else None, source=first.source if first else None,
    )


def facet_matches(profile: SituationProfile, network: NetworkProfile) -> list[FacetMatch]:
    """Per-facet similarity of a situation and a network (case-based reasoning), for the
    facets the user's text gives; facets the sheet does not state count as 0."""
    out: list[FacetMatch] = []
    if profile.size:
        ev = [network.size] if network.size else []
        sim = 0.0
        if network.size:
            gap = abs(_ORDINAL[profile.size] - _ORDINAL[network.size.value])
            sim = {0: 1.0, 1: 0.5}.get(gap, 0.0)
        out.append(_facet("size", [profile.size], ev, sim))
    if profile.coordination:
        ev = [network.coordination] if network.coordination else []
        sim = 1.0 if network.coordination and network.coordination.value == profile.coordination else 0.0
        out.append(_facet("coordination", [profile.coordination], ev, sim))
    if profile.formalisation:
        ev = [network.formalisation] if network.formalisation else []
        sim = 1.0 if network.formalisation and network.formalisation.value == profile.formalisation else 0.0
        out.append(_facet("formalisation", [profile.formalisation], ev, sim))
    for facet, wanted, have in (
        ("target_groups", profile.target_groups, network.target_groups),
        ("fields_of_action", profile.fields_of_action, network.fields_of_action),
        ("challenges", profile.challenges, network.challenges),
    ):
        if wanted:
            shared = [e for e in have if e.value in wanted]
            out.append(_facet(facet, list(wanted), shared, len(shared) / len(wanted)))
    return out


def rank_networks(
    profile: SituationProfile,
    profiles: dict[str, NetworkProfile],
    index: SearchIndex,
    text_scores: dict[str, float],
    weights: dict[str, float] | None = None,
) -> list[NetworkMatch]:
    """Weighted mean of the facet similarities and the text similarity, per network: the
    networks with a text score (those among the question's candidates), not every network."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    matches = []
    for network_id in text_scores:
        network = index.network(network_id)
        if network is None:
            continue
        facets = facet_matches(profile, profiles[network.id])
        text = text_scores.get(network.id, 0.0)
        facets.append(FacetMatch(facet="text", user=[], network=[], similarity=round(text, 3)))
        total = sum(weights.get(f.facet, 0.0) for f in facets)
        score = sum(weights.get(f.facet, 0.0) * f.similarity for f in facets) / total if total else 0.0
        matches.append(NetworkMatch(network_id=network.id, network=network.name,
                                    location=str(network.location), score=round(score, 3), facets=facets))
    return sorted(matches, key=lambda m: -m.score)


def lesson_of(result: Result) -> Lesson:
    """Split "At the beginning: language barriers; solution: refugees ... mediators" into
    problem and solution; both stay verbatim parts of the quote."""
    match = _SOLUTION.search(result.text)
    if not match:
        return Lesson(result=result, problem=result.text)
    problem = result.text[: match.start()].rstrip(" ;,.")
    return Lesson(result=result, problem=problem or result.text, solution=result.text[match.end():].strip() or None)


def _rerank(hits: list[Hit], similarity: dict[str, float], weight: float, top_k: int) -> list[Result]:
    results = [result_of(h) for h in hits]
    scored = sorted(results, key=lambda r: -(r.score + weight * similarity.get(r.network_id, 0.0)))
    return scored[:top_k]


def follow_up_questions(advice_lang: str, networks: list[NetworkMatch], profile: SituationProfile) -> list[str]:
    """Two or three next questions, in the user's language, about the closest network."""
    from assistant.i18n import t

    if not networks:
        return []
    city = networks[0].location.split(" / ")[0] or networks[0].network
    questions = [t("follow_up_funding", advice_lang, city=city)]
    if "volunteers" not in profile.challenges:
        questions.append(t("follow_up_volunteers", advice_lang))
    else:
        questions.append(t("follow_up_pitfalls", advice_lang, city=city))
    questions.append(t("follow_up_transfer", advice_lang, city=city))
    return questions[:3]
