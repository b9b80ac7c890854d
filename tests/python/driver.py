"""Entry point of the interface-compatibility drivers: `python tests/python/driver.py -h`.

Run it with the interpreter of .venv-interfaces/ (tests/python/setup.sh prints its path).
"""

import sys
import warnings

# dpcharmlibs-interfaces trips a pydantic warning about its own type aliases at import.
warnings.filterwarnings('ignore', module='pydantic')

from iface_compat.cli import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main())
