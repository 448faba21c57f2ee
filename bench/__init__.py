"""Patronage at merchant scale: data generator, load generator, baselines and report.

Run with `make bench` (or `python -m bench`); sized by `BENCH_CUSTOMERS` and `BENCH_BIG_BRAND`.
"""
