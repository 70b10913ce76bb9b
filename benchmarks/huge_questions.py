"""What a huge question costs: time and peak memory of one question of 1-50 MB.

    .venv/bin/python benchmarks/huge_questions.py                 # 1, 5, 20 MB
    .venv/bin/python benchmarks/huge_questions.py --sizes 1,5,20,50

Each measurement runs in a fresh process (peak RSS is per process): the engine is
loaded over the seed index (built once into a temporary folder, not timed), a
2,000-character question is asked as the baseline, then one question of the given
size; printed are the seconds and the peak-RSS growth of that one question, for the
API (``Engine.ask``, ``Engine.chat``) and the CLI (``assistant ask --json`` reading
the question as one line on stdin), and each as a ratio to the 2,000-character
question in the same process. The question is realistic text (a sheet's sentences
repeated), so every stage (cleaning, language detection, cutting) sees words.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

_WORKER = r"""
import json, resource, sys, time
from pathlib import Path
from assistant.recommend import load_engine
from assistant.settings import Settings

mode, size, index = sys.argv[1], int(sys.argv[2]), sys.argv[3]
engine = load_engine(Settings(corpus=Path(sys.argv[4]), index=Path(index), threads=1))
unit = (Path(sys.argv[4]) / "erfurt.en.txt").read_text(encoding="utf-8").replace("\n", " ")
def question(n):
    return (unit * (n // len(unit) + 1))[:n]
def ask(text):
    if mode == "chat":
        return engine.chat(text)
    return engine.ask(text)
ask(question(2000))  # warm: model, caches
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
base_rss = peak()
started = time.perf_counter()
ask(question(2000))
small = time.perf_counter() - started
text = question(size)
after_text = peak()
started = time.perf_counter()
answer = ask(text)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "small_seconds": small, "peak_growth": peak() - after_text,
                  "query_chars": len(answer.query)}))
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPASS_")}
    env.update(PYTHONIOENCODING="utf-8", KOMPASS_THREADS="1", HF_HUB_OFFLINE="1")
    return env


def _api(mode: str, size: int, index: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _WORKER, mode, str(size), str(index), str(CORPUS)],
                          check=True, capture_output=True, text=True, env=_env(), timeout=900)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _cli(size: int, index: Path, work: Path) -> dict[str, float]:
    unit = (CORPUS / "erfurt.en.txt").read_text(encoding="utf-8").replace("\n", " ")
    out: dict[str, float] = {}
    for label, n in (("small", 2000), ("big", size), ("small_again", 2000)):  # smalls before and after
        path = work / f"question-{n}.txt"
        path.write_text((unit * (n // len(unit) + 1))[:n] + "\n", encoding="utf-8")
        with path.open("rb") as stdin, tempfile.TemporaryFile() as stdout:
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "assistant", "ask", "--json", "--index", str(index),
                                     "--corpus", str(CORPUS)], stdin=stdin, stdout=stdout,
                                    stderr=subprocess.DEVNULL, env=_env())
            _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak RSS
            proc.returncode = os.waitstatus_to_exitcode(status)
            out[f"{label}_seconds"] = time.perf_counter() - started
            assert proc.returncode == 0, f"assistant ask exited {proc.returncode}"
            out[f"{label}_peak"] = usage.ru_maxrss * 1024
            out[f"{label}_output_bytes"] = stdout.seek(0, os.SEEK_END)
    # Peaks of a cold process vary by tens of MB from run to run: the baseline is the
    # larger of the two short questions, its time the mean.
    out["small_peak"] = max(out["small_peak"], out.pop("small_again_peak"))
    out["small_seconds"] = (out["small_seconds"] + out.pop("small_again_seconds")) / 2
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,5,20", help="question sizes in MB (default 1,5,20)")
    args = parser.parse_args(argv)
    sizes = [int(float(s) * 1_000_000) for s in args.sizes.split(",") if s]
    from assistant.index import ensure_index
    from assistant.settings import Settings

    with tempfile.TemporaryDirectory(prefix="kompass-huge-") as tmp:
        index = Path(tmp) / "embeddings"
        ensure_index(Settings(corpus=CORPUS, index=index, threads=1))
        print("| question | path | seconds | x 2,000 chars | peak RSS growth MB | echoed query chars |")
        print("|---|---|---|---|---|---|")
        for size in sizes:
            for mode in ("ask", "chat"):
                r = _api(mode, size, index)
                ratio = r["seconds"] / r["small_seconds"]
                print(f"| {size / 1e6:g} MB | Engine.{mode} | {r['seconds']:.2f} | {ratio:.1f} "
                      f"| {r['peak_growth'] / 1e6:.0f} | {r['query_chars']:,} |", flush=True)
            c = _cli(size, index, Path(tmp))
            growth = max(0.0, c["big_peak"] - c["small_peak"])
            print(f"| {size / 1e6:g} MB | assistant ask (stdin) | {c['big_seconds']:.2f} "
                  f"| {c['big_seconds'] / c['small_seconds']:.1f} | {growth / 1e6:.0f} "
                  f"(process peak {c['big_peak'] / 1e6:.0f}) | {c['big_output_bytes']:,} bytes of JSON |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
