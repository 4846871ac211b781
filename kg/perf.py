"""Performance helpers shared by the whole-corpus stages (resolve, graph, exports).

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that allocates millions of objects.

    Each full collection walks every live object, and a build that holds a whole
    corpus' records and facts triggers collections in proportion to what it allocates:
    together that grows faster than the corpus (measured: resolve + graph build 1.4x
    slower at 4k articles with it on). These stages create almost no reference cycles,
    so nothing is lost; collection resumes (if it was on) when the block ends.
    Re-entrant: an inner block leaves the collector as the outer one set it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
