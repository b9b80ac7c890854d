"""Entry point of the interface-compatibility drivers: `python tests/python/driver.py -h`.

Run it with the interpreter of .venv-interfaces/ (tests/python/setup.sh prints its path).
"""

import sys

from iface_compat.cli import main

if __name__ == '__main__':
    sys.exit(main())
