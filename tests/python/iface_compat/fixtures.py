"""The golden fixtures: what the Python libraries write on each side, made by the drivers.

`python tests/python/regenerate_fixtures.py` rewrites them in tests/python/fixtures/;
docs/interfaces/drivers.md says what each holds and how to compare with them.
"""

from __future__ import annotations

from pathlib import Path

from . import database, tls, tracing
from . import side as sides

FIXTURES = Path(__file__).resolve().parent.parent / 'fixtures'

# Written by hand: no Python requirer of the classic (v0) database protocol is on PyPI.
DATABASE_V0_REQUIRER = 'database/requirer-v0.json'


def generate() -> dict[str, sides.Side]:
    """Every generated fixture, by its path under fixtures/."""
    out: dict[str, sides.Side] = {}

    unit = tls.RequirerSettings(relation_id=7)
    requirer = tls.require(state=None, provider=None, event=None, settings=unit)
    provider = tls.provide(requirer=requirer, state=None, settings=tls.ProviderSettings())
    issued = tls.require(state=requirer, provider=provider, event=None, settings=unit)
    out['tls-certificates/requirer-unit.json'] = requirer
    out['tls-certificates/provider-unit.json'] = provider
    out['tls-certificates/requirer-unit-issued.json'] = issued
    app = tls.RequirerSettings(relation_id=8, mode='app', common_name='web', sans_dns=())
    out['tls-certificates/requirer-app.json'] = tls.require(
        state=None, provider=None, event=None, settings=app
    )

    settings = database.RequirerSettings(relation_id=3)
    requirer = database.require(state=None, provider=None, event=None, settings=settings)
    provider = database.provide(requirer=requirer, state=None, settings=database.ProviderSettings())
    created = database.require(state=requirer, provider=provider, event=None, settings=settings)
    out['database/requirer-v1.json'] = requirer
    out['database/provider-v1.json'] = provider
    out['database/requirer-v1-created.json'] = created

    v0 = load(DATABASE_V0_REQUIRER)
    out['database/provider-v0.json'] = database.provide(
        requirer=v0, state=None, settings=database.ProviderSettings()
    )

    settings = tracing.RequirerSettings(relation_id=5)
    requirer = tracing.require(state=None, provider=None, event=None, settings=settings)
    provider = tracing.provide(requirer=requirer, state=None, settings=tracing.ProviderSettings())
    changed = tracing.require(state=requirer, provider=provider, event=None, settings=settings)
    out['tracing/requirer.json'] = requirer
    out['tracing/provider.json'] = provider
    out['tracing/requirer-changed.json'] = changed
    return out


def load(name: str) -> sides.Side:
    """A committed fixture."""
    side = sides.Side.model_validate_json((FIXTURES / name).read_text(encoding='utf-8'))
    return side


def write(directory: Path = FIXTURES) -> list[Path]:
    """Regenerates the fixtures into `directory`; returns the files written."""
    written = []
    for name, side in generate().items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        sides.save(side, path)
        written.append(path)
    return written
