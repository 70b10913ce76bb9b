"""Netzwerk-Kompass chat UI: a thin Streamlit shell over ``assistant/``.

    streamlit run streamlit_app.py        (KOMPASS_INDEX / KOMPASS_CORPUS / KOMPASS_FEEDBACK to relocate)

Everything that thinks lives in the library: profile extraction and similarity
(``assistant.recommend``), filters (``assistant.filters``), texts and views
(``assistant.ui_text``, ``assistant.export``), feedback (``assistant.feedback``).
Text from sheets and users only ever reaches Markdown through ``escape_markdown``.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from pathlib import Path

import streamlit as st

from assistant.concepts import concepts_of_kind
from assistant.export import (
    blockquote,
    citation,
    comparison_rows,
    conversation_html,
    conversation_markdown,
    export_filename,
    facet_views,
    fact_rows,
    profile_chips,
    section_name,
    short_name,
)
from assistant.export import escape_markdown as md
from assistant.feedback import FeedbackRecord, append_feedback
from assistant.filters import FACETS, FilterOptions, allowed_networks, filter_options, option_label
from assistant.i18n import LANGUAGE_NAMES, UI_LANGUAGES, t
from assistant.index import manifest_path
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.language import detect_language
from assistant.models import Network, SectionKind
from assistant.profile import CHALLENGES, COORDINATIONS, FORMALISATIONS, SIZES, SituationProfile, concept_label
from assistant.recommend import DEFAULT_WEIGHTS, Advice, Engine, NetworkMatch, Result, load_engine
from assistant.settings import Settings
from assistant.ui_text import EXAMPLES, quality_reason, ui

ss = st.session_state

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
BADGE_COLORS = {"✓": "green", "≈": "orange", "✗": "red", "⊘": "gray"}


# --------------------------------------------------------------------------- engine (once per process and index)


def manifest_version(index_dir: Path) -> str:
    """sha256 of the index manifest ("" when there is no index): changes with every rebuild."""
    try:
        return hashlib.sha256(manifest_path(index_dir).read_bytes()).hexdigest()
    except OSError:
        return ""


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_engine(manifest_version: str, index_dir: str, corpus_dir: str, model: str) -> Engine:
    engine = load_engine(Settings(index=Path(index_dir), corpus=Path(corpus_dir), model=model))
    engine.retrieve("Integration")  # warm the encoder up, so the first answer is fast
    _ = engine.network_profiles
    return engine


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_filter_options(manifest_version: str, index_dir: str, _engine: Engine) -> FilterOptions:
    return filter_options(_engine.index.networks)


@st.cache_resource(show_spinner=False, max_entries=256)
def cached_allowed(manifest_version: str, index_dir: str, selection: tuple[tuple[str, ...], ...],
                   _engine: Engine) -> frozenset[str]:
    return frozenset(allowed_networks(_engine.index.networks, *selection))


def build_index_visibly(settings: Settings, lang: str) -> None:
    """First start without an index: build it with a visible progress bar."""
    with st.status(ui("index_building", lang), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(stage: str, done: int, total: int) -> None:
            key = f"index_stage_{stage}" if stage in ("parse", "embed", "write") else "index_stage_other"
            bar.progress(min(1.0, done / total) if total else 0.0,
                         text=ui(key, lang, stage=stage, done=done, total=total))

        load_engine(settings, progress=progress, notify=lambda message: None)
        status.update(label=ui("index_ready", lang), state="complete", expanded=False)


def get_engine(lang: str) -> tuple[Engine, str]:
    settings = Settings()
    version = manifest_version(settings.index)
    try:
        if not version:
            build_index_visibly(settings, lang)
            version = manifest_version(settings.index)
        with st.spinner(ui("loading_engine", lang)):
            engine = cached_engine(version, str(settings.index), str(settings.corpus), settings.model)
    except Exception as exc:  # noqa: BLE001 - shown to the user, the app cannot work without it
        st.error(ui("index_failed", lang, error=md(str(exc))))
        st.stop()
    return engine, version


# --------------------------------------------------------------------------- session state


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
    ss.session_id = uuid.uuid4().hex
    ss.lang_locked = False
    ss.ui_lang = initial_language()
    ss.feedback_given = {}
    reset_weights()
    for facet in FACETS:
        ss[f"f_{facet}"] = []
    profile_to_widgets(SituationProfile())


def profile_to_widgets(profile: SituationProfile) -> None:
    for facet, key in PROFILE_WIDGETS.items():
        value = getattr(profile, facet)
        ss[key] = list(value) if isinstance(value, list) else value


def widgets_to_profile() -> None:
    """on_change of the profile widgets: the user's edits become the conversation's profile."""
    old = ss.profile or SituationProfile()
    values = {facet: (list(ss.get(key) or []) if facet in LIST_OPTIONS else ss.get(key))
              for facet, key in PROFILE_WIDGETS.items()}
    edited = SituationProfile(**values)
    kept = profile_values(edited)
    ss.profile = edited.model_copy(update={"evidence": {k: w for k, w in old.evidence.items() if k in kept}})


def profile_values(profile: SituationProfile) -> set[str]:
    """Every concept or challenge id the profile holds."""
    values = {getattr(profile, facet) for facet in SINGLE_OPTIONS} - {None}
    return values | {v for facet in LIST_OPTIONS for v in getattr(profile, facet)}


def current_weights() -> dict[str, float]:
    return {facet: float(ss.get(f"w_{facet}", default)) for facet, default in DEFAULT_WEIGHTS.items()}


def reset_weights() -> None:
    for facet, weight in DEFAULT_WEIGHTS.items():
        ss[f"w_{facet}"] = float(weight)


def clear_filters() -> None:
    for facet in FACETS:
        ss[f"f_{facet}"] = []


def filter_selection() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(ss.get(f"f_{facet}") or ()) for facet in FACETS)


def tab_key(lang: str) -> str:
    return f"main_tab_{lang}"


# --------------------------------------------------------------------------- callbacks


def ask(text: str) -> None:
    ss.pending_question = text


def ask_again() -> None:
    if ss.turns:
        ss.pending_question = ss.turns[-1]["advice"].query
        ss.replace_last = True


def language_changed() -> None:
    ss.lang_locked = True


def new_conversation() -> None:
    ss.turns = []
    ss.profile = None
    profile_to_widgets(SituationProfile())


def open_network(network_id: str) -> None:
    ss.net_sel = network_id
    ss[tab_key(ss.ui_lang)] = ui("tab_networks", ss.ui_lang)


def record_feedback(turn_id: str) -> None:
    value = ss.get(f"fb_{turn_id}")
    turn = next((t_ for t_ in ss.turns if t_["id"] == turn_id), None)
    if value is None or turn is None:
        return
    record = FeedbackRecord.from_advice(turn["advice"], int(value), ui_language=ss.ui_lang,
                                        session_id=ss.session_id, turn_id=turn_id)
    try:
        append_feedback(Settings().feedback, record)
    except OSError as exc:
        ss.notice = ui("feedback_failed", ss.ui_lang, error=str(exc))
        return
    ss.feedback_given[turn_id] = int(value)


# --------------------------------------------------------------------------- a question


def handle_question(engine: Engine, text: str, allowed: frozenset[str] | None, total: int) -> None:
    replace = ss.pop("replace_last", False)
    if not text.strip():
        ss.notice = t("empty_question", ss.ui_lang)
        return
    if not ss.turns and not ss.lang_locked:
        detected = detect_language(text, default=ss.ui_lang)
        if detected in UI_LANGUAGES:
            ss.ui_lang = detected
    lang = ss.ui_lang
    weights = current_weights()
    started = time.perf_counter()
    if allowed is not None and not allowed:
        advice = Advice(query=text, language=detect_language(text, default=lang), matched=False,
                        message=ui("filters_none", lang), profile=ss.profile or SituationProfile(),
                        networks=[], success_factors=[], lessons=[], transferability=[], follow_ups=[])
    else:
        # A re-asked question keeps the user's edited profile as it is.
        advice = engine.advise(text, profile=ss.profile, weights=weights, ui_language=lang, refine=not replace,
                               networks=sorted(allowed) if allowed is not None else None)
    turn = {
        "id": uuid.uuid4().hex,
        "advice": advice,
        "weights": weights,
        "filtered": (len(allowed), total) if allowed is not None else None,
        "seconds": time.perf_counter() - started,
    }
    if replace and ss.turns:
        ss.turns[-1] = turn
    else:
        ss.turns.append(turn)
    ss.profile = advice.profile
    profile_to_widgets(advice.profile)
    ss[tab_key(lang)] = ui("tab_chat", lang)


# --------------------------------------------------------------------------- sidebar


def render_sidebar(lang: str, options: FilterOptions, allowed: frozenset[str] | None, total: int) -> None:
    st.selectbox(ui("language_label", lang), UI_LANGUAGES, format_func=LANGUAGE_NAMES.get, key="ui_lang",
                 on_change=language_changed, help=ui("language_help", lang))

    st.subheader(ui("profile_title", lang))
    st.caption(ui("profile_help", lang))
    for facet, choices in SINGLE_OPTIONS.items():
        current = ss.get(PROFILE_WIDGETS[facet])
        opts = [None, *choices, *([current] if current and current not in choices else [])]
        st.selectbox(ui(f"facet_{facet}", lang), opts, key=PROFILE_WIDGETS[facet], on_change=widgets_to_profile,
                     format_func=lambda v: ui("not_stated", lang) if v is None else concept_label(v, lang),
                     placeholder=ui("not_stated", lang))
    for facet, choices in LIST_OPTIONS.items():
        current = ss.get(PROFILE_WIDGETS[facet]) or []
        opts = [*choices, *(c for c in current if c not in choices)]
        if facet == "challenges":
            st.pills(ui(f"facet_{facet}", lang), opts, selection_mode="multi", key=PROFILE_WIDGETS[facet],
                     on_change=widgets_to_profile, format_func=lambda v: concept_label(v, lang))
        else:
            st.multiselect(ui(f"facet_{facet}", lang), opts, key=PROFILE_WIDGETS[facet],
                           on_change=widgets_to_profile, format_func=lambda v: concept_label(v, lang),
                           placeholder=ui("not_stated", lang))
    shown = profile_values(ss.profile) if ss.profile else set()
    words = sorted({w for key, ws in (ss.profile.evidence.items() if ss.profile else ()) if key in shown for w in ws})
    if words:
        st.caption(md(ui("profile_evidence", lang, words=" · ".join(f"„{w}“" for w in words))))

    with st.expander(ui("weights_title", lang)):
        st.caption(ui("weights_help", lang))
        for facet in DEFAULT_WEIGHTS:
            st.slider(ui(f"facet_{facet}", lang), 0.0, 2.0, step=0.25, key=f"w_{facet}")
        st.button(ui("weights_reset", lang), on_click=reset_weights, key="weights_reset")

    raw = options.raw_labels()
    active = any(ss.get(f"f_{facet}") for facet in FACETS)
    with st.expander(ui("filters_title", lang), expanded=active):
        st.caption(ui("filters_help", lang))
        for facet in FACETS:
            st.multiselect(ui(f"filter_{facet}", lang), options.keys(facet), key=f"f_{facet}",
                           format_func=lambda k: option_label(k, lang, raw), placeholder="–")
        n = total if allowed is None else len(allowed)
        if n == 0:
            st.warning(ui("filters_none", lang))
        else:
            st.caption(ui("filters_status", lang, n=n, total=total))
        if active:
            st.button(ui("filters_clear", lang), on_click=clear_filters, key="filters_clear")

    with st.expander(ui("examples_title", lang)):
        st.caption(ui("examples_help", lang))
        for i, example in enumerate(EXAMPLES):
            st.button(f"{ui(example['key'], lang)} · {example['lang'].upper()}", key=f"example_side_{i}",
                      on_click=ask, args=(example["text"],),
                      width="stretch", help=md(example["text"]))

    st.subheader(ui("tools_title", lang))
    advices = [turn["advice"] for turn in ss.turns]
    weights = [turn["weights"] for turn in ss.turns]
    disabled = not advices
    hint = ui("export_disabled", lang) if disabled else None
    st.download_button(ui("export_md", lang), conversation_markdown(advices, lang, weights=weights),
                       file_name=export_filename(lang, "md"), mime="text/markdown", key="export_md",
                       icon=":material/description:", disabled=disabled, help=hint, on_click="ignore",
                       width="stretch")
    st.download_button(ui("export_html", lang), conversation_html(advices, lang, weights=weights),
                       file_name=export_filename(lang, "html"), mime="text/html", key="export_html",
                       icon=":material/print:", disabled=disabled, help=hint, on_click="ignore",
                       width="stretch")
    st.button(ui("rerun_last", lang), key="rerun_last", on_click=ask_again, disabled=disabled,
              icon=":material/refresh:", width="stretch")
    st.button(ui("new_conversation", lang), key="new_conversation", on_click=new_conversation,
              icon=":material/add_comment:", width="stretch")


# --------------------------------------------------------------------------- chat


def render_quote(result: Result, lang: str, text: str | None = None, solution: str | None = None) -> None:
    body = blockquote(text if text is not None else result.text)
    if solution:
        body += f"\n>\n> **{ui('solution', lang)}:** {md(solution)}"
    st.markdown(body)
    st.caption(md(citation(result, lang)))


def render_match(match: NetworkMatch, turn: dict, lang: str) -> None:
    city = short_name(match.network, match.location)
    views = facet_views(match, lang, turn["weights"])
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{md(city)}** — {ui('similarity', lang)} **{match.score:.2f}**")
        st.caption(md(match.network))
        st.progress(max(0.0, min(1.0, match.score)))
        with st.container(horizontal=True, gap="small"):
            for view in views:
                color = "blue" if view.facet == "text" and view.mark != "⊘" else BADGE_COLORS.get(view.mark, "gray")
                values = f"{ui('your_value', lang)}: {md(view.user)} · {ui('network_value', lang)}: {md(view.network)}"
                detail = ui("text_similarity_note", lang) if view.facet == "text" else values
                st.badge(md(view.short), color=color, help=detail)
        with st.expander(ui("why_network", lang, city=md(city))):
            for view in views:
                weight = ui("facet_off", lang) if view.off else ui("facet_weight", lang, weight=f"{view.weight:g}")
                if view.facet == "text":
                    st.markdown(f"**{view.label}** {view.similarity:.2f} · {weight}  \n"
                                f":gray[{ui('text_similarity_note', lang)}]")
                    continue
                values = f"{ui('your_value', lang)}: {md(view.user)} · {ui('network_value', lang)}: {md(view.network)}"
                st.markdown(f"**{view.label}** {view.mark} {view.similarity:.2f} · {weight}  \n{values}")
                if view.quote:
                    st.markdown(blockquote(view.quote))
                    st.caption(md(view.source or ""))
            st.button(ui("open_profile", lang), key=f"open_{turn['id']}_{match.network_id}",
                      on_click=open_network, args=(match.network_id,), icon=":material/open_in_new:")


def render_turn(turn: dict, last: bool, lang: str) -> None:
    advice: Advice = turn["advice"]
    with st.chat_message("user"):
        st.markdown(md(advice.query))
    with st.chat_message("assistant"):
        if advice.message:
            st.info(md(advice.message))
        if not advice.matched:
            st.markdown(ui("rephrase_hint", lang))
            if last:
                with st.container(horizontal=True):
                    for i, example in enumerate(EXAMPLES):
                        st.button(ui(example["key"], lang), key=f"example_retry_{turn['id']}_{i}",
                                  on_click=ask, args=(example["text"],))
            render_feedback(turn, lang)
            return
        chips = profile_chips(advice.profile, lang)
        st.caption(f"**{ui('profile_line', lang)}:** " + md(" · ".join(chips) if chips else ui("profile_empty", lang)))
        if turn["filtered"]:
            n, total = turn["filtered"]
            st.caption(ui("answer_filtered", lang, n=n, total=total))

        st.markdown(f"#### {ui('closest_networks', lang)}")
        top = advice.networks[:3]
        for column, match in zip(st.columns(3), top, strict=False):
            with column:
                render_match(match, turn, lang)

        parts = (
            ("success_factors", ":material/verified:", [(r, None, None) for r in advice.success_factors]),
            ("lessons", ":material/report:", [(x.result, x.problem, x.solution) for x in advice.lessons]),
            ("transferability", ":material/moving:", [(r, None, None) for r in advice.transferability]),
        )
        for key, icon, items in parts:
            with st.expander(f"**{ui(key, lang)}** ({len(items)})", expanded=last, icon=icon):
                for result, text, solution in items:
                    render_quote(result, lang, text, solution)
                if not items:
                    st.caption(ui("no_transferability" if key == "transferability" else "nothing_found", lang))

        st.caption(ui("quote_original", lang))
        if last and advice.follow_ups:
            st.markdown(f"**{ui('follow_ups', lang)}**")
            with st.container(horizontal=True):
                for j, question in enumerate(advice.follow_ups):
                    st.button(md(question), key=f"follow_{turn['id']}_{j}", on_click=ask, args=(question,),
                              icon=":material/arrow_forward:")
        render_feedback(turn, lang)


def render_feedback(turn: dict, lang: str) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(ui("feedback_prompt", lang))
        st.feedback("thumbs", key=f"fb_{turn['id']}", on_change=record_feedback, args=(turn["id"],),
                    default=ss.feedback_given.get(turn["id"]))
        if turn["id"] in ss.feedback_given:
            st.caption(ui("feedback_thanks", lang))
        st.caption(ui("answer_time", lang, seconds=f"{turn['seconds']:.2f}"))


def render_welcome(lang: str) -> None:
    st.markdown(f"### {ui('welcome_title', lang)}")
    st.markdown(ui("welcome_text", lang))
    st.markdown(f"**{ui('examples_title', lang)}**")
    columns = st.columns(len(EXAMPLES))
    for i, (column, example) in enumerate(zip(columns, EXAMPLES, strict=True)):
        with column, st.container(border=True):
            st.markdown(f"**{ui(example['key'], lang)}**")
            st.badge(LANGUAGE_NAMES[example["lang"]], color="gray")
            st.caption(md(example["text"]))
            st.button(ui("example_ask", lang), key=f"example_main_{i}", on_click=ask, args=(example["text"],),
                      icon=":material/send:")


def render_chat(lang: str) -> None:
    if not ss.turns:
        render_welcome(lang)
    for i, turn in enumerate(ss.turns):
        render_turn(turn, i == len(ss.turns) - 1, lang)
    notice = ss.pop("notice", None)
    if notice:
        st.warning(md(notice))


# --------------------------------------------------------------------------- networks and comparison


def network_label(network: Network) -> str:
    city = short_name(network.name, str(network.location))
    return city if city == network.name else f"{city} – {network.name}"


def issue_field(field: str, lang: str) -> str:
    for table in (FIELD_NAMES.get(lang, FIELD_NAMES["en"]), SECTION_NAMES.get(lang, SECTION_NAMES["en"])):
        for key, name in table.items():
            if key.value == field:
                return name
    return field


def render_network(engine: Engine, lang: str) -> None:
    networks = {n.id: n for n in engine.index.networks}
    if ss.get("net_sel") not in networks:
        ss.net_sel = next(iter(networks))
    st.selectbox(ui("networks_pick", lang), list(networks), key="net_sel",
                 format_func=lambda i: network_label(networks[i]))
    network = networks[ss.net_sel]
    st.subheader(md(network.name))
    founded = ui("founded", lang, year=network.founding_year) if network.founding_year else ui("founding_unknown", lang)
    st.caption(md(f"{network.location} · {founded} · {ui('languages', lang)}: "
                  + ", ".join(code.upper() for code in network.languages)))

    st.markdown(f"**{ui('data_quality', lang)}**")
    if network.quality:
        for issue in network.quality:
            text = f"{issue_field(issue.field, lang)}: {quality_reason(issue, lang)}"
            if issue.value and not issue.reason.startswith("sources disagree"):
                text += f" ({ui('quality_value', lang, value=issue.value)})"
            if issue.span:
                text += f" — {issue.span.source}:{issue.span.start}-{issue.span.end}"
            st.warning(md(text), icon=":material/flag:")
    else:
        st.success(ui("no_quality_issues", lang))

    st.markdown(f"**{ui('facts_title', lang)}**")
    rows = fact_rows(network, lang)
    st.dataframe(
        [{ui("col_field", lang): r.field, ui("col_value", lang): r.value, ui("col_source", lang): r.source,
          ui("col_language", lang): r.language, ui("col_flag", lang): r.flag} for r in rows],
        hide_index=True, width="stretch",
    )

    st.markdown(f"**{ui('sections_title', lang)}**")
    for section in network.sections:
        if section.kind is SectionKind.GENERAL:
            continue
        label = (f"{section_name(section.kind, lang)} — {section.source} · {section.language.upper()} · "
                 f"{ui('items_count', lang, n=len(section.items))}")
        with st.expander(md(label)):
            st.markdown("\n".join(f"- {md(item.text)}" for item in section.items))

    st.markdown(f"**{ui('documents', lang)}**")
    st.markdown("\n".join(
        f"- {md(d.source)} · {d.language.upper()} · "
        f"{ui('document_sheet' if d.kind == 'sheet' else 'document_free_text', lang)}"
        + (f" · {md(d.title)}" if d.title else "")
        for d in network.documents
    ))


def render_compare(engine: Engine, lang: str) -> None:
    networks = {n.id: n for n in engine.index.networks}
    if "cmp_sel" not in ss or any(i not in networks for i in ss.cmp_sel):
        ss.cmp_sel = list(networks)[:3]
    st.multiselect(ui("compare_pick", lang), list(networks), key="cmp_sel", max_selections=3,
                   format_func=lambda i: network_label(networks[i]), placeholder="–")
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
        for column, items in zip(columns[1:], row.cells, strict=True):
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
    st.set_page_config(page_title="Netzwerk-Kompass", page_icon="🧭", layout="wide",
                       initial_sidebar_state="expanded")
    init_state()
    engine, version = get_engine(ss.ui_lang)
    index_dir = str(engine.settings.index)
    options = cached_filter_options(version, index_dir, engine)
    total = len(engine.index.networks)
    for facet in FACETS:  # drop selections a rebuilt index no longer offers
        valid = set(options.keys(facet))
        if any(key not in valid for key in ss.get(f"f_{facet}") or ()):
            ss[f"f_{facet}"] = [key for key in ss[f"f_{facet}"] if key in valid]
    selection = filter_selection()
    allowed = cached_allowed(version, index_dir, selection, engine) if any(selection) else None

    prompt = st.chat_input(ui("chat_placeholder", ss.ui_lang), key="chat_input")
    question = ss.pop("pending_question", None)
    if question is None and prompt is not None:
        question = prompt if isinstance(prompt, str) else getattr(prompt, "text", "")
    if question is not None:
        handle_question(engine, question, allowed, total)
    lang = ss.ui_lang

    with st.sidebar:
        render_sidebar(lang, options, allowed, total)

    st.markdown(f"## :material/explore: {ui('app_title', lang)}")
    st.caption(ui("app_tagline", lang))
    labels = [ui("tab_chat", lang), ui("tab_networks", lang), ui("tab_compare", lang)]
    chat_tab, networks_tab, compare_tab = st.tabs(labels, key=tab_key(lang), on_change="rerun")
    if chat_tab.open is not False:
        with chat_tab:
            render_chat(lang)
    if networks_tab.open:
        with networks_tab:
            render_network(engine, lang)
    if compare_tab.open:
        with compare_tab:
            render_compare(engine, lang)


main()
