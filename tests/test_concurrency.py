"""Many users at once: the shared model and index give every thread the serial answers.

The Streamlit app serves all sessions from one process with one Engine (model and
index). These tests hammer that Engine from many threads and check the answers are
exactly those of a serial run; and they rebuild the index while readers keep loading
and asking. (20 real browser sessions against one server: benchmarks/load_test.py,
results in docs/load-test.md.)
"""

from __future__ import annotations

import random
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import seed_index_settings

from assistant.index import IndexError_, SearchIndex, build_index, ensure_index, load_index
from assistant.recommend import Answer, Engine, load_engine
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"

QUESTIONS = [
    "Wie gewinnen wir Ehrenamtliche für unser Netzwerk?",
    "Wir sind eine Kleinstadt ohne Koordination, drei Vereine arbeiten nebeneinander her.",
    "How do we finance a network coordinator?",
    "Our volunteers keep dropping out. What helped other networks?",
    "Gönüllülerimiz bırakıyor, diğer ağlar ne yaptı?",
    "Belediye ağı nasıl koordine ediyor?",
    "Welche Erfolgsfaktoren hatte das Netzwerk in Erfurt?",
    "What went wrong in Dortmund and how was it solved?",
    "Sprachbarrieren bei Geflüchteten",
    "How do migrant organisations take part in the network?",
    "interne Kommunikation regelmäßige Treffen",
    "Halberstadt informal network refugees",
    "How do I cook a lasagne?",
    "",
    "🤝🌍",
    "<script>alert(1)</script> Ehrenamt",
    "Як залучити волонтерів?",
    "Ehrenamtliche volunteers gönüllüler",
    "Evaluation and impact of the network",
    "x" * 5000,
]
THREADS, ROUNDS = 16, 20

pytestmark = [pytest.mark.disable_socket, pytest.mark.heavy]  # the real engine under threads


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return load_engine(seed_index_settings(tmp_path_factory))


def _key(answer: Answer) -> tuple:
    return (answer.language, answer.matched, tuple(n.model_dump_json() for n in answer.notices),
            tuple((r.source, r.start, r.end, round(r.score, 4)) for r in answer.results))


def test_16_threads_times_20_questions_get_the_serial_answers(engine: Engine) -> None:
    serial = {q: _key(engine.ask(q)) for q in QUESTIONS}
    assert sum(1 for k in serial.values() if k[3]) >= 12  # most questions really retrieve something
    start = threading.Barrier(THREADS)

    def user(seed: int) -> list[tuple[str, tuple]]:
        order = QUESTIONS[:]
        random.Random(seed).shuffle(order)  # every thread asks in its own order
        start.wait()  # ... and all start at the same moment
        return [(q, _key(engine.ask(q))) for q in order[:ROUNDS]]

    with ThreadPoolExecutor(THREADS) as pool:
        runs = list(pool.map(user, range(THREADS)))
    assert sum(len(r) for r in runs) == THREADS * ROUNDS
    for run in runs:
        for question, key in run:
            assert key == serial[question], question[:60]


def test_concurrent_advice_matches_serial(engine: Engine) -> None:
    questions = QUESTIONS[:6]
    serial = {q: engine.chat(q).model_dump_json() for q in questions}
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda q: (q, engine.chat(q).model_dump_json()), questions * 4))
    for question, dumped in results:
        assert dumped == serial[question]


def test_load_engine_from_many_threads_builds_one_engine(engine: Engine) -> None:
    with ThreadPoolExecutor(12) as pool:
        engines = list(pool.map(lambda _: load_engine(engine.settings), range(24)))
    assert all(e is engine for e in engines)
    assert all(e.encoder is engine.encoder for e in engines)


def test_readers_during_a_rebuild_always_get_a_whole_index(engine: Engine, tmp_path: Path) -> None:
    """One thread re-ingests a changed corpus while others keep (re)loading the index as the
    app does (ensure_index) and answering with the engine they hold."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, copy_function=shutil.copyfile)
    index_dir = tmp_path / "embeddings"
    shutil.copytree(engine.index.directory, index_dir)
    settings = Settings(corpus=corpus, index=index_dir, threads=1)
    held = Engine(settings=settings, index=load_index(settings), encoder=engine.encoder)
    expected = _key(held.ask(QUESTIONS[0]))
    before = len(held.index.units)

    shutil.copyfile(FIXTURES / "new_sheet_en.txt", corpus / "lindenbruck.en.txt")
    done = threading.Event()
    outcomes: list[object] = []
    answers: list[tuple] = []

    def reader() -> None:
        while not done.is_set():
            try:
                outcomes.append(ensure_index(settings))
            except Exception as exc:  # noqa: BLE001 - recorded, must not happen
                outcomes.append(exc)
            answers.append(_key(held.ask(QUESTIONS[0])))

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for thread in readers:
        thread.start()
    try:
        report = build_index(settings)
    except IndexError_:
        report = None  # a reader's ensure_index may have taken the lock and rebuilt first
    finally:
        done.set()
        for thread in readers:
            thread.join(120)
    assert outcomes and not [o for o in outcomes if not isinstance(o, SearchIndex)], outcomes
    for index in outcomes:
        assert isinstance(index, SearchIndex)
        assert len(index.units) == index.manifest.unit_count == index.faiss_index.ntotal  # type: ignore[attr-defined]
    assert {len(i.units) for i in outcomes} <= {before, len(load_index(settings).units)}  # type: ignore[union-attr]
    assert set(answers) == {expected}  # the engine in hand is never disturbed by the swap
    assert "lindenbruck" in {n.id for n in load_index(settings).networks}
    if report is not None:
        assert report.networks == 4
