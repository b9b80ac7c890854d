"""The pin check that setup.sh runs after installing."""

from pathlib import Path

import pytest

import check_pins

PINS = 'ops==3.9.0\n# comment\npydantic_core==2.50.5  # trailing\n\n'


def test_exact_pins_are_read_with_normalized_names():
    assert check_pins.pins(PINS) == {'ops': '3.9.0', 'pydantic-core': '2.50.5'}


@pytest.mark.parametrize('line', ['ops>=3', 'ops', 'ops=='])
def test_anything_but_an_exact_pin_is_refused(line):
    with pytest.raises(ValueError, match='not an exact pin'):
        check_pins.pins(line)


def test_installed_set_must_equal_the_pins_apart_from_the_installer():
    pinned = check_pins.pins(PINS)
    same = {'ops': '3.9.0', 'pydantic-core': '2.50.5', 'pip': '23.2.1'}

    assert check_pins.mismatches(pinned, same) == []
    assert check_pins.mismatches(pinned, {**same, 'six': '1.16.0'}) == [
        'six==1.16.0 is installed but not pinned'
    ]
    assert check_pins.mismatches(pinned, {**same, 'ops': '3.8.0'}) == [
        'ops is pinned at 3.9.0 but 3.8.0 is installed'
    ]
    assert check_pins.mismatches(pinned, {'ops': '3.9.0'}) == [
        'pydantic-core==2.50.5 is pinned but not installed'
    ]


def test_this_venv_matches_the_committed_pins():
    requirements = Path(check_pins.__file__).with_name('requirements.txt')

    assert check_pins.main(str(requirements)) == 0
