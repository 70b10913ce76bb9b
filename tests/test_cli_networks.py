"""The ``networks`` and ``show`` commands: JSON contract, readable text, errors, corpus choice.

Run in-process through ``assistant.cli.main`` (fast), plus one subprocess run of
``python -m assistant`` and one of the installed ``assistant`` console script.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import clean_env

from assistant.cli import main

SEED_IDS = ["dortmund", "erfurt", "halberstadt"]
SCALAR_FIELDS = ["status_date", "coordinating_organisation", "formalisation", "members", "network_type"]
LIST_FIELDS = ["fields_of_action", "target_groups", "websites", "emails"]
NETWORK_KEYS = {
    "id", "name", "location", "founding_year", "languages", "documents", "facts", "sections",
    "quality", *SCALAR_FIELDS, *LIST_FIELDS,
}
SECTION_KINDS = {
    "general", "description", "resources", "internal_communication", "external_communication",
    "success_factors", "challenges", "evaluation", "impact", "contact",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_corpus_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their corpus explicitly; a developer's KOMPASS_CORPUS must not leak in."""
    monkeypatch.delenv("KOMPASS_CORPUS", raising=False)


@pytest.fixture(scope="module")
def listing(corpus_dir: Path) -> list[dict[str, Any]]:
    """``assistant networks --json`` on the seed corpus, parsed (captured without capsys)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["networks", "--json", "--corpus", str(corpus_dir)]) == 0
    return json.loads(out.getvalue())


def _by_id(listing: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in listing}


def assert_network_shape(network: dict[str, Any], corpus: Path) -> None:
    assert set(network) >= NETWORK_KEYS
    assert set(network["location"]) == {"city", "state", "country"}
    assert network["founding_year"] is None or isinstance(network["founding_year"], int)
    for key in SCALAR_FIELDS:
        assert network[key] is None or isinstance(network[key], str), key
    for key in LIST_FIELDS:
        assert isinstance(network[key], list) and all(isinstance(v, str) for v in network[key]), key
    assert network["documents"]
    sources = set()
    for document in network["documents"]:
        assert {"source", "kind", "language", "title", "sha256"} <= set(document)
        assert (corpus / document["source"]).is_file()
        sources.add(document["source"])
    for field_, fact in network["facts"].items():
        assert fact["field"] == field_ and isinstance(fact["conflict"], bool)
        for claim in fact["claims"]:
            assert claim["span"]["source"] in sources
            assert 0 <= claim["span"]["start"] < claim["span"]["end"]
    assert network["sections"]
    texts = {s: (corpus / s).read_text(encoding="utf-8") for s in sources}
    for section in network["sections"]:
        assert section["kind"] in SECTION_KINDS and section["source"] in sources
        assert section["items"]
        for item in section["items"]:
            span = item["span"]
            assert span["source"] == section["source"]
            quoted = texts[span["source"]][span["start"] : span["end"]]
            # The item's text begins and ends where its span does (a wrapped URL is re-joined).
            assert item["text"].startswith(quoted.split()[0])
            assert item["text"].endswith(quoted.split()[-1])
    for issue in network["quality"]:
        assert {"field", "value", "reason"} <= set(issue)


# --------------------------------------------------------------------------- networks --json


def test_networks_json_is_exactly_one_array(capsys: pytest.CaptureFixture[str], corpus_dir: Path) -> None:
    code, out, err = run(capsys, "networks", "--json", "--corpus", str(corpus_dir))
    assert code == 0 and err == ""
    data = json.loads(out)  # the whole of stdout is one JSON document
    assert isinstance(data, list) and out.lstrip().startswith("[") and out.rstrip().endswith("]")
    assert [n["id"] for n in data] == SEED_IDS


def test_networks_json_shape(listing: list[dict[str, Any]], corpus_dir: Path) -> None:
    for network in listing:
        assert_network_shape(network, corpus_dir)


def test_networks_json_values(listing: list[dict[str, Any]]) -> None:
    by_id = _by_id(listing)
    erfurt, dortmund, halberstadt = by_id["erfurt"], by_id["dortmund"], by_id["halberstadt"]
    assert erfurt["name"] == "Netzwerk für Integration der Landeshauptstadt Erfurt"
    assert erfurt["location"] == {"city": "Erfurt", "state": "Thuringia", "country": "Germany"}
    assert erfurt["founding_year"] == 2004
    assert erfurt["formalisation"] == "Formal cooperation agreement"
    assert erfurt["network_type"] == "State-integration network"
    assert erfurt["status_date"] == "December 2020"
    assert erfurt["fields_of_action"] == ["Inclusion / Integration in general"]
    assert [v.rstrip(".") for v in erfurt["target_groups"]] == [
        "Public administration", "NGOs", "Volunteers", "Companies", "Training providers etc"
    ]
    assert "www.integration-migration-thueringen.de/netzwerk" in erfurt["websites"]
    assert "netzwerk@integration-migration-thueringen.de" in erfurt["emails"]
    assert sorted(d["source"] for d in erfurt["documents"]) == [
        "erfurt.de.txt", "erfurt.en.txt", "erfurt.tr.txt"
    ]
    assert sorted(erfurt["languages"]) == ["de", "en", "tr"]
    assert dortmund["founding_year"] == 2016
    assert dortmund["location"]["state"] == "North Rhine-Westphalia"
    assert dortmund["emails"] == ["nfarshi@stadtdo.de"]
    assert halberstadt["founding_year"] is None
    assert halberstadt["emails"] == []
    assert halberstadt["coordinating_organisation"] == "No coordinating organisation"
    assert halberstadt["network_type"] == "Informal network"


def test_networks_json_quality_flags(listing: list[dict[str, Any]]) -> None:
    by_id = _by_id(listing)
    erfurt = by_id["erfurt"]
    year = erfurt["facts"]["founding_year"]
    assert year["conflict"] is True
    assert {c["value"] for c in year["claims"]} == {"2004", "1999"}
    assert any(q["field"] == "founding_year" for q in erfurt["quality"])
    halberstadt = by_id["halberstadt"]
    assert "founding_year" not in halberstadt["facts"] and "emails" not in halberstadt["facts"]
    flagged = {(q["field"], q["value"]) for q in halberstadt["quality"]}
    assert {("founding_year", "1"), ("emails", "1")} <= flagged
    assert by_id["dortmund"]["facts"]["founding_year"]["conflict"] is False


def test_networks_json_sections_and_items(listing: list[dict[str, Any]]) -> None:
    erfurt = _by_id(listing)["erfurt"]
    external = [
        s for s in erfurt["sections"]
        if s["kind"] == "external_communication" and s["source"] == "erfurt.en.txt"
    ]
    assert len(external) == 1
    texts = [i["text"] for i in external[0]["items"]]
    assert texts[-2:] == [
        "Two-monthly calendar of events",
        "The offering of further training and events on the topic of integration as required",
    ]
    kinds_en = {s["kind"] for s in erfurt["sections"] if s["source"] == "erfurt.en.txt"}
    assert kinds_en == SECTION_KINDS


def test_networks_text_lists_every_network(capsys: pytest.CaptureFixture[str], corpus_dir: Path) -> None:
    code, out, _ = run(capsys, "networks", "--corpus", str(corpus_dir))
    assert code == 0
    for network_id in SEED_IDS:
        assert network_id in out
    assert "erfurt.de.txt" in out


# --------------------------------------------------------------------------- show


def test_show_json_is_one_network(
    capsys: pytest.CaptureFixture[str], corpus_dir: Path, listing: list[dict[str, Any]]
) -> None:
    code, out, err = run(capsys, "show", "erfurt", "--json", "--corpus", str(corpus_dir))
    assert code == 0 and err == ""
    data = json.loads(out)
    assert isinstance(data, dict)
    assert_network_shape(data, corpus_dir)
    assert data == _by_id(listing)["erfurt"]


@pytest.mark.parametrize(
    "query", ["Erfurt", "ERFURT", "Netzwerk für Integration der Landeshauptstadt Erfurt"]
)
def test_show_finds_network_by_city_or_name(
    capsys: pytest.CaptureFixture[str], corpus_dir: Path, query: str
) -> None:
    code, out, _ = run(capsys, "show", query, "--json", "--corpus", str(corpus_dir))
    assert code == 0 and json.loads(out)["id"] == "erfurt"


def test_show_text_is_readable_with_sources(capsys: pytest.CaptureFixture[str], corpus_dir: Path) -> None:
    code, out, _ = run(capsys, "show", "erfurt", "--corpus", str(corpus_dir))
    assert code == 0
    assert not out.lstrip().startswith(("{", "["))
    assert "Netzwerk für Integration der Landeshauptstadt Erfurt" in out
    for source in ("erfurt.en.txt", "erfurt.tr.txt", "erfurt.de.txt"):
        assert source in out
    assert "Two-monthly calendar of events" in out
    assert "2004" in out and "1999" in out


def test_show_text_halberstadt_has_no_founding_year_fact(
    capsys: pytest.CaptureFixture[str], corpus_dir: Path
) -> None:
    code, out, _ = run(capsys, "show", "halberstadt", "--corpus", str(corpus_dir))
    assert code == 0
    assert "Caritas-Diakonie-Zora Netzwerk Halberstadt" in out and "halberstadt.en.txt" in out
    assert not any(line.startswith("Founding year:") for line in out.splitlines())  # no fact heading:
    assert "  ! Founding year: not a plausible founding year" in out  # the "1" is a data issue, not a fact
    assert "Data quality" in out


def test_show_speaks_the_asked_language(capsys: pytest.CaptureFixture[str], corpus_dir: Path) -> None:
    """Every word around the quotes from the catalogue of --lang; the quotes stay as written."""
    from assistant.i18n import t

    english = run(capsys, "show", "halberstadt", "--corpus", str(corpus_dir))[1]
    for lang in ("de", "tr"):
        code, out, _ = run(capsys, "show", "halberstadt", "--corpus", str(corpus_dir), "--lang", lang)
        assert code == 0
        assert f"{t('data_quality', lang)}:" in out and f"{t('documents', lang)}: " in out
        assert "Data quality" not in out and "Documents:" not in out
        assert t("document_sheet", lang) in out
        assert "Caritas-Diakonie-Zora Netzwerk Halberstadt" in out
    assert "Data quality:" in english and "fact sheet" in english
    code, _, err = run(capsys, "show", "halberstadt", "--corpus", str(corpus_dir), "--lang", "xx")
    assert code == 2 and "--lang must be one of" in err


@pytest.mark.parametrize("query", ["atlantis", "", "   "])
def test_show_unknown_network_exits_1(
    capsys: pytest.CaptureFixture[str], corpus_dir: Path, query: str
) -> None:
    code, out, err = run(capsys, "show", query, "--corpus", str(corpus_dir))
    assert code == 1
    assert out == ""
    assert "no network" in err and "erfurt" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


# --------------------------------------------------------------------------- corpus choice


@pytest.fixture
def halberstadt_only(tmp_path: Path, corpus_dir: Path) -> Path:
    root = tmp_path / "only"
    root.mkdir()
    shutil.copyfile(corpus_dir / "halberstadt.en.txt", root / "h.txt")
    return root


def test_corpus_option_selects_another_corpus(
    capsys: pytest.CaptureFixture[str], halberstadt_only: Path
) -> None:
    code, out, _ = run(capsys, "networks", "--json", "--corpus", str(halberstadt_only))
    assert code == 0
    [network] = json.loads(out)
    assert network["id"] == "halberstadt" and network["documents"][0]["source"] == "h.txt"
    code, _, err = run(capsys, "show", "erfurt", "--corpus", str(halberstadt_only))
    assert code == 1 and "halberstadt" in err


def test_env_var_selects_another_corpus(
    capsys: pytest.CaptureFixture[str], halberstadt_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMPASS_CORPUS", str(halberstadt_only))
    code, out, _ = run(capsys, "networks", "--json")
    assert code == 0 and [n["id"] for n in json.loads(out)] == ["halberstadt"]
    code, out, _ = run(capsys, "show", "halberstadt", "--json")
    assert code == 0 and json.loads(out)["documents"][0]["source"] == "h.txt"


def test_corpus_option_beats_env_var(
    capsys: pytest.CaptureFixture[str], halberstadt_only: Path, corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOMPASS_CORPUS", str(halberstadt_only))
    code, out, _ = run(capsys, "networks", "--json", "--corpus", str(corpus_dir))
    assert code == 0 and [n["id"] for n in json.loads(out)] == SEED_IDS


def test_warnings_go_to_stderr_and_json_stays_clean(
    capsys: pytest.CaptureFixture[str], corpus_copy: Path
) -> None:
    (corpus_copy / "junk.txt").write_bytes(bytes(range(256)) * 4)
    code, out, err = run(capsys, "networks", "--json", "--corpus", str(corpus_copy))
    assert code == 0
    assert [n["id"] for n in json.loads(out)] == SEED_IDS
    assert "junk.txt" in err and "junk.txt" not in out


def test_empty_corpus(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "networks", "--json", "--corpus", str(tmp_path))
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, "networks", "--corpus", str(tmp_path))
    assert code == 0 and "No networks" in out


# --------------------------------------------------------------------------- real processes


def test_python_dash_m_assistant_networks(project_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "networks"],
        cwd=project_root, env=clean_env(), capture_output=True, text=True, timeout=120,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    for network_id in SEED_IDS:
        assert network_id in result.stdout


def test_console_script_networks_json(tmp_path: Path, corpus_dir: Path) -> None:
    script = Path(sys.executable).parent / "assistant"
    if not script.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    env = clean_env()
    env["KOMPASS_CORPUS"] = str(corpus_dir)
    result = subprocess.run(
        [str(script), "networks", "--json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [n["id"] for n in data] == SEED_IDS
    assert _by_id(data)["halberstadt"]["founding_year"] is None
