"""Measuring tools beside the library (not installed with it): run from the repository root.

    python -m benchmarks.bench          speed, memory and scale figures -> docs/benchmarks.md
    python benchmarks/load_test.py      concurrent browser sessions -> docs/load-test.md

``benchmarks.synthetic`` writes the synthetic corpora the scale runs use.
"""
