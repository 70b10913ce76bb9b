"""Netzwerk-Kompass chat UI: a thin Streamlit shell over ``assistant/``.

    streamlit run streamlit_app.py        (KOMPASS_INDEX / KOMPASS_CORPUS / KOMPASS_FEEDBACK to relocate)

Everything that thinks lives in the library: profile extraction and similarity
(``assistant.recommend``), filters (``assistant.filters``), texts and views
(``assistant.ui_text``, ``assistant.views``), feedback (``assistant.feedback``).
Text from sheets and users only ever reaches Markdown through ``escape_markdown``.
"""

# ruff: noqa: E402 - the pipeline's imports come after the page's first sign of life (_starting_placeholder)
from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote as url_quote

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assistant.messages import t as _catalogue_text


def _starting_placeholder() -> DeltaGenerator:
    """U14 (tester): the first run of a process imports the pipeline for seconds (longer on a busy
    machine) before ``main()`` draws anything, and the page stayed white. The page is set up and
    says it is loading first, in the browser's language (the catalogues are a light import); only
    on a session's first run, so later runs do not flash it. ``main()`` clears it."""
    st.set_page_config(page_title="Netzwerk-Kompass", page_icon="🧭", layout="wide",
                       initial_sidebar_state="auto")  # collapsed on a phone, open on a laptop
    placeholder = st.empty()
    if "turns" not in st.session_state:
        try:
            lang = (st.context.locale or "").split("-")[0].lower()
        except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
            lang = ""
        placeholder.status(_catalogue_text("loading_engine", lang or "en"))
    return placeholder


STARTING = _starting_placeholder()

from assistant.answer import values_disagree, while_index_updating
from assistant.chat import ChatAnswer, Conversation, Part, Quote, summary_in
from assistant.concepts import concepts_of_kind
from assistant.corpus import read_source_text
from assistant.excerpt import LONG_QUOTE, excerpt, teaser
from assistant.feedback import FeedbackRecord, append_feedback
from assistant.filters import FACETS, FilterOptions, allowed_networks, filter_options, option_label
from assistant.i18n import LANGUAGE_NAMES, UI_LANGUAGES, t
from assistant.index import live_dir
from assistant.language import detect_language
from assistant.models import FactField, Network, NetworkSection, SectionKind
from assistant.notices import Notice, NoticeCode, names_no_sheet
from assistant.open_conversations import HeldConversation, conversation_title, go_back, open_saved
from assistant.previous import skipped_sources
from assistant.profile import (
    CHALLENGES,
    COORDINATIONS,
    FORMALISATIONS,
    SIZES,
    SituationProfile,
    concept_label,
    edited_profile,
    evidence_words,
    profile_values,
)
from assistant.recommend import (
    BackgroundEngine,
    Engine,
    background_engine,
    corpus_changed,
    load_engine,
    refresh_engine,
)
from assistant.saved_conversations import MAX_SAVED_MB, ConversationLoadError, conversation_json, load_conversation
from assistant.session_store import (
    SessionSettings,
    drop_session,
    is_session_id,
    load_session,
    load_session_state,
    prune_sessions,
    save_session,
    session_stamp,
)
from assistant.settings import Settings, SettingsError, load_settings
from assistant.similarity import DEFAULT_WEIGHTS, NetworkMatch
from assistant.startup import manifest_version
from assistant.ui_text import LANGUAGE_NAMES_IN, document_kind, examples, issue_field, nt, number, quality_line, ui
from assistant.views.handout import conversation_html
from assistant.views.markdown import blockquote, conversation_markdown, fact_markdown
from assistant.views.markdown import escape_markdown as md
from assistant.views.notices import follow_up_text, message_text, offered_follow_ups
from assistant.views.parts import (
    FactRow,
    Mark,
    comparison_rows,
    export_filename,
    facet_views,
    fact_rows,
    glyph,
    profile_chips,
    quote_place,
    section_name,
    short_name,
)
from assistant.views.scroll import TO_END, TO_TOP, held_view, show_message
from assistant.views.sidebar import close_sidebar_on_narrow_screen
from assistant.views.streamlit_words import streamlit_words_script

ss = st.session_state
log = logging.getLogger("netzwerk-kompass")
#: Longest chat message taken; longer ones are cut (the library cuts again, to its own limit,
#: and says so). Not the chat box's max_chars: Streamlit drops a paste over that limit whole.
MAX_INPUT_CHARS = 4000
#: Chips shown before "more".
MAX_CHIPS = 8
#: At most one look at the corpus folder (file sizes and times) per this many seconds and
#: server process: a sheet put there while the app runs is indexed without a restart.
CORPUS_CHECK_SECONDS = 10
#: Networks compared side by side at most.
COMPARE_MAX = 3


#: Quotes at normal contrast; long follow-up buttons and a network card's long facet badges ("Ehrenamtliche ≈
#: (Zielgruppe, nicht als Herausforderung genannt)") wrap instead of being cut off; the app's scripts
#: (assistant.views.scroll, streamlit_words) take no room (Streamlit puts a gap per element).
APP_CSS = """<style>
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) { display: none; }
[data-testid="stChatMessage"] blockquote, [data-testid="stChatMessage"] blockquote p { color: inherit !important; }
[data-testid="stChatMessage"] blockquote { border-left-color: #2563eb; }
[data-testid="stChatMessage"] button p { white-space: normal; text-align: left; overflow: visible;
  text-overflow: clip; }
[data-testid="stChatMessage"] button { height: auto; max-width: 100%; }
[data-testid="stChatMessage"] .stMarkdownBadge { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; }
</style>"""


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes, line breaks and ``<`` escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


def uploader_css(lang: str) -> str:
    """The drop zone's own words ("Upload", "5MB per file • JSON, MD") are Streamlit's, in
    English, with no parameter to change them: replaced by the interface language's, by CSS."""
    button = css_string(ui("upload_button", lang))
    limit = css_string(ui("upload_limit", lang, mb=MAX_SAVED_MB, types="JSON, MD"))
    zone = '[data-testid="stFileUploaderDropzone"]'
    return (f"<style>{zone} button [data-testid=\"stMarkdownContainer\"] p {{ display: none; }}"
            f"{zone} button [data-testid=\"stMarkdownContainer\"]::after {{ content: {button}; }}"
            f"{zone} [data-testid=\"stFileUploaderDropzoneInstructions\"] span {{ display: none; }}"
            f"{zone} [data-testid=\"stFileUploaderDropzoneInstructions\"] > div::after {{ content: {limit}; "
            "font-size: 0.875rem; opacity: 0.7; }</style>")


@dataclass
class Turn:
    """One question and its answer, as the conversation keeps them."""

    answer: ChatAnswer
    weights: dict[str, float]
    filtered: tuple[int, int] | None = None
    seconds: float = 0.0
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

#: Situation-profile facet -> widget key.
PROFILE_WIDGETS = {
    "size": "p_size",
    "coordination": "p_coordination",
    "formalisation": "p_formalisation",
    "target_groups": "p_target_groups",
    "fields_of_action": "p_fields_of_action",
    "challenges": "p_challenges",
}
SINGLE_OPTIONS = {"size": SIZES, "coordination": COORDINATIONS, "formalisation": FORMALISATIONS}
LIST_OPTIONS = {
    "target_groups": tuple(c.id for c in concepts_of_kind("target_group")),
    "fields_of_action": tuple(c.id for c in concepts_of_kind("field_of_action")),
    "challenges": tuple(CHALLENGES),
}
BADGE_COLORS = {Mark.MATCH: "green", Mark.PARTIAL: "orange", Mark.MISMATCH: "red", Mark.OFF: "gray"}


# --------------------------------------------------------------------------- engine (once per process and index)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_filter_options(manifest_version: str, index_dir: str, _engine: Engine) -> FilterOptions:
    return filter_options(_engine.index.networks)


@st.cache_resource(show_spinner=False, max_entries=256)
def cached_allowed(manifest_version: str, index_dir: str, selection: tuple[tuple[str, ...], ...],
                   _engine: Engine) -> frozenset[str]:
    return frozenset(allowed_networks(_engine.index.networks, *selection))


@st.cache_data(ttl=CORPUS_CHECK_SECONDS, show_spinner=False, max_entries=8)
def cached_corpus_changed(manifest_version: str, index_dir: str, corpus_dir: str, _engine: Engine) -> bool:
    return corpus_changed(_engine)


def corpus_refresh(engine: Engine, version: str) -> BackgroundEngine | None:
    """The rebuild of the index for sheets added to, changed in or removed from the corpus
    folder while the app runs (started here, on a thread: :func:`refresh_engine`), or None
    when the index holds the folder as it is (or the folder cannot be read: no reason to
    stop answering)."""
    try:
        changed = cached_corpus_changed(version, str(engine.settings.index), str(engine.settings.corpus), engine)
    except Exception:  # noqa: BLE001 - an unreadable corpus folder is no reason to stop answering
        log.warning("could not check the corpus folder for new sheets", exc_info=True)
        return None
    return refresh_engine(engine.settings, version) if changed else None


def recheck_after_nothing_found(engine: Engine, version: str, turn: Turn) -> BackgroundEngine | None:
    """The corpus folder looked at now, not after the pause between looks, when ``turn``'s answer
    found nothing or names a network no sheet has: a sheet dropped a moment ago then gets "ask again
    in a few seconds" (tester W5; s12 tester Y4)."""
    if turn.answer.matched and not names_no_sheet(turn.answer.notices):
        return None
    cached_corpus_changed.clear()
    refresh = corpus_refresh(engine, version)
    if refresh is not None and not refresh.ready:
        turn.answer = while_index_updating(turn.answer)
    return refresh


def follow_corpus(engine: Engine, version: str, refresh: BackgroundEngine | None, lang: str) -> None:
    """Say on the page that the index is being brought up to date with the corpus folder
    (``refresh``); it answers from the index it has until the next run finds the new one
    (and says that, once)."""
    if ss.get("index_version") not in (None, version):
        st.toast(ui("corpus_updated", lang, networks=len(engine.index.networks)), icon=":material/sync:")
        # Files of the folder the rebuild could not read are named (tester W12: only the log said it).
        skipped = skipped_sources(live_dir(engine.settings.index), engine.index.manifest.corpus)
        if skipped:
            names = ", ".join(skipped)
            st.toast(ui("corpus_skipped", lang, files=names if len(names) <= 50 else names[:49] + "…"),
                     icon=":material/warning:")
    ss.index_version = version
    if refresh is None:
        return
    if not refresh.ready:
        st.info(ui("corpus_updating", lang), icon=":material/sync:")
        # The notice above sits at the page's top, out of sight below a conversation (on a
        # phone especially): said where the user looks too, short enough not to be cut off
        # (an answer given meanwhile says it in the answer: while_index_updates).
        st.toast(ui("corpus_updating_toast", lang), icon=":material/sync:")
    elif refresh.error is not None:
        st.warning(ui("corpus_update_failed", lang, error=md(str(refresh.error))))


class IndexBuild:
    """The first build of the index (none on disk yet), on a thread of its own: once started it
    finishes whatever the pages do. It ran in the page's script run, so a question typed while it
    ran (a rerun) or a closed tab or a phone's dropped connection stopped it at its next progress
    line, and the next page started it again from the first sheet (s13 tester Z1: 1,472 of 2,712
    texts embedded, then "Talbach" typed: back to 0). Pages opened meanwhile show its progress."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stage: tuple[str, int, int] = ("parse", 0, 0)
        self.error: BaseException | None = None
        self._done = threading.Event()
        threading.Thread(target=self._build, name="index-build", daemon=True).start()

    def _build(self) -> None:
        try:
            load_engine(self.settings, progress=self._progress, notify=lambda message: None)
        except BaseException as exc:  # noqa: BLE001 - shown by the page that waits for it
            self.error = exc
        finally:
            self._done.set()

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stage = (stage, done, total)

    def wait(self, timeout: float) -> bool:
        return self._done.wait(timeout)


@st.cache_resource(show_spinner=False, max_entries=4)
def index_build(index_dir: str, corpus_dir: str, model: str, _settings: Settings) -> IndexBuild:
    """The one first build of an index folder in this process (every page shares it)."""
    return IndexBuild(_settings)


def show_build_progress(bar: DeltaGenerator, stage: str, done: int, total: int, *, lang: str) -> None:
    key = f"index_stage_{stage}" if stage in ("parse", "embed", "write") else "index_stage_other"
    bar.progress(min(1.0, done / total) if total else 0.0, text=ui(key, lang, stage=stage, done=done, total=total))


def build_index_visibly(settings: Settings, lang: str) -> None:
    """First start without an index: build it (on its thread) with a visible progress bar."""
    build = index_build(str(settings.index), str(settings.corpus), settings.model, settings)
    with st.status(ui("index_building", lang), expanded=True) as status:
        bar = st.empty()
        while True:
            show_build_progress(bar, *build.stage, lang=lang)
            if build.wait(0.5):
                break
        if build.error is not None:
            index_build.clear()  # the next page tries again (the folder or a sheet may be fixed by then)
            raise build.error
        status.update(label=ui("index_ready", lang), state="complete", expanded=False)


#: How often a page run waiting for the model looks up (and lets a newer question in).
LOAD_POLL_SECONDS = 0.05


def get_engine(lang: str) -> tuple[Engine, str]:
    try:
        settings = load_settings()  # a bad KOMPASS_* value is a message naming it
        version = manifest_version(settings.index)
        if not version:
            build_index_visibly(settings, lang)
            version = manifest_version(settings.index)
        # Once per process and index version (no cache of its own here: a rebuilt index's engine
        # replaces the old one there, which is then freed once no page run still answers with it).
        loading = background_engine(settings, version)
        if not loading.ready:  # the page (and its chat input) is up; say what is still coming
            with (shown := st.empty()).status(ui("loading_engine", lang)) as status:
                bar = st.empty()  # the index rebuilt on the way (out of date), with its progress (s13 tester Z7)
                while True:
                    try:
                        loading.wait(LOAD_POLL_SECONDS)  # the first answer waits no longer than the load
                        break
                    except TimeoutError:
                        pass
                    if loading.stage is not None:
                        status.update(label=ui("index_building", lang), expanded=True)
                        show_build_progress(bar, *loading.stage, lang=lang)
                    else:
                        # Something sent to the page is where a run hands over to a newer question: two
                        # questions sent while the model loads would otherwise reach the page as one, the
                        # later (Streamlit keeps a chat box's newest text; s17 tester W27).
                        bar.empty()
            shown.empty()
        engine = loading.wait()
    except Exception as exc:  # noqa: BLE001 - shown to the user, the app cannot work without it
        st.error(ui("index_failed", lang, error=md(str(exc))))
        st.stop()
    return engine, version


# --------------------------------------------------------------------------- session state
#
# The conversation, the situation profile and the filters are held as ids in session
# state. Widgets whose labels depend on the UI language get a key per language and are
# seeded from that state: a browser sends back what it displayed, so a widget created
# in one language must never receive a value in another (the old KeyError 'Kleinstadt').


def initial_language() -> str:
    try:
        locale = st.context.locale or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        locale = ""
    code = locale.split("-")[0].lower()
    return code if code in UI_LANGUAGES else "en"


def init_state() -> None:
    if "turns" in ss:
        # Widgets of hidden (lazily rendered) tabs lose their state unless it is re-set.
        for key in ("net_sel", "cmp_sel"):
            if key in ss:
                ss[key] = ss[key]
        return
    ss.turns = []
    ss.profile = None
    ss.profile_edited = False
    ss.session_id = uuid.uuid4().hex
    ss.lang_locked = False
    ss.ui_lang = initial_language()
    ss.feedback_given = {}
    ss.filters = {facet: [] for facet in FACETS}
    reset_weights()
    restore_session()


def corpus_folder() -> str:
    try:
        return str(load_settings().corpus)
    except SettingsError:
        return "corpus/"


def sessions_folder() -> Path | None:
    """Where open conversations are kept (read once per session); None while a setting is
    unusable (the page says which)."""
    if "sessions_dir" not in ss:
        try:
            ss.sessions_dir = load_settings().sessions
        except SettingsError:
            return None
    folder: Path = ss.sessions_dir
    return folder


def restore_session() -> None:
    """A reload of this page (a phone's pull-to-refresh) gets its conversation back: the page
    keeps its session id in the address, the conversation is on disk under it."""
    if "doc" in st.query_params:  # a source document opened in its own tab: no conversation
        return
    folder = sessions_folder()
    if folder is None:
        return
    prune_sessions(folder)
    session_id = st.query_params.get("c")
    saved = load_session_state(folder, session_id) if is_session_id(session_id) else None
    if saved is not None and session_id is not None:
        conversation, ui_lang, settings = saved
        ss.session_id = session_id
        apply_settings(settings)  # s16 tester V7: the filters and weights come back too
        n = len(conversation.turns)
        asked_with = list(settings.turn_weights) or [current_weights()] * n
        filtered = list(settings.turn_filtered) or [None] * n
        ss.turns = [Turn(answer=answer, weights={**current_weights(), **weights}, filtered=among)
                    for answer, weights, among in zip(conversation.turns, asked_with, filtered, strict=True)]
        ss.profile = conversation.profile
        if ui_lang in UI_LANGUAGES:
            ss.ui_lang = ui_lang
        ss.lang_locked = True
        profile_to_widgets(ss.profile or SituationProfile())
    ss.previous_conversation = held_from_disk(folder, st.query_params.get("p"))
    st.query_params["c"] = ss.session_id
    mark_session_synced(session_stamp(folder, ss.session_id))


def held_from_disk(folder: Path, session_id: str | None) -> HeldConversation[Turn] | None:
    """The conversation kept on disk under ``session_id`` (the way back of a page whose address
    has ``?p=``, after a reload), or None."""
    saved = load_session(folder, session_id) if is_session_id(session_id) and session_id != ss.session_id else None
    if saved is None or session_id is None:
        return None
    conversation, _ = saved
    turns = tuple(Turn(answer=answer, weights=current_weights()) for answer in conversation.turns)
    return HeldConversation(session_id, turns, conversation.profile, session_stamp(folder, session_id), len(turns))


def address_the_way_back() -> None:
    """The page's address names the conversation to go back to (``?p=``), so a reload keeps the way back."""
    previous: HeldConversation[Turn] | None = ss.get("previous_conversation")
    if previous is not None and st.query_params.get("p") != previous.id:
        st.query_params["p"] = previous.id
    elif previous is None and "p" in st.query_params:
        del st.query_params["p"]


def mark_session_synced(stamp: tuple[int, int] | None) -> None:
    """This window's turns are those of the file as it is now (``stamp``)."""
    ss.session_stamp = stamp
    ss.session_synced = len(ss.turns)
    ss.session_saved = session_state()


def session_state() -> tuple[object, ...]:
    """What the session's file holds: a change of any of it is written (persist_session)."""
    return (tuple(t.id for t in ss.turns), ss.ui_lang, filter_selection(), tuple(current_weights().items()))


def session_settings() -> SessionSettings:
    return SessionSettings(filters={facet: list(keys) for facet, keys in zip(FACETS, filter_selection(), strict=True)},
                           weights=current_weights(), turn_weights=[turn.weights for turn in ss.turns],
                           turn_filtered=[turn.filtered for turn in ss.turns])


def apply_settings(settings: SessionSettings) -> None:
    """The filters and slider weights kept with a conversation, on the page (keys the index no
    longer offers are dropped where the filter options are read)."""
    ss.filters = {facet: list(settings.filters.get(facet, ())) for facet in FACETS}
    for facet in FACETS:
        ss.pop(widget_key(f"f_{facet}", ss.ui_lang), None)
    for facet, weight in settings.weights.items():
        if facet in DEFAULT_WEIGHTS:
            ss[f"w_{facet}"] = weight_step(weight)


def follow_other_windows() -> None:
    """The same conversation open in another window (a facilitator's laptop and phone, one
    ``?c=`` link): what that window added since this one last read or wrote the file is
    taken in first, then this window's own new turns follow it, so neither loses the
    other's questions. Called at the start of every run and again just before saving."""
    folder = sessions_folder()
    if folder is None or "doc" in st.query_params:
        return
    if st.query_params.get("c") != ss.session_id:  # a new conversation got a new id
        st.query_params["c"] = ss.session_id
    address_the_way_back()
    stamp = session_stamp(folder, ss.session_id)
    if stamp is None or stamp == ss.get("session_stamp"):
        return
    saved = load_session(folder, ss.session_id)
    if saved is None:
        return
    conversation, _ = saved
    synced, ours = ss.get("session_synced", 0), ss.turns
    # Keep this window's Turn objects (their feedback, their ids) where the file still has them.
    kept = [ours[i] if i < synced and ours[i].answer.query == answer.query
            else Turn(answer=answer, weights=current_weights()) for i, answer in enumerate(conversation.turns)]
    if len(kept) == synced and all(k is o for k, o in zip(kept, ours, strict=False)):
        ss.session_stamp = stamp  # rewritten with the same turns (a language switch elsewhere)
        return
    ss.turns = kept + ours[synced:]
    ss.profile = ss.turns[-1].answer.profile if ss.turns else None
    profile_to_widgets(ss.profile or SituationProfile())
    ss.session_stamp, ss.session_synced = stamp, len(kept)
    ss.notice_ok = ui("conversation_continued_elsewhere", ss.ui_lang)


def persist_session() -> None:
    """Write the conversation under the page's session id when it changed (see restore_session),
    after taking in what another window with the same conversation wrote meanwhile."""
    state = session_state()
    folder = sessions_folder()
    if ss.get("session_saved") == state or "doc" in st.query_params or folder is None:
        return
    follow_other_windows()
    if ss.turns:
        forget_previous_conversation()
    try:
        save_session(folder, ss.session_id, [t.answer for t in ss.turns], ss.ui_lang, session_settings())
    except OSError as exc:  # the conversation still works; only a reload would lose it
        log.warning("could not keep the conversation for a reload: %s", exc)
        ss.session_saved = state
        return
    mark_session_synced(session_stamp(folder, ss.session_id))


def widget_key(name: str, lang: str) -> str:
    return f"{name}_{lang}"


def seed_language_widgets(lang: str) -> None:
    """Give this language's widgets the current ids; drop other languages' widget state."""
    profile = ss.profile or SituationProfile()
    for other in UI_LANGUAGES:
        if other == lang:
            continue
        for name in [*PROFILE_WIDGETS.values(), *(f"f_{facet}" for facet in FACETS)]:
            ss.pop(widget_key(name, other), None)
    for facet, name in PROFILE_WIDGETS.items():
        key = widget_key(name, lang)
        if key not in ss:
            value = getattr(profile, facet)
            ss[key] = list(value) if isinstance(value, list) else value
    for facet in FACETS:
        key = widget_key(f"f_{facet}", lang)
        if key not in ss:
            ss[key] = list(ss.filters.get(facet, []))


def profile_to_widgets(profile: SituationProfile) -> None:
    lang = ss.ui_lang
    for facet, name in PROFILE_WIDGETS.items():
        value = getattr(profile, facet)
        ss[widget_key(name, lang)] = list(value) if isinstance(value, list) else value


def widgets_to_profile() -> None:
    """on_change of the profile widgets: the user's edits become the conversation's profile
    (ids only: anything that is not a known id is ignored)."""
    lang = ss.ui_lang
    old = ss.profile or SituationProfile()
    values: dict[str, object] = {}
    for facet, name in PROFILE_WIDGETS.items():
        raw = ss.get(widget_key(name, lang))
        if facet in LIST_OPTIONS:
            known = set(LIST_OPTIONS[facet]) | set(getattr(old, facet))
            values[facet] = [v for v in (raw or []) if v in known]
        else:
            values[facet] = raw if raw in SINGLE_OPTIONS[facet] else None
    # what she switches off stays off, whatever is read again later (s16 browser tester V17)
    ss.profile = edited_profile(old, SituationProfile(**values))  # type: ignore[arg-type]
    ss.profile_edited = True


def filters_changed() -> None:
    lang = ss.ui_lang
    ss.filters = {facet: list(ss.get(widget_key(f"f_{facet}", lang)) or []) for facet in FACETS}


def current_weights() -> dict[str, float]:
    return {facet: float(ss.get(f"w_{facet}", default)) for facet, default in DEFAULT_WEIGHTS.items()}


#: The weights a slider offers: 0 to 2 in quarters.
WEIGHT_STEPS = tuple(step / 4 for step in range(9))


def weight_step(value: float) -> float:
    """The slider's step nearest ``value``."""
    return min(WEIGHT_STEPS, key=lambda step: abs(step - value))


def reset_weights() -> None:
    for facet, weight in DEFAULT_WEIGHTS.items():
        ss[f"w_{facet}"] = float(weight)


def clear_filters() -> None:
    ss.filters = {facet: [] for facet in FACETS}
    for facet in FACETS:
        ss[widget_key(f"f_{facet}", ss.ui_lang)] = []


def clear_filters_and_ask_again() -> None:
    """The answer's network is excluded by the filters (FILTERED_OUT): without them, the same question."""
    clear_filters()
    ask_again()


def filter_selection() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(ss.filters.get(facet) or ()) for facet in FACETS)


def tab_key(lang: str) -> str:
    return f"main_tab_{lang}"


def tab_labels(lang: str) -> list[str]:
    return [ui("tab_chat", lang), ui("tab_networks", lang), ui("tab_compare", lang)]


# --------------------------------------------------------------------------- callbacks


def ask(text: str) -> None:
    ss.pending_question = text


def from_sidebar(action: Callable[..., None], *args: object) -> None:
    """A sidebar button's ``action``; then the sidebar closes where it covers the page (a phone:
    the answer would arrive behind it, s11 tester X14; see assistant.views.sidebar)."""
    action(*args)
    ss.close_sidebar = uuid.uuid4().hex


def close_sidebar_after_choice() -> None:
    """After a choice in the sidebar (from_sidebar), the script that closes it on a phone."""
    if tag := ss.pop("close_sidebar", None):
        st.html(close_sidebar_on_narrow_screen(tag), unsafe_allow_javascript=True)


def ask_again() -> None:
    if ss.turns:
        ss.pending_question = ss.turns[-1].answer.query
        ss.replace_last = True


def language_changed() -> None:
    """The interface language chosen (the sidebar's selectbox or a "continue in" button): the
    page relabelled, and on a phone the sidebar closed over it, as after the sidebar's other
    choices (from_sidebar), so the relabelled chat is in view (s14 tester T4)."""
    ss.lang_locked = True
    ss.close_sidebar = uuid.uuid4().hex
    for old in UI_LANGUAGES:  # the open tab stays open: the tabs have a key per language
        shown = ss.pop(tab_key(old), None) if old != ss.ui_lang else None
        if shown in (labels := tab_labels(old)):
            ss[tab_key(ss.ui_lang)] = tab_labels(ss.ui_lang)[labels.index(shown)]
    if ss.turns and ss.get(tab_key(ss.ui_lang), ui("tab_chat", ss.ui_lang)) == ui("tab_chat", ss.ui_lang):
        # The relabelled answers change height: the last question is held at the top, as when it was
        # answered; otherwise the page may follow its end, the answer's start out of view (a phone, CI).
        ss.show_turn = ss.turns[-1].id


def held_conversation() -> HeldConversation[Turn]:
    """The conversation shown, as this window holds it (assistant.open_conversations)."""
    return HeldConversation(ss.session_id, tuple(ss.turns), ss.profile, ss.get("session_stamp"),
                            ss.get("session_synced", 0))


def show_conversation(held: HeldConversation[Turn], *, on_disk: bool = True) -> None:
    """``held`` on the page, under its own id (``on_disk``: its file holds it already, nothing to write)."""
    ss.session_id, ss.turns, ss.profile = held.id, list(held.turns), held.profile
    ss.session_stamp, ss.session_synced = held.stamp, held.synced
    ss.session_saved = session_state() if on_disk else None
    profile_to_widgets(ss.profile or SituationProfile())
    # Its end in view, where its newest answer and the notice about it are. A view still held for the
    # conversation before (a question just answered) would otherwise keep the page at the new one's
    # first message, the notice and its way back out of sight (CI: test_e2e_open_saved).
    ss.pop("show_turn", None)
    ss.show_end = uuid.uuid4().hex


def new_conversation() -> None:
    """An empty conversation under a new id (its own address: another window keeps the old
    one). The old one can be restored until the new one's first question (a tap by mistake
    on a phone loses nothing); its file goes then, unless another window has added to it."""
    if ss.turns:
        ss.undo_conversation = held_conversation()
    ss.pop("offer_way_back", None)
    ss.session_id = uuid.uuid4().hex
    ss.session_stamp, ss.session_synced = None, 0
    ss.turns = []
    ss.profile = None
    ss.profile_edited = False
    profile_to_widgets(SituationProfile())


def restore_previous_conversation() -> None:
    """Undo "New conversation": the previous conversation back, under its own id."""
    old = ss.pop("undo_conversation", None)
    if old is not None:
        show_conversation(old)


def back_to_conversation() -> None:
    """Back to the conversation set aside when a saved one was opened (s14 tester T14); the one
    left is set aside in its place, so going back loses nothing either."""
    changed = go_back(held_conversation(), ss.get("undo_conversation"), ss.get("previous_conversation"))
    if changed is None:
        return
    shown, ss.previous_conversation = changed
    ss.pop("undo_conversation", None)  # set aside, if it was the one kept
    ss.pop("offer_way_back", None)  # gone back: the chat's offer is done, the sidebar's stays
    show_conversation(shown)
    ss.profile_edited = False


def forget_previous_conversation() -> None:
    """The new conversation has begun: the previous one's file goes (see new_conversation)."""
    old = ss.pop("undo_conversation", None)
    folder = sessions_folder()
    if old is not None and folder is not None and session_stamp(folder, old.id) == old.stamp:
        drop_session(folder, old.id)


def open_network(network_id: str) -> None:
    ss.net_sel = network_id
    ss[tab_key(ss.ui_lang)] = ui("tab_networks", ss.ui_lang)
    ss.scroll_top = True


def record_feedback(turn_id: str) -> None:
    value = ss.get(f"fb_{turn_id}")
    turn = next((t_ for t_ in ss.turns if t_.id == turn_id), None)
    if value is None or turn is None:
        return
    record = FeedbackRecord.from_answer(turn.answer, int(value), ui_language=ss.ui_lang,
                                        session_id=ss.session_id, turn_id=turn_id)
    try:
        append_feedback(Settings().feedback, record)
    except OSError as exc:
        ss.notice = ui("feedback_failed", ss.ui_lang, error=str(exc))
        return
    ss.feedback_given[turn_id] = int(value)


def load_saved_conversation() -> None:
    upload = ss.get("conversation_file")
    if upload is None:
        return
    try:
        conversation = load_conversation(upload.getvalue(), upload.name)
    except ConversationLoadError as exc:
        # A fact sheet goes into the corpus folder: the log names it to whoever runs the app; the browser's
        # user, who cannot put files on the server, is told to ask them (s17 browser tester W19)
        if exc.code == "sheet":
            log.warning("a fact sheet (%s) was opened as a saved conversation; to be answered from, it goes into %s",
                        upload.name, corpus_folder())
        reason = ui(f"conversation_error_{exc.code}", ss.ui_lang)
        ss.notice = ui("conversation_load_failed", ss.ui_lang, error=reason)
        return
    # Opened under a new id (its own address and file): the conversation that was open stays on
    # disk under its own and is set aside, to go back to (s14 tester T14: it was overwritten).
    opened = HeldConversation(uuid.uuid4().hex, tuple(Turn(answer=answer, weights=current_weights())
                                                      for answer in conversation.turns), conversation.profile)
    shown, ss.previous_conversation = open_saved(held_conversation(), ss.pop("undo_conversation", None),
                                                 ss.get("previous_conversation"), opened)
    show_conversation(shown, on_disk=False)
    ss.profile_edited = False
    ss.lang_locked = True  # the user's language stays; answers keep the language they were given in
    n = len(conversation.turns)
    ss.notice_ok = nt("conversation_loaded", ss.ui_lang, n)
    ss.offer_way_back = ss.previous_conversation is not None


def open_saved_conversation() -> None:
    """A file chosen in the sidebar: the conversation loaded (or why not), and on a phone the
    sidebar closes over it (from_sidebar); a file removed again leaves the sidebar as it is."""
    if ss.get("conversation_file") is None:
        return
    from_sidebar(load_saved_conversation)


# --------------------------------------------------------------------------- a question


def next_question() -> tuple[str, bool] | None:
    """The next question to answer and whether it was typed: the oldest typed one, else one a
    button asked (pending_question); None when every question has its answer."""
    typed: list[str] = ss.get("typed_questions", [])
    if typed:
        return typed[0], True
    pending = ss.get("pending_question")
    return (pending, False) if pending is not None else None


def answered_question(typed: bool) -> None:
    """Take the question just answered off its queue (right after its turn is kept: nothing in
    between gives the run away)."""
    if typed:
        ss.typed_questions = ss.typed_questions[1:]
    else:
        ss.pop("pending_question", None)
        ss.pop("replace_last", None)


def handle_question(engine: Engine, text: str, allowed: frozenset[str] | None, total: int,
                    index_updating: bool = False, typed: bool = True) -> None:
    """Answer ``text`` as the conversation's next turn (``index_updating``: new sheets are
    being added to the index meanwhile, which the answer then says; ``typed``: the user wrote
    it, not a button the interface offered, which never changes the interface language)."""
    replace = not typed and bool(ss.get("replace_last"))  # taken off with its question (answered_question)
    text = text[:MAX_INPUT_CHARS]
    if not text.strip():
        ss.notice = t("empty_question", ss.ui_lang)
        return
    if typed and not ss.turns and not ss.lang_locked:
        # Only a question clearly in another language switches ("Fundng?", "Dortmund vs Erfurt" do not).
        detected = engine.question_language(text)
        if detected in UI_LANGUAGES:
            ss.ui_lang = detected
    lang = ss.ui_lang
    weights = current_weights()
    started = time.perf_counter()
    earlier = [turn.answer for turn in (ss.turns[:-1] if replace else ss.turns)]
    try:
        if allowed is not None and not allowed:
            answer = ChatAnswer(query=text, language=detect_language(text, default=lang), ui_language=lang,
                                matched=False, notices=[Notice(code=NoticeCode.FILTERS_NONE)],
                                profile=ss.profile or SituationProfile())
        else:
            # A profile the user edited is refined by the question's own words, or used as it is when the
            # last question is answered again with it (the re-answer button); otherwise each turn refines it.
            answer = engine.chat(text, conversation=Conversation(turns=earlier), ui_language=lang, weights=weights,
                                 networks=sorted(allowed) if allowed is not None else None,
                                 profile=ss.profile if ss.profile_edited else None, asked_again=replace)
    except Exception:  # noqa: BLE001 - the user gets a message and keeps the conversation
        log.exception("answering failed")
        ss.notice = ui("answer_failed", lang)
        return
    if index_updating:
        answer = while_index_updating(answer)
    turn = Turn(answer=answer, weights=weights, filtered=(len(allowed), total) if allowed is not None else None,
                seconds=time.perf_counter() - started)
    if replace and ss.turns:
        ss.turns[-1] = turn
    else:
        ss.turns.append(turn)
    ss.pop("offer_way_back", None)  # a new question: the chat's offer of the conversation set aside is done
    ss.show_turn = turn.id
    ss.profile = answer.profile
    ss.profile_edited = False
    profile_to_widgets(answer.profile)
    ss[tab_key(lang)] = ui("tab_chat", lang)
    recommended = recommended_network()
    if recommended:  # the Networks tab opens on the network the conversation is about
        ss.net_sel = recommended
    if any(n.code is NoticeCode.COMPARE_TAB for n in answer.notices):  # the tab the answer points to shows them
        ss.cmp_sel = answer.named[:COMPARE_MAX]
    elif answer.networks:  # a situation's two closest networks (s16 tester V22), room to add a third
        ss.cmp_sel = [match.network_id for match in answer.networks[:2]]


# --------------------------------------------------------------------------- sidebar


def render_sidebar(lang: str, options: FilterOptions, allowed: frozenset[str] | None, total: int) -> None:
    st.selectbox(ui("language_label", lang), UI_LANGUAGES, format_func=LANGUAGE_NAMES.get, key="ui_lang",
                 on_change=language_changed, help=ui("language_help", lang))

    st.subheader(ui("profile_title", lang))
    st.caption(ui("profile_help", lang))
    for facet, choices in SINGLE_OPTIONS.items():
        st.selectbox(ui(f"facet_{facet}", lang), [None, *choices], key=widget_key(PROFILE_WIDGETS[facet], lang),
                     on_change=widgets_to_profile,
                     format_func=lambda v: ui("not_stated", lang) if v is None else concept_label(v, lang),
                     placeholder=ui("not_stated", lang))
    for facet, choices in LIST_OPTIONS.items():
        key = widget_key(PROFILE_WIDGETS[facet], lang)
        opts = [*choices, *(c for c in (ss.get(key) or []) if c not in choices)]
        if facet == "challenges":
            st.pills(ui(f"facet_{facet}", lang), opts, selection_mode="multi", key=key,
                     on_change=widgets_to_profile, format_func=lambda v: concept_label(v, lang))
        else:
            # select_all=False here and below: Streamlit's "Select all" option is English only.
            st.multiselect(ui(f"facet_{facet}", lang), opts, key=key, on_change=widgets_to_profile,
                           format_func=lambda v: concept_label(v, lang), placeholder=ui("not_stated", lang),
                           select_all=False)
    shown = profile_values(ss.profile) if ss.profile else set()
    words = evidence_words(ss.profile, shown) if ss.profile else []
    if words:
        st.caption(md(ui("profile_evidence", lang, words=" · ".join(quoted(w, lang) for w in words))))

    with st.expander(ui("weights_title", lang)):
        st.caption(ui("weights_help", lang))
        for facet, default in DEFAULT_WEIGHTS.items():
            # A select slider: its labels are written as the page writes numbers ("1,00" in DE/TR).
            ss[f"w_{facet}"] = weight_step(float(ss.get(f"w_{facet}", default)))
            st.select_slider(ui(f"facet_{facet}", lang), WEIGHT_STEPS, key=f"w_{facet}",
                             format_func=lambda v: number(v, lang))
        st.button(ui("weights_reset", lang), on_click=reset_weights, key="weights_reset")

    raw = options.raw_labels(lang)
    active = any(ss.filters.get(facet) for facet in FACETS)
    with st.expander(ui("filters_title", lang), expanded=active):
        st.caption(ui("filters_help", lang))
        for facet in FACETS:
            st.multiselect(ui(f"filter_{facet}", lang), options.keys(facet), key=widget_key(f"f_{facet}", lang),
                           on_change=filters_changed, format_func=lambda k: option_label(k, lang, raw),
                           placeholder="–", select_all=False)
        n = total if allowed is None else len(allowed)
        if n == 0:
            st.warning(ui("filters_none", lang))
        else:
            st.caption(ui("filters_status", lang, n=n, total=total))
        if active:
            st.button(ui("filters_clear", lang), on_click=clear_filters, key="filters_clear")

    with st.expander(ui("examples_title", lang)):
        st.caption(ui("examples_help", lang))
        for i, example in enumerate(examples()):
            st.button(f"{ui(example.title, lang)} · {example.language.upper()}", key=f"example_side_{i}",
                      on_click=from_sidebar, args=(ask, example.text),
                      width="stretch", help=md(example.text))

    st.subheader(ui("tools_title", lang))
    answers = [turn.answer for turn in ss.turns]
    weights = [turn.weights for turn in ss.turns]
    disabled = not answers
    hint = ui("export_disabled", lang) if disabled else None
    st.download_button(ui("export_md", lang), conversation_markdown(answers, lang, weights=weights),
                       file_name=export_filename(lang, "md"), mime="text/markdown", key="export_md",
                       icon=":material/description:", disabled=disabled, help=hint, on_click="ignore",
                       width="stretch")
    st.download_button(ui("export_html", lang), conversation_html(answers, lang, weights=weights),
                       file_name=export_filename(lang, "html"), mime="text/html", key="export_html",
                       icon=":material/print:", disabled=disabled, help=hint, on_click="ignore",
                       width="stretch")
    st.download_button(ui("export_json", lang), conversation_json(answers),
                       file_name=export_filename(lang, "json"), mime="application/json", key="export_json",
                       icon=":material/save:", disabled=disabled, help=hint, on_click="ignore",
                       width="stretch")
    st.html(uploader_css(lang))
    # No type filter: Streamlit would refuse other files in English; load_saved_conversation
    # says in the interface's language what a file is and where a fact sheet goes.
    st.file_uploader(ui("conversation_open", lang), key="conversation_file",
                     on_change=open_saved_conversation, max_upload_size=MAX_SAVED_MB,
                     help=ui("conversation_open_help", lang, mb=MAX_SAVED_MB))
    st.button(ui("rerun_last", lang), key="rerun_last", on_click=from_sidebar, args=(ask_again,),
              disabled=disabled, icon=":material/refresh:", width="stretch")
    st.button(ui("new_conversation", lang), key="new_conversation",
              on_click=from_sidebar, args=(new_conversation,),
              icon=":material/add_comment:", width="stretch")
    if not ss.turns and ss.get("undo_conversation"):  # where the finger is that tapped it by mistake
        st.button(ui("conversation_restore", lang), key="conversation_restore", icon=":material/undo:",
                  on_click=from_sidebar, args=(restore_previous_conversation,), width="stretch")
    if ss.get("previous_conversation") is not None:
        way_back_button(lang, "conversation_back", width="stretch")


def way_back_button(lang: str, key: str, **kwargs: str) -> None:
    """Back to the conversation set aside when a saved one was opened, named by its first question."""
    previous: HeldConversation[Turn] = ss.previous_conversation
    title = conversation_title(previous.turns[0].answer.query) if previous.turns else ""
    st.button(md(ui("conversation_back", lang, title=title)), key=key, icon=":material/history:",
              on_click=from_sidebar, args=(back_to_conversation,), **kwargs)


# --------------------------------------------------------------------------- chat


def doc_link(source: str, start: int, end: int) -> str:
    """A Markdown link that opens the document at a passage (a new tab: the chat stays)."""
    return f"[{md(source)}](?doc={url_quote(source, safe='')}&at={start}-{end}&lang={ss.ui_lang})"


def source_link(quote: Quote, lang: str) -> str:
    return doc_link(quote.source, quote.start, quote.end)



def render_quote(quote: Quote, lang: str, question: str = "") -> None:
    head = f"**[{quote.number}]** {md(quote.network)} · {md(quote_place(quote, lang))}"
    text = quote.problem if quote.solution and quote.problem else quote.text
    if quote.earlier_turn:  # referred to, not repeated: by what that answer showed of it, where it answers now
        turns = ss.get("turns", [])
        shown_for = turns[quote.earlier_turn - 1].answer.read_question if quote.earlier_turn <= len(turns) else ""
        part = teaser(text, question, shown_for, whole=bool(quote.solution))
        short = ("… " if part.cut_before else "") + part.text + (" …" if part.end < len(text) else "")
        st.markdown(f"{head} — :gray[{ui('earlier_reference', lang, n=quote.earlier_turn)}]: {quoted(md(short), lang)}")
        return
    if len(text) > LONG_QUOTE and not quote.solution:
        # The sentences that answer the question, not always the passage's start (its
        # funding is said in the middle of Erfurt's German page).
        shown = excerpt(text, question, LONG_QUOTE)
        visible = ("… " if shown.cut_before else "") + shown.text + (" …" if shown.end < len(text) else "")
        st.markdown(f"{head}\n\n" + blockquote(visible))
        with st.expander(ui("quote_full", lang)):
            st.markdown(blockquote(text))
    else:
        body = f"{head}\n\n" + blockquote(text)
        if quote.solution:
            body += f"\n>\n> **{ui('solution', lang)}:** {md(quote.solution)}"
        st.markdown(body)
    st.caption(f"{source_link(quote, lang)} · {quote.language.upper()}")


def quoted(text: str, lang: str) -> str:
    """``text`` in the quotation marks of ``lang`` (s16 tester V1: „…“ were written in every language)."""
    return ui("summary_quoted_value", lang, value=text)


def same_words(a: str, b: str) -> bool:
    """Whether two texts differ at most in spacing and case (a value that is its whole quote)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def render_facts(quotes: list[Quote], lang: str) -> None:
    """Fact quotes, grouped by field, every source of a value listed; conflicts flagged."""
    by_field: dict[tuple[str, str], list[Quote]] = {}
    for quote in quotes:
        by_field.setdefault((quote.network_id, quote.fact or ""), []).append(quote)
    for (_, fact), group in by_field.items():
        label = issue_field(fact, lang)
        flag = f" · :orange[{ui('sources_disagree', lang)}]" if values_disagree(group) else ""
        st.markdown(f"**{md(short_name(group[0].network, group[0].location))} – {md(label)}**{flag}")
        for quote in group:
            value = fact_markdown(quote.fact, quote.value or quote.text)  # website/e-mail fields link
            said = "" if same_words(quote.value or quote.text, quote.text) else f" — {quoted(md(quote.text), lang)}"
            st.markdown(f"**[{quote.number}]** {value}{said}")
            st.caption(f"{source_link(quote, lang)} · {quote.language.upper()}")


def render_match(match: NetworkMatch, turn: Turn, lang: str) -> None:
    city = short_name(match.network, match.location)
    views = facet_views(match, lang, turn.weights)
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{md(city)}** — {ui('similarity', lang)} **{number(match.score, lang)}**")
        st.caption(md(match.network))
        st.progress(max(0.0, min(1.0, match.score)))
        with st.container(horizontal=True, gap="small"):
            for view in views:
                color = "blue" if view.facet == "text" and not view.off else BADGE_COLORS.get(view.mark, "gray")
                values = f"{ui('your_value', lang)}: {md(view.user)} · {ui('network_value', lang)}: {md(view.network)}"
                detail = ui("text_similarity_note", lang) if view.facet == "text" else values
                st.badge(md(view.short), color=color, help=detail)
        with st.expander(ui("why_network", lang, city=md(city))):
            for view in views:
                weight = ui("facet_off", lang) if view.off else ui("facet_weight", lang, weight=f"{view.weight:g}")
                if view.facet == "text":
                    st.markdown(f"**{view.label}** {number(view.similarity, lang)} · {weight}  \n"
                                f":gray[{ui('text_similarity_note', lang)}]")
                    continue
                shown = (ui("not_in_sheet", lang) if view.mark is Mark.UNKNOWN
                         else f"{glyph(view.mark)} {number(view.similarity, lang)}")
                values = f"{ui('your_value', lang)}: {md(view.user)} · {ui('network_value', lang)}: {md(view.network)}"
                st.markdown(f"**{view.label}** {shown} · {weight}  \n{values}")
                if view.quote:
                    st.markdown(blockquote(view.quote))
                    st.caption(md(view.source or ""))
            st.button(ui("open_profile", lang), key=f"open_{turn.id}_{match.network_id}",
                      on_click=open_network, args=(match.network_id,), icon=":material/open_in_new:")


def render_chips(answer: ChatAnswer, lang: str) -> None:
    chips = profile_chips(answer.profile, lang)
    head = f"**{ui('profile_line', lang)}:** "
    if not chips:
        st.caption(head + ui("profile_empty", lang))
        return
    st.caption(head + md(" · ".join(chips[:MAX_CHIPS])))
    if len(chips) > MAX_CHIPS:
        with st.popover(ui("chips_more", lang, n=len(chips) - MAX_CHIPS)):
            st.markdown(md(" · ".join(chips[MAX_CHIPS:])))


def render_unmatched(turn: Turn, last: bool, lang: str) -> None:
    if turn.filtered and turn.filtered[0] == 0:
        return  # the filters exclude every network: the message says so, rephrasing would not help
    if any(n.code is NoticeCode.INDEX_UPDATING_NONE for n in turn.answer.notices):
        if last:  # the question may be about a sheet being indexed: answered again, not rephrased
            st.button(ui("ask_again", lang), key=f"ask_again_{turn.id}", on_click=ask_again, icon=":material/refresh:")
        return
    if any(n.code is NoticeCode.FILTERED_OUT for n in turn.answer.notices):
        if last:  # the filters exclude the network it is about: asked again without them, not rephrased
            st.button(ui("filters_clear_ask_again", lang), key=f"filters_clear_ask_again_{turn.id}",
                      on_click=clear_filters_and_ask_again, icon=":material/filter_alt_off:")
        return
    st.markdown(ui("rephrase_hint", lang))
    if last:
        with st.container(horizontal=True):
            for i, example in enumerate(examples()):
                st.button(ui(example.title, lang), key=f"example_retry_{turn.id}_{i}",
                          on_click=ask, args=(example.text,))


def render_networks(turn: Turn, lang: str) -> None:
    """For a described situation: the recognised profile and the closest networks."""
    answer = turn.answer
    render_chips(answer, lang)
    if answer.networks and answer.networks_repeated:
        names = ", ".join(f"{short_name(m.network, m.location)} ({number(m.score, lang)})" for m in answer.networks)
        st.caption(md(ui("networks_unchanged", lang, networks=names)))
    elif answer.networks:
        st.markdown(f"#### {ui('closest_networks', lang)}")
        shown = answer.networks[:3]
        for column, match in zip(st.columns(len(shown)), shown, strict=True):
            with column:
                render_match(match, turn, lang)


def render_situation(turn: Turn, last: bool, lang: str) -> None:
    """For a described situation: what worked and what went wrong in the closest networks."""
    answer = turn.answer
    for part, icon in ((Part.SUCCESS_FACTORS, ":material/verified:"), (Part.LESSONS, ":material/report:"),
                       (Part.TRANSFERABILITY, ":material/moving:")):
        quotes = answer.part(part)
        if quotes:
            with st.expander(f"**{ui(f'part_{part.value}', lang)}** ({len(quotes)})", expanded=last, icon=icon):
                for quote in quotes:
                    render_quote(quote, lang, answer.read_question)


def render_quotes(turn: Turn, last: bool, lang: str) -> None:
    """The numbered quotes in number order (an overview's description [1] before the
    network's facts), with a described situation's closest networks before the answer."""
    answer = turn.answer
    facts = answer.part(Part.FACTS)
    direct = answer.part(Part.DIRECT)
    lead = [q for q in direct if facts and q.number < facts[0].number]
    for quote in lead:
        render_quote(quote, lang, answer.read_question)
    if facts:
        render_facts(facts, lang)
    if answer.situation:  # a described situation: the closest networks first
        render_networks(turn, lang)
    for quote in direct[len(lead):]:
        render_quote(quote, lang, answer.read_question)
    if answer.situation:
        render_situation(turn, last, lang)


def render_turn(turn: Turn, last: bool, lang: str) -> None:
    answer = turn.answer
    with st.chat_message("user"):
        st.markdown(md(answer.query))
    with st.chat_message("assistant"):
        message = message_text(answer.notices, lang)  # in the interface's language now
        if message:
            st.info(md(message))
        if last:
            offer_answer_language(turn, lang)
        if not answer.matched:
            render_unmatched(turn, last, lang)
            render_feedback(turn, lang)
            return
        # The short answer in the interface's language now (its quotes stay verbatim).
        summary = summary_in(answer, lang, turn.weights)
        if summary is None and answer.summary:  # saved before the summary could be said again: it stays as given
            names = LANGUAGE_NAMES_IN.get(lang, LANGUAGE_NAMES_IN["en"])
            st.caption(ui("answer_other_language", lang, language=names.get(answer.ui_language, answer.ui_language)))
            summary = answer.summary
        if summary:
            st.success(f"**{ui('summary_title', lang)}:** {md(summary)}")
        if turn.filtered:
            n, total = turn.filtered
            st.caption(ui("answer_filtered", lang, n=n, total=total))
        render_quotes(turn, last, lang)
        if answer.answer:  # an answer told by its notice alone ("describe your town first", T13b) quotes nothing
            st.caption(ui("quote_original", lang))
        # Offered in the interface's language now, whatever it was when the answer came.
        asked = [done.answer.query for done in ss.turns]
        follow_ups = [follow_up_text(f, lang) for f in offered_follow_ups(answer.follow_ups, asked)] if last else []
        if follow_ups:
            st.markdown(f"**{ui('follow_ups', lang)}**")
            with st.container(horizontal=True, gap="small"):
                for j, question in enumerate(follow_ups):
                    st.button(md(question), key=f"follow_{turn.id}_{j}", on_click=ask, args=(question,),
                              icon=":material/arrow_forward:")
        render_feedback(turn, lang)


def offer_answer_language(turn: Turn, lang: str) -> None:
    """A question clearly in another language than the interface's is answered in the
    interface's (only the first question switches it): offer, in the question's language,
    to go on in that language (the answers are then said again in it). Only where the question
    was in another language than the interface it was answered in: after a switch in the
    sidebar, an answer in the language left behind ("Dortmund vs Erfurt", which has none, or a
    question in it) offers no way back (s14 tester T6)."""
    asked = turn.answer.language
    if asked in UI_LANGUAGES and asked not in (lang, turn.answer.ui_language):
        st.button(ui("continue_in_language", asked), key=f"continue_in_{turn.id}", on_click=switch_language,
                  args=(asked,), icon=":material/translate:", help=ui("continue_in_language_help", asked))


def switch_language(lang: str) -> None:
    """The interface language chosen by a button rather than the sidebar's selectbox."""
    ss.ui_lang = lang
    language_changed()


def render_feedback(turn: Turn, lang: str) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(ui("feedback_prompt", lang))
        st.feedback("thumbs", key=f"fb_{turn.id}", on_change=record_feedback, args=(turn.id,),
                    default=ss.feedback_given.get(turn.id))
        if turn.id in ss.feedback_given:
            st.caption(ui("feedback_thanks", lang))
        if turn.seconds:
            st.caption(ui("answer_time", lang, seconds=number(turn.seconds, lang)))


def scroll_to_top_once(view: str) -> None:
    """Open ``view`` at its top the first time it is shown after another view: Streamlit keeps
    the page pinned to its bottom, where the chat box is, so a tab or the welcome page would
    otherwise open at its end (on a phone without the title)."""
    if ss.get("view_shown") != view:
        ss.view_shown = view
        st.html(held_view(TO_TOP, view), unsafe_allow_javascript=True)


def render_welcome(lang: str, allowed: frozenset[str] | None, total: int) -> None:
    scroll_to_top_once("welcome")
    st.markdown(f"### {ui('welcome_title', lang)}")
    st.markdown(ui("welcome_text", lang))
    if allowed is not None:  # filters kept by "New conversation", the sidebar closed on a phone (s19 tester F5)
        st.info(ui("filters_active", lang, n=len(allowed), total=total))
        st.button(ui("filters_clear", lang), on_click=clear_filters, key="filters_clear_welcome",
                  icon=":material/filter_alt_off:")
    st.markdown(f"**{ui('examples_title', lang)}**")
    columns = st.columns(len(examples()))
    for i, (column, example) in enumerate(zip(columns, examples(), strict=True)):
        with column, st.container(border=True):
            st.markdown(f"**{ui(example.title, lang)}**")
            st.badge(LANGUAGE_NAMES[example.language], color="gray")
            st.caption(md(example.text))
            st.button(ui("example_ask", lang), key=f"example_main_{i}", on_click=ask, args=(example.text,),
                      icon=":material/send:")


def show_new_turn() -> None:
    """Bring the question just answered to the top of the screen, its answer below it, and
    hold it there (assistant.views.scroll): Streamlit's chat page follows the page's end, so
    on a phone the view would otherwise land at the end of a long answer (or, after a view
    was held at its top, screens above it)."""
    turn_id = ss.pop("show_turn", None)
    if turn_id is None:
        return
    position = next((i for i, turn in enumerate(ss.turns) if turn.id == turn_id), None)
    if position is None:
        return
    # A new tag each time: the same turn is held again after a language change (language_changed).
    st.html(held_view(show_message(2 * position), f"{turn_id} {uuid.uuid4().hex}"), unsafe_allow_javascript=True)


def show_conversation_end() -> None:
    """Hold a conversation just opened or brought back at its end (show_conversation)."""
    if tag := ss.pop("show_end", None):
        st.html(held_view(TO_END, tag), unsafe_allow_javascript=True)


def render_chat(lang: str, allowed: frozenset[str] | None, total: int) -> None:
    if not ss.turns and ss.get("undo_conversation"):
        st.info(ui("conversation_cleared", lang))  # the sidebar offers to restore the previous one
    if not ss.turns:
        render_welcome(lang, allowed, total)
    for i, turn in enumerate(ss.turns):
        render_turn(turn, i == len(ss.turns) - 1, lang)
    show_new_turn()
    notice = ss.pop("notice", None)
    if notice:
        st.warning(md(notice))
    ok = ss.pop("notice_ok", None)
    if ok:
        st.success(md(ok))
    # Said until a new question or the way back, relabelled by a language switch meanwhile (s19 browser
    # tester F10: popped on its first showing, a switch took it away); the sidebar's way back stays anyway.
    if ss.get("offer_way_back", False) and ss.get("previous_conversation") is not None:
        previous: HeldConversation[Turn] = ss.previous_conversation  # just set aside: said where it is
        st.info(md(nt("conversation_set_aside", lang, len(previous.turns))))
        way_back_button(lang, "conversation_back_chat")
    show_conversation_end()


# --------------------------------------------------------------------------- a document


def render_document(engine: Engine, source: str, at: str, lang: str) -> None:
    """The decoded document, the quoted passage highlighted (opened from a citation)."""
    known = {d.source: n for n in engine.index.networks for d in n.documents}
    st.markdown(f"## :material/description: {md(source)}")
    if source not in known:
        st.warning(ui("document_unknown", lang))
        return
    st.caption(md(f"{known[source].name} · {known[source].location}"))
    try:
        text = read_source_text(engine.settings.corpus, source)
    except (OSError, ValueError):
        st.warning(ui("document_unreadable", lang))
        return
    try:
        start, end = (int(x) for x in at.split("-", 1))
    except ValueError:
        start = end = 0
    if not 0 <= start < end <= len(text):
        start = end = 0
    before, passage, after = text[:start], text[start:end], text[end:]
    html = (f'<div style="white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .85rem;">'
            f"{escape(before)}<mark id=\"quote\" style=\"background:#fde68a;padding:0 .1rem\">{escape(passage)}</mark>"
            f"{escape(after)}</div>")
    if passage:
        st.info(ui("document_passage", lang))
    st.html(html)
    if passage:
        st.html('<script>document.getElementById("quote")?.scrollIntoView({block:"center"})</script>',
                unsafe_allow_javascript=True)


# --------------------------------------------------------------------------- networks and comparison


def network_label(network: Network) -> str:
    city = short_name(network.name, str(network.location))
    return city if city == network.name else f"{city} – {network.name}"


def recommended_network() -> str | None:
    """The network the conversation is most about: the newest answer's closest or named network. An
    answer with neither (one line per network: "Kontakt?", "Wer koordiniert?") leaves it where an
    earlier answer put it (s16 tester V13: the tab moved to the first network such a list names); with
    none in the conversation, the last answer's first quoted network."""
    for turn in reversed(ss.turns):
        answer = turn.answer
        if answer.networks:
            return answer.networks[0].network_id
        if answer.named:
            return answer.named[0]
    return next((turn.answer.answer[0].network_id for turn in reversed(ss.turns) if turn.answer.answer), None)


def sections_to_show(network: Network, lang: str) -> list[NetworkSection]:
    """One version of each sheet section (the UI language's where a translation exists,
    else the original), then the sections of free-text pages, which are no translation."""
    free = {d.source for d in network.documents if d.kind != "sheet"}
    chosen: dict[SectionKind, NetworkSection] = {}
    extra: list[NetworkSection] = []
    for section in network.sections:
        if section.source in free:
            extra.append(section)
            continue
        current = chosen.get(section.kind)
        if current is None or (section.language == lang and current.language != lang):
            chosen[section.kind] = section
    return [*chosen.values(), *extra]


def render_network_head(network: Network, lang: str) -> None:
    st.subheader(md(network.name))
    founding = network.facts.get(FactField.FOUNDING_YEAR)
    if founding and founding.conflict:
        years = " / ".join(dict.fromkeys(c.value for c in founding.claims))
        founded = f"{ui('founded', lang, year=years)} ({ui('sources_disagree', lang)})"
    elif network.founding_year:
        founded = ui("founded", lang, year=network.founding_year)
    else:
        founded = ui("founding_unknown", lang)
    st.caption(md(f"{network.location} · {founded} · {ui('languages', lang)}: "
                  + ", ".join(code.upper() for code in network.languages)))


def render_quality(network: Network, lang: str) -> None:
    """The reader's data-quality notes, collapsed below the facts (s16 tester V14: a PDF-extraction
    note a workshop cannot act on was the first thing under the name, a phone's first screen)."""
    if not network.quality:
        st.caption(ui("no_quality_issues", lang))
        return
    with st.expander(ui("data_quality_count", lang, n=len(network.quality)), icon=":material/flag:"):
        for issue in network.quality:
            shown = md(quality_line(issue, lang))
            if issue.span:
                shown += f" — {doc_link(issue.span.source, issue.span.start, issue.span.end)}"
            st.warning(shown, icon=":material/flag:")


def render_fact_list(network: Network, lang: str) -> None:
    """Every general fact with each source that states it, linked to the passage; of a
    sheet and its translations only the version shown (free-text pages are sources of their own)."""
    st.markdown(f"**{ui('facts_title', lang)}**")
    shown_sources = {s.source for s in sections_to_show(network, lang)}
    rows = fact_rows(network, lang)
    keep = {r.source for r in rows if r.source in shown_sources} or {r.source for r in rows}
    by_field: dict[str, list[FactRow]] = {}
    for row in rows:
        if row.source in keep:
            by_field.setdefault(row.field, []).append(row)
    lines = []
    for name, field_rows in by_field.items():
        flag = f" :orange[{field_rows[0].flag}]" if field_rows[0].flag else ""
        lines.append(f"- **{md(name)}**{flag}")
        lines += [f"    - {fact_markdown(r.fact, r.value)} — {doc_link(r.source, r.start, r.end)} · {r.language}"
                  for r in field_rows]
    st.markdown("\n".join(lines))


def render_network(engine: Engine, lang: str) -> None:
    networks = {n.id: n for n in engine.index.networks}
    if ss.get("net_sel") not in networks:
        recommended = recommended_network()
        ss.net_sel = recommended if recommended in networks else next(iter(networks))
    if ss.pop("scroll_top", False):  # opened from a long chat: start at the top, at the selector
        st.html(held_view(TO_TOP, f"profile {ss.net_sel}"), unsafe_allow_javascript=True)
    st.selectbox(ui("networks_pick", lang), list(networks), key="net_sel",
                 format_func=lambda i: network_label(networks[i]))
    network = networks[ss.net_sel]
    render_network_head(network, lang)
    render_fact_list(network, lang)
    render_quality(network, lang)

    st.markdown(f"**{ui('sections_title', lang)}**")
    for section in sections_to_show(network, lang):
        if section.kind is SectionKind.GENERAL:
            continue
        count = nt("items_count", lang, len(section.items))
        label = f"{section_name(section.kind, lang)} — {section.source} · {section.language.upper()} · {count}"
        with st.expander(md(label)):
            st.markdown("\n".join(f"- {md(item.text)} {doc_link(item.span.source, item.span.start, item.span.end)}"
                                   for item in section.items))

    st.markdown(f"**{ui('documents', lang)}**")
    st.markdown("\n".join(
        f"- {md(d.source)} · {d.language.upper()} · "
        f"{document_kind(d.kind, lang)}"
        + (f" · {md(d.title)}" if d.title else "")
        for d in network.documents
    ))


def render_compare(engine: Engine, lang: str) -> None:
    networks = {n.id: n for n in engine.index.networks}
    if "cmp_sel" not in ss or any(i not in networks for i in ss.cmp_sel):
        ss.cmp_sel = list(networks)[:2]  # room to add a third without removing one
    st.multiselect(ui("compare_pick", lang), list(networks), key="cmp_sel", max_selections=COMPARE_MAX,
                   format_func=lambda i: network_label(networks[i]), placeholder="–", select_all=False)
    chosen = [networks[i] for i in ss.cmp_sel]
    if len(chosen) < 2:
        st.info(ui("compare_hint", lang))
        return
    widths = [1.5] + [3] * len(chosen)
    header = st.columns(widths)
    for column, network in zip(header[1:], chosen, strict=True):
        column.markdown(f"**{md(short_name(network.name, str(network.location)))}**  \n:gray[{md(network.name)}]")
    for row in comparison_rows(chosen, lang):
        st.divider()
        columns = st.columns(widths)
        columns[0].markdown(f"**{row.label}**")
        for column, items, network in zip(columns[1:], row.cells, chosen, strict=True):
            # Each cell names its network: on a phone the columns stack under each other.
            column.markdown(f":gray[{md(short_name(network.name, str(network.location)))}]")
            if not items:
                column.caption(ui("compare_empty", lang))
                continue
            sources = list(dict.fromkeys(item.source for item in items if item.source))
            flags = list(dict.fromkeys(item.flag for item in items if item.flag))
            if len(sources) > 1:  # each value with its own sources (e.g. conflicting founding years)
                column.markdown("\n".join(f"- {md(item.text)} :gray[({md(item.source)})]" for item in items))
                if flags:
                    column.caption(md(" · ".join(flags)))
                continue
            if len(items) == 1:
                column.markdown(md(items[0].text))
            else:
                column.markdown("\n".join(f"- {md(item.text)}" for item in items))
            column.caption(md(" · ".join([*sources, *flags])))


# --------------------------------------------------------------------------- the page


def main() -> None:
    STARTING.empty()  # the first run's loading line (_starting_placeholder)
    st.html(APP_CSS)
    init_state()
    follow_other_windows()
    lang_before = ss.ui_lang
    seed_language_widgets(lang_before)
    document = st.query_params.get("doc")
    # The chat input comes before the engine: it can be typed into while the model loads.
    prompt = None if document else st.chat_input(ui("chat_placeholder", ss.ui_lang), key="chat_input")
    if prompt is not None:
        # Kept before anything else can yield: a question typed while the last one is still being
        # answered stops that run, and the chat box gives each text to one run only (s17 tester W27:
        # "Finanzierung?" sent 150 ms before "Kontakt?" was lost without a word).
        ss.typed_questions = [*ss.get("typed_questions", []), prompt if isinstance(prompt, str)
                              else getattr(prompt, "text", "")]
    engine, version = get_engine(ss.ui_lang)
    if document:
        lang = st.query_params.get("lang", ss.ui_lang)
        lang = lang if lang in UI_LANGUAGES else "en"
        st.html(streamlit_words_script(lang, (COMPARE_MAX,)), unsafe_allow_javascript=True)  # s14 tester T11
        render_document(engine, document, st.query_params.get("at", ""), lang)
        return
    index_dir = str(engine.settings.index)
    options = cached_filter_options(version, index_dir, engine)
    total = len(engine.index.networks)
    for facet in FACETS:  # drop selections a rebuilt index no longer offers
        valid = set(options.keys(facet))
        if any(key not in valid for key in ss.filters.get(facet) or ()):
            ss.filters[facet] = [key for key in ss.filters[facet] if key in valid]
            ss.pop(widget_key(f"f_{facet}", ss.ui_lang), None)
    selection = filter_selection()
    allowed = cached_allowed(version, index_dir, selection, engine) if any(selection) else None

    refresh = corpus_refresh(engine, version)
    shown_before = ss.get("show_turn")
    answered = False
    # The questions not answered yet, in the order they were asked: typed ones first (a button offered
    # under an answer is clicked after its question was sent), each taken off only once it is answered,
    # so a run stopped by the next question loses none.
    # Answered from the index there is, saying so while a new one is built.
    while (queued := next_question()) is not None:
        question, typed = queued
        handle_question(engine, question, allowed, total, index_updating=refresh is not None and not refresh.ready,
                        typed=typed)
        answered_question(typed)
        answered = True
    if answered and refresh is None and ss.get("show_turn") != shown_before:
        refresh = recheck_after_nothing_found(engine, version, ss.turns[-1])
    lang = ss.ui_lang
    if lang != lang_before:  # the first question chose the language: the page again in it, the chat box
        st.rerun()  # too (drawn above in the language before: s8 tester Y16); its widgets are seeded at the top
    follow_corpus(engine, version, refresh, lang)
    st.html(streamlit_words_script(lang, (COMPARE_MAX,)), unsafe_allow_javascript=True)
    close_sidebar_after_choice()

    with st.sidebar:
        render_sidebar(lang, options, allowed, total)

    st.markdown(f"## :material/explore: {ui('app_title', lang)}")
    st.caption(ui("app_tagline", lang))
    chat_tab, networks_tab, compare_tab = st.tabs(tab_labels(lang), key=tab_key(lang), on_change="rerun")
    if chat_tab.open is not False:
        with chat_tab:
            if ss.turns:
                ss.view_shown = "chat"  # back in the chat, the newest answer (at the bottom) is what counts
            render_chat(lang, allowed, total)
    if networks_tab.open:
        with networks_tab:
            scroll_to_top_once("networks")
            render_network(engine, lang)
    if compare_tab.open:
        with compare_tab:
            scroll_to_top_once("compare")
            render_compare(engine, lang)
    persist_session()


main()
