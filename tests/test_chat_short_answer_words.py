"""Words of the short answer that the session 14 browser tester found wrong.

T10: a comparison's short answer said "What the sheets say about the network: Erfurt [14] …,
Dortmund [15]" (DE „über das Netzwerk“, TR „bu ağ hakkında“) for two networks.
T19: with fact values of another language quoted (T2), a German or Turkish short answer quoted
web addresses as English words and cut the long one („https://www.caritas-magdeburg.de/…/dekanate- …“);
an address, a mailbox or a phone number is in no language and is said whole.
"""

from __future__ import annotations

import pytest

from assistant.chat import Conversation
from assistant.i18n import t

pytestmark = pytest.mark.heavy  # the real engine

LANGUAGES = ("de", "en", "tr")
#: Halberstadt's longest website (its English sheet), 130 characters.
CARITAS = ("https://www.caritas-magdeburg.de/unsere-hilfe-beratung/caritas-vor-ort/"
           "dekanate-im-bistum-magdeburg/dekanat-halberstadt/dekanat-halberstadt")


def _lead(key: str, lang: str) -> str:
    """The words of a catalogue sentence before its references."""
    return t(key, lang, refs="@").split("@")[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_comparison_speaks_of_the_networks(seed_engine, lang: str) -> None:  # noqa: ANN001 - the real engine
    summary = seed_engine.chat("Dortmund vs Erfurt", conversation=Conversation(), ui_language=lang).summary or ""
    assert _lead("summary_overview_many", lang) in summary, summary
    assert _lead("summary_overview", lang) not in summary, summary


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_network_is_still_the_network(seed_engine, lang: str) -> None:  # noqa: ANN001
    summary = seed_engine.chat("Halberstadt", conversation=Conversation(), ui_language=lang).summary or ""
    assert _lead("summary_overview", lang) in summary, summary
    assert _lead("summary_overview_many", lang) not in summary, summary


@pytest.mark.parametrize(("lang", "question"), [
    ("de", "Kontakt Halberstadt"),
    ("en", "How can I contact Halberstadt?"),
    ("tr", "Halberstadt'ın telefon numarası?"),
])
def test_web_addresses_are_said_whole_and_unquoted(seed_engine, lang: str, question: str) -> None:  # noqa: ANN001
    summary = seed_engine.chat(question, conversation=Conversation(), ui_language=lang).summary or ""
    for address in ("http://www.zora.de/", CARITAS, "https://www.diakonie-halberstadt.de/startseite.html"):
        assert f"{address} [" in summary, (lang, summary)
        assert t("summary_quoted_value", lang, value=address) not in summary, summary
    # a value in words of another language is still quoted (T2)
    other = seed_engine.chat("Halberstadt", conversation=Conversation(), ui_language=lang).summary or ""
    if lang != "en":
        assert t("summary_quoted_value", lang, value="No coordinating organisation") in other, other
