"""Checks that the running interpreter has exactly the distributions pinned in a
requirements file: `python check_pins.py requirements.txt` (tests/python/setup.sh runs it
in .venv-interfaces/). Exits non-zero naming what is not pinned and what is missing."""

from __future__ import annotations

import re
import sys
from importlib import metadata

# The installer's own tools come with every venv and are not pinned.
TOOLS = frozenset({'pip', 'setuptools', 'wheel'})


def normalize(name: str) -> str:
    """A distribution name as PyPI compares them (PEP 503)."""
    return re.sub(r'[-_.]+', '-', name).lower()


def pins(text: str) -> dict[str, str]:
    """`name==version` lines of a requirements file, by normalized name."""
    result = {}
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition('==')
        if not sep or not version:
            raise ValueError(f'not an exact pin: {line!r}')
        result[normalize(name)] = version.strip()
    return result


def mismatches(pinned: dict[str, str], installed: dict[str, str]) -> list[str]:
    """What differs between the pins and the installed distributions."""
    installed = {n: v for n, v in installed.items() if n not in TOOLS}
    problems = [
        f'{name}=={version} is installed but not pinned'
        for name, version in sorted(installed.items())
        if name not in pinned
    ]
    for name, version in sorted(pinned.items()):
        if name not in installed:
            problems.append(f'{name}=={version} is pinned but not installed')
        elif installed[name] != version:
            problems.append(f'{name} is pinned at {version} but {installed[name]} is installed')
    return problems


def main(path: str) -> int:
    """Compares the pins in `path` with this interpreter's distributions."""
    with open(path, encoding='utf-8') as f:
        pinned = pins(f.read())
    installed = {normalize(d.metadata['Name']): d.version for d in metadata.distributions()}
    problems = mismatches(pinned, installed)
    for problem in problems:
        print(f'check_pins: {problem}', file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
