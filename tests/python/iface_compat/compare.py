"""How drivers report that two encodings of the same data differ."""

from __future__ import annotations

import re


def difference(given: str, library: str | None) -> str:
    """Where `given` first departs from what the library writes, with the text around it."""
    if library is None:
        return f'  the library writes no such key (given: {given[:120]!r})'
    at = next(
        (i for i, (a, b) in enumerate(zip(given, library, strict=False)) if a != b),
        min(len(given), len(library)),
    )
    return (
        f'  first difference at character {at}:\n'
        f'    given:   {given[max(0, at - 40) : at + 40]!r}\n'
        f'    library: {library[max(0, at - 40) : at + 40]!r}'
    )


# What differs between two runs of the same driver command: keys and CSRs (PEM), secret
# ids, hashes and hex tokens, salts, times. `shape` replaces each by a placeholder.
_VOLATILE = [
    (re.compile(r'-----BEGIN ([A-Z ]+)-----.*?-----END \1-----', re.DOTALL), r'<PEM \1>'),
    (re.compile(r'secret:[0-9a-z]{20}'), 'secret:<id>'),
    (re.compile(r'\b[0-9a-f]{64}\b'), '<sha256>'),
    (re.compile(r'\b[0-9a-f]{32}\b'), '<hex32>'),
    (re.compile(r'\b[0-9a-f]{16}\b'), '<hex16>'),
    (re.compile(r'(salt\\*"\s*:\s*\\*")[0-9A-Za-z]{16}'), r'\1<salt>'),
    (re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?'), '<time>'),
]


def shape(text: str) -> str:
    """A side file's text with every value that changes from run to run replaced."""
    for pattern, placeholder in _VOLATILE:
        text = pattern.sub(placeholder, text)
    return text
