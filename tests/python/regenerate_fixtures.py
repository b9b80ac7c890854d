"""Rewrites the golden fixtures in tests/python/fixtures/ from the pinned Python libraries.

Run with the interpreter of .venv-interfaces/:
    "$(bash tests/python/setup.sh)" tests/python/regenerate_fixtures.py
"""

from iface_compat import fixtures

if __name__ == '__main__':
    for path in fixtures.write():
        print(path.relative_to(fixtures.FIXTURES.parent.parent.parent))
