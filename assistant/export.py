"""Presentation of answers and networks as text: Markdown, a print-ready HTML handout,
and the small views the Streamlit UI shares with them (citations, facet chips,
fact tables, the network comparison).

Pure functions over :class:`~assistant.chat.ChatAnswer` and
:class:`~assistant.models.Network`. Text from sheets and users is never trusted:
:func:`escape_markdown` escapes it for Markdown (also for ``st.markdown``), and
the HTML handout passes every such string through :func:`html.escape`.

    md = conversation_markdown([advice1, advice2], "de")
    page = conversation_html([advice1, advice2], "de")
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from assistant.chat import ChatAnswer, Conversation, Quote
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.models import FACT_ORDER, FactField, Network, SectionKind
from assistant.profile import SituationProfile, concept_label
from assistant.similarity import DEFAULT_WEIGHTS, FacetMatch, NetworkMatch
from assistant.ui_text import ui

__all__ = [
    "CellItem",
    "ComparisonRow",
    "FacetView",
    "FactRow",
    "blockquote",
    "citation",
    "comparison_rows",
    "conversation_html",
    "conversation_json",
    "conversation_markdown",
    "load_conversation",
    "address_link",
    "escape_markdown",
    "export_filename",
    "fact_markdown",
    "facet_views",
    "fact_rows",
    "profile_chips",
    "short_name",
]

# --------------------------------------------------------------------------- escaping

# Characters with a meaning anywhere in a line: CommonMark/GFM inline syntax, raw
# HTML, and Streamlit's ``$`` math. ``:`` starts Streamlit's directives
# (``:red[...]``, ``:material/...:``) and emoji codes only before a word
# character; ``&`` matters only where it starts an entity reference.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$]|:(?=[\w+-])|&(?=#?\w+;))")
# Characters that only matter at the start of a line (headings, lists, setext headings).
_LINE_START = re.compile(r"^(\s*)([-+=#])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


# GFM "autolink literals" turn bare www. addresses, http(s):// URLs and e-mail
# addresses into links, and a backslash escape does not stop them (remark-gfm finds
# them in the text after escapes are resolved: remarkjs/remark-gfm#33). A word joiner
# (U+2060, invisible, no break) where the pattern needs adjacency stops them: after
# "www" before its dot, before the colon of "://", before the "@" of an address.
_WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)www(?=\.)|\w(?=://)|[-.\w+](?=@)")


def _escape_line(line: str, *, autolinks: bool) -> str:
    if not autolinks:
        line = _AUTOLINK_START.sub(lambda m: m.group() + _WORD_JOINER, line)
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    line = _LINE_START.sub(r"\1\\\2", line)
    return _ORDERED.sub(r"\1\\\2", line)


def escape_markdown(text: str) -> str:
    """Escape ``text`` so that Markdown (and ``st.markdown``) shows it literally.

    Every line break becomes a Markdown hard break; no HTML, link (also none of
    GFM's bare www./http(s)/e-mail autolinks), image, emphasis, heading, list,
    table, math or directive can come through.
    """
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(_escape_line(line.strip(), autolinks=False) for line in lines)


_WEBSITE = re.compile(r"(?i)(https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d{1,5})?(?:/[^\s<>()\[\]\"'`\\]*)?")
_EMAIL = re.compile(r"(?i)[a-z0-9._%+-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")


def address_link(fact: str | None, value: str) -> str | None:
    """A website or e-mail field's value as a Markdown link that shows the full address
    ("www.example.de/netzwerk" -> ``[www.example.de/netzwerk](http://www.example.de/netzwerk)``),
    or None: other fields, and values that are not exactly one address, stay text."""
    address = value.strip()
    if fact == FactField.WEBSITES.value and _WEBSITE.fullmatch(address):
        target = address if re.match(r"(?i)https?://", address) else f"http://{address}"
    elif fact == FactField.EMAILS.value and _EMAIL.fullmatch(address):
        target = f"mailto:{address}"
    else:
        return None
    return f"[{_escape_line(address, autolinks=True)}](<{target}>)"


def fact_markdown(fact: str | None, value: str) -> str:
    """A general fact's value for Markdown: a link for website and e-mail fields (the
    sheet labelled it as one), escaped text for everything else."""
    return address_link(fact, value) or escape_markdown(value)


def blockquote(text: str) -> str:
    """``text`` as an escaped Markdown block quote (one ``>`` per line)."""
    return "\n".join(f"> {line}" if line else ">" for line in escape_markdown(text).split("\n"))


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------- small views


def short_name(network: str, location: str) -> str:
    """The city for display ("Halberstadt"), else the network's name."""
    city = location.split(" / ")[0].strip() if location else ""
    return city or network


def section_name(section: str | SectionKind, lang: str) -> str:
    names = SECTION_NAMES.get(lang, SECTION_NAMES["en"])
    try:
        return names[SectionKind(section)]
    except ValueError:
        return str(section)


def citation(result: Quote, lang: str, *, offsets: bool = False) -> str:
    """ "Network · Section · source.txt · EN" (plain text: escape it for Markdown or HTML)."""
    source = result.source
    if offsets:
        source = f"{source}, {ui('source_chars', lang, start=result.start, end=result.end)}"
    return " · ".join((result.network, section_name(result.section, lang), source, result.language.upper()))


@dataclass(frozen=True)
class FacetView:
    """One facet of a network's similarity, ready to show."""

    facet: str
    label: str
    user: str
    network: str
    similarity: float
    weight: float
    mark: str
    chip: str
    short: str = ""
    quote: str | None = None
    source: str | None = None

    @property
    def off(self) -> bool:
        return self.weight <= 0


def _values(values: Sequence[str], lang: str) -> str:
    return ", ".join(concept_label(v, lang) for v in values)


def _mark(similarity: float, weight: float, stated: bool = True) -> str:
    if weight <= 0:
        return "⊘"
    if not stated:
        return "?"
    if similarity >= 0.999:
        return "✓"
    if similarity > 0:
        return "≈"
    return "✗"


def facet_views(match: NetworkMatch, lang: str, weights: Mapping[str, float] | None = None) -> list[FacetView]:
    """The facet breakdown of a network match: "small town ✓", "informal ✗ (formal)", "text 0.84"."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    views = []
    for facet in match.facets:
        weight = float(weights.get(facet.facet, 0.0))
        mark = _mark(facet.similarity, weight, facet.stated)
        label = ui(f"facet_{facet.facet}", lang) if f"facet_{facet.facet}" in _FACET_KEYS else facet.facet
        user = _values(facet.user, lang)
        network = _values(facet.network, lang) if facet.network else ui("not_in_sheet", lang)
        chip = _chip(facet, lang, mark, label, user, network)
        views.append(FacetView(facet=facet.facet, label=label, user=user, network=network,
                               similarity=facet.similarity, weight=weight, mark=mark, chip=chip,
                               short=_short_chip(facet, mark, label, user, chip),
                               quote=facet.quote, source=facet.source))
    return views


_FACET_KEYS = {f"facet_{f}" for f in DEFAULT_WEIGHTS}


def _chip(facet: FacetMatch, lang: str, mark: str, label: str, user: str, network: str) -> str:
    if facet.facet == "text":
        return f"{label} {facet.similarity:.2f}" + (" ⊘" if mark == "⊘" else "")
    if facet.facet in ("size", "coordination", "formalisation"):
        if mark == "✗" and facet.network:
            return f"{user} ✗ ({network})"
        return f"{user} {mark}"
    shared = [v for v in facet.user if v in facet.network]
    if mark in ("✓", "⊘"):
        return f"{user} {mark}"
    if shared:
        return f"{_values(shared, lang)} ≈ ({len(shared)}/{len(facet.user)})"
    return f"{user} ✗"


def _short_chip(facet: FacetMatch, mark: str, label: str, user: str, chip: str) -> str:
    """A compact chip for narrow cards: "Small town ✗", "Target groups 1/2 ≈"."""
    if facet.facet in ("size", "coordination", "formalisation"):
        return f"{user} {mark}"
    if facet.facet in ("target_groups", "fields_of_action", "challenges") and len(facet.user) > 1:
        shared = sum(1 for v in facet.user if v in facet.network)
        return f"{label} {shared}/{len(facet.user)} {mark}"
    return chip


def profile_chips(profile: SituationProfile, lang: str) -> list[str]:
    """The recognised situation as labels ("Small town", "Refugees", ...)."""
    values = [profile.size, profile.coordination, profile.formalisation,
              *profile.challenges, *profile.target_groups, *profile.fields_of_action]
    return list(dict.fromkeys(concept_label(v, lang) for v in values if v))


# --------------------------------------------------------------------------- network facts


@dataclass(frozen=True)
class FactRow:
    field: str
    value: str
    source: str
    language: str
    flag: str
    start: int = 0
    end: int = 0
    fact: str = ""  # the FactField value (e.g. "websites"), for fact_markdown


def fact_rows(network: Network, lang: str) -> list[FactRow]:
    """Every parsed general fact, one row per claim (verbatim quote, source span, conflict flag)."""
    names = FIELD_NAMES.get(lang, FIELD_NAMES["en"])
    rows = []
    order = [*FACT_ORDER, *(f for f in network.facts if f not in FACT_ORDER)]
    for fact_field in order:
        fact = network.facts.get(fact_field)
        if not fact:
            continue
        flag = ui("conflict_flag", lang) if fact.conflict else ""
        seen: set[tuple[str, str, int]] = set()
        for claim in fact.claims:
            key = (claim.quote, claim.span.source, claim.span.start)
            if key in seen:
                continue
            seen.add(key)
            rows.append(FactRow(
                field=names.get(fact_field, fact_field.value),
                value=claim.quote,
                source=claim.span.source,
                language=claim.language.upper(),
                flag=flag,
                start=claim.span.start,
                end=claim.span.end,
                fact=fact_field.value,
            ))
    return rows


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class CellItem:
    text: str
    source: str
    language: str
    flag: str = ""


@dataclass
class ComparisonRow:
    key: str
    label: str
    cells: list[list[CellItem]] = field(default_factory=list)


def _claims_in(network: Network, fact_field: FactField, lang: str) -> list[CellItem]:
    """A fact's claims from one sheet (the UI language's translation if there is one, else
    the original) and from every free-text page, which is a source of its own ("Circa 80"
    on the sheet, "über 60 Akteure" on the German page)."""
    fact = network.facts.get(fact_field)
    if not fact:
        return []
    free = {d.source for d in network.documents if d.kind != "sheet"}
    sheets = [c.span.source for c in fact.claims if c.span.source not in free]
    preferred = next((c.span.source for c in fact.claims if c.language == lang and c.span.source in sheets),
                     sheets[0] if sheets else None)
    flag = ui("conflict_flag", lang) if fact.conflict else ""
    items: dict[str, CellItem] = {}
    for claim in fact.claims:
        if claim.span.source == preferred or claim.span.source in free:
            items.setdefault(claim.quote, CellItem(claim.quote, claim.span.source, claim.language, flag))
    return list(items.values())


def _founding(network: Network, lang: str) -> list[CellItem]:
    fact = network.facts.get(FactField.FOUNDING_YEAR)
    if not fact:
        return []
    flag = ui("conflict_flag", lang) if fact.conflict else ""
    by_value: dict[str, list[str]] = {}
    for claim in fact.claims:
        sources = by_value.setdefault(claim.value, [])
        if claim.span.source not in sources:
            sources.append(claim.span.source)
    return [CellItem(value, ", ".join(sources), "", flag) for value, sources in by_value.items()]


def _section_items(network: Network, kind: SectionKind, lang: str) -> list[CellItem]:
    sections = network.sections_of(kind)
    if not sections:
        return []
    chosen = next((s for s in sections if s.language == lang), sections[0])
    return [CellItem(i.text, chosen.source, chosen.language) for i in chosen.items]


_COMPARISON: tuple[tuple[str, str, Callable[[Network, str], list[CellItem]]], ...] = (
    ("founding", "row_founding", lambda n, lang: _founding(n, lang)),
    ("coordination", "row_coordination", lambda n, lang: _claims_in(n, FactField.COORDINATING_ORGANISATION, lang)),
    ("formalisation", "row_formalisation",
     lambda n, lang: _claims_in(n, FactField.FORMALISATION, lang) + _claims_in(n, FactField.NETWORK_TYPE, lang)),
    ("members", "row_members", lambda n, lang: _claims_in(n, FactField.MEMBERS, lang)),
    ("fields", "row_fields", lambda n, lang: _claims_in(n, FactField.FIELDS_OF_ACTION, lang)),
    ("groups", "row_groups", lambda n, lang: _claims_in(n, FactField.TARGET_GROUPS, lang)),
    ("resources", "row_resources", lambda n, lang: _section_items(n, SectionKind.RESOURCES, lang)),
    ("success", "row_success", lambda n, lang: _section_items(n, SectionKind.SUCCESS_FACTORS, lang)),
    ("challenges", "row_challenges", lambda n, lang: _section_items(n, SectionKind.CHALLENGES, lang)),
)


def comparison_rows(networks: Sequence[Network], lang: str) -> list[ComparisonRow]:
    """Side by side: one row per aspect, one cell (a list of verbatim items) per network."""
    return [
        ComparisonRow(key=key, label=ui(label_key, lang), cells=[getter(n, lang) for n in networks])
        for key, label_key, getter in _COMPARISON
    ]


# --------------------------------------------------------------------------- conversation → Markdown


def _weights_for(
    weights: Sequence[Mapping[str, float] | None] | Mapping[str, float] | None, i: int
) -> Mapping[str, float] | None:
    if weights is None or isinstance(weights, Mapping):
        return weights
    return weights[i] if i < len(weights) else None


def _md_quote(quote: Quote, lang: str) -> list[str]:
    text = quote.problem if quote.solution and quote.problem else quote.text
    out = [f"**[{quote.number}]**", "", blockquote(text)]
    if quote.solution:
        out[-1] += "\n>\n> **" + escape_markdown(ui("solution", lang)) + ":** " + escape_markdown(quote.solution)
    out.append("")
    out.append("— " + escape_markdown(citation(quote, lang)))
    out.append("")
    return out


def _md_turn(n: int, answer: ChatAnswer, lang: str, weights: Mapping[str, float] | None) -> list[str]:
    out = [f"## {escape_markdown(ui('export_question', lang, n=n))}", "", blockquote(answer.query), ""]
    if answer.message:
        out += [escape_markdown(answer.message), ""]
    if not answer.matched:
        out += [escape_markdown(ui("rephrase_hint", lang)), ""]
        return out
    if answer.summary:
        out += [f"**{escape_markdown(ui('summary_title', lang))}:** {escape_markdown(answer.summary)}", ""]
    if answer.situation:
        chips = profile_chips(answer.profile, lang)
        out += [f"*{escape_markdown(ui('profile_line', lang))}:* "
                + escape_markdown(" · ".join(chips) if chips else ui("profile_empty", lang)), ""]
    part = None
    for quote in answer.answer:
        if quote.part is not part:
            part = quote.part
            out += [f"### {escape_markdown(ui(f'part_{part.value}', lang))}", ""]
        out += _md_quote(quote, lang)
    if answer.networks:
        out += [f"### {escape_markdown(ui('closest_networks', lang))}", ""]
        for rank, match in enumerate(answer.networks, 1):
            views = facet_views(match, lang, weights)
            out.append(f"{rank}. **{escape_markdown(short_name(match.network, match.location))}** "
                       f"({escape_markdown(match.network)}) — "
                       f"{escape_markdown(ui('similarity_score', lang, score=f'{match.score:.2f}'))}  ")
            out.append("   " + escape_markdown(" · ".join(v.chip for v in views)))
            out.append("")
    if answer.follow_ups:
        out += [f"### {escape_markdown(ui('export_follow_ups', lang))}", ""]
        out += [f"- {escape_markdown(q)}" for q in answer.follow_ups]
        out.append("")
    return out


def conversation_markdown(
    turns: Sequence[ChatAnswer],
    lang: str,
    *,
    weights: Sequence[Mapping[str, float] | None] | Mapping[str, float] | None = None,
    generated: datetime | None = None,
) -> str:
    """The conversation with its recommendations and verbatim, cited quotes as Markdown.

    ``weights``: the facet weights each turn was asked with (one mapping for all
    turns, or one per turn), to mark facets that were switched off.
    """
    generated = generated or datetime.now()
    out = [
        f"# {escape_markdown(ui('export_heading', lang))}",
        "",
        f"*{ui('export_generated', lang, date=generated.strftime('%Y-%m-%d %H:%M'))}*",
        "",
        escape_markdown(ui("export_intro", lang)),
        "",
    ]
    if not turns:
        out += [escape_markdown(ui("export_empty", lang)), ""]
    for i, answer in enumerate(turns):
        out += _md_turn(i + 1, answer, lang, _weights_for(weights, i))
    out += ["", saved_conversation_marker(turns)]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- conversation → HTML

_CSS = """
:root { --ink:#1f2937; --muted:#6b7280; --accent:#1d4ed8; --line:#e5e7eb; --ok:#047857; --bad:#b91c1c; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); line-height: 1.5; max-width: 50rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-top: 1rem; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; color: var(--accent); }
.meta, .src, .muted { color: var(--muted); font-size: .85rem; }
.question { font-size: 1.05rem; background: #eff6ff; border-radius: .4rem; padding: .6rem .9rem; margin: .5rem 0;
            white-space: pre-wrap; }
.message { background: #fef3c7; border-radius: .4rem; padding: .5rem .8rem; }
blockquote { margin: .5rem 0 .15rem; padding: .35rem .9rem; border-left: 4px solid var(--accent);
             background: #f9fafb; }
blockquote .solution { display: block; margin-top: .35rem; }
.num { font-weight: 600; color: var(--accent); }
.summary { background: #ecfdf5; border-radius: .4rem; padding: .5rem .8rem; }
.item { margin-bottom: .8rem; break-inside: avoid; page-break-inside: avoid; }
ol.networks { padding-left: 1.2rem; }
ol.networks li { margin-bottom: .4rem; break-inside: avoid; }
.chips { display: flex; flex-wrap: wrap; gap: .3rem; margin-top: .2rem; }
.chip { border: 1px solid var(--line); border-radius: 999px; padding: 0 .55rem; font-size: .8rem; }
.chip.ok { border-color: var(--ok); color: var(--ok); }
.chip.bad { border-color: var(--bad); color: var(--bad); }
.score { font-weight: 600; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@page { size: A4; margin: 16mm 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2 { break-before: auto; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .question, blockquote, .message { background: none; }
  .question { border: 1px solid var(--line); }
}
""".strip()


def _html_quote(quote: Quote, lang: str) -> str:
    body = _h(quote.problem if quote.solution and quote.problem else quote.text)
    if quote.solution:
        body += f'<span class="solution"><strong>{_h(ui("solution", lang))}:</strong> {_h(quote.solution)}</span>'
    return (f'<div class="item"><span class="num">[{quote.number}]</span>'
            f'<blockquote lang="{_h(quote.language)}">{body}</blockquote>'
            f'<div class="src">— {_h(citation(quote, lang))}</div></div>')


def _chip_class(view: FacetView) -> str:
    return {"✓": "chip ok", "✗": "chip bad"}.get(view.mark, "chip")


def _html_turn(n: int, answer: ChatAnswer, lang: str, weights: Mapping[str, float] | None) -> str:
    parts = [f"<section class=\"turn\"><h2>{_h(ui('export_question', lang, n=n))}</h2>",
             f'<div class="question">{_h(answer.query)}</div>']
    if answer.message:
        parts.append(f'<p class="message">{_h(answer.message)}</p>')
    if not answer.matched:
        parts.append(f"<p>{_h(ui('rephrase_hint', lang))}</p></section>")
        return "\n".join(parts)
    if answer.summary:
        parts.append(f'<p class="summary"><strong>{_h(ui("summary_title", lang))}:</strong> {_h(answer.summary)}</p>')
    if answer.situation:
        chips = profile_chips(answer.profile, lang)
        parts.append(f'<p class="muted"><em>{_h(ui("profile_line", lang))}:</em> '
                     f'{_h(" · ".join(chips) if chips else ui("profile_empty", lang))}</p>')
    part = None
    for quote in answer.answer:
        if quote.part is not part:
            part = quote.part
            parts.append(f"<h3>{_h(ui(f'part_{part.value}', lang))}</h3>")
        parts.append(_html_quote(quote, lang))
    if answer.networks:
        parts.append(f"<h3>{_h(ui('closest_networks', lang))}</h3><ol class=\"networks\">")
        for match in answer.networks:
            views = facet_views(match, lang, weights)
            chips_html = "".join(f'<span class="{_chip_class(v)}">{_h(v.chip)}</span>' for v in views)
            parts.append(
                f"<li><strong>{_h(short_name(match.network, match.location))}</strong> "
                f'<span class="muted">({_h(match.network)})</span> — '
                f'<span class="score">{_h(ui("similarity_score", lang, score=f"{match.score:.2f}"))}</span>'
                f'<div class="chips">{chips_html}</div></li>'
            )
        parts.append("</ol>")
    if answer.follow_ups:
        parts.append(f"<h3>{_h(ui('export_follow_ups', lang))}</h3><ul>")
        parts.extend(f"<li>{_h(q)}</li>" for q in answer.follow_ups)
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def conversation_html(
    turns: Sequence[ChatAnswer],
    lang: str,
    *,
    weights: Sequence[Mapping[str, float] | None] | Mapping[str, float] | None = None,
    generated: datetime | None = None,
) -> str:
    """A self-contained, print-ready HTML handout of the conversation (no scripts, no
    external resources; every text from a sheet or a user is HTML-escaped)."""
    generated = generated or datetime.now()
    title = ui("export_heading", lang)
    body = [
        f"<header><h1>{_h(title)}</h1>",
        f'<p class="meta">{_h(ui("export_generated", lang, date=generated.strftime("%Y-%m-%d %H:%M")))}</p>',
        f"<p>{_h(ui('export_intro', lang))}</p></header>",
    ]
    if not turns:
        body.append(f"<p>{_h(ui('export_empty', lang))}</p>")
    body += [_html_turn(i + 1, answer, lang, _weights_for(weights, i)) for i, answer in enumerate(turns)]
    body.append(f'<footer class="muted">{_h(ui("quote_original", lang))}</footer>')
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_h(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def export_filename(lang: str, suffix: str, when: datetime | None = None) -> str:
    """ "netzwerk-kompass-gespraech-2026-11-21-1530.md" """
    when = when or datetime.now()
    return f"{ui('export_file_stem', lang)}-{when.strftime('%Y-%m-%d-%H%M')}.{suffix.lstrip('.')}"



# --------------------------------------------------------------------------- saved conversations

#: The Markdown export carries the conversation as data in this comment, so it can be loaded back.
_MARKER = "netzwerk-kompass-conversation"
_SAVED = re.compile(r"<!--\s*" + _MARKER + r":([A-Za-z0-9+/=\s]+)-->")
#: Larger files are not a saved conversation of ours.
MAX_SAVED_MB = 5  # the app's uploader says and enforces it too
MAX_SAVED_BYTES = MAX_SAVED_MB * 1024 * 1024


class ConversationLoadError(ValueError):
    """A file that is not a saved conversation; ``code`` says why (``too_large``,
    ``damaged``, ``none``) for the UI to translate."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def saved_conversation_marker(turns: Sequence[ChatAnswer]) -> str:
    """An HTML comment holding the conversation (base64 JSON: no "-->" can break out of it)."""
    data = Conversation(turns=list(turns)).model_dump_json().encode("utf-8")
    return f"<!-- {_MARKER}:{base64.b64encode(data).decode('ascii')} -->"


def conversation_json(turns: Sequence[ChatAnswer]) -> str:
    return Conversation(turns=list(turns)).model_dump_json(indent=1) + "\n"


def load_conversation(data: bytes) -> Conversation:
    """A conversation from a JSON export or a Markdown export of this app."""
    if len(data) > MAX_SAVED_BYTES:
        raise ConversationLoadError("too_large")
    text = data.decode("utf-8", "replace")
    match = _SAVED.search(text)
    try:
        if match:
            conversation = Conversation.model_validate_json(base64.b64decode(match.group(1), validate=False))
        elif text.lstrip().startswith("{"):
            conversation = Conversation.model_validate_json(text)
        else:
            raise ConversationLoadError("none")
    except (ValueError, binascii.Error) as exc:
        if isinstance(exc, ConversationLoadError):
            raise
        raise ConversationLoadError("damaged") from exc
    if not conversation.turns:  # {"hello": 1} is valid JSON, but no conversation of ours
        raise ConversationLoadError("none")
    return conversation
