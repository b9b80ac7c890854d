"""The side file: strict reading, the documented example, conversion from Scenario."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iface_compat import side as sides

DOC = Path(__file__).resolve().parents[3] / 'docs' / 'interfaces' / 'drivers.md'


def _example() -> dict:
    text = DOC.read_text(encoding='utf-8')
    (block,) = re.findall(r'<!-- side-file example -->\n```json\n(.*?)```', text, re.DOTALL)
    return json.loads(block)


def test_documented_example_is_a_valid_side_file(tmp_path):
    path = tmp_path / 'example.json'
    path.write_text(json.dumps(_example()))

    side = sides.load(path, interface='tls-certificates', role='requirer')

    assert side.unit_id == 0
    assert side.granted_secrets() == []
    assert json.loads(side.to_json()) == json.loads(sides.Side.model_validate(_example()).to_json())


@pytest.mark.parametrize(
    ('change', 'message'),
    [
        ({'colour': 'blue'}, 'colour'),
        ({'format': 'charm-rs/relation-side/v2'}, 'format'),
        ({'unit': 'other/0'}, "not a unit of application 'web'"),
        ({'units_data': {'web/x': {}}}, "not a unit of application 'web'"),
        ({'app_data': {'key': 1}}, 'app_data.key'),
        ({'secrets': [{'id': 'abc', 'owner': 'unit', 'content': {'k': 'v'}}]}, 'secrets.0.id'),
        ({'secrets': [{'id': 'secret:a', 'owner': 'unit', 'content': {}}]}, 'secrets.0.content'),
    ],
)
def test_side_files_are_read_strictly(tmp_path, change, message):
    path = tmp_path / 'bad.json'
    path.write_text(json.dumps({**_example(), **change}))

    with pytest.raises(sides.SideFileError) as error:
        sides.load(path, interface='tls-certificates', role='requirer')

    assert message in str(error.value)


def test_missing_file_and_wrong_role_are_named(tmp_path):
    with pytest.raises(sides.SideFileError, match='cannot read side file'):
        sides.load(tmp_path / 'absent.json', interface='database', role='provider')
    path = tmp_path / 'example.json'
    path.write_text(json.dumps(_example()))
    with pytest.raises(sides.SideFileError, match='expected the provider side of database'):
        sides.load(path, interface='database', role='provider')
