"""What a chat question that names a country or region gets: the networks located there, or
word that there are none; and what a question about the corpus itself gets ("Welche Netzwerke
gibt es?": every network, as if the whole corpus were the place asked about).

"Was gibt es in NRW?" or "Almanya'daki ağlar?" asks only about a place (its other words are
overview words, intents.toml): it is answered like a bare network name, with the overview of
each network located there, when there are few enough to read. "Gibt es Netzwerke in Bayern?"
on a corpus with no network in Bavaria says so (:class:`NoticeCode.NO_NETWORK_THERE` and its
variants), then shows the networks of the country around it, if any; a topical question ("Ehrenamt
in Bayern") says so before the closest practices from elsewhere. Places are read from
assistant/data/places.toml (:mod:`assistant.places`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from assistant.analyse import located_networks
from assistant.answer import ChatAnswer, Quote
from assistant.i18n import t
from assistant.index import SearchIndex
from assistant.intents import QuestionIntent, analyse_intent, asks_only, intent_data
from assistant.models import FactField
from assistant.notices import FollowUp, FollowUpCode, Notice, NoticeCode
from assistant.places import places
from assistant.query import QueryAnalysis

#: A place question is answered with the overviews of at most this many networks, with the
#: location of each of up to MAX_PLACE_LIST ("Netzwerke in Deutschland?" on a dozen sheets:
#: where each is, cited); beyond that the ranking, lifted to the networks there, picks the passages.
MAX_PLACE_OVERVIEWS: Final = 4
MAX_PLACE_LIST: Final = 12
#: "Welche Netzwerke gibt es?" lists where each network is up to this many (the source project
#: surveyed 55 networks); a larger corpus is only counted, with a pointer to asking by place or topic.
MAX_CATALOGUE_LIST: Final = 60


@dataclass(frozen=True)
class PlaceAnswer:
    """How a question's places shape its answer."""

    #: the networks whose overviews answer it (a question about a place alone)
    networks: list[str] = field(default_factory=list)
    #: the question asks about the place alone ("Was gibt es in NRW?"): in scope, though it
    #: has none of the field's words
    place_only: bool = False
    notices: list[Notice] = field(default_factory=list)
    #: the facts the networks are shown by: () their overview's, or only where each is (many of them)
    facts: tuple[FactField, ...] = ()
    #: The notices are the whole answer: in scope (True) for "How many networks?" on a corpus too large
    #: to list, not answered (False) for "Networks in the UK?" with none there nor around; None: quotes follow.
    answered_by_notices: bool | None = None

    def __bool__(self) -> bool:
        """Whether the question's places (or the corpus asked about) shape its answer at all."""
        return bool(self.networks or self.place_only or self.notices)


def place_answer(index: SearchIndex, text: str, analysis: QueryAnalysis, *, named: Collection[str],
                 situation: bool, allowed: Collection[str] | None) -> PlaceAnswer:
    """What the places ``text`` names (the question itself, not a situation it is read with)
    change in its answer. ``named``: the networks it names; ``allowed``: the filters' networks."""
    asked = places().find(text) if analysis.named_places else frozenset()
    if not asked:
        return PlaceAnswer()
    unserved = sorted(asked & analysis.unserved_places)
    listed = ",".join(unserved)
    place_only = (not named and not situation
                  and analyse_intent(text, places().without_names(text)).overview)
    if not place_only:  # "Ehrenamt in Bayern": the closest practices from elsewhere follow
        return PlaceAnswer(notices=[Notice(code=NoticeCode.NO_NETWORK_THERE, params={"places": listed})]
                           if unserved else [])

    def there(place_ids: Collection[str]) -> list[str]:
        found = located_networks(index, frozenset(place_ids))
        return sorted(n for n in found if allowed is None or n in allowed)

    networks = there(asked)
    if networks:  # "Was gibt es in NRW?": the overview of each network there
        return PlaceAnswer(**_shown(networks), place_only=True,
                           notices=[Notice(code=NoticeCode.NO_NETWORK_THERE, params={"places": listed})]
                           if unserved else [])
    # None there: the networks of the country or region around it ("Bayern": Germany's), else only the word.
    around = next((p for place in unserved for p in places().within.get(place, ()) if there([p])), None)
    shown = _shown(there([around])) if around is not None else {"networks": []}
    if shown["networks"]:  # too many around it ("Netzwerke in Kiel?" on a national corpus): only the word
        return PlaceAnswer(**shown, place_only=True,
                           notices=[Notice(code=NoticeCode.NO_NETWORK_THERE_AROUND,
                                           params={"places": listed, "around": around})])
    return PlaceAnswer(place_only=True, answered_by_notices=False,
                       notices=[Notice(code=NoticeCode.NO_NETWORK_THERE_ONLY, params={"places": listed})])


def catalogue_answer(index: SearchIndex, masked: str, intent: QuestionIntent, *, named: Collection[str],
                     allowed: Collection[str] | None) -> PlaceAnswer:
    """What a question about the corpus itself gets ("Welche Netzwerke gibt es?", "How many
    networks are there?", "Hangi ağlar var?": [intent.catalogue] and nothing else): every network
    the filters allow, with their number. ``masked``: the question without the words naming networks."""
    if named or "catalogue" not in intent.intents:
        return PlaceAnswer()
    if not asks_only(masked, [i for i in intent_data().intents if i.id == "catalogue"]):
        return PlaceAnswer()  # "Welche Netzwerke gibt es zum Ehrenamt?": a topic, ranked as usual
    networks = sorted(card.id for card in index.lookup.networks if allowed is None or card.id in allowed)
    if len(networks) > MAX_CATALOGUE_LIST:
        return PlaceAnswer(place_only=True, answered_by_notices=True,
                           notices=[Notice(code=NoticeCode.CATALOGUE_MANY, params={"count": len(networks)})])
    facts = () if len(networks) <= MAX_PLACE_OVERVIEWS else (FactField.LOCATION,)
    return PlaceAnswer(networks=networks, place_only=True, facts=facts,
                       notices=[Notice(code=NoticeCode.CATALOGUE, params={"count": len(networks)})])


def _shown(networks: list[str]) -> dict[str, Any]:
    """How the networks of a place are shown: each one's overview, each one's location, or
    (thousands) none by name."""
    if len(networks) <= MAX_PLACE_OVERVIEWS:
        return {"networks": networks}
    if len(networks) <= MAX_PLACE_LIST:
        return {"networks": networks, "facts": (FactField.LOCATION,)}
    return {"networks": []}


#: Sentences of a short answer at most.
MAX_SUMMARY_SENTENCES: Final = 5


def all_summary(answer: ChatAnswer, facts: Sequence[Quote], lang: str,
                      fact_sentences: Callable[[Sequence[Quote], str], list[str]]) -> list[str]:
    """The short answer about every network ("Welche Netzwerke gibt es?") when it has more of them
    than sentences: the first few networks' facts, then how many more the list below has (W19:
    five of 47 were named, nothing said the rest follow). Empty for any other answer."""
    ids = list(dict.fromkeys(q.network_id for q in facts))
    if "catalogue" not in answer.intents or len(ids) <= MAX_SUMMARY_SENTENCES:
        return []
    named = [" ".join(fact_sentences([q for q in facts if q.network_id == nid], lang))
             for nid in ids[:MAX_SUMMARY_SENTENCES - 1]]
    return [*named, t("summary_more_networks", lang, n=len(ids) - len(named))]


def all_follow_ups(answer: ChatAnswer) -> list[FollowUp] | None:
    """After a list of several networks, questions for all of them: none is the one the answer
    is about (W19: the alphabetically first one's funding was offered). None for any other answer."""
    if "catalogue" not in answer.intents or len({q.network_id for q in answer.answer}) < 2:
        return None
    return [FollowUp(code=FollowUpCode.START), FollowUp(code=FollowUpCode.VOLUNTEERS)]
