"""Shared helpers of the driver tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from iface_compat import side as sides

DRIVER = Path(__file__).resolve().parent.parent / 'driver.py'


def run_driver(*args: str | Path) -> subprocess.CompletedProcess:
    """Runs driver.py as the Rust tests will: a subprocess of this venv's python."""
    return subprocess.run(
        [sys.executable, str(DRIVER), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def edited(side: sides.Side, **changes) -> sides.Side:
    """A copy of a side with some fields replaced (databags given whole)."""
    data = json.loads(side.to_json())
    data.update(changes)
    return sides.Side.model_validate(data)


@pytest.fixture
def save(tmp_path):
    """Writes a side file into the test's directory; returns its path."""

    def write(side: sides.Side, name: str) -> Path:
        path = tmp_path / name
        sides.save(side, path)
        return path

    return write
