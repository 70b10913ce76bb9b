"""The short answer of a chat turn and the next questions it offers: 2-4 sentences in the
interface language, composed from templates, that point to the numbered quotes and name
networks and values only as those quotes state them (:func:`compose_summary`); said again
from the same quotes in another interface language (:func:`summary_in`); and the follow-up
questions about the network the answer is most about (:func:`follow_ups`). Composed by
:mod:`assistant.chat` for each turn."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from assistant.answer import (
    AskedFor,
    ChatAnswer,
    Part,
    Quote,
    names_no_solution,
    says_a_value,
    stated_count,
    stated_year,
    values_disagree,
)
from assistant.conditions import Condition, condition_label
from assistant.i18n import t
from assistant.labels import FIELD_NAMES
from assistant.models import FactField
from assistant.notices import FollowUp, FollowUpCode
from assistant.place_questions import MAX_SUMMARY_SENTENCES, all_follow_ups, all_summary
from assistant.similarity import NetworkMatch
from assistant.ui_text import number, ui

#: Below this absolute similarity no network is "close" to the asker's situation.
CLOSE_NETWORK = 0.35


def _city(quote_or_match: Quote | NetworkMatch) -> str:
    city = quote_or_match.location.split(" / ")[0].strip()
    return city or quote_or_match.network


def _refs(numbers: Sequence[int]) -> str:
    return " ".join(f"[{n}]" for n in numbers)


def _by_network(quotes: Sequence[Quote]) -> str:
    """"Halberstadt [1] [2], Dortmund [3]"."""
    groups: dict[str, list[int]] = {}
    for q in quotes:
        groups.setdefault(_city(q), []).append(q.number)
    return ", ".join(f"{city} {_refs(nums)}" for city, nums in groups.items())


#: Longest value in another language than the short answer's that it quotes whole (longer ones are cut, " …").
_QUOTED_VALUE_CHARS: Final = 80
#: Fields whose values are in no language (a web address, a mailbox, a phone number): said as written,
#: never quoted as another language's words nor cut (session 14 tester T19: a cut address is no address).
_NO_LANGUAGE: Final = frozenset({"websites", "emails", "phone"})


def said_value(quote: Quote, lang: str, limit: int | None = None) -> str:
    """A fact quote's value as the short answer in ``lang`` says it: cut to ``limit`` characters
    (" …"), and in quotation marks when it is in another language than ``lang`` (session 11 tester
    X4: "Degree of formalisation: Resmi işbirliği anlaşması" read as English), whether the answer
    is composed fresh or again after an interface language switch (session 14 tester T2), cut
    first (T5: the closing mark was cut away with the value). A year or a count is said alike
    in every language, and a web address, a mailbox or a phone number is said whole (T19)."""
    value = quote.value or quote.text
    if quote.fact in _NO_LANGUAGE:
        return value
    if quote.fact is None or quote.language == lang or not any(c.isalpha() for c in value):
        return short(value, limit) if limit else value
    return t("summary_quoted_value", lang, value=short(value, min(limit or _QUOTED_VALUE_CHARS, _QUOTED_VALUE_CHARS)))


def _fact_sentences(quotes: Sequence[Quote], lang: str) -> list[str]:
    sentences = []
    by_fact: dict[tuple[str, str], list[Quote]] = {}
    for q in quotes:
        by_fact.setdefault((q.network_id, q.fact or ""), []).append(q)
    for (_, field), group in by_fact.items():
        by_value: dict[str, list[Quote]] = {}
        for q in group:
            by_value.setdefault(q.value or q.text, []).append(q)
        values = {said_value(qs[0], lang): qs for qs in by_value.values()}  # as the short answer says each
        label = FIELD_NAMES.get(lang, FIELD_NAMES["en"]).get(FactField(field), field) if field else ""
        city = _city(group[0])
        if values_disagree(group):
            claims = "; ".join(
                f"{value} {_refs([q.number for q in qs])} ({', '.join(dict.fromkeys(q.source for q in qs))})"
                for value, qs in values.items())
            sentences.append(t("summary_fact_conflict", lang, network=city, field=label, claims=claims))
        else:  # one value, or one document's several (an address in two lines, each member's website)
            *others, (value, qs) = values.items()
            value = "; ".join([*(f"{v} {_refs([q.number for q in vqs])}" for v, vqs in others), value])
            sentences.append(t("summary_fact", lang, network=city, field=label, value=value,
                               refs=_refs([q.number for q in qs])))
    return sentences


def _fact_lines(quotes: Sequence[Quote], lang: str) -> list[str]:
    """The facts' sentences: one per network and field, or one line per network with all its
    fields where those would leave a network out of the short answer (session 19 browser tester
    F9: "Kontakt?" named Erfurt alone, its five fields filled the sentences, though the answer
    gives Dortmund's and Halberstadt's contact details too)."""
    sentences = _fact_sentences(quotes, lang)
    networks = list(dict.fromkeys(q.network_id for q in quotes))
    if len(networks) < 2 or len(sentences) <= MAX_SUMMARY_SENTENCES:
        return sentences
    return [_overview_sentence([q for q in quotes if q.network_id == nid], lang) for nid in networks]


#: The counted field a question which network has more asks about ("Welches der beiden hat mehr Mitglieder?").
_LARGER: Final = FactField.MEMBERS.value
#: The field a question which network is older asks about ("Welches ist älter?").
_OLDER: Final = FactField.FOUNDING_YEAR.value


@dataclass(frozen=True)
class _Verdict:
    """Which of the compared networks has the most of a field, and how the short answer says it."""

    field: str  # the general field whose quotes state the numbers
    value: Callable[[Quote], int | None]  # the number a quote of the field states
    most: bool  # the largest number wins (more members), else the smallest (the earlier founding year)
    said: str  # the template naming the one, with the claims
    unclear: str  # the numbers do not tell
    not_stated: str  # a network whose quotes state no number
    unquoted: bool  # a network named with no quote of the field at all is said to state none too


#: What a question which of the networks … asks (AskedFor's flags by name) -> how it is decided and said.
_VERDICTS: Final = {
    "larger": _Verdict(_LARGER, stated_count, True, "summary_larger", "summary_larger_unclear",
                       "summary_larger_not_stated", False),
    "older": _Verdict(_OLDER, stated_year, False, "summary_older", "summary_older_unclear",
                      "summary_older_not_stated", True),
    "younger": _Verdict(_OLDER, stated_year, True, "summary_younger", "summary_younger_unclear",
                        "summary_younger_not_stated", True),
}


def verdict_sentences(facts: Sequence[Quote], named: Sequence[str], lang: str, asked: str = "larger",
                      cities: Mapping[str, str] | None = None) -> list[str]:
    """"Welches der beiden hat mehr Mitglieder?" after a comparison (session 18 browser tester W7): which of
    the networks has more members by the counts their quotes state, each count with its quote ("Erfurt: Circa
    80 [2] / über 60 Akteure [3]; Halberstadt: Three NGOs … [4]"; more only where each of its counts is above
    every count of the others), and the networks whose members rows state no count, said so with those rows
    cited. None unless two networks or more have members rows among the facts. ``asked`` ``older``:
    "Welches ist älter?" alike (session 19 browser tester), by the founding years, and a named network whose
    sheets state no founding year at all is said to state none ("Halberstadt: kein Gründungsjahr …"), named by
    ``cities`` (network id -> city); ``younger`` ("Welches ist jünger?") the same, the later years winning."""
    verdict = _VERDICTS[asked]
    quotes = [q for q in facts if q.fact == verdict.field]
    city = {**(cities or {}), **{q.network_id: _city(q) for q in facts}}
    networks = list(dict.fromkeys(nid for nid in [*named, *(q.network_id for q in quotes)]
                                  if verdict.unquoted and nid in city or any(q.network_id == nid for q in quotes)))
    if len(networks) < 2 or not quotes:
        return []
    counts: dict[str, list[tuple[Quote, int]]] = {nid: [] for nid in networks}
    for q in quotes:
        if (count := verdict.value(q)) is not None:
            counts[q.network_id].append((q, count))
    counted = [nid for nid in networks if counts[nid]]

    def claims(nids: Sequence[str]) -> str:
        return "; ".join(city[nid] + ": " + " / ".join(f"{said_value(q, lang, _COMPARED_CHARS)} {_refs([q.number])}"
                                                        for q, _ in counts[nid]) for nid in nids)

    def ahead(nid: str, other: str) -> bool:  # every number of ``nid`` beyond every one of ``other``
        mine, theirs = [c for _, c in counts[nid]], [c for _, c in counts[other]]
        return min(mine) > max(theirs) if verdict.most else max(mine) < min(theirs)

    sentences = []
    if len(counted) == 1:  # the others state none: what the one states, and no verdict
        sentences.append(t("summary_larger_only", lang, claims=claims(counted)))
    elif counted:
        top = next((nid for nid in counted if all(ahead(nid, other) for other in counted if other != nid)), None)
        order = [top, *(nid for nid in counted if nid != top)] if top else counted
        sentences.append(t(verdict.said if top else verdict.unclear, lang,
                           network=city.get(top or "", ""), claims=claims(order)))
    if none := [nid for nid in networks if not counts[nid]]:
        refs = {nid: _refs([q.number for q in quotes if q.network_id == nid]) for nid in none}
        # a founding-year row that states no year is cited by its network ("Halberstadt [3]"; none: "Halberstadt")
        said = [" ".join(filter(None, (city.get(nid, nid), refs[nid] if verdict.unquoted else ""))) for nid in none]
        sentences.append(t(verdict.not_stated, lang, networks=", ".join(said), refs=" ".join(refs.values())))
    return sentences


def short(value: str, limit: int = 90) -> str:
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + " …"


#: A comparison's short answer: one short line per network, of these facts (session 11 browser
#: tester X12: every key fact of both networks was ~15 lines on a phone); the Compare tab has the rest.
_COMPARED: Final = ("founding_year", "coordinating_organisation")
#: Longest value a comparison's line quotes whole (longer ones are cut, marked " …").
_COMPARED_CHARS: Final = 60


def _overview_sentence(quotes: Sequence[Quote], lang: str, *, compared: bool = False) -> str:
    """A network's facts in one sentence: each field once, its values with the numbers of the
    quotes that state them ("Gründungsjahr: 2004 [3] / 1999 [4] [5] (Quellen nennen
    Verschiedenes)"), not the same field once per source. ``compared``: one network of a
    comparison, its founding year and coordinator alone (all its facts if it states neither)."""
    names = FIELD_NAMES.get(lang, FIELD_NAMES["en"])
    if compared and any(q.fact in _COMPARED for q in quotes):
        quotes = [q for q in quotes if q.fact in _COMPARED]
    by_field: dict[str, dict[str, list[Quote]]] = {}
    for q in quotes:
        if q.fact:
            value = said_value(q, lang, _COMPARED_CHARS if compared else 90)
            by_field.setdefault(q.fact, {}).setdefault(value, []).append(q)
    parts = []
    for field, values in by_field.items():
        said = [f"{value} {_refs([q.number for q in qs])}" for value, qs in values.items()]
        # one document's several values are a list ("netzwerk@… [2], zim@… [3]"), not sources that differ
        if len(values) > 1 and values_disagree([q for qs in values.values() for q in qs]):
            claims = t("summary_values_differ", lang, values=" / ".join(said))
        else:
            claims = ", ".join(said)
        parts.append(f"{names.get(FactField(field), field)}: {claims}")
    return t("summary_facts_list", lang, network=_city(quotes[0]), facts="; ".join(parts))


def compose_summary(answer: ChatAnswer, lang: str, weights: Mapping[str, float] | None = None) -> str | None:
    """2-4 sentences in ``lang`` that point to the numbered quotes; no value that no quote states."""
    if not answer.matched:
        return None
    asked = answer.asked or AskedFor()
    weights = weights or {}
    if asked.conditions:
        return " ".join(_condition_sentences(answer, asked, lang)[:5])
    facts = answer.part(Part.FACTS)
    if asked.overview and facts and not asked.facts:
        networks = list(dict.fromkeys(q.network_id for q in facts))
        compared = "compare" in answer.intents and len(networks) > 1
        sentences = [_overview_sentence([q for q in facts if q.network_id == nid], lang, compared=compared)
                     for nid in networks]
    else:
        # "Welches der beiden hat mehr Mitglieder?": which one, in place of each one's members row
        # "Welches ist älter?": which one, by the founding years (a network whose sheets state none, said)
        verdicts = {_VERDICTS[key].field: said for key, on in
                    (("larger", asked.larger), ("older", asked.older), ("younger", asked.younger))
                    if on and (said := verdict_sentences(facts, answer.named, lang, key, asked.cities))}
        sentences = [*(s for said in verdicts.values() for s in said),
                     *_fact_lines([q for q in facts if q.fact not in verdicts], lang)]
    # A field's value the ranking found ("Mobilität" of the fields of action) is said as the fact it is.
    values = _fact_sentences([q for q in answer.part(Part.DIRECT) if _said_as_value(q, asked, answer.situation)], lang)
    closest = _closest_sentences(answer, lang, weights)
    # A situation that asks for no topic of its own ("kein Geld … Was können wir machen?")
    # is answered first by the network closest to it and what worked there.
    if closest and not facts and not asked.sections:
        sentences = closest + values + _direct_sentences(answer, asked, False, lang, after=True)
    else:
        sentences += values + _direct_sentences(answer, asked, bool(facts), lang, after=bool(sentences)) + closest
    repeated = [q.number for q in answer.answer if q.earlier_turn]
    if repeated:
        sentences.append(t("summary_earlier", lang, refs=_refs(repeated)))
    if not sentences:
        sentences.append(t("summary_nothing_new", lang))
    return " ".join(all_summary(answer, facts, lang, _fact_sentences) or sentences[:MAX_SUMMARY_SENTENCES])


def _condition_sentences(answer: ChatAnswer, asked: AskedFor, lang: str) -> list[str]:
    """The networks that meet the conditions asked ("Welche Netzwerke arbeiten mit Ehrenamtlichen?"), each
    with the numbers of what states them, or that no sheet states them; then what else answers the question
    (its facts, the passages of its topic among those networks)."""
    labels = ", ".join(condition_label(Condition.of_key(key), lang) for key in asked.conditions)
    stated = [q for q in answer.answer if q.number in asked.stated]
    if not stated:
        return [t("summary_none_meets", lang, conditions=labels)]
    key = "summary_meeting_partly" if asked.partly else "summary_meeting"
    meeting = [t(key, lang, conditions=labels, refs=_by_network(stated))]
    others = [q for q in answer.part(Part.FACTS) if q.number not in asked.stated]
    return [*meeting,
            *_fact_sentences(others, lang),
            *_direct_sentences(answer, asked, bool(others), lang, after=True, skip=asked.stated)]


def _closest_sentences(answer: ChatAnswer, lang: str, weights: Mapping[str, float]) -> list[str]:
    """For a described situation: the closest network, what it is alike in, and the numbers
    of what worked or went wrong there; or that no network is close."""
    if not (answer.situation and answer.networks):
        return []
    best = answer.networks[0]
    if best.score < CLOSE_NETWORK:
        return [t("summary_none_close", lang, score=number(best.score, lang))]
    alike = [ui(f"facet_{f.facet}", lang) for f in best.facets
             if f.facet != "text" and f.stated and f.similarity >= 0.999 and weights.get(f.facet, 1.0) > 0]
    worked = [q.number for q in answer.answer
              if q.network_id == best.network_id and q.part in (Part.SUCCESS_FACTORS, Part.LESSONS)]
    tied = [m for m in answer.networks[1:] if abs(m.score - best.score) < 0.005]
    name = " / ".join(_city(m) for m in [best, *tied])
    sentences = [t("summary_closest", lang, network=name, score=number(best.score, lang),
                   alike=", ".join(alike) if alike else t("summary_alike_text", lang))]
    if worked:
        sentences.append(t("summary_worked", lang, network=_city(best), refs=_refs(worked)))
    return sentences


def summary_in(answer: ChatAnswer, lang: str, weights: Mapping[str, float] | None = None) -> str | None:
    """The short answer in the interface language ``lang``: as given, or composed again from
    the same quotes (which stay verbatim, in their documents' languages), as a new answer in ``lang``
    would say it (a value in another language in quotation marks, :func:`said_value`). None for an answer
    saved before what it is composed from was kept, in another language than ``lang``."""
    if lang == answer.ui_language or not answer.matched:
        return answer.summary
    return compose_summary(answer, lang, weights) if answer.asked is not None else None


def networks_stated(answer: ChatAnswer) -> list[str]:
    """The networks whose facts the short answer states, in its order: those of its facts, then those of
    the field values it says as facts ("Dortmund – Fields of action: Health [4]"; session 16 browser
    tester V6: "How is it funded?" right after that answer is Dortmund's funding, not every quoted network's)."""
    asked = answer.asked or AskedFor()
    values = [q for q in answer.part(Part.DIRECT) if _said_as_value(q, asked, answer.situation)]
    return list(dict.fromkeys(q.network_id for q in (*answer.part(Part.FACTS), *values)))


def _said_as_value(quote: Quote, asked: AskedFor, situation: bool) -> bool:
    """Whether a direct quote is said as the fact it states ("Kirchwalde – Handlungsfelder:
    Mobilität [3]"): a field's value, unless the question asks for a part of the sheets and no
    fact ("What went wrong in Birkenhain?": its coordinator's row is context, never the short
    answer; session 11 browser tester X15), or describes the asker's ``situation`` and asks no
    fact ("…, die Stadt koordiniert nicht, …" is no question who coordinates Dortmund; X11), or asks
    other facts ("Telefonnummer von Halberstadt?", whose sheet has none: its members are context, never
    the short answer's statement; session 13 browser tester Z3)."""
    other_fact = bool(asked.fields) and quote.fact not in asked.fields
    return says_a_value(quote) and not other_fact and not (
        (asked.sections or situation) and not asked.facts and not asked.overview)


def _direct_sentences(answer: ChatAnswer, asked: AskedFor, has_facts: bool, lang: str, *, after: bool,
                      skip: Sequence[int] = ()) -> list[str]:
    """What the direct quotes are: on the question's topic ("On funding ...: [1] [2]"), or context
    (``after``: the short answer already said something, e.g. the facts). ``skip``: numbers said already."""
    direct = [q for q in answer.part(Part.DIRECT)  # a value: a fact
              if not _said_as_value(q, asked, answer.situation) and q.number not in skip]
    if not direct:
        return []
    if asked.solved and not (asked.overview and answer.named):
        return _solved_sentences(direct, lang)
    key = next((f"summary_{i}" for i in answer.intents if f"summary_{i}" in _SUMMARY_KEYS), "summary_direct")
    on_topic = ([q for q in direct if q.section in asked.sections or q.number in asked.pages]
                if key != "summary_direct" else direct)
    if asked.overview and answer.named:  # "about the networks" where it names several (T10, s14 tester)
        several = len({q.network_id for q in direct}) > 1
        key, on_topic = "summary_overview_many" if several else "summary_overview", direct
    elif asked.facts and has_facts:  # the facts answer it: the passages are context, not the answer
        on_topic = []
    sentences = [t(key, lang, refs=_by_network(on_topic))] if on_topic else []
    others = [q for q in direct if q not in on_topic]
    if others:  # "Also relevant" only after a main clause, never as the first words
        key = "summary_also" if sentences or after else "summary_direct"
        sentences.append(t(key, lang, refs=_by_network(others)))
    return sentences


def _solved_sentences(direct: Sequence[Quote], lang: str) -> list[str]:
    """"Wie haben die das mit den Sprachbarrieren gelöst?": what the sheets say was done (a challenge's
    solution, a practice, a success factor), then the challenges they name without a solution, said to
    be no more than the problem (session 16 browser tester V2: "Competitive behaviour (e.g. among
    language course providers)" was listed as if it were the answer)."""
    unsolved = [q for q in direct if names_no_solution(q)]
    done = [q for q in direct if q not in unsolved]
    return ([t("summary_solved", lang, refs=_by_network(done))] if done else []) + (
        [t("summary_unsolved", lang, refs=_by_network(unsolved))] if unsolved else [])


_SUMMARY_KEYS = {"summary_money", "summary_start", "summary_lessons", "summary_success", "summary_communication",
                 "summary_evaluation", "summary_transfer", "summary_contact"}


def follow_ups(answer: ChatAnswer) -> list[FollowUp]:
    """The next questions about the network the answer is most about, best first: what the
    answer did not ask about (its intents, the asker's challenges), then transferability.
    The shells offer the first few that were not asked yet."""
    network = answer.networks[0] if answer.networks else None
    city = _city(network) if network else (_city(answer.answer[0]) if answer.answer else None)
    if (for_all := all_follow_ups(answer)) is not None:
        return for_all
    if city is None:
        return []
    candidates = []
    if "money" not in answer.intents:
        candidates.append(FollowUp(code=FollowUpCode.FUNDING, params={"city": city}))
    if "lessons" not in answer.intents:
        candidates.append(FollowUp(code=FollowUpCode.PITFALLS, params={"city": city}))
    if "start" not in answer.intents:
        candidates.append(FollowUp(code=FollowUpCode.START))
    if "volunteers" not in answer.profile.challenges:
        candidates.append(FollowUp(code=FollowUpCode.VOLUNTEERS))
    candidates.append(FollowUp(code=FollowUpCode.TRANSFER, params={"city": city}))
    return candidates
