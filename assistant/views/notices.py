"""An answer's notices and follow-up questions as text, in the language they are shown in
(the app: the interface's current language; the CLI: the answer's).

The library returns them as codes with parameters (:mod:`assistant.notices`); the text
is in the catalogues: a notice's key is its code, a follow-up's ``follow_up_<code>``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from assistant.i18n import UI_LANGUAGES, language_name, t
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.models import FactField, SectionKind
from assistant.notices import FollowUp, Notice, NoticeCode
from assistant.places import places

__all__ = ["FOLLOW_UPS_SHOWN", "follow_up_text", "message_text", "notice_text", "offered_follow_ups"]

#: Notices whose ``places`` (and ``around``) are place ids, shown by their names.
_PLACE_NOTICES = frozenset((NoticeCode.NO_NETWORK_THERE, NoticeCode.NO_NETWORK_THERE_AROUND,
                            NoticeCode.NO_NETWORK_THERE_ONLY))

#: How many follow-up questions an answer offers.
FOLLOW_UPS_SHOWN = 3


def notice_text(notice: Notice, lang: str) -> str:
    """One notice in ``lang`` (a notice saved as text before notices were codes: that text)."""
    params = dict(notice.params)
    if notice.code is NoticeCode.SAVED_TEXT:
        return str(params.get("text", ""))
    if notice.code is NoticeCode.OTHER_LANGUAGE:
        params["language"] = language_name(str(params.get("language", "")), lang)
    if notice.code in _PLACE_NOTICES:  # each place by its name in ``lang`` (places.toml)
        params["places"] = ", ".join(places().name(p, lang) for p in str(params.get("places", "")).split(",") if p)
        if "around" in params:
            params["around"] = places().name(str(params["around"]), lang)
    if notice.code is NoticeCode.FACT_NOT_STATED:  # each field by its name in ``lang``
        params["fields"] = _field_names(str(params.get("fields", "")), lang)
    if notice.code is NoticeCode.FACT_NOT_STATED_EACH:  # "Dortmund: Telefon, Adresse; Halberstadt: E-Mail, …"
        lacking = str(params.get("missing", "")).split("; ")
        params["missing"] = "; ".join(_lacking(item, lang) for item in lacking if item)
    if notice.code is NoticeCode.FILTERED_OUT:  # "schließen Dortmund, Erfurt aus, um die es … geht": their count
        params["n"] = max(1, len([c for c in str(params.get("networks", "")).split(", ") if c]))
    if notice.code is NoticeCode.SECTION_NOT_STATED:  # each section by its name in ``lang``
        sections = SECTION_NAMES.get(lang, SECTION_NAMES["en"])
        params["sections"] = ", ".join(sections.get(SectionKind(s), s)
                                       for s in str(params.get("sections", "")).split(",") if s)
    return t(notice.code.value, lang, **params)


def _field_names(fields: str, lang: str) -> str:
    """Comma-separated :class:`FactField` values by their names in ``lang``."""
    names = FIELD_NAMES.get(lang, FIELD_NAMES["en"])
    return ", ".join(names.get(FactField(f), f) for f in fields.split(",") if f)


def _lacking(item: str, lang: str) -> str:
    """One network's unstated facts ("Dortmund: contact_person,phone") in ``lang``."""
    city, _, fields = item.rpartition(": ")
    return t("fact_not_stated_network", lang, network=city, fields=_field_names(fields, lang))


def message_text(notices: Sequence[Notice], lang: str) -> str | None:
    """An answer's notices as one message in ``lang`` (None without any)."""
    return " ".join(notice_text(n, lang) for n in notices) or None


def follow_up_text(follow_up: FollowUp, lang: str) -> str:
    """One suggested next question in ``lang``."""
    return t(f"follow_up_{follow_up.code.value}", lang, **follow_up.params)


def offered_follow_ups(follow_ups: Sequence[FollowUp], asked: Collection[str],
                       limit: int = FOLLOW_UPS_SHOWN) -> list[FollowUp]:
    """The first ``limit`` follow-ups that were not asked yet, in any interface language
    (a question clicked before a language switch is not offered again in the new one)."""
    asked_texts = set(asked)
    offered = [f for f in follow_ups
               if not any(follow_up_text(f, lang) in asked_texts for lang in UI_LANGUAGES)]
    return offered[:limit]
