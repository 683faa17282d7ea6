"""The benchmark command: ``python -m tracker.bench`` (``make bench``).

Measures the program's speed and memory as ratios against baselines measured
in the same run on the same machine (a bare PySide6 window, raw SQLite
queries and commits, raw Qt image decoding, a bare QTextDocument PDF), prints
a table, writes JSON and exits non-zero when a target is missed. Absolute
times on a shared machine are noisy; the ratios are what is judged.
"""
