"""The marks of the closest networks' card (session 20 browser tester): a challenge the user names that a
network's sheet does not give as a challenge but names under another facet ("Volunteers", one of Halberstadt's
target groups) is no red ✗ ("nothing in common") but ≈ with where the sheet names it; a real mismatch stays ✗.
Only the marks: the similarity and the ranking do not count it.
"""

from __future__ import annotations

import pytest

from assistant.models import Network
from assistant.profile import concept_label, extract_profile, profile_network
from assistant.similarity import ELSEWHERE_FACETS, FacetMatch, NetworkMatch, facet_matches
from assistant.ui_text import ui
from assistant.views.parts import FacetView, Mark, facet_views

#: A small town whose volunteers are a problem, and nobody coordinates (the tester's situation, told as a problem).
VOLUNTEERS = {
    "de": "Wir sind eine Kleinstadt, die Ehrenamtlichen springen ab und niemand koordiniert",
    "en": "We are a small town, our volunteers are overwhelmed and nobody coordinates",
    "tr": "Küçük bir kasabayız, gönüllülerimiz bırakıyor ve kimse koordine etmiyor",
}
#: The same town whose associations compete: Halberstadt names competition nowhere.
COMPETITION = {
    "de": "Wir sind eine Kleinstadt, die Vereine konkurrieren und niemand koordiniert",
    "en": "We are a small town, the associations compete with each other and nobody coordinates",
    "tr": "Küçük bir kasabayız, dernekler birbiriyle rekabet ediyor, kimse koordine etmiyor",
}
LANGS = ("de", "en", "tr")


def views(networks: dict[str, Network], network_id: str, text: str, lang: str) -> dict[str, FacetView]:
    """The card's facet views of ``network_id`` for the situation ``text``, in ``lang``."""
    network = networks[network_id]
    match = NetworkMatch(network_id=network_id, network=network.name, location="", score=0.5,
                         facets=facet_matches(extract_profile(text), profile_network(network)))
    return {v.facet: v for v in facet_views(match, lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_a_challenge_the_sheet_names_as_a_target_group_is_no_mismatch(networks: dict[str, Network],
                                                                      lang: str) -> None:
    challenges = views(networks, "halberstadt", VOLUNTEERS[lang], lang)["challenges"]
    volunteers = ui("challenge_volunteers", lang)
    where = ui("named_as_target_groups", lang)
    assert challenges.mark is Mark.PARTIAL, challenges
    assert challenges.chip == challenges.short == f"{volunteers} ≈ ({where})"
    assert "✗" not in challenges.chip
    # the tooltip's "Network:" says where the sheet names it, not "not stated in the sheet"
    assert challenges.network == f"{volunteers}: {where}"
    assert challenges.similarity == 0.0  # shown, not scored: the ranking is as before


@pytest.mark.parametrize("lang", LANGS)
def test_the_other_facets_keep_their_marks(networks: dict[str, Network], lang: str) -> None:
    halberstadt = views(networks, "halberstadt", VOLUNTEERS[lang], lang)
    assert halberstadt["size"].mark is Mark.MATCH and halberstadt["coordination"].mark is Mark.MATCH
    # where the sheet gives the challenge, it is shared as before
    dortmund = views(networks, "dortmund", VOLUNTEERS[lang], lang)
    assert dortmund["challenges"].chip == f"{ui('challenge_volunteers', lang)} ✓"
    # a real mismatch of a single facet stays ✗, with the network's value
    assert dortmund["size"].mark is Mark.MISMATCH
    assert dortmund["size"].chip == f"{concept_label('small_town', lang)} ✗ ({concept_label('large_city', lang)})"


@pytest.mark.parametrize("lang", LANGS)
def test_a_challenge_the_sheet_names_nowhere_stays_a_mismatch(networks: dict[str, Network], lang: str) -> None:
    challenges = views(networks, "halberstadt", COMPETITION[lang], lang)["challenges"]
    assert challenges.user == ui("challenge_competition", lang)
    assert challenges.mark is Mark.MISMATCH
    assert challenges.chip == f"{ui('challenge_competition', lang)} ✗"
    assert challenges.network == ui("not_in_sheet", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_facet_the_sheet_does_not_state_is_marked_unknown(lang: str) -> None:
    """"?" is "the sheet does not say": the chip showed ✗ for it."""
    match = NetworkMatch(network_id="x", network="X", location="", score=0.5, facets=[
        FacetMatch(facet="challenges", user=["funding"], network=[], similarity=0.0, stated=False)])
    [view] = facet_views(match, lang)
    assert view.mark is Mark.UNKNOWN
    assert view.chip == f"{ui('challenge_funding', lang)} ?"


def test_each_place_a_challenge_is_named_has_its_words() -> None:
    for where in ELSEWHERE_FACETS:
        english = ui(f"named_as_{where}", "en")
        assert english and english != f"named_as_{where}"
        assert ui(f"named_as_{where}", "de") != english and ui(f"named_as_{where}", "tr") != english
