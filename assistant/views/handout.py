"""The conversation as a print-ready HTML handout: ``templates/handout.html`` (Jinja2,
autoescape on) with ``templates/handout.css`` inlined, so the page is one file with no
scripts and no external resources. Every text from a sheet, a user or a catalogue is
escaped by the template; facet marks are classes of their code (``chip match``), their
glyphs text.

    page = conversation_html([advice1, advice2], "de")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Final

import jinja2

from assistant.chat import ChatAnswer, Quote, summary_in
from assistant.similarity import NetworkMatch
from assistant.ui_text import number, ui
from assistant.views.markdown import weights_for
from assistant.views.notices import follow_up_text, message_text, offered_follow_ups
from assistant.views.parts import FacetView, citation, facet_views, profile_chips, short_name

__all__ = ["TEMPLATES", "conversation_html"]

TEMPLATES: Final = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class HandoutNetwork:
    """A closest network of a turn, with what the page shows of it."""

    match: NetworkMatch
    city: str
    score: str  # as the page's language writes it
    views: tuple[FacetView, ...]


@dataclass(frozen=True)
class HandoutTurn:
    answer: ChatAnswer
    message: str | None  # the answer's notices in the page's language
    summary: str | None  # the short answer in the page's language (as given, if saved before that was possible)
    profile_chips: tuple[str, ...]
    networks: tuple[HandoutNetwork, ...]
    follow_ups: tuple[str, ...]  # the next questions offered, in the page's language


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The template environment (a cached resource): autoescape for every template,
    undefined names an error rather than an empty string."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def _css() -> str:
    return (TEMPLATES / "handout.css").read_text(encoding="utf-8").strip()


def _turn(answer: ChatAnswer, lang: str, weights: Mapping[str, float] | None, asked: Sequence[str]) -> HandoutTurn:
    networks = tuple(
        HandoutNetwork(match=match, city=short_name(match.network, match.location), score=number(match.score, lang),
                       views=tuple(facet_views(match, lang, weights)))
        for match in answer.networks
    ) if answer.matched else ()
    chips = tuple(profile_chips(answer.profile, lang)) if answer.matched and answer.situation else ()
    follow_ups = tuple(follow_up_text(f, lang) for f in offered_follow_ups(answer.follow_ups, asked))
    return HandoutTurn(answer=answer, message=message_text(answer.notices, lang),
                       summary=summary_in(answer, lang, weights) or answer.summary, profile_chips=chips,
                       networks=networks, follow_ups=follow_ups)


def conversation_html(
    turns: Sequence[ChatAnswer],
    lang: str,
    *,
    weights: Sequence[Mapping[str, float] | None] | Mapping[str, float] | None = None,
    generated: datetime | None = None,
) -> str:
    """A self-contained, print-ready HTML handout of the conversation (no scripts, no
    external resources; every text from a sheet or a user is HTML-escaped).

    ``weights``: the facet weights each turn was asked with (one mapping for all
    turns, or one per turn), to mark facets that were switched off.
    """
    generated = generated or datetime.now()

    def t(key: str, **values: object) -> str:
        return ui(key, lang, **values)

    def cite(quote: Quote) -> str:
        return citation(quote, lang)

    return _environment().get_template("handout.html").render(
        lang=lang, css=_css(), t=t, citation=cite, generated=generated.strftime("%Y-%m-%d %H:%M"),
        turns=[_turn(answer, lang, weights_for(weights, i), [turn.query for turn in turns[: i + 1]])
               for i, answer in enumerate(turns)],
    )
