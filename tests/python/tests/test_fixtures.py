"""The committed golden fixtures still are what the pinned libraries write."""

from __future__ import annotations

import difflib

import pytest

from iface_compat import database, fixtures, tls, tracing
from iface_compat.compare import shape


@pytest.fixture(scope='module')
def fresh():
    return fixtures.generate()


def test_every_generated_fixture_is_committed(fresh):
    committed = {
        str(p.relative_to(fixtures.FIXTURES))
        for p in fixtures.FIXTURES.rglob('*.json')
        if str(p.relative_to(fixtures.FIXTURES)) != fixtures.DATABASE_V0_REQUIRER
    }
    assert committed == set(fresh)


@pytest.mark.parametrize('name', sorted(fixtures.generate()))
def test_fixture_has_the_shape_the_library_writes_today(fresh, name):
    committed = (fixtures.FIXTURES / name).read_text(encoding='utf-8')
    regenerated = fresh[name].to_json()

    diff = list(
        difflib.unified_diff(
            shape(committed).splitlines(),
            shape(regenerated).splitlines(),
            'committed',
            'regenerated',
            lineterm='',
            n=1,
        )
    )
    assert not diff, 'regenerate the fixtures and review:\n' + '\n'.join(diff)


@pytest.mark.parametrize(
    ('module', 'name'),
    [
        (tls, 'tls-certificates/requirer-unit.json'),
        (tls, 'tls-certificates/requirer-app.json'),
        (tls, 'tls-certificates/requirer-unit-issued.json'),
        (database, 'database/requirer-v1.json'),
        (database, 'database/requirer-v1-created.json'),
        (database, fixtures.DATABASE_V0_REQUIRER),
        (tracing, 'tracing/requirer.json'),
        (tracing, 'tracing/requirer-changed.json'),
    ],
)
def test_requirer_fixture_passes_the_validator(module, name):
    assert module.validate(fixtures.load(name)) == []


def test_shape_hides_what_changes_between_runs_and_nothing_else():
    text = fixtures.load('database/requirer-v1.json').to_json()
    fresh_requirer = database.require(
        state=None, provider=None, event=None, settings=database.RequirerSettings(relation_id=3)
    ).to_json()

    assert text != fresh_requirer
    assert shape(text) == shape(fresh_requirer)
    assert shape(text) != shape(text.replace('mydb', 'otherdb'))
    assert shape(text) != shape(fresh_requirer.replace('": null', '":null'))
