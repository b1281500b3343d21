"""Benchmarks: what a user waits for, side by side with baselines, from 16 to 10,000 models.

``python -m benchmarks`` runs everything and writes ``benchmarks/results.json``;
``python -m benchmarks --quick`` is a fast smoke pass. See ``benchmarks/PERFORMANCE.md``.

Modules:
    synthetic   realistic synthetic CLiB boards (fixed seed) written to a data directory
    stats       timing helpers: medians, p99, interleaved runs
    resolution  name resolution and autocomplete against difflib and plain WRatio; accuracy
    commands    /best and /compare through the offline Discord harness against a no-op command
    startup     process start to a ready bot, peak RSS, import times (one subprocess each)
    report      the printed table, the goals, results.json and the one-line summary
    charts      chart render times and concurrent /compare with charts (run last, when
                matplotlib is there; ``python -m benchmarks.charts`` runs it alone)
    runner      runs the whole suite (used by ``__main__`` and the smoke test)
    http        ``python -m benchmarks.http``, run on its own: ``modelbot serve`` against the
                gateway and a bare signature-checking floor, and through HAProxy to 1-3
                replicas (real processes; writes ``benchmarks/http.json``)
    hostile_text ``python -m benchmarks.hostile_text``, run on its own: CPU time per KB of
                adversarial boards and release notes, 1 KB to 1 MB (writes
                ``benchmarks/hostile_text.json``)
    hostile_sources ``python -m benchmarks.hostile_sources``: a sync against hostile sources
                with and without the downloader's limits (``benchmarks/hostile_sources.json``)
"""
