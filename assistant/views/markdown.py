"""Markdown: escaping text from sheets and users (also for ``st.markdown``), links for
addresses, block quotes, and the conversation as a Markdown document.

Text from sheets and users is never trusted: :func:`escape_markdown` escapes it so
that it shows literally. The Markdown export carries the conversation as data
(:func:`assistant.saved_conversations.saved_conversation_marker`), so it loads back.

    md = conversation_markdown([advice1, advice2], "de")
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from assistant.chat import ChatAnswer, Quote, summary_in
from assistant.models import FactField
from assistant.saved_conversations import saved_conversation_marker
from assistant.ui_text import number, ui
from assistant.views.notices import follow_up_text, message_text, offered_follow_ups
from assistant.views.parts import citation, facet_views, profile_chips, short_name

__all__ = ["address_link", "blockquote", "conversation_markdown", "escape_markdown", "fact_markdown", "weights_for"]

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
# them in the text nodes after escapes are resolved: remarkjs/remark-gfm#33). A code
# span is no text node: an address set in one stays text, and stays the address (an
# invisible joiner inside it, as before, broke a copied link). Every run without spaces
# that holds "www.", "://" or "@" is set so.
_ADDRESS = re.compile(r"\S*(?:(?i:www)\.|://|@)\S*")


def _code_span(text: str) -> str:
    """``text`` as a Markdown code span, shown literally (also a backtick in it)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _escape_text(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_line(line: str, *, autolinks: bool) -> str:
    if autolinks:
        line = _escape_text(line)
    else:
        parts, last = [], 0
        for match in _ADDRESS.finditer(line):
            parts += [_escape_text(line[last:match.start()]), _code_span(match.group())]
            last = match.end()
        line = "".join([*parts, _escape_text(line[last:])])
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


# --------------------------------------------------------------------------- conversation → Markdown


def weights_for(
    weights: Sequence[Mapping[str, float] | None] | Mapping[str, float] | None, i: int
) -> Mapping[str, float] | None:
    """The facet weights turn ``i`` was asked with (one mapping for all turns, or one per turn)."""
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


def _md_turn(n: int, answer: ChatAnswer, lang: str, weights: Mapping[str, float] | None,
             asked: Sequence[str]) -> list[str]:
    out = [f"## {escape_markdown(ui('export_question', lang, n=n))}", "", blockquote(answer.query), ""]
    message = message_text(answer.notices, lang)
    if message:
        out += [escape_markdown(message), ""]
    if not answer.matched:
        out += [escape_markdown(ui("rephrase_hint", lang)), ""]
        return out
    summary = summary_in(answer, lang, weights) or answer.summary
    if summary:
        out += [f"**{escape_markdown(ui('summary_title', lang))}:** {escape_markdown(summary)}", ""]
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
            score = ui("similarity_score", lang, score=number(match.score, lang))
            out.append(f"{rank}. **{escape_markdown(short_name(match.network, match.location))}** "
                       f"({escape_markdown(match.network)}) — {escape_markdown(score)}  ")
            out.append("   " + escape_markdown(" · ".join(v.chip for v in views)))
            out.append("")
    follow_ups = offered_follow_ups(answer.follow_ups, asked)
    if follow_ups:
        out += [f"### {escape_markdown(ui('export_follow_ups', lang))}", ""]
        out += [f"- {escape_markdown(follow_up_text(f, lang))}" for f in follow_ups]
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
        out += _md_turn(i + 1, answer, lang, weights_for(weights, i), [turn.query for turn in turns[: i + 1]])
    out += ["", saved_conversation_marker(turns)]
    return "\n".join(out).rstrip() + "\n"
