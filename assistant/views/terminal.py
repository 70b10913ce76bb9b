"""Plain-text views of networks for the terminal (the UI renders its own), every word
around the quotes in the view's language (the catalogues)."""

from __future__ import annotations

from collections.abc import Collection

from assistant.chat import ChatAnswer
from assistant.i18n import t
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.models import FACT_ORDER, FactField, Network, SectionKind
from assistant.recommend import Answer
from assistant.text import terminal_safe
from assistant.ui_text import document_kind, number, quality_line
from assistant.views.notices import follow_up_text, message_text, offered_follow_ups


def _lines(out: list[str]) -> str:
    """The lines of a view, each one terminal line whatever its values hold."""
    return "\n".join(terminal_safe(line) for line in out)

# Name and location head the profile; the other facts follow in the shared order.
_GENERAL_ORDER = tuple(f for f in FACT_ORDER if f not in (FactField.NAME, FactField.LOCATION))


def format_network(network: Network, lang: str = "en") -> str:
    """A readable profile: general facts with their sources, then every section's items."""
    fields = FIELD_NAMES.get(lang, FIELD_NAMES["en"])
    sections = SECTION_NAMES.get(lang, SECTION_NAMES["en"])
    out = [f"{network.name}  [{network.id}]", f"{network.location}", ""]
    for field in _GENERAL_ORDER:
        fact = network.facts.get(field)
        if not fact:
            continue
        flag = f"  {t('conflict_flag', lang)}" if fact.conflict else ""
        out.append(f"{fields[field]}:{flag}")
        seen: set[tuple[str, str]] = set()
        for claim in fact.claims:
            key = (claim.value, claim.span.source)
            if key in seen:
                continue
            seen.add(key)
            out.append(f"  - {claim.quote}  ({claim.span.source}:{claim.span.start}-{claim.span.end})")
    for section in network.sections:
        if section.kind in (SectionKind.GENERAL, SectionKind.CONTACT):
            continue
        out += ["", f"{sections[section.kind]} — {section.source} [{section.language}]"]
        out += [f"  • {item.text}" for item in section.items]
    if network.quality:
        out += ["", f"{t('data_quality', lang)}:"]
        out += [f"  ! {quality_line(q, lang)}" for q in network.quality]
    out += ["", f"{t('documents', lang)}: "
            + ", ".join(f"{d.source} ({d.language}, {document_kind(d.kind, lang)})" for d in network.documents)]
    return _lines(out)


def _answer_language(answer: Answer) -> str:
    """The language of the words around an ``ask`` answer: the question's, else English."""
    return answer.language if answer.language in SECTION_NAMES else "en"


def ask_contract(answer: Answer) -> dict[str, object]:
    """The JSON object ``assistant ask --json`` prints: ``message`` as text in the
    question's language, with its codes beside it (``notices``)."""
    return {"query": answer.query, "language": answer.language, "matched": answer.matched,
            "message": message_text(answer.notices, _answer_language(answer)),
            "results": [r.contract() for r in answer.results],
            "notices": [n.model_dump(mode="json") for n in answer.notices]}


def format_answer(answer: Answer, explain: bool = False) -> str:
    """An answer as terminal text: each result quoted with its network, section and source."""
    lang = _answer_language(answer)
    names = SECTION_NAMES[lang]
    out = []
    message = message_text(answer.notices, lang)
    if message:
        out.append(message)
    for rank, result in enumerate(answer.results, 1):
        section = names.get(SectionKind(result.section), result.section)
        out.append(f"{rank}. {result.network} ({result.location}) — {section}")
        out.append(f"   “{result.text}”")
        where = f"{result.source}:{result.start}-{result.end}"
        out.append(f"   {t('cli_source', lang, source=where)}  [{result.language}]")
        if explain:
            why = ", ".join(result.matched_concepts) or t("cli_why_text", lang)
            out.append(f"   {t('cli_why', lang, reasons=why, score=number(result.score, lang, 3))}")
    return _lines(out)


def chat_contract(answer: ChatAnswer, asked: Collection[str] = ()) -> dict[str, object]:
    """The JSON object ``assistant chat --json`` prints for a turn: ``message`` and
    ``follow_ups`` as text in the answer's language, with their codes beside them
    (``notices``, ``follow_up_codes``); ``asked``: the conversation's questions so far."""
    offered = offered_follow_ups(answer.follow_ups, asked)
    return {
        "query": answer.query, "language": answer.language, "matched": answer.matched,
        "message": message_text(answer.notices, answer.ui_language), "summary": answer.summary,
        "answer": [q.contract() for q in answer.answer], "networks": [m.model_dump() for m in answer.networks],
        "follow_ups": [follow_up_text(f, answer.ui_language) for f in offered],
        "notices": [n.model_dump(mode="json") for n in answer.notices],
        "follow_up_codes": [f.model_dump(mode="json") for f in offered],
    }


def format_chat(answer: ChatAnswer, asked: Collection[str] = ()) -> str:
    """A chat turn as terminal text: the short answer, then the numbered quotes by part,
    the closest networks and the suggested next questions (those not in ``asked``, the
    conversation's questions so far), every word around the quotes in the answer's language."""
    lang = answer.ui_language if answer.ui_language in SECTION_NAMES else "en"
    names = SECTION_NAMES[lang]
    out = [f"> {answer.query}"]
    message = message_text(answer.notices, lang)
    if message:
        out.append(message)
    if answer.summary:
        out += [f"{t('summary_title', lang)}: {answer.summary}"]
    part = None
    for quote in answer.answer:
        if quote.part is not part:
            part = quote.part
            out += ["", f"## {t(f'part_{part.value}', lang)}"]
        section = names.get(SectionKind(quote.section), quote.section)
        out.append(f"[{quote.number}] {quote.network} — {section}")
        out.append(f"    “{quote.text}”")
        out.append(f"    {quote.source}  [{quote.language}]")
    if answer.networks:
        out += ["", f"## {t('part_networks', lang)}"]
        for match in answer.networks:
            facets = ", ".join(
                f"{t(f'facet_{f.facet}', lang)} {number(f.similarity, lang) if f.stated else '–'}"
                for f in match.facets)
            out.append(f"{number(match.score, lang)}  {match.network} ({match.location}): {facets}")
    offered = offered_follow_ups(answer.follow_ups, asked)
    if offered:
        out += ["", f"## {t('part_follow_ups', lang)}"] + [f"- {follow_up_text(f, lang)}" for f in offered]
    return _lines(out) + "\n"
