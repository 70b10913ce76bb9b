"""The chat answer: one question (or the next turn of a conversation) -> what the app shows.

The question is analysed once and scored once (:mod:`assistant.retrieve`); the parts
of the answer are slices of that one scoring pass:

1. ``facts``: when the question asks when / how many / who coordinates / how to
   reach a network, that network's general facts with every source that states
   them (a conflict shows every value and where it stands);
2. ``direct``: what answers *this* question, from whatever section holds it (the
   question's intent picks the sections: money -> resources, "where to start" ->
   description and the lessons of the beginning, ...), restricted to a network the
   question names; a bare network name gets that network's overview;
3. only when the text describes the asker's own situation: the closest networks
   (explained similarity), then ``success_factors``, ``lessons`` and
   ``transferability`` as further context.

Nothing is shown twice in one conversation: later turns skip what earlier turns
quoted and say so. The short answer (``summary``) is composed from templates in the
UI language (:mod:`assistant.summary`); it names networks and values only as the numbered
quotes state them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from assistant.analyse import (
    analyse_query,
    as_overview,
    clear_question_language,
    corrected_question,
    likely_question_language,
    network_names,
    query_language,
)
from assistant.answer import AskedFor as AskedFor
from assistant.answer import ChatAnswer as ChatAnswer
from assistant.answer import Conversation as Conversation
from assistant.answer import Part as Part
from assistant.answer import Quote as Quote
from assistant.answer import no_figure, numbered, shown_at, without_repeats
from assistant.answer import split_solution as split_solution
from assistant.conditions import asks_which_networks, conditions_asked, networks_meeting
from assistant.embedding import Encoder
from assistant.fact_quotes import condition_quotes, fact_quotes
from assistant.follow_up import (
    asker_profile,
    asks_for_a_match_without_a_situation,
    asks_how_that_was_solved,
    asks_only_a_topic,
    asks_which_fits,
    naming,
    networks_referred_to,
    situation_asked_about,
    solved_of_the_topic,
    solves_another_problem,
    topic_asked_about,
)
from assistant.index import SearchIndex
from assistant.intents import (
    QuestionIntent,
    analyse_intent,
    asks_for_more,
    intent_data,
)
from assistant.language import SUPPORTED
from assistant.languages import alternation, words
from assistant.models import FACT_FIELD_IDS, FactField, Network, SectionKind
from assistant.notices import Notice, NoticeCode, question_notices, unstated_facts, unstated_sections
from assistant.place_questions import MAX_PLACE_OVERVIEWS, catalogue_answer, place_answer
from assistant.profile import NetworkProfile, SituationProfile
from assistant.query import has_a_concern, tells_own_need, topic_concepts
from assistant.retrieve import (
    INTENT_SECTIONS,
    Hit,
    QueryAnalysis,
    RetrievalConfig,
    Scored,
    rank,
    score_query,
)
from assistant.settings import DEFAULT_MAX_QUERY_CHARS
from assistant.similarity import NetworkMatch, rank_networks, same_networks, text_similarity
from assistant.spread import every_network, every_row_said, one_topic
from assistant.store import Unit
from assistant.summary import CLOSE_NETWORK as CLOSE_NETWORK
from assistant.summary import compose_summary as compose_summary
from assistant.summary import follow_ups as follow_ups
from assistant.summary import short
from assistant.summary import summary_in as summary_in
from assistant.text import bound_question, clean_user_text, fold, question_read_at_all
from assistant.unknown_names import read_as_notices, unknown_name_notices, unmatched_name_notices

_T = TypeVar("_T")
_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)
# "This can often be seen …": a list entry that goes on from the entry before it.
_CONTINUES = re.compile(rf"{alternation(words('continuation_starts'))}(?!\w)", re.IGNORECASE)
#: A general row with fewer words than this is a bare value ("Volunteers").
BARE_WORDS = 4

_DEFAULT_CONFIG = RetrievalConfig()
#: How many quotes each part shows.
DIRECT_K = 5
PER_PART = 3
#: "Where do we start?": the best passages before one that says "at the beginning" (growth
#: tune with 20 networks: 2 -> 0.761, 4 -> 0.767; none at all 0.770, but the lesson of the
#: beginning is what the question asks for; seed dev, holdout, unseen, fresh unchanged).
PREFER_AFTER = 4
#: Facts of a network's overview (a bare network name).
OVERVIEW_FACTS = (FactField.LOCATION, FactField.FOUNDING_YEAR, FactField.COORDINATING_ORGANISATION,
                  FactField.FORMALISATION, FactField.MEMBERS)


# --------------------------------------------------------------------------- parts


def _quote_of(hit: Hit, part: Part) -> Quote:
    unit = hit.unit
    problem, solution = split_solution(unit.text) if unit.section is SectionKind.CHALLENGES else (None, None)
    # A general row is a field's value ("Mobilität" of the fields of action): stated with its label
    field = unit.label if unit.section is SectionKind.GENERAL and unit.label in FACT_FIELD_IDS else None
    return Quote.of_unit(unit, number=0, part=part, score=round(hit.score, 4), group=unit.group, fact=field,
                         value=unit.text if field else None, problem=problem if solution else None, solution=solution)


@dataclass(frozen=True)
class _Context:
    """What every part of one turn shares."""

    index: SearchIndex
    scored: Scored
    config: RetrievalConfig
    display: str  # the language quotes are shown in, where a version exists
    allowed: frozenset[str] | None  # the UI's network filter
    solved: bool = False  # it asks how something was solved: a challenge is about its topic by its problem
    free_text: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)  # network id -> its free-text pages

    def is_free_text(self, unit: Unit | Quote) -> bool:
        """Whether ``unit`` stands on a free-text page (read once per network and turn)."""
        sources = self.free_text.get(unit.network_id)
        if sources is None:
            network = self.index.network(unit.network_id)
            sources = frozenset(d.source for d in network.documents if d.kind != "sheet") if network else frozenset()
            self.free_text[unit.network_id] = sources
        return unit.source in sources


def _pair(unit_or_quote: Unit | Quote) -> str:
    """The (network, section) a passage stands in: one topic of one network."""
    section = unit_or_quote.section
    return f"{unit_or_quote.network_id}/{section.value if isinstance(section, SectionKind) else section}"


#: Extra candidates looked at: some of the ranked ones may be passed over or stand in for another.
_SPARE = 20


def _ranked(ctx: _Context, exclude: set[int], *, k: int, part: Part, networks: Collection[str] | None = None,
            sections: Collection[SectionKind] | None = None, free_text: bool = False,
            new_first: Collection[str] = (), substantive: bool = False, no_bare: bool = False,
            pick: Sequence[re.Pattern[str]] = (), topical: bool = False,
            about: Collection[SectionKind] = (), section_led: bool = False, spread: bool = False) -> list[Quote]:
    """The best ``k`` passages not in ``exclude``, one per (network, section) before any
    second one. ``free_text``: a free-text page has no sections, so its description may say
    what ``sections`` hold ("Die Koordination wird von der Stadt finanziert"). ``new_first``:
    (network, section) pairs the answer shows already; other pairs come before them.
    ``substantive``: bare values ("Volunteers") only after every passage that says more.
    Each (network, section) is shown first by its passage worth most (:func:`_representatives`):
    one that says what the ``pick`` cues say ("financed by the City", not "Special expenses"),
    and one that says something (not a lone "Cooperation" the question did not ask about).
    ``topical``: of a question about a topic (funding, volunteers, …) only passages about one
    of its topics ("Network meetings (Open Space)" says nothing about money), or of the
    sections ``about`` (after a fact, the description says what the network is). ``section_led``:
    led by a passage of ``sections``, not by a free-text page's one that says nothing of them
    (:func:`_led_by_section`). ``spread``: every network with a passage on the topic first (:func:`every_network`)."""
    if k <= 0:
        return []
    if networks is not None and ctx.allowed is not None:
        networks = [n for n in networks if n in ctx.allowed]
    wanted = set(sections) if sections is not None else None
    widened = wanted is not None and free_text and SectionKind.DESCRIPTION not in wanted
    search = {*wanted, SectionKind.DESCRIPTION} if widened and wanted is not None else wanted
    hits = rank(ctx.index, ctx.scored, top_k=k + _SPARE, networks=networks,
                sections=search, exclude_groups=exclude, language=ctx.display, config=ctx.config)
    if widened and wanted is not None:
        hits = [h for h in hits if h.unit.section in wanted or ctx.is_free_text(h.unit)]
        hits = _led_by_section(hits, wanted) if section_led else hits
    if new_first:
        shown = set(new_first)
        hits = sorted(hits, key=lambda h: _pair(h.unit) in shown)  # stable: the ranking within each kind
    if substantive:
        hits = sorted(hits, key=lambda h: is_bare_value(h.unit))
    if no_bare:
        hits = [h for h in hits if not is_bare_value(h.unit)]
    if topical and (topics := topic_concepts(ctx.scored.analysis.concepts)):
        hits = [h for h in hits if (h.matched_concepts or h.unit.section in about)
                and not (ctx.solved and solves_another_problem(h.unit, topics))]
    topics = topic_concepts(ctx.scored.analysis.concepts)
    # The place goes to a network's row naming the topic among its groups or fields ("Volunteers"): that it
    # works on it. A further network's passage in place of a found one's second cost the chat answers of
    # eval --growth (fresh 0.613 -> 0.608: "online counselling for refugees", "Dolmetscherpool?").
    hits = every_network(hits, k, lambda h: bool(topics & set(h.matched_concepts)) and is_bare_value(h.unit)
                         and not substantive) if spread else hits
    hits = every_row_said(hits, k, lambda h: _says(h.unit.text, pick)) if pick and wanted else hits
    hits = _representatives(ctx, hits[:k], pick, exclude) + hits[k:]
    quotes = [_joined(ctx, _quote_of(h, part)) for h in hits[:k]]
    exclude.update(q.group for q in quotes if q.group is not None)
    return quotes


def _led_by_section(hits: list[Hit], sections: Collection[SectionKind]) -> list[Hit]:
    """``hits`` led by one of ``sections`` where the first is a free-text page's paragraph that says
    nothing of them: tagged with no concept whose intent asks for them and sharing no concept with the
    question ("Die Geschäftsstelle des Netzwerkes befindet sich im ZIM." ranked a little above Erfurt's
    challenges for "Erfurt'ta neler ters gitti?"; session 13 browser tester Z6). A paragraph that does
    say it ("Die Basis … war die Gründung des Netzwerkes", tagged with challenges) may lead, and so may
    one that ranks more than ``INTENT_MARGIN`` above the section's best passage."""
    if not hits or hits[0].unit.section in sections or hits[0].matched_concepts or any(
            section in sections for concept in hits[0].unit.concepts for section in INTENT_SECTIONS.get(concept, ())):
        return hits
    first = next((i for i, h in enumerate(hits) if h.unit.section in sections), None)
    if first is None or hits[first].score + INTENT_MARGIN < hits[0].score:
        return hits
    return [hits[first], *hits[:first], *hits[first + 1:]]


def _representatives(ctx: _Context, hits: Sequence[Hit], pick: Sequence[re.Pattern[str]],
                     exclude: Collection[int]) -> list[Hit]:
    """``hits`` with each (network, section)'s passages in the order of what they are worth
    to show: one that says what ``pick`` says, then one that says something, then the rest
    (each kind in ranking order). The pairs keep their places. A pair whose best passage is
    worth less than another of its section not in ``hits`` (one per pair comes first in the
    ranking, so a pair's others are rarely among them) shows that one instead."""
    out = list(hits)
    places: dict[str, list[int]] = {}
    for i, hit in enumerate(out):
        places.setdefault(_pair(hit.unit), []).append(i)
    shown = {*exclude, *(h.unit.group for h in hits)}
    for pair in places.values():
        ordered = sorted((hits[i] for i in pair), key=lambda h: _worth(h, pick), reverse=True)  # stable
        first = ordered[0]
        if _worth(first, pick) < (bool(pick), True):
            more = rank(ctx.index, ctx.scored, top_k=_SPARE, networks=[first.unit.network_id],
                        sections=[first.unit.section], exclude_groups=shown, language=ctx.display,
                        config=ctx.config)
            better = [h for h in more if _worth(h, pick) > _worth(first, pick)]
            if better:
                ordered[0] = better[0]
                shown.add(better[0].unit.group)
        for i, hit in zip(pair, ordered, strict=True):
            out[i] = hit
    return out


def _worth(hit: Hit, pick: Sequence[re.Pattern[str]]) -> tuple[bool, bool]:
    """Says what ``pick`` says; says something: a list entry of a few words ("Cooperation")
    says nothing unless it is what was asked for (it shares a word or topic with the question)."""
    unit = hit.unit
    bare = (unit.section not in (SectionKind.GENERAL, SectionKind.CONTACT) and len(unit.text.split()) < BARE_WORDS
            and hit.bm25 <= 0 and hit.concept <= 0)
    return bool(pick) and _says(unit.text, pick), not bare


def _says(text: str, cues: Sequence[re.Pattern[str]]) -> bool:
    folded = fold(text)
    return any(cue.search(folded) for cue in cues)


def is_bare_value(unit: Unit) -> bool:
    """A general row that is only a value ("Volunteers" of the target groups): it answers a
    question about facts, not one about practice."""
    return unit.section is SectionKind.GENERAL and len(unit.text.split()) < BARE_WORDS


def continues_previous(text: str) -> bool:
    """Whether a list entry goes on from the one before ("This can often be seen …", or a
    wrapped line starting in lower case): alone it says nothing."""
    stripped = text.lstrip(" \"'„“(")
    return bool(stripped) and (stripped[0].islower() or bool(_CONTINUES.match(stripped)))


def _joined(ctx: _Context, quote: Quote) -> Quote:
    """A quote of an entry that goes on from the one before it, with that entry: the passage
    from the start of the one before to the end of this one, both verbatim. A fact row is a
    value of its own (an e-mail address in lower case after the website row): never joined."""
    if not continues_previous(quote.text) or SectionKind(quote.section) in _FACT_ROWS:
        return quote
    network = ctx.index.network(quote.network_id)
    items = [item for section in (network.sections_of(SectionKind(quote.section)) if network else [])
             if section.source == quote.source for item in section.items]
    place = next((i for i, item in enumerate(items) if item.span.start == quote.start), 0)
    if place == 0:
        return quote
    before = items[place - 1]
    text = f"{before.text} {quote.text}"
    problem, solution = split_solution(text) if quote.section == SectionKind.CHALLENGES.value else (text, None)
    return quote.model_copy(update={"text": text, "start": before.span.start, "problem": problem if solution else None,
                                    "solution": solution})


def _direct(ctx: _Context, intent: QuestionIntent, named: list[str], exclude: set[int],
            fact_sections: set[SectionKind], shown: set[int], more: bool = False,
            order: Sequence[str] = (), on_topic: bool = False, spread: bool = False) -> list[Quote]:
    """What answers this question: its intent's sections first, then the best of the rest
    (fewer, and no further general rows, when the facts already answer it). The rest is
    context, so it skips what earlier turns ``shown``; the answer itself does not. ``order``: the
    networks a follow-up points back to, in the conversation's order; what answers it follows that order.
    ``spread``: it asks of a topic across networks ("Gönüllüler?", "Which network works best with volunteers?"):
    each network with a passage on it gets a place; ``on_topic``: it points back and asks a topic, alone or not
    ("Gönüllüler?", "Gönüllülerle nasıl çalışıyorlar?")."""
    scope = named or None
    if intent.overview and "catalogue" in intent.intents:
        # "Welche Netzwerke gibt es?": what each one is, when there are few; else where each is (the facts)
        return [q for network in named for q in _ranked(ctx, exclude, k=1, part=Part.DIRECT, networks=[network],
                                                        sections={SectionKind.DESCRIPTION})
                ] if len(named) <= MAX_PLACE_OVERVIEWS else []
    if intent.overview and named:
        quotes: list[Quote] = []
        for kind in (SectionKind.DESCRIPTION, SectionKind.SUCCESS_FACTORS, SectionKind.CHALLENGES,
                     SectionKind.RESOURCES, *((SectionKind.EVALUATION, SectionKind.IMPACT) if more else ())):
            quotes += _ranked(ctx, exclude, k=2 if kind is SectionKind.DESCRIPTION else 1, part=Part.DIRECT,
                              networks=scope, sections={kind})
        return quotes
    wanted = _parts_wanted(intent, named)
    quotes = []
    lead = 1
    if intent.prefer and wanted:
        # The best passages first, then those that say what the question asks ("At the beginning: ...").
        quotes = _ranked(ctx, exclude, k=PREFER_AFTER, part=Part.DIRECT, networks=scope,
                          sections=wanted, free_text=True, pick=intent.pick)
        quotes += _preferred(ctx, intent, exclude, scope, wanted)
        lead = max(1, len(quotes))
    if wanted:
        quotes += _ranked(ctx, exclude, k=DIRECT_K - 1 - len(quotes), part=Part.DIRECT, networks=scope,
                          sections=wanted, free_text=True, new_first=[_pair(q) for q in quotes], pick=intent.pick,
                          section_led=bool(named))
    # pointed back to several networks ("How did they solve that?" after "Funding?"): each one's rows of the
    # sections asked before a free-text page's passage, which left Dortmund's funding out of the merge below
    quotes = sorted(_in_order(quotes, order, key=lambda q: q.network_id),
                    key=lambda q: bool(order) and SectionKind(q.section) not in wanted)
    if fact_sections:  # the facts answer it; context is practice, not more rows ("99086 Erfurt")
        rest = [k for k in SectionKind if k not in (*fact_sections, SectionKind.CONTACT)]
        return quotes + _context(ctx, exclude, shown, quotes, k=max(0, 3 - len(quotes)), networks=scope,
                                 sections=rest, about={SectionKind.DESCRIPTION})
    if wanted:  # the intent's sections answer it; a little context, no general rows as filler
        rest = [k for k in SectionKind if k not in (SectionKind.CONTACT,)]
        context = _context(ctx, set(exclude), shown, quotes, k=DIRECT_K - 1, networks=scope, sections=rest)
        # About one network (named, or far ahead of the rest), its other sections may say more
        # than the intent's section of the networks behind it; otherwise the intent's first.
        margin = INTENT_MARGIN if named or _one_network_leads(ctx) else float("inf")
        chosen = _merged(quotes, context, k=DIRECT_K, lead=lead, margin=margin)
        exclude.update(q.group for q in chosen if q.group is not None)
        return chosen
    if order and on_topic and not (intent.facts or intent.counting):  # "Kaç gönüllü var?": its figure alone
        # "Gönüllüler?" right after "Halberstadt": what its sheet says of the topic (its target groups'
        # "Volunteers"), never its rows about anything else, then other networks' passages about the topic
        # (session 16 browser tester V8); so with more words ("Gönüllülerle nasıl çalışıyorlar?" after
        # "Kırsal bir ilçe için hangisi uygun?": not Dortmund's "Reduction of bureaucratic hurdles", s19 tester)
        # each network pointed back to with a passage on the topic has one ("How do they work with volunteers?"
        # after two: Halberstadt's "Volunteers" too, not Dortmund's third passage)
        quotes += _ranked(ctx, exclude, k=DIRECT_K - OTHERS_K - len(quotes), part=Part.DIRECT, networks=scope,
                          topical=True, spread=True)  # "Ehrenamtlice" after a small town: Halberstadt's too
        quotes = _in_order(quotes, order, key=lambda q: q.network_id)
        return quotes + _context(ctx, exclude, shown, quotes, k=DIRECT_K - len(quotes), networks=None,
                                 sections=[k for k in SectionKind if k is not SectionKind.CONTACT])
    # A question about practice is answered by passages that say something, not by a bare row; a fact
    # no sheet states is not answered by another field's value ("Informal network" for a founding year).
    quotes += _ranked(ctx, exclude, k=DIRECT_K - len(quotes), part=Part.DIRECT, networks=scope,
                      substantive=intent.practice and not intent.facts, spread=spread,
                      sections=[k for k in SectionKind if k not in _FACT_ROWS] if intent.facts else None)
    return _in_order(quotes, order, key=lambda q: q.network_id)


def _in_order(items: Sequence[_T], order: Sequence[str], key: Callable[[_T], str] = str) -> list[_T]:
    """``items`` of the networks in ``order`` first, in that order (a stable sort: each network's in their
    own order), then the rest as they are: "Finansman?" right after a described situation answers its
    closest networks the closest first (session 16 browser tester V9: the least similar led)."""
    place = {network: i for i, network in enumerate(order)}
    return sorted(items, key=lambda item: place.get(key(item), len(place)))


_FACT_ROWS = (SectionKind.GENERAL, SectionKind.CONTACT)
#: Intents a question for the networks that meet conditions does not ask: the asker's match, the list of all.
_WHICH_NOT = frozenset({"networks", "catalogue"})


def _asking_which(intent: QuestionIntent) -> QuestionIntent:
    """The intent of a question for the networks that meet conditions ("Hangi ağlar gönüllülerle çalışıyor?",
    "Which networks are in a large city?"): neither a request for the asker's match nor for the list of all."""
    return replace(intent, situation=False, overview=False,
                   intents=tuple(i for i in intent.intents if i not in _WHICH_NOT))


#: Places a topic asked of the networks a follow-up points back to leaves to the other networks' passages on it.
OTHERS_K = 2


def _parts_wanted(intent: QuestionIntent, named: Sequence[str]) -> list[SectionKind]:
    """The sections whose passages answer the question, but the fact rows: its intents' sections
    (a question about a named network is precise: every intent's sections count then)."""
    sections = [*intent.sections, *(intent.soft_sections if named else ())]
    return [s for s in dict.fromkeys(sections) if s not in _FACT_ROWS]


def _nothing_more_on(ctx: _Context, intent: QuestionIntent, named: list[str], shown: set[int]) -> bool:
    """Whether "mehr dazu" finds nothing more on what was asked: the sections that answer it ("Was lief
    in Erfurt schief?": the challenges) have passages in the networks asked about, and an earlier turn
    showed every one (``shown``: translation groups, so a passage shown in English counts as shown in
    Turkish too). A network's overview asks for no section; a topic without one keeps its ranking."""
    wanted = [] if intent.overview else _parts_wanted(intent, named)
    if not wanted:
        return False
    def left(exclude: set[int]) -> list[Hit]:
        return rank(ctx.index, ctx.scored, top_k=1, networks=named or None, sections=wanted, exclude_groups=exclude,
                    language=ctx.display, config=ctx.config)
    return bool(left(set())) and not left(shown)


#: How much an intent's own sections outweigh the rest of the ranking in the direct answer
#: about one network (measured on the growth tune split and the seed dev set: 0 to 0.1 best).
INTENT_MARGIN = 0.1
#: The next network's score below this share of the best's: the ranking singles out one
#: network (growth tune: 0.75 for a question about one network's seconded staff, 0.90 for
#: "where does the money come from?" that many networks answer).
LEADING_NETWORK = 0.85


def _one_network_leads(ctx: _Context) -> bool:
    """Whether the ranking singles out one network: the next one's score is below
    ``LEADING_NETWORK`` of the best's (the question is about that network's case)."""
    scores = ctx.scored.network_scores[ctx.scored.networks_present()]
    return len(scores) < 2 or float(scores[1]) < LEADING_NETWORK * float(scores[0])


def _merged(intent: Sequence[Quote], context: Sequence[Quote], *, k: int, lead: int, margin: float) -> list[Quote]:
    """``k`` quotes: the intent's first ``lead``, then the rest of both lists by score, each
    list in its own order, the intent's passages lifted by ``margin``, and at least one of
    ``context``. About one network, a passage the ranking is sure of in another section
    ("Interpreting in practices is not paid by health insurance", its challenges) comes
    before a far weaker one of the intent's section of a network behind it."""
    out = list(intent[:lead])
    rest, more = list(intent[lead:]), list(context)
    while len(out) < k and (rest or more):
        take_intent = bool(rest) and (not more or (rest[0].score or 0.0) + margin >= (more[0].score or 0.0))
        if take_intent and more and len(out) == k - 1 and len(more) == len(context):
            take_intent = False  # the last place is context, if none was taken yet
        out.append(rest.pop(0) if take_intent else more.pop(0))
    return out


def _context(ctx: _Context, exclude: set[int], shown: set[int], answer: Sequence[Quote], *, k: int,
             networks: list[str] | None, sections: Collection[SectionKind],
             about: Collection[SectionKind] = ()) -> list[Quote]:
    """Up to ``k`` quotes around the ``answer`` that neither this answer nor an earlier turn
    showed, of other networks' or sections' passages before a further one of a pair the
    answer has; only passages about the question's topic (or of the sections ``about``)."""
    seen = exclude | shown
    quotes = _ranked(ctx, seen, k=k, part=Part.DIRECT, networks=networks, sections=sections,
                     new_first=[_pair(q) for q in answer], no_bare=True, topical=True, about=about)
    exclude.update(q.group for q in quotes if q.group is not None)
    return quotes


def _preferred(ctx: _Context, intent: QuestionIntent, exclude: set[int], scope: list[str] | None,
               sections: Sequence[SectionKind]) -> list[Quote]:
    """The passages of ``sections`` that say what the question asks ("At the beginning: ..."),
    as many as the direct answer has places left after the best ``PREFER_AFTER`` (at least one)."""
    hits = rank(ctx.index, ctx.scored, top_k=50, networks=scope, sections=sections, exclude_groups=exclude,
                language=ctx.display, config=ctx.config)
    chosen = [h for h in hits if _says(h.unit.text, intent.prefer)][:max(1, DIRECT_K - PREFER_AFTER)]
    exclude.update(h.unit.group for h in chosen)
    return [_quote_of(h, Part.DIRECT) for h in chosen]


def _situation_parts(ctx: _Context, matches: list[NetworkMatch], exclude: set[int], *, topical: bool) -> list[Quote]:
    """Further context for a described situation: what worked and what went wrong in the
    closest networks, and what their sheets say about transferability (``topical``: only
    passages about the question's topics)."""
    closest = [m.network_id for m in matches[:3]]
    success = _ranked(ctx, exclude, k=PER_PART, part=Part.SUCCESS_FACTORS, networks=closest,
                      sections={SectionKind.SUCCESS_FACTORS}, topical=topical)
    lessons = _ranked(ctx, exclude, k=PER_PART, part=Part.LESSONS, networks=closest,
                      sections={SectionKind.CHALLENGES}, topical=topical)
    transfer = _ranked(ctx, exclude, k=2, part=Part.TRANSFERABILITY, networks=closest[:2],
                       sections={SectionKind.IMPACT}, topical=topical)
    return [*success, *lessons, *transfer]


# --------------------------------------------------------------------------- the turn


def _notices(analysis: QueryAnalysis, matched: bool, max_chars: int) -> list[Notice]:
    # One person's own matter is not "nothing found": "When does my residence permit expire?" is
    # for an office, "Ich habe kein Geld für die Miete" for the offices and free counselling
    personal_matter = (not matched and analysis.intent is not None and analysis.intent.personal
                       and bool(analysis.concepts & intent_data().office_concepts))
    personal_need = not matched and tells_own_need(analysis.intent, analysis.concepts, analysis.named)
    return question_notices(analysis.cleaned, language=analysis.language, truncated=analysis.truncated,
                            matched=matched, max_chars=max_chars, personal_matter=personal_matter,
                            personal_need=personal_need)


def _filtered_out(index: SearchIndex, named: Collection[str], allowed: frozenset[str] | None) -> list[Notice]:
    """The notice that the sidebar's filters exclude networks the question is about (named, or
    pointed back to: "Wer koordiniert dort?" right after "Halberstadt"), naming their cities."""
    if allowed is None:
        return []
    cities = [network.location.city or network.name for n in sorted(named)
              if n not in allowed and (network := index.network(n)) is not None]
    return [Notice(code=NoticeCode.FILTERED_OUT, params={"networks": ", ".join(cities)})] if cities else []


def _unstated(index: SearchIndex, named: Sequence[str], intent: QuestionIntent,
              facts: Sequence[Quote]) -> list[Notice]:
    """What the named networks' sheets do not state of what was asked: a fact ("Wann wurde
    Halberstadt gegründet?": no year stated, W4) or a part ("Was lief in Birkenhain schief?" where
    its sheet has no challenges section, X15); not for an overview, which asks for no part."""
    networks = {n: network for n in named if (network := index.network(n)) is not None}
    cities = _cities(index, named)
    notices = unstated_facts(cities, intent.facts, {(q.network_id, q.fact or "") for q in facts})
    if not intent.overview:
        notices += unstated_sections(cities, _parts_asked(intent),
                                     {n: _sections_present(network) for n, network in networks.items()})
    return notices


def _cities(index: SearchIndex, named: Sequence[str]) -> dict[str, str]:
    """The named networks' cities (or names) by id."""
    return {n: network.location.city or network.name for n in named if (network := index.network(n)) is not None}


def _parts_asked(intent: QuestionIntent) -> list[list[str]]:
    """The sections of each part the question asks for (its intents' sections but the general
    facts and the contact rows, which :func:`assistant.notices.unstated_facts` covers)."""
    return [group for i in intent_data().intents if i.id in intent.intents
            if (group := [s.value for s in i.sections if s not in _FACT_ROWS])]


def _sections_present(network: Network) -> set[str]:
    """The sections ``network``'s documents have; every section where a free-text page may say it."""
    if any(d.kind != "sheet" for d in network.documents):
        return {s.value for s in SectionKind}
    return {s.kind.value for s in network.sections}


def _answer_language(index: SearchIndex, text: str, conversation: Conversation, analysis: QueryAnalysis,
                     ui_language: str | None, *, situation: bool, topic: bool) -> tuple[str, str | None]:
    """The language of the answer and the asker's (None: none of the supported ones)."""
    # Asked with an earlier situation, the answer still speaks the question's language; an
    # elliptical follow-up ("In Erfurt?", "Peki Halbrestadt?") says too little to go by, so
    # unless it is clearly in another language it continues in the conversation's.
    language = (query_language(text) if situation else
                (clear_question_language(corrected_question(index, text), network_names(index))
                 or conversation.turns[-1].language) if topic else analysis.language)
    asker = language if language in SUPPORTED else None
    if ui_language in SUPPORTED and asker not in (None, ui_language):
        # The user's language stays unless the question is clearly in another one ("Fundng?",
        # "Dortmund vs Erfurt" and a typo carry none): the rule that switches the interface.
        names = network_names(index) if index.units else None
        cleaned = clean_user_text(text)
        asker = clear_question_language(cleaned, names) or ui_language
        # A word or two of another language's own ("Finansman?", "Funding?") are answered in the user's
        # language, quoted as for them, with the offer to go on in the question's (its language).
        language = asker if asker != ui_language else likely_question_language(cleaned, names) or ui_language
    return language, asker


def _told_instead(index: SearchIndex, base: ChatAnswer, analysis: QueryAnalysis, text: str,
                  conversation: Conversation, profile: SituationProfile | None, max_chars: int,
                  conditions: bool = False) -> ChatAnswer | None:
    """The answer when there is nothing to search for, only something to tell: no words (or no index),
    or "Welches Netzwerk passt am besten zu uns?" with no situation to be close to (none in the question,
    none described before, no profile; session 14 browser tester T13b: networks ranked by the question's
    words): the user is asked to describe their town, with an example. None: the question is searched."""
    if not analysis.cleaned or not _WORDLIKE.search(analysis.cleaned) or not index.units:
        return base.model_copy(update={"notices": _notices(analysis, False, max_chars)})
    # "Hangi ağların koordinatörü var?" asks which networks meet what it states, not which fit the asker
    if analysis.named or analysis.named_places or conditions or not asks_for_a_match_without_a_situation(
            text, conversation, profile):
        return None
    return base.model_copy(update={"matched": True, "intents": ["networks"], "notices": [
        *_notices(analysis, True, max_chars), Notice(code=NoticeCode.SITUATION_NEEDED)]})


def chat_turn(
    index: SearchIndex,
    encoder: Encoder,
    profiles: Mapping[str, NetworkProfile],
    text: str,
    *,
    conversation: Conversation | None = None,
    ui_language: str | None = None,
    weights: dict[str, float] | None = None,
    networks: Collection[str] | None = None,
    profile: SituationProfile | None = None,
    asked_again: bool = False,
    config: RetrievalConfig = _DEFAULT_CONFIG,
    max_chars: int = DEFAULT_MAX_QUERY_CHARS,
) -> ChatAnswer:
    """Answer ``text`` as the next turn of ``conversation``; never raises on any string.

    ``ui_language``: language of the summary (default: the question's);
    ``weights``: facet weights; ``networks``: ids the UI's filters allow; ``profile``:
    a situation profile the user edited, instead of the conversation's: only a situation the question
    itself tells adds to it, never a value the user switched off (``SituationProfile.off``);
    ``asked_again``: ``text`` is the conversation's last question answered again (the app's re-answer
    button; ``conversation`` holds the turns before it), and ``profile`` is what it was read as with the
    user's corrections since: used as it is, the question not read into it again.
    """
    conversation = conversation or Conversation()
    text = question_read_at_all(text, max_chars)
    situation_text = situation_asked_about(text, conversation)
    # "Welche Netzwerke arbeiten mit Ehrenamtlichen?": which networks meet what it states (every network's sheets)
    conditions = [] if situation_text or not index.units else conditions_asked(corrected_question(index, text))
    topic_text = None if situation_text or conditions else topic_asked_about(index, text, conversation)
    # "Wie haben die das gelöst?" right after "Finanzierung?": the funding, of the networks that answer was about
    carried = bool(topic_text) and asks_how_that_was_solved(corrected_question(index, text))
    # "Wer koordiniert dort?" right after "Halberstadt": asked with the network's name.
    referred_to = ([] if situation_text or topic_text and not carried or conditions
                   else networks_referred_to(index, text, conversation))
    referred = naming(index, referred_to)
    context_text = situation_text or topic_text
    # "Welches Netzwerk passt am besten zu uns?" after the situation: ranked by the situation alone
    fits = bool(situation_text) and asks_which_fits(text)
    asked_text = ((context_text if asks_for_more(text) or fits else f"{context_text}\n{text}") if context_text
                  else text)
    asked_text = f"{asked_text}\n{referred}" if referred else asked_text
    analysis = analyse_query(index, encoder, asked_text, config=config, max_chars=max_chars)
    language, asker = _answer_language(index, text, conversation, analysis, ui_language,
                                       situation=bool(situation_text), topic=bool(topic_text))
    lang = ui_language if ui_language in SUPPORTED else (asker or "en")
    allowed = frozenset(networks) if networks is not None else None
    query = bound_question(text, max_chars)[0] if context_text or referred else analysis.query
    base = ChatAnswer(query=query, read_as=bound_question(asked_text, max_chars)[0] if asked_text != text else None,
                      language=language, ui_language=lang, matched=False,
                      truncated=analysis.truncated, profile=profile or conversation.profile or SituationProfile())
    # Conditions of networks in a place ("Welche Netzwerke in NRW …?") or beside a name are the place's or name's
    conditions = [] if analysis.named or analysis.named_places else conditions
    told = _told_instead(index, base, analysis, text, conversation, profile, max_chars, bool(conditions))
    if told is not None:
        return told

    names = network_names(index)
    # What was matched: the question with its typos corrected ("volunters" -> "volunteers").
    text_seen = analysis.corrected or analysis.cleaned
    masked = names.mask(text_seen) if analysis.named else text_seen
    # An advice question asks for advice, whatever the situation it is about says ("kein Geld"
    # makes the situation a money question, not "Was können wir tun?").
    # Analysed once with the question (analyse_query); a described situation is asked anew.
    intent = analyse_intent(text, text) if situation_text else analysis.intent or analyse_intent(text_seen, masked)
    scored = score_query(index, encoder, analysis, networks=networks, config=config)
    # pointed back to, in the conversation's order (a situation's closest first), else by name
    named = _in_order(sorted(n for n in analysis.named if allowed is None or n in allowed), referred_to)
    # "Wer koordiniert dort?" after "Halberstadt", with sidebar filters that exclude Halberstadt: said, never
    # another network's answer instead (session 13 browser tester Z8)
    filtered_out = _filtered_out(index, analysis.named, allowed)
    if filtered_out and not named:
        return base.model_copy(update={"notices": filtered_out, "intents": list(intent.intents)})
    if topic_text:  # "How did they solve that?" after "Funding?": how they solved their funding, nothing else
        intent = solved_of_the_topic(intent, topic_text, names.mask(corrected_question(index, text)))
    intent = as_overview(index, named, intent, masked)
    intent = _asking_which(intent) if conditions else intent
    place = (place_answer(index, asked_text if topic_text else text, analysis, named=named,
                          situation=intent.situation, allowed=allowed)
             or catalogue_answer(index, masked, intent, named=named, allowed=allowed))
    if place.networks:  # "Was gibt es in NRW?", "Welche Netzwerke gibt es?": like a bare name, each network there
        named, intent = place.networks, replace(intent, overview=True, facts=place.facts or intent.facts,
                                                situation=False, counting=False)
    elif place.answered_by_notices is not None:
        # "Networks in the UK?": none there nor around, and nothing else asked (not answered: no quotes);
        # "How many networks?" on a corpus too large to list: the number (answered)
        return base.model_copy(update={"matched": place.answered_by_notices, "notices": place.notices,
                                       "intents": list(intent.intents)})
    # A question that names a network, or asks how to start one, is about networks even
    # without the field's vocabulary ("Halberstadt", "Womit fangen wir an?").
    # Pointing back to a network is about it ("What do they actually do?"), unless off the topic ("Wetter dort?").
    about_it = bool(referred) and not (scored.scope is not None and scored.scope.signals.off_topic)
    matched = (scored.matched or bool(named and (intent.overview or intent.intents or about_it))
               or "start" in intent.intents or place.place_only)
    # the networks whose sheets state every condition, and no other; none: said so
    meeting, all_met = networks_meeting(profiles, conditions, scored.top_network_ids(index, len(profiles)), allowed)
    named, matched = (list(meeting), True) if conditions else (named, matched)
    if not matched:  # "Birkenwalde": a name no sheet has, rather than "nothing found"
        return base.model_copy(update={"notices": unmatched_name_notices(index, text_seen, _notices(
            analysis, False, max_chars)), "intents": list(intent.intents)})
    if matched and not scored.matched:  # a named network with no domain words: still in scope
        scored = replace(scored, matched=True)

    # The profile grows by the question's own words alone: the situation a follow-up is read with was read
    # before, and what the user corrected since (the sidebar's ``profile``) stands (s16 browser tester V17);
    # asked again with it ("Letzte Frage mit diesen Einstellungen neu beantworten"), the question was read into
    # it already: read again, "Großstadt" undid the user's "Kleinstadt" (s17 browser tester W16)
    intent, grown = asker_profile(intent, bool(named), text if context_text else text_seen, analysis.corrections,
                                  profile or conversation.profile)
    profile = profile if asked_again and profile is not None else grown
    # A role ("I work for an NGO supporting refugee councils") is no town to compare, nor are the people
    # asked about alone ("Wie erreichen wir Geflüchtete in den Stadtteilen?": a question, not a situation;
    # session 14 tester T12): networks are closest to a town by its size, coordination, organisation or problems.
    situation = intent.situation and profile.describes_a_network()
    ctx = _Context(index, scored, config, asker or lang, allowed, solved=intent.solved)
    first_shown = conversation.first_shown()

    # The direct answer is shown even where an earlier turn showed it (then as a reference);
    # the further context of a situation shows only what is new.
    # "Mitglieder?" alone asks it of every network (the closest few), "Wie viele Mitglieder?" of the closest.
    facts_for = named or (scored.top_network_ids(index, 4 if intent.only_sheet_words else 1) if intent.facts else [])
    fields = intent.facts or (OVERVIEW_FACTS if intent.overview else ())
    # Only the networks the facts are for are read from the index, never all of them.
    more = bool(topic_text) and asks_for_more(text)  # "mehr dazu": what the answers before did not show
    repeated = conversation.shown_keys() if more else set()  # "Kirchwalde", "mehr dazu": not its facts again
    stated = [q for network in (index.network(nid) for nid in facts_for) if network is not None
              for q in fact_quotes(network, fields, asker or lang)]
    met = [q for nid, pairs in meeting.items() if (network := index.network(nid)) is not None
           for q in condition_quotes(network, pairs, asker or lang)]
    met_keys = {q.key for q in met}
    facts = [q for q in met if q.part is Part.FACTS] + [q for q in stated if q.key not in repeated | met_keys]
    fact_sections = {SectionKind(q.section) for q in facts}
    # Advice about a situation already answered is what that answer did not show yet.
    in_answer: set[int] = conversation.shown_groups() if situation_text or more else set()
    matches: list[NetworkMatch] = []
    if situation:
        text_scores = text_similarity(index, scored.rows, scored.dense)
        matches = rank_networks(profile, profiles, index, text_scores, weights,
                                allowed=set(allowed) if allowed is not None else None, limit=3)
    # "Which one fits us best?": the closest network's overview (what the answers before did not show)
    about, asked_as = ([matches[0].network_id], replace(intent, overview=True)) if fits and matches else (named, intent)
    # "daha fazla" once every passage of the part asked for was shown (in any language version): said so,
    # not rows about anything else (session 14 browser tester T3)
    done = more and _nothing_more_on(ctx, asked_as, about, in_answer)
    # "Gönüllüler?" right after "Halberstadt": its passages on the topic, then other networks' ("Kaç gönüllü var?": its)
    topic_only = asks_only_a_topic(corrected_question(index, text))
    # which network does a topic, none named nor a situation's: every network that speaks of it (F6, F1); not any
    # one-topic question: that lowered the chat answers of eval --growth (unseen 0.810 -> 0.802)
    spread = topic_only or asks_which_networks(text) and not (named or referred_to or situation) and one_topic(
        analysis.concepts) is not None
    # "Welches ist älter?": the founding years answer it; rows about anything else are no context to them
    verdict_only = (intent.older or intent.younger) and bool(facts)
    direct = [] if done or (conditions and not named) or verdict_only else _direct(
        ctx, asked_as, about, in_answer, fact_sections, conversation.shown_groups(), more,
        order=named if conditions else referred_to, spread=spread,
        # "How do they work with volunteers?" as "Volunteers?"; "How did they solve that?" has its own parts
        on_topic=bool(referred_to) and (topic_only or bool(topic_concepts(analysis.concepts)) and not intent.solved))
    passages = [q for q in met if q.part is not Part.FACTS]  # a condition a passage states: the town's size
    direct = passages + [q for q in direct if q.key not in {f.key for f in facts} | met_keys
                         and not (conditions and SectionKind(q.section) in _FACT_ROWS)]
    # A problem told without who the asker is ("Our volunteers keep quitting"): the closest networks are
    # alike in that problem, so only what they say about it, not all that worked there (W6)
    further = _situation_parts(ctx, matches, in_answer | conversation.shown_groups(), topical=has_a_concern(
        analysis.concepts) and not profile.says_who_the_asker_is()) if situation else []
    # A network's overview opens with what the network is (its description), then its facts;
    # several networks' (a comparison, a place's) open with the facts that compare them.
    lead = (direct[:1] if intent.overview and len(named) == 1 and direct
            and direct[0].section == SectionKind.DESCRIPTION else [])
    quotes = numbered(without_repeats(
        [q.model_copy(update={"earlier_turn": shown_at(first_shown, q)}) for q in (*lead, *facts, *direct[len(lead):])]
        + further))
    earlier = sum(1 for q in quotes if q.earlier_turn)
    previous_networks = next((turn.networks for turn in reversed(conversation.turns) if turn.networks), [])
    notices = _notices(analysis, True, max_chars)
    if situation_text:
        notices.insert(0, Notice(code=NoticeCode.IN_CONTEXT, params={"situation": short(situation_text, 120)}))
    # "Gibt es Netzwerke in Bayern?": none there, said first; so is a name no sheet has
    notices[0:0] = place.notices or unknown_name_notices(index, text_seen, bool(named or context_text or referred))
    notices[0:0] = read_as_notices(index, text, analysis.corrections, named)  # "Wendelbrück": Wendelsbrück's
    notices[0:0] = filtered_out  # "Dortmund vs Halberstadt" with Halberstadt filtered out: Dortmund's alone, said
    notices += _unstated(index, named, intent, stated)  # "mehr dazu" after "Kontakt?": the websites shown are stated
    if intent.counting and quotes and no_figure(quotes):
        notices.append(Notice(code=NoticeCode.NO_FIGURE))  # "Wie viele Ehrenamtliche hat Dortmund?"
    if "compare" in intent.intents and len(named) > 1:  # "Dortmund vs Erfurt": each one's facts, and where to compare
        notices.append(Notice(code=NoticeCode.COMPARE_TAB))
    answer = base.model_copy(update={
        "matched": True, "notices": notices, "intents": list(intent.intents),
        "named": named, "situation": situation, "answer": quotes, "networks": matches,
        "networks_repeated": bool(matches) and same_networks(matches, previous_networks),
        "earlier": earlier, "profile": profile,
        # Every intent's sections: ranking put them first or not, but where they answer, the
        # short answer says so ("On transfer to other towns: Erfurt [1]"), named network or not.
        "asked": AskedFor(overview=intent.overview, facts=bool(intent.facts), fields=[f.value for f in intent.facts],
                          sections=[
            s.value for s in dict.fromkeys((*intent.sections, *intent.soft_sections))], pages=[
            q.number for q in quotes if intent.sections and q.part is Part.DIRECT
            and q.section == SectionKind.DESCRIPTION.value and ctx.is_free_text(q)],
            conditions=[c.key for c in conditions], stated=[q.number for q in quotes if q.key in met_keys],
            partly=bool(meeting) and not all_met, solved=intent.solved, larger=intent.larger,
            older=intent.older, younger=intent.younger,
            cities=_cities(index, named) if intent.older or intent.younger else {}),
    })
    return answer.model_copy(update={"summary": compose_summary(answer, lang, weights),
                                     "follow_ups": follow_ups(answer)})
