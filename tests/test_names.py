"""Named networks: a question names a network by its city (inflected in DE/EN/TR)
or a distinctive name phrase; never by a prefix of a word or a word the corpus
uses widely."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.names import NetworkNames
from assistant.network import load_networks

SHEET = """## **Good Practice: {title}**

1. GENERAL INFORMATION
Name of the network\t{name}
Founding year\t2015
Location\t{city} / {state} / Germany
Coordinating Organisation\tThe city's integration office
Members\tAbout 20 organisations
Field(s) of action\tLanguage; Labour market
Target group(s)\tMigrants; Refugees

2. NETWORK PROFILE
Brief description\t{text}
Resources\t<ul> <li>A part-time coordinator paid by the city</li> </ul>

3. SUCCESS FACTORS AND MAIN CHALLENGES
Success factors\t<ul> <li>{factor}</li> </ul>
Challenges\t<ul> <li>Volunteers drop out after a few months</li> </ul>
"""

NETWORKS = [
    ("berlin-neukoelln", "Berlin-Neukölln", "Berlin", "Integrationsnetzwerk Neukölln hilft",
     "The Integrationsnetzwerk brings migrants and health services together in the district.",
     "Regular meetings with migrants and health services"),
    ("erfurt", "Erfurt", "Thuringia", "Netzwerk für Integration Erfurt",
     "The network connects migrants with health services and the Integrationsnetzwerk of the region.",
     "Clear roles of every member"),
    ("dortmund", "Dortmund", "North Rhine-Westphalia", 'Integrationsnetzwerk Dortmund "lokal willkommen"',
     "Local welcome offices (lokal willkommen) in every district help migrants; health advice included.",
     "Decentralised offices close to people"),
    ("halberstadt", "Halberstadt", "Saxony-Anhalt", "Caritas-Diakonie-Zora Netzwerk Halberstadt (no official name)",
     "Three NGOs cooperate without a formal agreement; migrants get health and housing advice.",
     "Trust between the three organisations"),
    ("halle", "Halle", "Saxony-Anhalt", "Migrantennetzwerk Halle",
     "Migrant organisations of the city meet in the Integrationsnetzwerk; health counselling for migrants.",
     "Migrant organisations lead the work despite hohe Kosten"),
    ("hohe-geest", "Hohe Geest", "Lower Saxony", "Regionales Netzwerk Hohe Geest",
     "Eleven villages share one officer; migrants get health advice in the village halls.",
     "One contact person for all villages"),
]


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> NetworkNames:
    corpus = tmp_path_factory.mktemp("names-corpus")
    for slug, city, state, name, text, factor in NETWORKS:
        (corpus / f"{slug}.en.txt").write_text(
            SHEET.format(title=name.upper(), name=name, city=city, state=state, text=text, factor=factor),
            encoding="utf-8")
    networks = load_networks(corpus).networks
    assert len(networks) == len(NETWORKS)
    return NetworkNames.of(networks)


def _ids(names: NetworkNames, question: str) -> set[str]:
    return {nid.split("-")[0] for nid in names.named(question)}


@pytest.mark.parametrize(
    ("question", "network"),
    [
        ("Erfurt", "erfurt"),
        ("Was hat das Erfurter Netzwerk gelernt?", "erfurt"),
        ("Wie arbeitet man in Halberstadt?", "halberstadt"),
        ("Die Halberstädter Vereine", "halberstadt"),
        ("What did Erfurt's network learn?", "erfurt"),
        ("Dortmund'da gönüllüler ne yapıyor?", "dortmund"),
        ("Erfurt'taki ağın iletişim kişisi kim?", "erfurt"),
        ("Halberstadt’ta sorunlar neler?", "halberstadt"),
        ("Dortmundda koordinasyon", "dortmund"),
        ("Neukölln", "berlin"),
        ("Was macht Berlin-Neukölln?", "berlin"),
        ("lokal willkommen", "dortmund"),
        ("Zora", "halberstadt"),
        ("Was passiert in der Hohen Geest?", "hohe"),
        ("Geest", "hohe"),
        ("Berlin-Neukölln'deki ağ", "berlin"),
    ],
)
def test_cities_and_name_phrases_name_their_network(names: NetworkNames, question: str, network: str) -> None:
    assert network in _ids(names, question)


@pytest.mark.parametrize(
    "question",
    [
        "How do we cope with an attack on a refugee home?",
        "Migrants in our county need health advice",
        "Ein Integrationsnetzwerk gründen: womit anfangen?",
        "Was heißt lokal arbeiten?",
        "Willkommen heißen, aber wie?",
        "Ein Hallenbad für alle",  # Halle is a prefix of the word, not the city
        "Erfurtskaja",  # not an inflection ending
        "What is the official name of your network?",  # a remark in parentheses is not the name
        "Wir haben hohe Kosten",  # "hohe" of "Hohe Geest" is an ordinary word, also in lower case
    ],
)
def test_common_words_and_prefixes_name_nothing(names: NetworkNames, question: str) -> None:
    assert names.named(question) == frozenset()


def test_common_words_are_decided_by_the_corpus(names: NetworkNames) -> None:
    # "Integrationsnetzwerk" is a name word of two networks and used by the others too.
    assert "integrationsnetzwerk" in names.common
    assert "integrationsnetzwerk" not in names.words


def test_masking_removes_every_part_and_ending(names: NetworkNames) -> None:
    assert names.mask("Wetter in Berlin-Neukölln morgen") == "Wetter in morgen"
    assert names.mask("Wetter in Berlin") == "Wetter in"
    assert names.mask("Dortmund'da hava nasıl?") == "hava nasıl?"
    assert names.mask("Erfurter Bratwurst") == "Bratwurst"
    assert names.mask("Berlin-Neukölln'deki ağ") == "ağ"
    assert names.mask("in der Hohen Geest") == "in der"


def test_seed_corpus_names(corpus_dir: Path) -> None:
    names = NetworkNames.of(load_networks(corpus_dir).networks)
    assert names.named("Was hat Halberstadt gelernt?") == {"halberstadt"}
    assert names.named("Erfurter Netzwerk") == {"erfurt"}
    assert names.named("Dortmund'da") == {"dortmund"}
    assert names.named("cope with migrants without any money, lokal") == frozenset()


@pytest.mark.parametrize(
    ("question", "network"),
    [
        ("Neukoelln", "berlin"),  # Z19 (s9 tester): umlauts written as ae/oe/ue
        ("Was macht Berlin-Neukoelln?", "berlin"),
        ("Die Halberstaedter Vereine", "halberstadt"),
        ("Berlin-Neukoelln'deki ağ", "berlin"),
        ("NEUKOELLN", "berlin"),
        ("Neukolln saglik agi", "berlin"),  # the umlaut dropped, as Turkish keyboards write it
    ],
)
def test_transliterated_umlauts_name_their_network(names: NetworkNames, question: str, network: str) -> None:
    assert network in _ids(names, question)


def test_transliterated_umlauts_are_masked_whole(names: NetworkNames) -> None:
    assert names.mask("Wetter in Berlin-Neukoelln morgen") == "Wetter in morgen"
    assert names.mask("Die Halberstaedter Vereine") == "Die Vereine"


@pytest.mark.parametrize("question", ["Frauen und neue Wege", "Ich muss das wissen", "Blues in Queens",
                                      "Hallenbaeder fuer alle"])
def test_transliteration_names_nothing_new(names: NetworkNames, question: str) -> None:
    assert names.named(question) == frozenset()
