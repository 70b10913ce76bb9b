"""Write assistant/data/word_translations.tsv: DE/EN/TR word translations for cross-language BM25.

For each supported language, the commonest words (wordfreq's lists, letters only, four or
more letters, no stop words) are embedded with the packaged sentence encoder. Each word's
translations into the other languages are its nearest words there by CSLS (cross-domain
similarity local scaling: the cosine, less how close the target word is to everything, so
that "hub" words such as "bir" or "also" are not everyone's translation), kept when their
plain cosine is at least ``--min-cosine``.

Run it again after changing the model, the languages or the settings; review the diff, and
delete lines that are wrong (a translator may also add lines by hand):

    .venv/bin/python scripts/build_word_translations.py            # ~5 minutes on 2 cores
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from wordfreq import top_n_list

from assistant.embedding import load_encoder
from assistant.languages import SUPPORTED
from assistant.settings import Settings
from assistant.tokenize import stopwords
from assistant.word_translations import WORD_TRANSLATIONS_FILE, Translation, format_word_translations

LANGUAGES = SUPPORTED  # every language with a language file (wordfreq must know it)
HUB_NEIGHBOURS = 10  # CSLS: a target word's hubness is its mean cosine to this many nearest source words
BLOCK = 2000


def common_words(language: str, count: int) -> list[str]:
    stop = stopwords(language)
    return [w for w in top_n_list(language, count) if w.isalpha() and len(w) >= 4 and w not in stop]


def hubness(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Per target word: mean cosine to its ``HUB_NEIGHBOURS`` nearest source words."""
    out = np.empty(len(target), dtype=np.float32)
    for begin in range(0, len(target), BLOCK):
        sims = target[begin:begin + BLOCK] @ source.T
        out[begin:begin + BLOCK] = np.partition(sims, -HUB_NEIGHBOURS, axis=1)[:, -HUB_NEIGHBOURS:].mean(axis=1)
    return out


def nearest(source: np.ndarray, target: np.ndarray, count: int) -> np.ndarray:
    """Per source word: its ``count`` nearest target words by CSLS (unordered)."""
    hub = hubness(source, target)
    out = np.empty((len(source), count), dtype=np.int64)
    for begin in range(0, len(source), BLOCK):
        scores = 2 * (source[begin:begin + BLOCK] @ target.T) - hub[None, :]
        out[begin:begin + BLOCK] = np.argpartition(-scores, count, axis=1)[:, :count]
    return out


def translations(words: dict[str, list[str]], vectors: dict[str, np.ndarray], per_language: int,
                 min_cosine: float, mutual: int = 0) -> list[Translation]:
    """Each word's ``per_language`` nearest words of every other language (CSLS) with a cosine
    of at least ``min_cosine``; with ``mutual``, only those that have the word among their
    own ``mutual`` nearest words back (a "hub" is near many words, few of them near it)."""
    found: list[Translation] = []
    for a in LANGUAGES:
        for b in LANGUAGES:
            if a == b:
                continue
            hub = hubness(vectors[a], vectors[b])
            back = [set(row) for row in nearest(vectors[b], vectors[a], mutual).tolist()] if mutual else None
            for begin in range(0, len(words[a]), BLOCK):
                sims = vectors[a][begin:begin + BLOCK] @ vectors[b].T
                scores = 2 * sims - hub[None, :]
                top = np.argpartition(-scores, per_language, axis=1)[:, :per_language]
                for offset, row in enumerate(top):
                    row = row[np.argsort(-scores[offset, row], kind="stable")]
                    for j in row.tolist():
                        if sims[offset, j] >= min_cosine and (back is None or begin + offset in back[j]):
                            found.append(Translation(a, words[a][begin + offset], b, words[b][j]))
            print(f"{a} -> {b}: done", file=sys.stderr, flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=20_000,
                        help="commonest words read per language (before filtering)")
    parser.add_argument("--per-language", type=int, default=2,
                        help="translations kept per word and other language")
    parser.add_argument("--min-cosine", type=float, default=0.6, help="least cosine of a kept translation")
    parser.add_argument("--mutual", type=int, default=5,
                        help="keep a translation only if the word is among its N nearest words back"
                             " (0: no check; default 5)")
    parser.add_argument("--output", type=Path, default=Path("assistant/data") / WORD_TRANSLATIONS_FILE)
    parser.add_argument("--vectors", type=Path,
                        help="an .npz of the words' embeddings: read if it fits, else written")
    args = parser.parse_args(argv)
    encoder = load_encoder(Settings())
    words = {language: common_words(language, args.words) for language in LANGUAGES}
    vectors = dict(np.load(args.vectors)) if args.vectors and args.vectors.exists() else {}
    if any(len(vectors.get(f"{language}_v", ())) != len(listed) for language, listed in words.items()):
        vectors = {}
        for language, listed in words.items():
            print(f"{language}: embedding {len(listed)} words", file=sys.stderr, flush=True)
            vectors[f"{language}_v"] = np.asarray(encoder.encode(listed), dtype=np.float32)
        if args.vectors:
            np.savez(args.vectors, **vectors)
    vectors = {language: vectors[f"{language}_v"] for language in words}
    found = translations(words, vectors, args.per_language, args.min_cosine, args.mutual)
    settings = (f"wordfreq {args.words} commonest words per language, model {encoder.model_id}, "
                f"{args.per_language} per other language, cosine >= {args.min_cosine}"
                + (f", mutual within {args.mutual}" if args.mutual else ""))
    args.output.write_text(format_word_translations(found, settings), encoding="utf-8")
    print(f"{len(found)} translations -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
