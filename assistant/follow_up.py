"""What a chat question takes from the conversation before it.

"Was können wir tun?" after a described situation asks about that situation; "Und
Halberstadt?" right after "Finanzierung?" asks the same topic about Halberstadt, and "Wie haben
die das gelöst?" how the networks just answered solved it; "Wer
koordiniert dort?" right after "Halberstadt" asks who coordinates Halberstadt's network; a
turn that tells the asker's situation refines the profile of the turns before. The chat
(:mod:`assistant.chat`) reads a turn's question together with what these return.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.analyse import corrected_question, network_names, query_language, speller
from assistant.answer import ChatAnswer, Conversation, split_solution
from assistant.concepts import concept_spans, tag_concepts
from assistant.index import SearchIndex
from assistant.intents import (
    QuestionIntent,
    analyse_intent,
    asks_for_more,
    drops_the_pronoun,
    intent_data,
    refers_back,
    refers_to_one,
    rest_words,
    starts_an_ellipsis,
    tells_a_personal_matter,
)
from assistant.models import SectionKind
from assistant.places import places
from assistant.profile import SituationProfile, extract_profile, refine_profile, tells_a_town
from assistant.query import topic_concepts
from assistant.store import Unit
from assistant.summary import networks_stated
from assistant.text import fold
from assistant.unknown_names import unknown_name

#: Longest advice question still read together with the situation described before it.
_ADVICE_MAX_CHARS = 120
#: The rest of a word a term starts ("Gönüllü" of "Gönüllüler").
_WORD_REST = re.compile(r"\w*")
#: Most words (besides the [overview] words) an ellipsis that asks a topic alone has ("Und die Finanzierung?").
_TOPIC_ALONE_WORDS = 2
#: Where a question carried as a topic ends and the next begins ("Funding? How did they solve that?").
_SENTENCE_END = re.compile(r"(?<=[?!.])\s+|\n")


def situation_asked_about(text: str, conversation: Conversation) -> str | None:
    """The situation an advice question with no situation of its own is about: "Was können
    wir tun?" after "Wir sind eine Kleinstadt … kein Geld" asks what the small town without
    money can do; "Welches Netzwerk passt am besten zu uns?", "Which is most similar?", "Bize en
    çok benzeyen hangisi?" ask which networks are closest to it (:func:`asks_which_fits`).
    The last turn that described the asker's situation, or None."""
    if not _asks_only_for_advice(text):
        return None
    # "Was können wir tun?" asked twice is still about the situation described before; a turn answered
    # for the situation that told nothing of it ("Und was hat Halberstadt gemacht?") is not its description
    # (its words as the situation: the networks' similarity changed from turn to turn).
    return next((turn.query for turn in reversed(conversation.turns)
                 if turn.situation and not _asks_only_for_advice(turn.query) and _tells_of_the_asker(turn.query)),
                None)


def _tells_of_the_asker(text: str) -> bool:
    """Whether ``text`` says something of the asker's town or network: "Wir sind eine Kleinstadt …",
    "Und wir haben kein Geld.", not "Und was hat Halberstadt gemacht?"."""
    return analyse_intent(text, text).situation or not extract_profile(text).is_empty()


def topic_asked_about(index: SearchIndex, text: str, conversation: Conversation) -> str | None:
    """The topic an elliptical follow-up asks about: "Und Halberstadt?" right after
    "Finanzierung?" asks how Halberstadt is funded; "Und in Dortmund?" after "Was lief in
    Erfurt schief?" what went wrong in Dortmund; "Wie haben die das gelöst?" (no topic of its own:
    :func:`asks_how_that_was_solved`) right after "Finanzierung?" how they solved their funding, not after a
    described situation. The last topical question (one that matched with an intent, itself no ellipsis nor
    "mehr dazu"; such a "gelöst?" with the topic it carried) with its networks' names left out, or None. "Mehr
    dazu" asks the last answered question again, whole (the chat leaves out what was shown)."""
    if conversation.turns and asks_for_more(text):  # "mehr dazu": the last question answered, whole
        at = next((i for i in range(len(conversation.turns) - 1, -1, -1) if conversation.turns[i].matched
                   and not asks_for_more(conversation.turns[i].query)), None)
        if at is None:
            return None
        # "Finanzierung?", "Und Dortmund?", "mehr dazu": that follow-up read with its own topic
        turn = conversation.turns[at]
        asked = turn.query
        topic = topic_asked_about(index, asked, Conversation(turns=conversation.turns[:at]))
        if topic:
            return f"{topic}\n{asked}"
        # "Dortmund", "Kim koordine ediyor?", "daha fazla": still Dortmund's, whom the question pointed back to
        if turn.named and not network_names(index).named(corrected_question(index, asked)):
            return f"{asked}\n{naming(index, turn.named)}"
        return asked
    if not conversation.turns or not index.units:
        return None
    # "Wie haben die das gelöst?" right after "Finanzierung?": how they solved their funding, not anything
    carried = asks_how_that_was_solved(corrected_question(index, text))
    if not carried and not _is_elliptical(index, text):
        return None
    names = network_names(index)
    for at in range(len(conversation.turns) - 1, -1, -1):
        turn = conversation.turns[at]
        # "Finanzierung?", "mehr dazu", "Und Dortmund?": "mehr dazu" asked the topic again, it is none
        if not _is_elliptical(index, turn.query) and not asks_for_more(turn.query):
            # the last real question; without a topic ("Halberstadt", a described situation)
            # "Und Halberstadt?" is an overview; "Ehrenamt?" is a topic without an intent, and so are the
            # conditions of "Welche Netzwerke arbeiten mit Ehrenamtlichen?" (it names the networks that meet them)
            conditions = turn.asked is not None and bool(turn.asked.conditions)
            # "Welches passt jetzt am besten?" asked of the situation before it: no topic of its own either
            # ("Und was hat Halberstadt gemacht?" after it was read as which fits, with Halberstadt)
            topical = (turn.matched and (turn.intents or conditions or not (turn.named or turn.situation))
                       and not _asks_only_for_advice(turn.query))
            # after a described situation, "Wie haben die das gelöst?" asks its closest networks, as before
            if not topical or carried and turn.situation:
                return None
            # "Und Dortmund?" after "Finanzierung?", "Wie haben die das gelöst?": with the funding it was read with
            before = (topic_asked_about(index, turn.query, Conversation(turns=conversation.turns[:at]))
                      if asks_how_that_was_solved(corrected_question(index, turn.query)) else None)
            return names.mask(f"{before}\n{turn.query}" if before else turn.query)
    return None


#: The intents a question how "that" was solved has by its words alone ("Wie haben die das gelöst?",
#: "How did they solve that?", "Bunu nasıl çözdüler?" are [intent.lessons] cues): no topic of its own.
_SOLVED_ALONE = frozenset({"lessons"})


def asks_how_that_was_solved(text: str) -> bool:
    """Whether ``text`` asks how something was solved and names no topic of its own: "Wie haben die
    das gelöst?", "How did they solve that?", "Bunu nasıl çözdüler?", "Wie hat Dortmund das gelöst?"
    (session 18 browser tester W1), not "Wie haben die das mit den Sprachbarrieren gelöst?" (a topic)
    nor "Welche Lösungen gibt es für fehlende Koordination?"."""
    intent = analyse_intent(text, text)
    return (intent.solved and _SOLVED_ALONE.issuperset(intent.intents) and not intent.facts
            and not topic_concepts(tag_concepts(text)))


def solved_of_the_topic(intent: QuestionIntent, topic: str, masked: str) -> QuestionIntent:
    """The intent of a question how "that" was solved read with the topic it carries ("Funding?" then
    "How did they solve that?", and an "And Dortmund?" after them): the topic's sections alone, asked
    as solved; its own words ([intent.lessons] cues) ask for no challenges of anything else (session 19
    browser tester F8: Dortmund's language barriers in how they solved their funding). ``topic``: what
    :func:`topic_asked_about` returned; ``masked``: the question, corrected, the networks' names left out.
    Unchanged where there is no other topic, or the topic is itself the challenges ("Was lief schief?"
    then "Wie haben die das gelöst?")."""
    if not intent.solved:
        return intent
    pieces = [piece for piece in (*_SENTENCE_END.split(topic), masked) if piece.strip()]
    kept = [piece for piece in pieces if not asks_how_that_was_solved(piece)]
    if len(kept) in (0, len(pieces)):  # nothing but "gelöst?", or no such question: as it was read
        return intent
    asked = analyse_intent(" ".join(kept), " ".join(kept))
    if not asked.intents or not _SOLVED_ALONE.isdisjoint(asked.intents):
        return intent
    return replace(intent, intents=asked.intents, sections=asked.sections, soft_sections=asked.soft_sections,
                   prefer=asked.prefer, pick=asked.pick)


def solves_another_problem(unit: Unit, topics: set[str]) -> bool:
    """Whether ``unit`` is a challenge whose problem is none of the ``topics`` a question how something was
    solved asks about, though its solution names one: "At the beginning: language barriers; solution: … subsidies
    for language mediators" is no answer to how they solved their funding (session 19 browser tester F8)."""
    problem, solution = split_solution(unit.text) if unit.section is SectionKind.CHALLENGES else (unit.text, None)
    return solution is not None and not topics & topic_concepts(tag_concepts(problem))


def networks_referred_to(index: SearchIndex, text: str, conversation: Conversation) -> list[str]:
    """The networks a question that names none points back to: "Wer koordiniert dort?", "How
    are they funded?", "Onu kim koordine ediyor?" (a [refer] cue), "Ne zaman kuruldu?" (a
    network's property asked with the pronoun dropped), or "Kontakt?", "Gönüllüler?" (nothing but a
    part every sheet has or a topic's words), right after an answer about them; not one that names a network or
    town no sheet has ("Wer koordiniert das Netzwerk in Gruenwald?"). Those the last answered question
    named (at most three), else the closest networks of the situation it described (in its order), or
    else, for a [refer] cue, the networks its answer stated facts of (:func:`assistant.summary.networks_stated`: a
    row's value it says as a fact too), or else those it quoted ("wer koordiniert das?" after "Finanzierung?");
    none for a question with its own network or place ("Und Dortmund?") or "mehr dazu". "And what went wrong
    in each?" opens like an ellipsis and points back all the same; so does a topic alone after an ellipsis
    cue ("Und die Finanzierung?", "Peki finansman?") to the networks the last answer named (a comparison's, or one
    network's)."""
    if not conversation.turns or not index.units or asks_for_more(text):
        return []
    corrected = corrected_question(index, text)
    names = network_names(index)
    named = names.named(corrected)
    if named:
        return _compared_with(named, analyse_intent(corrected, corrected), conversation)
    # "Wer koordiniert das Netzwerk in Gruenwald?" after "Halberstadt": a name no sheet has is no "it" either
    if places().find(corrected) or unknown_name(corrected, names, speller(index).corpus):
        return []
    intent = analyse_intent(corrected, corrected)
    if "catalogue" in intent.intents:  # "Wie viele Netzwerke gibt es?", "How many networks are there?": all
        return []
    # "Ağlar kimlerle çalışıyorlar?", "Diğer ağlarda sorunlar neydi?": networks in general, no "it"
    general = any(cue.search(fold(corrected)) for cue in intent_data().general_cues)
    # An ending that says "it" is the asker's, whatever the typo corrector reads ("çözdüler": "çözümler")
    pointing = refers_back(corrected) or not general and any(_asks_a_property_of_it(t) for t in (corrected, text))
    # "Kontakt?", "Was lief schief?", "Finanzierung?"; "Gönüllüler?", "Ehrenamt?": a topic's words alone (V8),
    # not the asker's own need in them ("Ev bulamıyorum": I can't find a flat)
    alone = intent.only_sheet_words or not (intent.own_need or intent.personal) and asks_only_a_topic(corrected)
    # "Und die Finanzierung?" after "Vergleiche Dortmund und Halberstadt": the topic, of the two
    if not pointing and (general or not alone) and not _asks_a_topic_alone(corrected):
        return []
    last = next((turn for turn in reversed(conversation.turns) if turn.matched), None)
    if last is None:
        return []
    if last.named:
        return _the_two_compared(intent, conversation) or _the_one_answered(conversation, last) or last.named[:3]
    # "Finansman?" right after a described situation: its closest networks, the closest first (session 16
    # browser tester V9: every network's funding, the least similar first)
    if not (pointing or last.networks):
        return []
    # "wer koordiniert das?" after "Finanzierung?": the networks that answer quoted, in its order; after an
    # answer of facts ("Dortmund – Members: …" with Erfurt "also relevant", or "Dortmund – Fields of action:
    # Health" said of a row found), the networks it stated them of
    if last.networks and refers_to_one(corrected):  # "how is that one funded?": the closest network
        return [last.networks[0].network_id]
    answered = ([match.network_id for match in last.networks] or networks_stated(last)
                or [quote.network_id for quote in last.answer])
    return list(dict.fromkeys(answered))[:3]


def _the_one_answered(conversation: Conversation, last: ChatAnswer) -> list[str]:
    """After a described situation and a question pointing back to its closest networks ("Wie haben
    die das mit der Mobilität gelöst?"), whose answer was about one of them (it quoted that one first
    and more than half of its quotes are that one's): that network (session 14 browser tester T16:
    "Kontakt?" then led with the situation's closest network, not the one the quotes were about).
    None otherwise: the closest networks stay a group."""
    answered = [turn for turn in conversation.turns if turn.matched]
    if len(answered) < 2 or answered[-1] is not last or not last.answer or len(last.named) < 2:
        return []
    before = answered[-2]
    closest = [match.network_id for match in before.networks][: len(last.named)]
    if not before.situation or sorted(closest) != sorted(last.named):
        return []
    quoted = [quote.network_id for quote in last.answer]
    first = quoted[0]
    return [first] if first in last.named and 2 * quoted.count(first) > len(quoted) else []


def _the_two_compared(intent: QuestionIntent, conversation: Conversation) -> list[str]:
    """"Vergleiche die beiden", "compare them", "ikisini karşılaştır" after answers about one network
    each: the last two networks they were about, the earlier first, however many questions about the
    later one came between ("Halberstadt" -> "Finansman?" -> "Peki Dortmund?" -> "Kaç gönüllü var?":
    Halberstadt and Dortmund; session 17 browser tester W26: Dortmund's overview alone; session 13
    tester Z5: "Dortmund" -> "und Erfurt?"). The answered questions are read back while each named
    one network (a situation's, a catalogue's or a comparison's answer ends the chain); None unless
    they were about two different networks."""
    if "compare" not in intent.intents:
        return []
    about: list[str] = []
    for turn in reversed([turn for turn in conversation.turns if turn.matched]):
        if len(turn.named) != 1:
            break
        if turn.named[0] not in about:
            about.insert(0, turn.named[0])
        if len(about) == 2:
            return about
    return []


def _compared_with(named: frozenset[str], intent: QuestionIntent, conversation: Conversation) -> list[str]:
    """"Vergleiche mit Erfurt", "Compare it with Erfurt", "Und im Vergleich zu Halberstadt?" right
    after an answer about one network compare that network with the one named: the network the
    last answered question named (one network only: after a comparison the new name is the
    question's own), or after a described situation its closest network. None for a question
    without a comparison cue ("Und Dortmund?")."""
    if "compare" not in intent.intents or len(named) != 1:
        return []
    last = next((turn for turn in reversed(conversation.turns) if turn.matched), None)
    if last is None:
        return []
    # After a described situation, "it" is the closest network, the one its answer recommends and
    # asks follow-ups about ("compare it with Talbach"; session 12 browser tester Y6)
    shown = last.named or ([last.networks[0].network_id] if last.situation and last.networks else [])
    if len(shown) != 1 or shown[0] in named:
        return []
    return list(shown)


def _asks_a_property_of_it(text: str) -> bool:
    """"Ne zaman kuruldu?", "Ne kadara mal oldu?", "Sorunlar neydi?", "Kaç gönüllü var?": a
    question in a language that drops the pronoun, saying "it" or "they" by an ending, that asks
    for something of a network's own (a fact, an intent's part, a topic, how it is done):
    "Ağlar nasıl finanse ediliyor?" says nothing of "it", nor does "Dil engeli nasıl aşıldı?" (how was the
    language barrier overcome: :func:`_passive_of_its_own_subject`)."""
    language = query_language(text)
    if not drops_the_pronoun(text, language) or _passive_of_its_own_subject(text, language):
        return False
    intent = analyse_intent(text, text)
    return bool(intent.facts or intent.sections or intent.soft_sections or intent.practice
                or topic_concepts(tag_concepts(text)))


def _passive_of_its_own_subject(text: str, language: str) -> bool:
    """Whether ``text`` puts a passive verb ([refer] ``passive`` cues: "aşıldı", "çözüldü") to a topic it
    names before it, with a word between: "Dil engeli nasıl aşıldı?", "Dil engelleri nasıl çözüldü?" ask how
    the language barrier was overcome, not how "it" overcame it (session 19 browser tester: Erfurt's quotes
    about anything else, after "Erfurt nasıl koordine ediliyor?"). Not where that one word says "its" itself
    ("Bütçesi nasıl sağlandı?"), nor a topic right before the verb, part of it ("Nasıl finanse ediliyor?"), nor
    the verb's own word ("Ne zaman kuruldu?"). A term of two words or more ends as a compound does ("dil
    engelleri"), which says no "its"."""
    folded = fold(text)
    verb = next((found for cue in intent_data().passive_cues if (found := cue.search(folded))), None)
    if verb is None:
        return False
    topics = topic_concepts(tag_concepts(text))
    for start, end, ids in concept_spans(text):
        rest = _WORD_REST.match(text, end)
        stop = rest.end() if rest else end
        if not ids & topics or stop > verb.start() or not text[stop:verb.start()].strip():
            continue
        term = text[start:stop]
        if len(term.split()) > 1 or not drops_the_pronoun(term, language):
            return True
    return False


def asks_only_a_topic(text: str) -> bool:
    """Whether ``text`` says nothing but a topic's words ("Gönüllüler?", "Ehrenamt?", "Volunteers?"; each
    word a term starts counts whole) and [overview] words: like "Finanzierung?", a part asked alone."""
    topics = topic_concepts(tag_concepts(text))
    if not topics:
        return False
    left = list(text)
    for start, end, ids in concept_spans(text):
        if ids & topics:
            stop = _WORD_REST.match(text, end)
            stop_at = stop.end() if stop else end
            left[start:stop_at] = " " * (stop_at - start)
    return not rest_words("".join(left))


def _asks_a_topic_alone(text: str) -> bool:
    """Whether ``text`` opens like an ellipsis and then asks a topic alone: "Und die
    Finanzierung?", "And the funding?", "Peki finansman?", "Und Ehrenamt?" (at most two words
    besides the [overview] words, with an intent or a topic), not in general ("And how do
    networks fund themselves?", "Und bei anderen?": an [ellipsis] ``general`` cue)."""
    if not starts_an_ellipsis(text):
        return False
    folded = fold(text)
    if (not 0 < len(rest_words(text)) <= _TOPIC_ALONE_WORDS
            or any(cue.search(folded) for cue in intent_data().general_cues)):
        return False
    return bool(analyse_intent(text, text).intents or topic_concepts(tag_concepts(text)))


def naming(index: SearchIndex, network_ids: list[str]) -> str:
    """Words that name exactly these networks, each by its city or else its name (read with the
    question they are added to, they make it name them: "Wer koordiniert dort?\nHalberstadt")."""
    names = network_names(index)
    found = []
    for network_id in network_ids:
        network = index.network(network_id)
        if network is not None:
            found += [next((w for w in (network.location.city, network.name)
                            if w and names.named(w) == {network_id}), "")]
    return ", ".join(w for w in found if w)


def _is_elliptical(index: SearchIndex, text: str) -> bool:
    """Whether ``text`` only names networks or a place after an [ellipsis] cue ("Und Halberstadt?", "Und in München?",
    "Ya Dortmund?", "Halberstadt'ta?"), its words read as the search reads them: with typos
    corrected ("Peki Halbrestadt?"). "Und was ist mit dem Geld?" asks something of its own."""
    if not starts_an_ellipsis(text):
        return False
    names = network_names(index)
    corrected = corrected_question(index, text)
    if names.named(corrected):
        return analyse_intent(corrected, names.mask(corrected)).overview
    # "Und in München?": a place alone, as "Und Halberstadt?" is a network alone
    return bool(places().find(corrected)) and analyse_intent(corrected, places().without_names(corrected)).overview


def asks_which_fits(text: str) -> bool:
    """"Welches Netzwerk passt am besten zu uns?", "Which is most similar?", "Bize en uygun ağ
    hangisi?" with no situation of their own: asked after a described situation, they ask for
    that situation's closest networks again, ranked by what the situation said, not by their
    own words (session 12 browser tester Y3: "passt am besten" turned Halberstadt into Dortmund)."""
    return "networks" in analyse_intent(text, text).intents and _asks_only_for_advice(text)


def asks_for_a_match_without_a_situation(text: str, conversation: Conversation,
                                         profile: SituationProfile | None = None) -> bool:
    """"Welches Netzwerk passt am besten zu uns?", "Which network should we copy?", "Bize en uygun ağ
    hangisi?" with nothing to match yet: no situation of its own (:func:`asks_which_fits`), none
    described in an earlier turn, and no profile, the conversation's or one the user set
    (``profile``), that says anything of the asker (session 14 browser tester T13b: answered with
    arbitrary networks). Such a question is answered by asking the user to describe their town."""
    if not asks_which_fits(text) or any(turn.situation for turn in conversation.turns):
        return False
    told = profile or conversation.profile
    return told is None or told.is_empty()


#: Intents that ask about the situation described before, with none of their own.
_ABOUT_THE_SITUATION = frozenset({"advice", "networks"})


def _asks_only_for_advice(text: str) -> bool:
    """"Was können wir tun?", "Welches passt am besten zu uns?": advice or the closest networks
    with no situation of its own ("Kleinstadt ohne Koordination. Was tun?" has one); not a
    person's own matter ("Meine Frau ist im Krankenhaus, was soll ich tun?" is casework, not about the town)."""
    return (len(text) <= _ADVICE_MAX_CHARS and not _ABOUT_THE_SITUATION.isdisjoint(analyse_intent(text, text).intents)
            and not tells_a_personal_matter(text) and extract_profile(text).is_empty())


def asker_profile(intent: QuestionIntent, named: bool, text: str, written: tuple[tuple[str, str], ...],
                   previous: SituationProfile | None) -> tuple[QuestionIntent, SituationProfile]:
    """The question's intent and the asker's situation profile after it. Only the asker's own
    situation changes the profile ("und wir haben kein Geld"), not a question about another
    network ("Wie wird Halberstadt finanziert?"); a town told in telegram style ("Kleinstadt,
    niemand koordiniert.") is a situation too. ``written``: the corrections made, so that the
    evidence is shown in the user's words."""
    told = None if intent.situation or named or intent.intents else extract_profile(text, written)
    if told is not None and tells_a_town(told):
        intent = replace(intent, situation=True)
    if not intent.situation:
        return intent, previous or SituationProfile()
    if previous:
        return intent, refine_profile(previous, text, written)
    return intent, told or extract_profile(text, written)  # a telegram-style town's is read already
