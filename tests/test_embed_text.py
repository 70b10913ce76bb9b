"""The embedded text of a unit uses its own frozen names, not the UI's labels: rewording
a label in the interface neither re-embeds the corpus nor moves retrieval quality."""

from __future__ import annotations

import pytest

from assistant.index import EMBED_FIELD_NAMES, EMBED_SECTION_NAMES, embed_text
from assistant.labels import FIELD_NAMES, SECTION_NAMES
from assistant.models import FactField, Network, SectionKind


def test_rewording_ui_labels_leaves_the_embedded_text_alone(networks: dict[str, Network],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    network = networks["halberstadt"]
    before = embed_text(network, SectionKind.GENERAL, FactField.FOUNDING_YEAR.value, "2015")
    item = embed_text(network, SectionKind.SUCCESS_FACTORS, None, "Regular exchange")
    for lang in SECTION_NAMES:
        monkeypatch.setitem(SECTION_NAMES[lang], SectionKind.GENERAL, "Reworded in the UI")
        monkeypatch.setitem(SECTION_NAMES[lang], SectionKind.SUCCESS_FACTORS, "Reworded in the UI")
        monkeypatch.setitem(FIELD_NAMES[lang], FactField.FOUNDING_YEAR, "Reworded in the UI")
    assert embed_text(network, SectionKind.GENERAL, FactField.FOUNDING_YEAR.value, "2015") == before
    assert embed_text(network, SectionKind.SUCCESS_FACTORS, None, "Regular exchange") == item
    assert before.startswith("General information - Founding year: 2015 (")
    assert item.startswith("Success factors: Regular exchange (")


def test_every_section_and_field_has_a_frozen_name() -> None:
    assert set(EMBED_SECTION_NAMES) == set(SectionKind)
    assert set(EMBED_FIELD_NAMES) == set(FactField)
