"""Filter options read from the networks, and which networks a selection allows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.filters import (
    FACETS,
    allowed_networks,
    filter_options,
    network_filter_facets,
    option_label,
)
from assistant.models import Network


def test_options_of_the_seed_corpus(networks: dict[str, Network]) -> None:
    options = filter_options(networks.values())
    assert options.keys("formalisations") == ["formal_agreement", "informal_cooperation"]
    assert options.keys("types") == ["type:informal-network", "type:state-integration-network"]
    # "State integration network" and "State-integration network" are one type.
    state = next(o for o in options.types if o.key == "type:state-integration-network")
    assert sorted(state.network_ids) == ["dortmund", "erfurt"]
    general = "raw:inclusion-integration-in-general"
    assert {"labour_market", "language", "culture_sports", general} <= set(options.keys("fields"))
    assert {"refugees", "migrants", "volunteers", "ngos_welfare", "raw:public-administration"} <= set(
        options.keys("groups"))
    # Concepts come first, in vocabulary order; then other values.
    fields = options.keys("fields")
    assert fields.index("labour_market") < fields.index("culture_sports") < fields.index(general)
    # Translations are not mixed in: the Turkish sheet's values do not become options of their own.
    assert not any("genel" in k or "stk" in k for k in options.keys("fields") + options.keys("groups"))


def test_facets_of_each_network(networks: dict[str, Network]) -> None:
    halberstadt = network_filter_facets(networks["halberstadt"])
    assert halberstadt.formalisations == {"informal_cooperation"}
    assert halberstadt.types == {"type:informal-network"}
    assert "refugees" in halberstadt.groups and "housing" in halberstadt.fields
    erfurt = network_filter_facets(networks["erfurt"])
    assert erfurt.formalisations == {"formal_agreement"}
    assert "refugees" not in erfurt.groups


def test_informal_networks_are_halberstadt(networks: dict[str, Network]) -> None:
    ns = list(networks.values())
    assert allowed_networks(ns, formalisations=["informal_cooperation"]) == {"halberstadt"}
    assert allowed_networks(ns, types=["type:informal-network"]) == {"halberstadt"}
    assert allowed_networks(ns, formalisations=["formal_agreement"]) == {"dortmund", "erfurt"}


def test_no_selection_allows_all_and_facets_combine(networks: dict[str, Network]) -> None:
    ns = list(networks.values())
    assert allowed_networks(ns) == set(networks)
    assert allowed_networks(ns, [], [], [], []) == set(networks)
    # Within a facet: any; across facets: all.
    assert allowed_networks(ns, groups=["refugees"]) == {"dortmund", "halberstadt"}
    assert allowed_networks(ns, groups=["refugees", "companies_employers"]) == set(networks)
    assert allowed_networks(ns, groups=["refugees"], formalisations=["formal_agreement"]) == {"dortmund"}
    assert allowed_networks(ns, fields=["raw:inclusion-integration-in-general"]) == {"erfurt", "halberstadt"}
    assert allowed_networks(ns, fields=["no-such-field"]) == set()
    assert allowed_networks([], groups=["refugees"]) == set()


def test_option_labels_in_three_languages(networks: dict[str, Network]) -> None:
    raw = filter_options(networks.values()).raw_labels()
    assert option_label("informal_cooperation", "de") == "Informelle Zusammenarbeit"
    assert option_label("type:informal-network", "tr") == "Gayri resmi ağ"
    assert option_label("refugees", "en") == "Refugees"
    assert option_label("raw:public-administration", "de") == "Öffentliche Verwaltung"
    assert option_label("raw:something-else", "de", {"raw:something-else": "Something else"}) == "Something else"
    assert option_label("type:civic-thing", "en") == "Civic thing"
    assert all(option_label(key, lang, raw) for key in raw for lang in ("de", "en", "tr"))


_SEED_OPTIONS: dict[str, list[str]] = {}


def _options(networks: dict[str, Network]) -> dict[str, list[str]]:
    if not _SEED_OPTIONS:
        options = filter_options(networks.values())
        _SEED_OPTIONS.update({facet: options.keys(facet) for facet in FACETS})
    return _SEED_OPTIONS


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_selection_algebra(networks: dict[str, Network], data: st.DataObject) -> None:
    """Facets intersect, values within a facet unite, and more facets never allow more."""
    ns = list(networks.values())
    options = _options(networks)
    pick = {f: data.draw(st.lists(st.sampled_from(options[f]), max_size=3, unique=True), label=f) for f in FACETS}
    combined = allowed_networks(ns, **pick)
    alone = [allowed_networks(ns, **{f: pick[f]}) for f in FACETS]
    assert combined == set.intersection(*alone)
    assert combined <= set(networks)
    facet = data.draw(st.sampled_from(FACETS), label="facet")
    if pick[facet]:
        assert allowed_networks(ns, **{facet: pick[facet]}) == set().union(
            *(allowed_networks(ns, **{facet: [value]}) for value in pick[facet]))


def test_a_field_is_one_option_whatever_the_sheets_language(tmp_path) -> None:  # noqa: ANN001
    """X11 (s7 tester): "Antidiskriminierung" (a German sheet) and "Anti-discrimination" (an English
    one) were two options, each finding one network; "Ayrımcılıkla mücadele" a third."""
    import shutil
    from pathlib import Path

    from assistant.network import load_networks

    growth = Path(__file__).resolve().parent.parent / "eval" / "growth" / "corpus"
    for name in ("lindenfeld.de.txt", "oberwald.en.txt"):
        shutil.copy(growth / name, tmp_path / name)
    options = filter_options(load_networks(tmp_path).networks)
    field = next(o for o in options.fields if o.key == "anti_discrimination")
    assert sorted(field.network_ids) == ["lindenfeld", "oberwald"]
    assert not any("discrimin" in key or "diskrimin" in key for key in options.keys("fields") if key != field.key)
    assert [option_label("anti_discrimination", lang) for lang in ("de", "en", "tr")] == [
        "Antidiskriminierung", "Anti-discrimination", "Ayrımcılıkla mücadele"]


def test_the_sheets_own_words_are_one_option_or_marked_with_their_language(tmp_path) -> None:  # noqa: ANN001
    """X11 rest (s7 tester): the German list offered raw "Kindergartens and schools", "Landlords",
    "Kommunalpolitik und Verwaltung" (also in the Turkish interface), "Municipal housing network", and
    the fields "Kadınlar"/"Parents" beside translated ones. A field that is a target group's is that
    one option in every language; a target group naming the municipality is public administration;
    what no concept covers stays the sheet's wording, marked with the sheet's language in another
    interface."""
    import shutil
    from pathlib import Path

    from assistant.network import load_networks

    growth = Path(__file__).resolve().parent.parent / "eval" / "growth" / "corpus"
    root = Path(__file__).resolve().parent.parent / "corpus"
    for path in (*(growth / n for n in ("bergfeld.tr.txt", "lindenfeld.de.txt", "muehlhofen.en.txt",
                                         "neuwerben.en.txt", "oberwald.en.txt")), root / "erfurt.en.txt"):
        shutil.copy(path, tmp_path / path.name)
    options = filter_options(load_networks(tmp_path).networks)
    women = next(o for o in options.fields if o.key == "women_families")  # "Kadınlar" (TR), "Parents" (EN)
    assert sorted(women.network_ids) == ["bergfeld", "muhlhofen"]
    assert not any(key in ("raw:kadinlar", "raw:parents") for key in options.keys("fields"))
    fields = options.keys("fields")
    assert fields.index("anti_discrimination") < fields.index("women_families")  # the fields' own concepts first
    administration = next(o for o in options.groups if o.key == "raw:public-administration")
    assert {"lindenfeld", "erfurt"} <= set(administration.network_ids)  # "Kommunalpolitik und Verwaltung"
    assert "raw:kommunalpolitik-und-verwaltung" not in options.keys("groups")
    de, tr, en = (options.raw_labels(lang) for lang in ("de", "tr", "en"))
    assert option_label("raw:landlords", "de", de) == "Landlords (EN)"
    assert option_label("raw:landlords", "en", en) == "Landlords"
    assert option_label("type:municipal-housing-network", "tr", tr) == "Municipal housing network (EN)"
    assert option_label("type:yerel-kadin-agi", "de", de) == "Yerel kadın ağı (TR)"
    assert option_label("type:yerel-kadin-agi", "tr", tr) == "Yerel kadın ağı"
    assert option_label("raw:public-administration", "tr", tr) == "Kamu yönetimi"
