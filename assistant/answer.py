"""What one chat turn shows, as data: the numbered quotes (:class:`Quote`), the turn
(:class:`ChatAnswer`, the JSON contract of ``assistant chat --json``) and the conversation
so far. Composed by :mod:`assistant.chat`; shown by the app, the CLI and the exports."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any, Final, Self

from pydantic import BaseModel, ConfigDict, Field

from assistant.languages import LANGUAGES, alternation, word_pattern
from assistant.languages import words as language_words
from assistant.models import SectionKind
from assistant.notices import FollowUp, Notice, names_no_sheet, while_index_updates
from assistant.parse import member_count
from assistant.profile import SituationProfile
from assistant.similarity import NetworkMatch

if TYPE_CHECKING:
    from assistant.store import Unit


class Part(StrEnum):
    """Where a quote is shown in the answer (the JSON contract's ``part``)."""

    FACTS = "facts"
    DIRECT = "direct"
    SUCCESS_FACTORS = "success_factors"
    LESSONS = "lessons"
    TRANSFERABILITY = "transferability"


class Citation(BaseModel):
    """A verbatim passage of one network's document and where it stands: what ``ask``'s
    results (:class:`assistant.recommend.Result`) and the chat's quotes (:class:`Quote`) cite."""

    network_id: str
    network: str
    location: str
    section: str
    text: str = Field(description="Verbatim quote (whitespace and bullet markup normalised).")
    source: str = Field(description="Corpus-relative path of the quoted document.")
    language: str
    start: int
    end: int

    @classmethod
    def of_unit(cls, unit: Unit, **more: Any) -> Self:
        """The citation of a retrieval unit (``more``: the subclass's own fields)."""
        return cls(network_id=unit.network_id, network=unit.network, location=unit.location,
                   section=unit.section.value, text=unit.text, source=unit.source, language=unit.language,
                   start=unit.start, end=unit.end, **more)


class Quote(Citation):
    """One cited passage, numbered as shown ([1], [2], ...)."""

    number: int
    part: Part
    score: float | None = None
    fact: str | None = Field(default=None, description="The general field a fact quote states.")
    value: str | None = Field(default=None, description="The value a fact quote states.")
    problem: str | None = Field(default=None, description="Lessons: the verbatim part before 'solution:'.")
    solution: str | None = Field(default=None, description="Lessons: the verbatim part after 'solution:'.")
    earlier_turn: int | None = Field(default=None, description="Shown before, in this turn of the conversation "
                                     "(1-based): the app refers to it instead of repeating it.")
    group: int | None = Field(default=None, exclude=True)

    @property
    def key(self) -> str:
        return f"{self.source}:{self.start}-{self.end}"

    def contract(self) -> dict[str, object]:
        """The ``answer`` entry of ``assistant chat --json``."""
        return {"number": self.number, "network_id": self.network_id, "network": self.network,
                "section": self.section, "text": self.text, "source": self.source, "language": self.language,
                "part": self.part.value, "start": self.start, "end": self.end,
                **({"fact": self.fact, "value": self.value} if self.fact else {}),
                **({"solution": self.solution} if self.solution else {}),
                **({"earlier_turn": self.earlier_turn} if self.earlier_turn else {})}


class AskedFor(BaseModel):
    """What the question asked for, as far as the short answer says it: kept with the answer,
    so the short answer can be said again in another interface language."""

    overview: bool = False
    facts: bool = False
    fields: list[str] = Field(default_factory=list, description="The facts asked for (FactField values); empty in "
                              "an answer saved before they were kept.")
    sections: list[str] = Field(default_factory=list, description="The answer sections that answer it.")
    pages: list[int] = Field(default_factory=list, description="Numbers of the quotes from free-text pages that "
                             "answer it too (a page has no sections: where it says how Erfurt is paid).")
    conditions: list[str] = Field(default_factory=list, description="What it asks networks to meet "
                                  "(\"target_groups=volunteers\": assistant.conditions): the networks named meet it.")
    stated: list[int] = Field(default_factory=list, description="Numbers of the quotes that state the conditions.")
    partly: bool = Field(default=False, description="No network states every condition: those named state the "
                         "most of them.")
    solved: bool = Field(default=False, description="It asks how something was solved: a challenge quoted without "
                         "a solution is said to be one, not the answer.")
    larger: bool = Field(default=False, description="It asks which of the networks has more (\"Welches der beiden "
                         "hat mehr Mitglieder?\"): the short answer says which, by the counts their quotes state.")
    older: bool = Field(default=False, description="It asks which of the networks is older (\"Welches ist älter?\"): "
                        "the short answer says which, by the founding years their quotes state.")
    younger: bool = Field(default=False, description="It asks which of the networks is younger (\"Welches ist "
                          "jünger?\"): the short answer says which, by the founding years their quotes state.")
    cities: dict[str, str] = Field(default_factory=dict, description="The named networks' cities by id: a network "
                                   "the answer quotes nothing of is named too (\"Halberstadt\": no founding year).")


#: Fields that one document may contradict itself on (Erfurt's sheet: 2004 and "Since 1999").
_COUNTED: Final = frozenset({"founding_year", "members"})
#: Ways to reach a network, and the list fields: several are a list (two mailboxes, each member's
#: website, the fields of action), never a conflict.
_CHANNELS: Final = frozenset({"websites", "emails", "phone", "address", "fields_of_action", "target_groups"})


def values_disagree(quotes: Sequence[Quote]) -> bool:
    """Whether the fact quotes of one network's field contradict each other: different values
    from different documents (the coordinator in one, another in the other), or a year or member
    count that differs at all (2004 and 1999). One document's several values are a list, not a
    conflict, and so are the ways to reach a network (an address in two lines, each member's
    website, two mailboxes) and a list field's values (a target group in each of two sheets)."""
    if _CHANNELS & {q.fact for q in quotes}:
        return False
    by_value: dict[str, set[str]] = {}
    for quote in quotes:
        by_value.setdefault((quote.value or quote.text).strip().lower(), set()).add(quote.source)
    if len(by_value) < 2:
        return False
    return bool(_COUNTED & {q.fact for q in quotes}) or len(set().union(*by_value.values())) > 1


# "Solution:" inside a lesson learnt, or "solution through …" (the link word is the solution's), in any
# language file's words.
_SOLUTION = re.compile(rf"\b{alternation(language_words('solution_markers'))}"
                       rf"(?:\s*:\s*|\s+(?={alternation(language_words('solution_links'))}\s))", re.IGNORECASE)


def split_solution(text: str) -> tuple[str, str | None]:
    """"At the beginning: language barriers; solution: mediators" -> verbatim problem and solution."""
    match = _SOLUTION.search(text)
    if not match:
        return text, None
    problem = text[: match.start()].rstrip(" ;,.")
    return problem or text, text[match.end():].strip() or None


def names_no_solution(quote: Quote) -> bool:
    """Whether a quote is a challenge its sheet gives no solution for: not an answer to how it was solved
    ("Competitive behaviour (e.g. among language course providers)"; session 16 browser tester V2)."""
    return quote.section == SectionKind.CHALLENGES.value and not quote.solution


#: Rows that say which network it is: found because the question names the network, never its answer.
_IDENTIFYING = frozenset({"name", "location", "status_date"})


def says_a_value(quote: Quote) -> bool:
    """Whether a direct quote is a field's value the short answer states as a fact ("Mobilität"
    of the fields of action); not the row of a network's name or location ("how many volunteers
    does Ostrauen have" is not answered by "Name: Many Voices Music Network Ostrauen")."""
    return quote.fact is not None and quote.fact not in _IDENTIFYING


#: A figure in a quote (a count, a share).
_DIGIT: Final = re.compile(r"\d")
#: Longest quote whose figure is taken for the answer to "how many": a long description's
#: year or street number says nothing about how many volunteers there are.
_FIGURE_QUOTE_CHARS: Final = 200


@cache
def _number_words(language: str) -> re.Pattern[str] | None:
    """A count written as a word in ``language`` ("Three NGOs", "drei Vereine", "üç dernek"); a word that is
    a pronoun too only right before a word that is no stop word ("one municipal employee", not "one of the"
    nor "no one has": session 18 browser tester W21)."""
    data = LANGUAGES.get(language)
    if data is None or not data.cues.number_words:
        return None
    pronouns = data.cues.pronoun_number_words
    plain = alternation(w for w in data.cues.number_words if w not in pronouns)
    stops = "|".join(re.escape(w) for w in sorted(data.all_stopwords(), key=len, reverse=True)) or "(?!)"
    counted = rf"{alternation(pronouns)}(?=\s+(?!(?:{stops})(?!\w))[^\W\d_])"
    return re.compile(rf"(?<!\w)(?:{plain}|{counted})(?!\w)", re.IGNORECASE)


def _gives_a_figure(quote: Quote) -> bool:
    """Whether a quote states a figure: a number ("Circa 80") or a count in words in the
    quote's language ("Three NGOs"); not a long description's year or street number. A field's
    value is a figure however long the list after it ("Members 27: the music school, …")."""
    if quote.fact is None and len(quote.text) > _FIGURE_QUOTE_CHARS:
        return False
    words = _number_words(quote.language)
    return _DIGIT.search(quote.text) is not None or (words is not None and words.search(quote.text) is not None)


def stated_count(quote: Quote) -> int | None:
    """The count a quote states: its first number, as a members value is compared between documents
    (:func:`assistant.parse.member_count`: "Circa 80; …" -> 80), else its first count in words ("Three NGOs
    in the city" -> 3; "hundreds of volunteers": at least 100). None where it states none ("a large number
    of state and non-state actors")."""
    if (count := member_count(quote.text)) is not None:
        return count
    words = _number_words(quote.language)
    found = words.search(quote.text) if words is not None else None
    if found is None:
        return None
    data = LANGUAGES[quote.language]
    return next((count for word, count in data.cues.number_words.items()
                 if re.fullmatch(word_pattern(word), found.group(), re.IGNORECASE)), None)


#: A founding year in a quote: "2016", "Since 1999", "01.10.1999 das Netzwerk für Integration gegründet".
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def stated_year(quote: Quote) -> int | None:
    """The year a founding-year quote states (its first), or None where it states none."""
    found = _YEAR.search(quote.text)
    return int(found.group()) if found else None


def no_figure(quotes: Sequence[Quote]) -> bool:
    """Whether none of the quotes that answer the question (its facts and direct answer, not a
    situation's further context) states a figure: the answer then says so, and never while a
    quote it shows gives one."""
    return not any(_gives_a_figure(q) for q in quotes if q.part in (Part.FACTS, Part.DIRECT))


class ChatAnswer(BaseModel):
    """One turn of the chat: everything the app shows for one question."""

    query: str
    read_as: str | None = Field(default=None, description="The question as read with what it takes from the "
                                "turns before it, where that is more than ``query`` (\"Ist das übertragbar?\\nund "
                                "Dortmund?\" for \"und Dortmund?\"): what a long quote's excerpt answers.")
    language: str = Field(description="Language of the question.")
    ui_language: str = Field(description="Language of the summary.")
    matched: bool
    notices: list[Notice] = Field(default_factory=list, description="What to tell the user besides the quotes "
                                  "(codes; the shells render them in the language they show).")
    summary: str | None = None
    intents: list[str] = Field(default_factory=list)
    named: list[str] = Field(default_factory=list, description="Ids of the networks the question names.")
    situation: bool = False
    answer: list[Quote] = Field(default_factory=list)
    networks: list[NetworkMatch] = Field(default_factory=list)
    networks_repeated: bool = Field(default=False, description="Same closest networks as the turn before.")
    earlier: int = Field(default=0, description="Relevant passages not repeated because earlier turns showed them.")
    follow_ups: list[FollowUp] = Field(default_factory=list, description="Next questions to offer, best first "
                                       "(codes; the shells render them and drop those already asked).")
    profile: SituationProfile = Field(default_factory=SituationProfile)
    truncated: bool = False
    asked: AskedFor | None = Field(default=None, description="What the summary is composed from (None in "
                                   "conversations saved before it was kept: their summary stays as it was).")

    def part(self, part: Part) -> list[Quote]:
        return [q for q in self.answer if q.part is part]

    @property
    def read_question(self) -> str:
        """What the answer answers: the question with the topic or network it took from the turns
        before ("und Dortmund?" after "Ist das übertragbar?" asks Dortmund's transferability)."""
        return self.read_as or self.query

    def result_ids(self) -> list[str]:
        """Stable ids of every shown quote (for feedback records)."""
        return [q.key for q in self.answer]


class Conversation(BaseModel):
    """The turns so far: what was shown, and the situation profile they built."""

    model_config = ConfigDict(extra="forbid")

    turns: list[ChatAnswer] = Field(default_factory=list)

    @property
    def profile(self) -> SituationProfile | None:
        return self.turns[-1].profile if self.turns else None

    def shown_keys(self) -> set[str]:
        return {q.key for turn in self.turns for q in turn.answer}

    def shown_groups(self) -> set[int]:
        return {q.group for turn in self.turns for q in turn.answer if q.group is not None}

    def first_shown(self) -> dict[str | int, int]:
        """Quote key, translation group and stated value -> the first turn (1-based) that showed it: a
        passage shown in one language version counts as shown in every version (session 14 tester T3),
        a field row's value as shown in every row stating it (:func:`_stated`)."""
        seen: dict[str | int, int] = {}
        for turn_number, turn in enumerate(self.turns, 1):
            for quote in turn.answer:
                seen.setdefault(quote.key, turn_number)
                for other in (_versions(quote), _stated(quote)):
                    if other is not None:
                        seen.setdefault(other, turn_number)
        return seen


#: Rows whose translation group says less than "the same passage": a general row's group pairs a
#: field's values by likeness, not as translations (Erfurt's "Training providers etc" and "STK'lar",
#: "Circa 80" and "über 60 Akteure"), so such a row is shown before only by its own key.
_FIELD_ROWS: Final = frozenset({"general", "contact"})


def _versions(quote: Quote) -> int | None:
    """The translation group of ``quote``'s language versions, if it stands for them."""
    return quote.group if quote.section not in _FIELD_ROWS else None


def _stated(quote: Quote) -> str | None:
    """A field row's value as one network states it ("erfurt/founding_year=2004"): the same value of
    the same field of the same network is one fact in any language version of its sheet ("2004",
    "Since 1999" and "1999 yılından bu yana", an e-mail address, a phone number). A value that
    differs in translation ("(a social NGO)" / "(sosyal bir STK)") is a row of its own; so is a
    founding claim quoted from a page's prose (its own passage, not a row)."""
    if not quote.fact or not quote.value or quote.section not in _FIELD_ROWS:
        return None
    return f"{quote.network_id}/{quote.fact}={' '.join(quote.value.casefold().split())}"


def shown_at(first_shown: Mapping[str | int, int], quote: Quote) -> int | None:
    """The first turn that showed ``quote``, in this or another language version, or its value in
    another row (``first_shown``: :meth:`Conversation.first_shown`), or None."""
    for key in (quote.key, _versions(quote), _stated(quote)):
        if key is not None and (turn := first_shown.get(key)):
            return turn
    return None


def while_index_updating(answer: ChatAnswer) -> ChatAnswer:
    """``answer`` as given while sheets are being added to (or changed in) the index: it says so.
    A name no indexed sheet has may be one of the sheets being added ("Lahnbrück" right after its
    sheet was dropped): then it is told to ask again in a few seconds, without the look-alike
    networks' passages the question found meanwhile ("Wendelsbrück"), which the next questions
    would otherwise stay with (session 12 tester Y4)."""
    if not names_no_sheet(answer.notices):
        return answer.model_copy(update={"notices": while_index_updates(answer.notices, matched=answer.matched)})
    return answer.model_copy(update={
        "matched": False, "summary": None, "answer": [], "networks": [], "named": [], "follow_ups": [],
        "situation": False, "earlier": 0, "asked": None,
        "notices": while_index_updates(answer.notices, matched=False)})


def _within(inner: Quote, outer: Quote) -> bool:
    return inner.source == outer.source and outer.start <= inner.start and inner.end <= outer.end


def without_repeats(quotes: list[Quote]) -> list[Quote]:
    """Each passage once: a quote inside another one of the answer (an entry, and the same
    entry joined with the one it goes on from) is shown as the longer one, where the first
    of them stood. A fact stays a fact: it is a field's value, never merged into a passage."""
    out: list[Quote] = []
    for quote in quotes:
        if quote.part is Part.FACTS:
            out.append(quote)
            continue
        if any(_within(quote, shown) for shown in out if shown.part is not Part.FACTS):
            continue
        inner = [i for i, shown in enumerate(out) if shown.part is not Part.FACTS and _within(shown, quote)]
        if inner:
            out[inner[0]] = quote.model_copy(update={"part": out[inner[0]].part})
            out = [shown for i, shown in enumerate(out) if i not in inner[1:]]
        else:
            out.append(quote)
    return out


def numbered(quotes: list[Quote]) -> list[Quote]:
    """``quotes`` numbered from 1 in their order (the numbers the answer cites them by)."""
    return [q.model_copy(update={"number": i}) for i, q in enumerate(quotes, 1)]
