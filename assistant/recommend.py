"""Recommend stage: retrieval hits -> a cited answer (the library's main entry point).

    from assistant.recommend import load_engine
    engine = load_engine()
    answer = engine.ask("Wir sind eine Kleinstadt ohne Koordination ...")
    for result in answer.results:
        print(result.network, result.section, result.text, result.source)

The CLI (``assistant ask``) and the Streamlit app are thin shells over this.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, Field

from assistant.analyse import clear_question_language, names_only, network_names, query_language
from assistant.answer import Citation
from assistant.chat import ChatAnswer, Conversation, chat_turn
from assistant.compounds import preload_compound_parts
from assistant.embedding import Encoder, QueryCache, load_encoder
from assistant.index import NetworkProfiles, SearchIndex, corpus_matches, ensure_index
from assistant.language import preload_detector
from assistant.lexicon import best_frequency
from assistant.models import SectionKind
from assistant.notices import Notice, question_notices
from assistant.profile import NetworkProfile, SituationProfile
from assistant.retrieve import (
    Hit,
    Retrieval,
    RetrievalConfig,
    retrieve,
)
from assistant.settings import Settings, SettingsError, load_settings
from assistant.startup import manifest_version, preload_encoder
from assistant.store import corpus_state
from assistant.text import bound_question, clean_user_text
from assistant.word_translations import word_translations

_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)
#: What :meth:`Engine.warm_up` asks: its stop words decide its language, so it needs no lingua.
WARM_UP_QUESTION = "How do networks find volunteers and funding?"
#: Seconds without a question after an app's engine is warmed up before lingua's models load
#: (if no question loaded them before): the questions typed while it started are answered first.
DETECTOR_DELAY_S = 2.0


class Result(Citation):
    """One cited item of ``assistant ask``, with its score and why it was found."""

    score: float
    matched_concepts: list[str] = Field(default_factory=list, exclude=True)
    translations: list[str] = Field(default_factory=list, exclude=True)

    def contract(self) -> dict[str, object]:
        """A ``results`` entry of ``assistant ask --json`` (the fixed JSON contract)."""
        return {"network_id": self.network_id, "network": self.network, "location": self.location,
                "section": self.section, "text": self.text, "source": self.source, "score": self.score,
                "language": self.language}


class Answer(BaseModel):
    """The answer of ``assistant ask``: the cited results and, as codes, what to tell the
    user besides them (the CLI renders ``notices`` as its ``message``)."""

    query: str
    language: str
    matched: bool
    notices: list[Notice] = Field(default_factory=list)
    results: list[Result]


def result_of(hit: Hit) -> Result:
    return Result.of_unit(hit.unit, score=round(hit.score, 4), matched_concepts=list(hit.matched_concepts),
                          translations=[u.source for u in hit.translations])


@dataclass
class Engine:
    """The loaded model and index, shared by every caller (thread-safe reads)."""

    settings: Settings
    index: SearchIndex
    encoder: Encoder
    config: RetrievalConfig = RetrievalConfig()

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
        """Answer a question; never raises on any string, costs the same for any length."""
        _asked()
        question, cut = bound_question(question, self.settings.max_query_chars)
        cleaned = clean_user_text(question)
        lang = language or query_language(cleaned[: self.settings.max_query_chars])
        if not cleaned or not _WORDLIKE.search(cleaned):
            return Answer(query=question, language=lang, matched=False, results=[],
                          notices=self._notices(cleaned, lang, cut, False))
        retrieval = self.retrieve(cleaned, top_k=top_k, networks=networks, language=lang)
        return Answer(query=question, language=lang, matched=retrieval.matched,
                      notices=self._notices(cleaned, lang, cut or retrieval.truncated, retrieval.matched),
                      results=[result_of(h) for h in retrieval.hits])

    def _notices(self, cleaned: str, lang: str, truncated: bool, matched: bool) -> list[Notice]:
        return question_notices(cleaned, language=lang, truncated=truncated, matched=matched,
                                max_chars=self.settings.max_query_chars)

    def question_language(self, text: str) -> str | None:
        """The language a question is clearly written in, judged without the names of networks
        ("What did Halberstadt learn?" is English); None where its words leave it open: a word
        or two, a typo, "Dortmund vs Erfurt" (:func:`clear_question_language`)."""
        cleaned = clean_user_text(text)
        return clear_question_language(cleaned, network_names(self.index) if self.index.units else None)

    def names_only(self, text: str) -> bool:
        """Whether a question is only names of networks ("Dortmund vs Erfurt", "Halberstadt"): it has
        no language of its own (:func:`assistant.analyse.names_only`)."""
        return names_only(clean_user_text(text), network_names(self.index) if self.index.units else None)

    def warm_up(self, question: str = WARM_UP_QUESTION) -> None:
        """Do the first-use work before a user's first question: the encoder's first call, the
        typo corrector and word frequency tables (one chat answer), every network profile.
        The tables the preload thread reads (:func:`_preload_tables`) are waited for first:
        wordfreq's caches do not lock, so a list both threads asked for was read twice.
        The default question's stop words decide its language: the warm-up does not load
        lingua's models (:func:`assistant.language.preload_detector` does, later)."""
        from assistant.lexicon import best_frequency

        _preload_tables().join()
        self.chat(question)
        best_frequency("integration")  # loads the word frequency table of every language
        for _ in self.network_profiles.values():
            pass

    @property
    def network_profiles(self) -> Mapping[str, NetworkProfile]:
        """Every network's profile (computed at ingest; each read when first asked for)."""
        return NetworkProfiles(self.index)

    def chat(
        self,
        text: str,
        *,
        conversation: Conversation | None = None,
        ui_language: str | None = None,
        weights: dict[str, float] | None = None,
        networks: Collection[str] | None = None,
        profile: SituationProfile | None = None,
        asked_again: bool = False,
    ) -> ChatAnswer:
        """The chat answer to ``text`` as the next turn of ``conversation`` (see :mod:`assistant.chat`).

        ``ui_language``: language of the summary (default: the question's; notices and
        follow-ups are codes, :mod:`assistant.notices`, rendered by the shells);
        ``weights``: facet weights (0 switches a facet off); ``networks``: the ids the
        filters allow; ``profile``: a situation profile the user edited; ``asked_again``: ``text`` is the
        last question answered again (the re-answer button), ``profile`` then used as it is. Never raises
        on any string.
        """
        _asked()
        try:
            return chat_turn(self.index, self.encoder, self.network_profiles, text, conversation=conversation,
                             ui_language=ui_language, weights=weights, networks=networks, profile=profile,
                             asked_again=asked_again, config=self.config, max_chars=self.settings.max_query_chars)
        finally:
            _asked()


@functools.cache
def _preload_tables() -> threading.Thread:
    """Once per process, a thread loads the word frequency lists, the word translations and the
    compound parts while the caller loads the index and the embedder (about 0.3 s of CPU for
    the lists, 0.1 s for the translations, less for the compound parts; the first question
    would pay them otherwise). Not lingua's models: their load holds the GIL (0.7 s of CPU
    in which no other thread runs) and a question the stop words decide does not need them;
    they load on the first question that does, or once an app's engine is idle
    (:class:`BackgroundEngine`)."""

    def load() -> None:
        try:
            best_frequency("integration")  # the list of every supported language
            word_translations()
            preload_compound_parts()
        except Exception:  # noqa: BLE001, S110 - the question that needs them meets the same error and says it
            pass

    thread = threading.Thread(target=load, name="tables-preload", daemon=True)
    thread.start()
    return thread


#: When a question was last asked or answered (``time.monotonic()``), by any engine.
_last_question = [0.0]


def _asked() -> None:
    _last_question[0] = time.monotonic()


def _preload_detector_when_idle(after: float = 0.0) -> None:
    """lingua's models, once a question has been asked after ``after`` (the warm-up's time: the
    first question, typed as the app opens, must not meet their load) and none has been asked or
    answered for :data:`DETECTOR_DELAY_S` seconds since (their load holds the GIL: a question
    meanwhile would wait for it)."""
    while _last_question[0] <= after:
        time.sleep(DETECTOR_DELAY_S)
    while (wait := _last_question[0] + DETECTOR_DELAY_S - time.monotonic()) > 0:
        time.sleep(wait)
    with contextlib.suppress(Exception):  # the question that needs lingua meets the same error and says it
        preload_detector()


_engines: dict[tuple[str, str, str, str], Engine] = {}
_engines_lock = threading.Lock()


def load_engine(
    settings: Settings | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Engine:
    """Load (building if needed) the index and model; cached per settings and index version."""
    _preload_tables()
    settings = settings or load_settings()
    preload_encoder(settings)  # beside the index's load
    index = ensure_index(settings, progress=progress, notify=notify)
    key = (str(settings.index), str(settings.corpus), settings.model, index.version)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = Engine(settings=settings, index=index, encoder=QueryCache(load_encoder(settings)))
            _engines[key] = engine
            _forget_earlier_versions(key)
            # What is loaded now lives as long as the process: out of the collector's way, so
            # that its full collections, which a question's allocations set off now and then,
            # no longer walk every loaded object (a tail of some milliseconds per question).
            gc.freeze()
        return engine


def _forget_earlier_versions(key: tuple[str, str, str, str]) -> None:
    """Once the engine of a rebuilt index is in (``key``: folders, model, version), keep no
    engine of that index's earlier versions, here or in :func:`background_engine`'s loads:
    each is freed, by reference counting, as soon as the last answer using it is done (at
    10,000 sheets an engine holds about 0.5 GB; the old one stayed beside the new one).
    A load still under way is kept. Called with ``_engines_lock`` held."""
    place, current = key[:3], _engines[key]
    for other in [k for k in _engines if k[:3] == place and k != key]:
        del _engines[other]
    for other, loading in list(_loading.items()):
        if other[:3] == place and loading.engine is not None and loading.engine is not current:
            del _loading[other]


class BackgroundEngine:
    """:func:`load_engine` on a background thread, so that a shell can show its input at
    once and answer the first question as soon as the model and index are in (the app:
    a question typed while it loads waits for it, with a visible status).

    ``warm_up`` is asked once after loading, so the first user's answer does not pay for
    first-use work (the encoder's first call, the typo corrector, word frequency tables).
    lingua's models load on a thread once the first question after that has been asked and none
    for :data:`DETECTOR_DELAY_S` seconds since (unless a question needed them before): not before
    the engine is ready, where their load (which holds the GIL) would delay the first answer, not
    while the first question is typed as the app opens, and not while the questions typed then
    are answered.
    """

    def __init__(self, settings: Settings, warm_up: str | None = WARM_UP_QUESTION) -> None:
        self.settings = settings
        self.warm_up = warm_up
        self.engine: Engine | None = None
        self.error: BaseException | None = None
        #: The index build's last progress line (stage, done, total) when loading has to rebuild
        #: the index (out of date: another version of the assistant, a changed vocabulary), else
        #: None: a page shows it instead of a bare "loading" (s13 tester Z7).
        self.stage: tuple[str, int, int] | None = None
        self._done = threading.Event()
        threading.Thread(target=self._load, name="engine-loader", daemon=True).start()

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stage = (stage, done, total)

    def _load(self) -> None:
        try:
            engine = load_engine(self.settings, progress=self._progress)
            if self.warm_up:
                engine.warm_up(self.warm_up)
                _asked()
                threading.Thread(target=_preload_detector_when_idle, args=(_last_question[0],), name="lingua-preload",
                                 daemon=True).start()
            self.engine = engine
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits, never lost on this thread
            self.error = exc
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> Engine:
        """The engine, once loaded; raises what loading raised, or TimeoutError."""
        if not self._done.wait(timeout):
            raise TimeoutError("the engine is still loading")
        if self.error is not None:
            raise self.error
        assert self.engine is not None
        return self.engine


#: The engines loading or loaded in the background, newest last (a few index versions).
_loading: dict[tuple[str, str, str, str], BackgroundEngine] = {}
_KEPT_VERSIONS = 4


def background_engine(settings: Settings, version: str) -> BackgroundEngine:
    """The :class:`BackgroundEngine` of ``settings`` and index ``version`` (the manifest's
    hash), one per process: whoever asks first starts it, later callers (other sessions of
    the app) get the same one."""
    key = (str(settings.index), str(settings.corpus), settings.model, version)
    with _engines_lock:
        loading = _loading.get(key)
        if loading is None:
            loading = _loading[key] = BackgroundEngine(settings)
            while len(_loading) > _KEPT_VERSIONS:
                del _loading[next(iter(_loading))]
        return loading


def corpus_changed(engine: Engine) -> bool:
    """Whether sheets were added to, changed in or removed from the corpus folder since
    ``engine``'s index was built (file sizes and times; only a changed file is read)."""
    return not corpus_matches(engine.settings, engine.index.manifest)


def refresh_engine(settings: Settings, version: str) -> BackgroundEngine:
    """The index of ``version`` brought up to date with its corpus folder, then loaded, on a
    thread (:func:`load_engine` rebuilds what changed): one per process, starting version and
    state of the folder, like :func:`background_engine`. The engine of ``version`` goes on
    answering meanwhile; once this is done, the index folder holds the new version. Keyed by
    the folder's state too: a refresh that left the version as it was (a sheet copied twice
    and removed again) must not stand for every later change of the folder (tester W15)."""
    return background_engine(settings, f"{version}+corpus:{corpus_fingerprint(settings)}")


def corpus_fingerprint(settings: Settings) -> str:
    """The state of the corpus folder: its documents' names, sizes and times (no file read)."""
    stats = corpus_state(settings.corpus, settings.max_file_bytes, None, settings.follow_links, hash_files=False)[1]
    return hashlib.sha256(json.dumps(sorted(stats.items())).encode()).hexdigest()[:16]


def preload_engine() -> BackgroundEngine | None:
    """Start loading the configured index's engine in the background, for a server that
    starts before its first page does (the app's launcher, ``app.py``): the page's
    :func:`background_engine` call then finds it loading or loaded. ``None`` where there
    is no index yet (the page builds it, with a progress bar) or a setting is bad (the
    page says which)."""
    try:
        settings = load_settings()
    except SettingsError:
        return None
    version = manifest_version(settings.index)
    return background_engine(settings, version) if version else None
