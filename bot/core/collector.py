"""Reading a release with Python's cyclic garbage collector held off.

Parsing and merging hundreds of boards allocates millions of objects that live on. Each full
collection meanwhile walks all of them in one call that holds the interpreter lock, and the
event loop stops with it: a serve reading a release of 900 boards in a worker thread left
``/healthz`` unanswered for 0.3–0.85 s, again and again (``benchmarks/healthz.py``; with the
collector held off: p99 19 ms). So the collector waits while a release is read, and what was
read is then frozen (``gc.freeze``): collections to come skip it instead of walking it in one
long pause. Acyclic garbage is still freed at once by reference counting; what the freeze
keeps is only cyclic garbage that existed at that moment, once per release read.

Freeing such a graph has the same problem from the other side: ``let_go`` and
``drop_one_by_one`` (below) free it one container at a time.
"""

from __future__ import annotations

import gc
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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


# -- letting go of a big graph ---------------------------------------------------------------
#
# Reference counting frees an object graph in one cascade when its last reference goes, in C,
# without ever letting go of the interpreter lock: the 900 boards a release was merged from
# took 50–100 ms to free, a catalog of them 76 ms, and the event loop waited meanwhile, in
# whichever thread the last reference went. Holding every container of the graph in a list
# first turns that cascade into one small step per container, and the lock changes hands
# between steps (every ``sys.getswitchinterval()``) as it does in any Python code.

_OPAQUE = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
           types.MethodType, types.CodeType, types.FrameType, threading.Thread)
"""Not walked into: what they reach (modules, classes, globals) is the program's, not the
graph's."""


def parts_of(root: object, limit: int = 5_000_000) -> list[object]:
    """``root`` and every container it reaches (at most ``limit``), parents before children.
    Objects the collector does not track hold no container and are left to their parent."""
    parts: list[object] = [root]
    seen = {id(root)}
    index = 0
    while index < len(parts) and len(parts) < limit:
        for child in gc.get_referents(parts[index]):
            if (gc.is_tracked(child) and id(child) not in seen
                    and not isinstance(child, _OPAQUE)):
                seen.add(id(child))
                parts.append(child)
        index += 1
    return parts


def drop_one_by_one(parts: list[object]) -> None:
    """Let go of ``parts`` first to last, one reference a step: once the caller holds no other
    reference to the first, each step frees at most one container (its children are still
    held further on) and what the collector does not track inside it."""
    parts.reverse()
    while parts:
        parts.pop()


def let_go(holder: list[Any]) -> None:
    """(In a worker thread.) Free the objects in ``holder``, the last references to them,
    one container at a time: ``holder`` is emptied first so no caller keeps them."""
    parts: list[object] = []
    while holder:
        parts.extend(parts_of(holder.pop()))
    drop_one_by_one(parts)
