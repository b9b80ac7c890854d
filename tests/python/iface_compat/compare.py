"""How drivers report that two encodings of the same data differ."""

from __future__ import annotations


def difference(given: str, library: str | None) -> str:
    """Where `given` first departs from what the library writes, with the text around it."""
    if library is None:
        return f'  the library writes no such key (given: {given[:120]!r})'
    at = next(
        (i for i, (a, b) in enumerate(zip(given, library)) if a != b),
        min(len(given), len(library)),
    )
    return (
        f'  first difference at character {at}:\n'
        f'    given:   {given[max(0, at - 40):at + 40]!r}\n'
        f'    library: {library[max(0, at - 40):at + 40]!r}'
    )
