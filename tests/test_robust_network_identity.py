"""Nothing misattributed: which network a document belongs to is read from what it says.

* A second network in the same city (a "Migrantenbeirat der Stadt Erfurt" sheet) is a
  second network with its own id; Erfurt keeps ``erfurt``, all three of its documents
  (the German free text is not dropped) and every fact it had; a Turkish question's
  results are quoted under the network whose sheet they come from (end to end
  through the CLI).
* A translation under a translated name joins the network whose addresses it shares.
* Ids and the document that speaks first never depend on file names or their order.
* A sheet that claims an existing network's name but states other facts (in English
  as ``aaa.en.txt``, or with German labels) is merged and flagged: a conflict for every
  differing field, the coordinator included; the network's own values stay first.
* A free text that names two networks equally is reported and kept, not dropped.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.models import FactField, Network
from assistant.network import LoadedNetworks, load_networks

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_IDS = ["dortmund", "erfurt", "halberstadt"]
BEIRAT_EN = FIXTURES / "second_network_erfurt_en.txt"
BEIRAT_TR = FIXTURES / "second_network_erfurt_tr.txt"
COORDINATOR = "Internationaler Bund - IB Mitte gGmbH (a social NGO) on behalf of the city of Erfurt"

pytestmark = pytest.mark.disable_socket


def _by_id(loaded: LoadedNetworks) -> dict[str, Network]:
    return {n.id: n for n in loaded.networks}


def _conflicts(network: Network) -> set[str]:
    return {q.field for q in network.quality if q.code == "conflict"}


def _english_impostor() -> str:
    """Erfurt's English sheet with another founding year, coordinator and member count."""
    text = (CORPUS / "erfurt.en.txt").read_text(encoding="utf-8")
    changed = (text.replace("Founding year\t2004", "Founding year\t2015")
               .replace("Internationaler Bund - IB Mitte gGmbH (a social NGO) on\n\tbehalf of the city of Erfurt",
                        "Verein Neue Wege Thüringen e.V.")
               .replace("Circa 80;", "Circa 12;"))
    assert changed.count("2015") > text.count("2015") and "Neue Wege" in changed and "Circa 12" in changed
    return changed


def _german_impostor() -> str:
    """A sheet with German labels that claims Erfurt's name (the Rosenfelde fixture renamed)."""
    text = (FIXTURES / "new_sheet_de.txt").read_text(encoding="utf-8")
    changed = (text.replace("Name des Netzwerks\tBündnis Ankommen Rosenfelde",
                            "Name des Netzwerks\tNetzwerk für Integration der Landeshauptstadt Erfurt")
               .replace("Rosenfelde / Brandenburg / Deutschland", "Erfurt / Thüringen / Deutschland"))
    assert "Landeshauptstadt Erfurt" in changed and "Erfurt / Thüringen" in changed
    return changed


# --------------------------------------------------------------------------- a second network in one city


def test_a_second_network_in_a_city_is_a_second_network(corpus_copy: Path, networks: dict[str, Network]) -> None:
    shutil.copyfile(BEIRAT_EN, corpus_copy / "beirat-erfurt.en.txt")
    loaded = load_networks(corpus_copy)
    by_id = _by_id(loaded)
    assert sorted(by_id) == ["dortmund", "erfurt", "erfurt-migrantenbeirat", "halberstadt"]
    assert loaded.warnings == []  # erfurt.de.txt is not dropped as a tie
    for seed in SEED_IDS:  # the seeds are exactly what they were
        assert by_id[seed].model_dump() == networks[seed].model_dump()
    beirat = by_id["erfurt-migrantenbeirat"]
    assert beirat.name == "Migrantenbeirat der Stadt Erfurt" and beirat.founding_year == 2011
    assert [d.source for d in beirat.documents] == ["beirat-erfurt.en.txt"]


def test_a_translation_under_a_translated_name_joins_its_network(
    corpus_copy: Path, networks: dict[str, Network],
) -> None:
    shutil.copyfile(BEIRAT_EN, corpus_copy / "beirat-erfurt.en.txt")
    shutil.copyfile(BEIRAT_TR, corpus_copy / "kurul.txt")  # "Erfurt Şehri Göçmen Danışma Kurulu"
    by_id = _by_id(load_networks(corpus_copy))
    assert sorted(by_id) == ["dortmund", "erfurt", "erfurt-migrantenbeirat", "halberstadt"]
    beirat = by_id["erfurt-migrantenbeirat"]
    assert [d.source for d in beirat.documents] == ["beirat-erfurt.en.txt", "kurul.txt"]
    assert beirat.languages == ["en", "tr"] and _conflicts(beirat) == set()
    assert by_id["erfurt"].model_dump() == networks["erfurt"].model_dump()


def _signature(loaded: LoadedNetworks, names: dict[str, str]) -> dict[str, Any]:
    """Everything about the networks except the file names (mapped back to one naming)."""
    return {
        n.id: (n.name, n.founding_year, [names[d.source] for d in n.documents],
               {f.value: fact.value for f, fact in n.facts.items()}, sorted(_conflicts(n)))
        for n in loaded.networks
    }


@pytest.mark.parametrize("naming", ["reversed", "random-1", "random-2"])
def test_ids_and_first_documents_do_not_depend_on_file_names(naming: str, tmp_path: Path) -> None:
    files = {p.name: p.read_bytes() for p in sorted(CORPUS.iterdir())}
    files["beirat.en.txt"] = BEIRAT_EN.read_bytes()
    files["kurul.tr.txt"] = BEIRAT_TR.read_bytes()
    files["impostor.en.txt"] = _english_impostor().encode("utf-8")
    original = tmp_path / "original"
    original.mkdir()
    for name, data in files.items():
        (original / name).write_bytes(data)
    if naming == "reversed":  # what sorted first now sorts last
        renamed = {name: f"{chr(ord('z') - i)}.txt" for i, name in enumerate(sorted(files))}
    else:
        rng = random.Random(naming)
        renamed = {name: f"{rng.randrange(10**6):06d}-{rng.choice('abc')}.txt" for name in files}
    assert len(set(renamed.values())) == len(files)
    other = tmp_path / "renamed"
    other.mkdir()
    for name, data in files.items():
        (other / renamed[name]).write_bytes(data)
    back = {new: old for old, new in renamed.items()}
    expected = _signature(load_networks(original), {n: n for n in files})
    assert _signature(load_networks(other), back) == expected
    assert sorted(expected) == ["dortmund", "erfurt", "erfurt-migrantenbeirat", "halberstadt"]


# --------------------------------------------------------------------------- impostors


def test_an_english_impostor_named_first_is_flagged_and_takes_nothing_over(corpus_copy: Path) -> None:
    (corpus_copy / "aaa.en.txt").write_text(_english_impostor(), encoding="utf-8")
    loaded = load_networks(corpus_copy)
    by_id = _by_id(loaded)
    assert sorted(by_id) == SEED_IDS
    erfurt = by_id["erfurt"]
    assert erfurt.documents[0].source == "erfurt.en.txt"  # not aaa.en.txt, though it sorts first
    assert "aaa.en.txt" in {d.source for d in erfurt.documents}
    assert erfurt.founding_year == 2004
    assert erfurt.fact_value(FactField.COORDINATING_ORGANISATION) == COORDINATOR
    assert {"founding_year", "coordinating_organisation", "members"} <= _conflicts(erfurt)
    coordinator = next(q for q in erfurt.quality if q.field == "coordinating_organisation")
    assert "Verein Neue Wege Thüringen e.V. (aaa.en.txt)" in coordinator.reason


def test_show_lists_the_networks_own_values_first(corpus_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    (corpus_copy / "aaa.en.txt").write_text(_english_impostor(), encoding="utf-8")
    assert main(["show", "erfurt", "--corpus", str(corpus_copy)]) == 0
    out = capsys.readouterr().out
    year = out.split("Founding year:", 1)[1].splitlines()
    assert "sources disagree" in year[0] and "2004  (erfurt.en.txt" in year[1]
    coordinator = out.split("Coordinating organisation:", 1)[1].splitlines()
    assert "sources disagree" in coordinator[0] and COORDINATOR in coordinator[1]


def test_a_german_labelled_impostor_is_flagged_coordinator_included(corpus_copy: Path) -> None:
    (corpus_copy / "zz.de.txt").write_text(_german_impostor(), encoding="utf-8")
    erfurt = _by_id(load_networks(corpus_copy))["erfurt"]
    assert erfurt.documents[0].source == "erfurt.en.txt"
    assert erfurt.fact_value(FactField.COORDINATING_ORGANISATION) == COORDINATOR
    assert {"founding_year", "coordinating_organisation", "members", "websites", "emails"} <= _conflicts(erfurt)


def test_an_identical_copy_is_skipped_and_named(corpus_copy: Path, networks: dict[str, Network]) -> None:
    shutil.copyfile(corpus_copy / "erfurt.en.txt", corpus_copy / "Kopie von erfurt.en.txt")
    loaded = load_networks(corpus_copy)
    assert [str(w) for w in loaded.warnings] == ["Kopie von erfurt.en.txt: skipped: same content as erfurt.en.txt"]
    assert _by_id(loaded)["erfurt"].model_dump() == networks["erfurt"].model_dump()


# --------------------------------------------------------------------------- free text


TIE = """Ehrenamt in Erfurt

In Erfurt engagieren sich seit Jahren viele Menschen ehrenamtlich für neu zugewanderte
Familien. Sie begleiten zu Behörden, geben Nachhilfe und laden zu Festen ein. Die
Ehrenamtlichen treffen sich einmal im Monat zum Austausch.
"""


def test_a_free_text_that_names_two_networks_equally_is_reported_and_kept(corpus_copy: Path) -> None:
    shutil.copyfile(BEIRAT_EN, corpus_copy / "beirat-erfurt.en.txt")
    (corpus_copy / "ehrenamt.txt").write_text(TIE, encoding="utf-8")
    loaded = load_networks(corpus_copy)
    [warning] = [str(w) for w in loaded.warnings]
    assert warning.startswith("ehrenamt.txt: free text names erfurt and erfurt-migrantenbeirat equally; "
                              "kept as a network of its own")
    [own] = [n for n in loaded.networks if "ehrenamt.txt" in {d.source for d in n.documents}]
    assert own.id not in ("erfurt", "erfurt-migrantenbeirat") and own.location.city == "Erfurt"
    assert [d.source for d in _by_id(loaded)["erfurt"].documents] == ["erfurt.en.txt", "erfurt.tr.txt",
                                                                       "erfurt.de.txt"]


# --------------------------------------------------------------------------- end to end


def _assistant(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
    env.update(PYTHONIOENCODING="utf-8", KOMPASS_THREADS="1", HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "assistant", *args], check=False, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.heavy  # real ingest and asks
def test_same_city_end_to_end_through_the_cli(corpus_copy: Path, tmp_path: Path) -> None:
    shutil.copyfile(BEIRAT_EN, corpus_copy / "beirat-erfurt.en.txt")
    shutil.copyfile(BEIRAT_TR, corpus_copy / "kurul.txt")
    index = tmp_path / "embeddings"
    where = ["--corpus", str(corpus_copy), "--index", str(index)]
    ingest = _assistant("ingest", "--quiet", *where, cwd=tmp_path)
    assert ingest.returncode == 0 and ingest.stderr == "", ingest.stderr
    assert "Indexed 4 networks" in ingest.stdout
    listing = json.loads(_assistant("networks", "--json", "--corpus", str(corpus_copy), cwd=tmp_path).stdout)
    documents = {n["id"]: {d["source"] for d in n["documents"]} for n in listing}
    names = {n["id"]: n["name"] for n in listing}
    assert documents["erfurt"] == {"erfurt.en.txt", "erfurt.tr.txt", "erfurt.de.txt"}
    assert documents["erfurt-migrantenbeirat"] == {"beirat-erfurt.en.txt", "kurul.txt"}
    questions = ["Erfurt'taki entegrasyon ağı gönüllüleri nasıl kazanıyor?",  # Erfurt's network
                 "Erfurt göçmen danışma kurulu seçimlere katılım",  # the council
                 "Migrantenbeirat Erfurt Wahlbeteiligung"]
    for question in questions:
        ask = _assistant("ask", "--json", question, *where, cwd=tmp_path)
        assert ask.returncode == 0, ask.stderr
        results = json.loads(ask.stdout)["results"]
        assert results, question
        for result in results:  # every quote under the network whose document it is
            assert result["source"] in documents[result["network_id"]], (question, result)
            assert result["network"] == names[result["network_id"]]
    first = json.loads(_assistant("ask", "--json", questions[0], *where, cwd=tmp_path).stdout)["results"][0]
    assert first["network_id"] == "erfurt"
    council = json.loads(_assistant("ask", "--json", questions[2], *where, cwd=tmp_path).stdout)["results"][0]
    assert council["network_id"] == "erfurt-migrantenbeirat"
    show = _assistant("show", "erfurt", "--corpus", str(corpus_copy), cwd=tmp_path)
    assert show.returncode == 0 and "Netzwerk für Integration der Landeshauptstadt Erfurt  [erfurt]" in show.stdout
    assert "Migrantenbeirat" not in show.stdout
