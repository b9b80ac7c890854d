"""Rewrites the golden fixtures in tests/python/fixtures/ from the pinned Python libraries.

Run with the interpreter of .venv-interfaces/:
    "$(bash tests/python/setup.sh)" tests/python/regenerate_fixtures.py
"""

import warnings

# dpcharmlibs-interfaces trips a pydantic warning about its own type aliases at import.
warnings.filterwarnings('ignore', module='pydantic')

from iface_compat import fixtures  # noqa: E402

if __name__ == '__main__':
    for path in fixtures.write():
        print(path.relative_to(fixtures.FIXTURES.parent.parent.parent))
