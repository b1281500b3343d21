"""A small bounded memo: the same question asked again of the same catalog gets the same
answer, so it is worked out once (a team asks the same few questions all day)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key, the least recently used dropped past ``size``. A key that cannot be
    hashed (a request carrying a dict) is simply worked out every time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, made (and kept) when there is none."""
        try:
            value = self._values[key]
        except KeyError:
            value = self._values[key] = make()
            if len(self._values) > self.size:
                self._values.popitem(last=False)
            return value
        except TypeError:  # unhashable: not kept
            return make()
        self._values.move_to_end(key)
        return value
