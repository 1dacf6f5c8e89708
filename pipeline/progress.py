"""Progress reporting from stages to whoever is watching (a terminal bar, a web page, nobody).

A process-wide slot rather than a flow parameter: Prefect serialises flow parameters, and a
terminal progress bar is not data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...


class SilentProgress:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass


_current: Progress = SilentProgress()


def progress() -> Progress:
    return _current


@contextmanager
def reporting_to(reporter: Progress) -> Iterator[None]:
    global _current
    previous, _current = _current, reporter
    try:
        yield
    finally:
        _current = previous
