"""Reading a release with Python's cyclic garbage collector held off.

Parsing and merging hundreds of boards allocates millions of objects that live on. Each full
collection meanwhile walks all of them in one call that holds the interpreter lock, and the
event loop stops with it: a serve reading a release of 900 boards in a worker thread left
``/healthz`` unanswered for 0.3–0.85 s, again and again (``benchmarks/healthz.py``; with the
collector held off: p99 19 ms). So the collector waits while a release is read, and what was
read is then frozen (``gc.freeze``): collections to come skip it instead of walking it in one
long pause. Acyclic garbage is still freed at once by reference counting; what the freeze
keeps is only cyclic garbage that existed at that moment, once per release read.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_readers = 0
_was_enabled = True


@contextmanager
def collector_held() -> Iterator[None]:
    """No cyclic collection inside (reads in several threads overlap: the last one out
    freezes what was read and turns the collector back on, also after an error)."""
    global _readers, _was_enabled
    with _lock:
        if not _readers:
            _was_enabled = gc.isenabled()
        _readers += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if not _readers and _was_enabled:
                gc.freeze()
                gc.enable()
