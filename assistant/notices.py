"""What an answer tells the user besides its quotes, as codes with parameters.

The library decides *what* to say (the question was empty, cut, in another language,
out of scope; which next questions to offer about which city); the shells decide *how*,
in the language they show: :mod:`assistant.views.notices` turns a :class:`Notice` or a
:class:`FollowUp` into text from the catalogues, so the app can show an old answer's
notices in the interface's current language after a language switch. The catalogue key
of a notice is its code; of a follow-up, ``follow_up_<code>``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from assistant.languages import SUPPORTED

_WORDLIKE: Final = re.compile(r"[^\W_]", re.UNICODE)


class NoticeCode(StrEnum):
    """Why an answer says something besides its quotes (the catalogue key of the text)."""

    EMPTY_QUESTION = "empty_question"
    NO_TEXT = "no_text"  # nothing but symbols, digits or emoji
    TRUNCATED = "truncated"  # params: chars (the characters used)
    OTHER_LANGUAGE = "other_language"  # params: language (its code)
    OUT_OF_SCOPE = "out_of_scope"
    FILTERS_NONE = "filters_none"  # the app's filters leave no network
    #: the app's filters exclude the networks the question names or points back to ("Wer koordiniert dort?"
    #: after "Halberstadt"); params: networks (cities). Alone (none of them allowed): no quotes
    FILTERED_OUT = "filtered_out"
    SAVED_TEXT = "saved_text"  # params: text; a conversation saved before notices were codes
    IN_CONTEXT = "in_context"  # params: situation (what the asker described earlier, shortened)
    PERSONAL_MATTER = "personal_matter"  # out of scope: one's own residence or asylum matter, an office's
    PERSONAL_NEED = "personal_need"  # out of scope: one's own money, rent, flat or job (offices, counselling)
    NO_NETWORK_THERE = "no_network_there"  # params: places (ids, comma-separated) it names where no network is
    NO_NETWORK_THERE_AROUND = "no_network_there_around"  # as above, asked about alone; params: around (the
    # country around them, whose networks the answer shows)
    NO_NETWORK_THERE_ONLY = "no_network_there_only"  # as above, asked about alone, and none around them either
    #: it asks about one network by a name no sheet, place or network has ("the network in Gruenwald");
    #: params: name (as written); the closest passages from other networks follow
    NO_SHEET_NAMED = "no_sheet_named"
    NO_SHEET_NAMED_ONLY = "no_sheet_named_only"  # as above, and nothing else matched ("Birkenwalde"): no quotes
    #: a name no sheet has, read as a known network's one letter or two away ("Wendelbrück" as Wendelsbrück, a typo
    #: or another place): said, never silently; params: name (as written), network (the city read)
    NAME_READ_AS = "name_read_as"
    CATALOGUE = "catalogue"  # "Welche Netzwerke gibt es?": the corpus's networks follow; params: count
    CATALOGUE_MANY = "catalogue_many"  # as above, too many to list; params: count
    FACT_NOT_STATED = "fact_not_stated"  # a fact asked of named networks that their sheets do not state;
    # params: fields (FactField values, comma-separated: named in the shown language), networks (cities)
    #: as above, where the named networks lack different facts ("Kontakt?": Dortmund states an e-mail,
    #: Halberstadt none): each network with what its sheets do not state; params: missing
    #: ("Dortmund: contact_person,phone; Halberstadt: contact_person,emails,phone")
    FACT_NOT_STATED_EACH = "fact_not_stated_each"
    SECTION_NOT_STATED = "section_not_stated"  # a part asked of named networks ("what went wrong?") whose
    # sheets have no section for it; params: sections (SectionKind values, comma-separated), networks (cities)
    NO_FIGURE = "no_figure"  # it asks for a figure ("Wie viele …?") and the quotes shown give none
    COMPARE_TAB = "compare_tab"  # a comparison of named networks: the Compare tab shows them side by side
    #: "Welches Netzwerk passt am besten zu uns?" with no situation to match (none in the question, none
    #: described before, none set in the profile): the asker is asked to describe their town, with an example
    SITUATION_NEEDED = "situation_needed"
    INDEX_UPDATING = "index_updating"  # index updating (sheets added, changed, removed): answered from the old one
    INDEX_UPDATING_NONE = "index_updating_none"  # as above, and nothing matched: ask again in a few seconds


class Notice(BaseModel):
    """One thing to tell the user, as a code and the values its text needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: NoticeCode
    params: dict[str, str | int] = Field(default_factory=dict)


class FollowUpCode(StrEnum):
    """A next question the answer suggests (catalogue key ``follow_up_<code>``)."""

    FUNDING = "funding"  # params: city
    PITFALLS = "pitfalls"  # params: city
    START = "start"
    VOLUNTEERS = "volunteers"
    TRANSFER = "transfer"  # params: city


class FollowUp(BaseModel):
    """One suggested next question, as a code and the city it is about."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: FollowUpCode
    params: dict[str, str] = Field(default_factory=dict)


def question_notices(cleaned: str, *, language: str, truncated: bool, matched: bool,
                     max_chars: int, personal_matter: bool = False, personal_need: bool = False) -> list[Notice]:
    """The notices for a question (``cleaned``: its text as searched): an empty question
    or one without words says only that; otherwise a cut text, a language the sheets are
    not in, and nothing matched, each in that order."""
    if not cleaned:
        return [Notice(code=NoticeCode.EMPTY_QUESTION)]
    if not _WORDLIKE.search(cleaned):
        return [Notice(code=NoticeCode.NO_TEXT)]
    notices = []
    if truncated:
        notices.append(Notice(code=NoticeCode.TRUNCATED, params={"chars": max_chars}))
    if language not in SUPPORTED:
        notices.append(Notice(code=NoticeCode.OTHER_LANGUAGE, params={"language": language}))
    if not matched:  # one's own residence matter or need: where to go instead of "nothing found"
        notices.append(Notice(code=NoticeCode.PERSONAL_NEED if personal_need else
                              NoticeCode.PERSONAL_MATTER if personal_matter else NoticeCode.OUT_OF_SCOPE))
    return notices


#: Notices that a name is in no sheet: while new sheets are indexed it may be in one of them.
_MAYBE_IN_A_NEW_SHEET = frozenset({NoticeCode.NO_SHEET_NAMED, NoticeCode.NO_SHEET_NAMED_ONLY})


def names_no_sheet(notices: Collection[Notice]) -> bool:
    """Do ``notices`` say the question names a network no indexed sheet has ("Lahnbrück")?"""
    return any(n.code in _MAYBE_IN_A_NEW_SHEET for n in notices)


def while_index_updates(notices: list[Notice], *, matched: bool) -> list[Notice]:
    """An answer's notices when it was given while new sheets were being added to the index:
    a question nothing matched may be about a new sheet, so instead of "nothing found" it is
    told to ask again in a few seconds; any other answer says it comes from the earlier sheets. A name
    no indexed sheet has may be a new sheet's ("Lindenbrück" while it is indexed): not said to be unknown."""
    kept = [n for n in notices if n.code not in _MAYBE_IN_A_NEW_SHEET]
    if matched:
        return [*kept, Notice(code=NoticeCode.INDEX_UPDATING)]
    return [n for n in kept if n.code is not NoticeCode.OUT_OF_SCOPE] + [Notice(code=NoticeCode.INDEX_UPDATING_NONE)]


def unstated_sections(cities: Mapping[str, str], asked: Sequence[Sequence[str]],
                       present: Mapping[str, Collection[str]]) -> list[Notice]:
    """"Was lief in Birkenhain schief?" where no sheet of Birkenhain has a challenges section:
    say so, rather than let another section's passage or a general row stand for it (session 11
    browser tester X15). ``cities``: network id -> city of the networks asked about; ``asked``: the
    sections of each part asked for (a network lacks a part when it has none of them);
    ``present``: network id -> the sections its documents have."""
    missing = [group for group in asked if any(not set(group) & set(present.get(n, ())) for n in cities)]
    networks = [city for network, city in cities.items()
                if any(not set(group) & set(present.get(network, ())) for group in missing)]
    sections = list(dict.fromkeys(s for group in missing for s in group))
    return [Notice(code=NoticeCode.SECTION_NOT_STATED, params={"sections": ",".join(sections),
                                                               "networks": ", ".join(networks)})] if missing else []


def unstated_facts(cities: Mapping[str, str], fields: Sequence[str],
                   stated: Collection[tuple[str, str]]) -> list[Notice]:
    """"Wann wurde Halberstadt gegründet?" where no sheet of Halberstadt states a founding year:
    say so, rather than let another field's row stand for it. ``cities``: network id -> city of the
    networks asked about; ``fields``: the facts asked for; ``stated``: the (network id, field) pairs quoted.
    Networks that lack different facts are each named with theirs: a network is never said to lack a
    fact its sheet states (s14 tester T15: "Dortmund, Halberstadt nennen das nicht: …, E-Mail" above
    Dortmund's e-mail)."""
    lacking = {city: missing for network, city in cities.items()
               if (missing := [f for f in fields if (network, f) not in stated])}
    if not lacking:
        return []
    if len({tuple(missing) for missing in lacking.values()}) == 1:
        return [Notice(code=NoticeCode.FACT_NOT_STATED, params={"fields": ",".join(next(iter(lacking.values()))),
                                                                "networks": ", ".join(lacking)})]
    each = "; ".join(f"{city}: {','.join(missing)}" for city, missing in lacking.items())
    return [Notice(code=NoticeCode.FACT_NOT_STATED_EACH, params={"missing": each})]
