"""Keeping the cyclic garbage collector from stalling the window.

A full (oldest-generation) collection walks every container object in the
process while holding the interpreter lock. Once the program has started
there are over a hundred thousand of them (modules, classes, the ORM mappers,
the window's widgets), and one full pass takes 60-90 ms on a clinic computer:
whichever thread happens to trigger it (often a worker importing photos), the
GUI thread waits for the lock and the window freezes for that long.

Nearly all of those objects live until the program ends, so once start-up is
over they are moved out of the collector's reach with ``gc.freeze()``: later
full passes only walk what was made after start-up. Frozen objects are still
freed when nothing refers to them; only a reference cycle among them is
never collected, which for start-up objects that live as long as the process
costs nothing. Done once per process.
"""
from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

_done = False


def freeze_startup_objects() -> bool:
    """Take every object alive now out of later collections (the first call
    only; returns whether this call did it)."""
    global _done
    if _done:
        return False
    _done = True
    gc.collect(1)  # the young generations' garbage is freed, not frozen (cheap: they are small)
    gc.freeze()
    log.debug("%d start-up objects taken out of garbage collection", gc.get_freeze_count())
    return True


def startup_frozen() -> bool:
    """Whether this process has frozen its start-up objects."""
    return _done
