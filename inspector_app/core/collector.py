"""Holding off Python's cycle collector while long-lived objects are made.

Opening a large inspection creates hundreds of thousands of small objects (and starting the
app, modules and widgets), none of them in a reference cycle. Left running, the collector
walks them again and again as they are created: that doubled the time to open a 1,000-case
file. So the collector is paused while they are made; then they join the oldest generation
directly (freeze, then unfreeze, moves every tracked object there without examining it), the
young generations, examined often, stay small, and nothing is exempt from collection.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the collector for the block, unless something else already has."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        resume()


def resume() -> None:
    """Settle what was made while paused into the oldest generation and collect again."""
    if gc.isenabled():
        return
    if gc.get_freeze_count() == 0:  # never thaw what someone else froze
        gc.freeze()
        gc.unfreeze()
    gc.enable()
