"""tracing (charmlibs-interfaces-tracing): Python requirer -> Python provider -> Python
requirer, through the drivers, and the validator's verdicts on good and bad requirer data."""

from __future__ import annotations

import json

import pytest
from conftest import edited, run_driver

from iface_compat import tracing

SETTINGS = tracing.RequirerSettings(relation_id=5)


def _receivers(side) -> list:
    return json.loads(side.app_data['receivers'])


def _changed(provider_settings=None):
    requirer = tracing.require(state=None, provider=None, event=None, settings=SETTINGS)
    provider = tracing.provide(
        requirer=requirer, state=None, settings=provider_settings or tracing.ProviderSettings()
    )
    again = tracing.require(state=requirer, provider=provider, event=None, settings=SETTINGS)
    return requirer, provider, again


def test_requirer_asks_for_protocols_in_its_application_bag_only():
    requirer = tracing.require(state=None, provider=None, event=None, settings=SETTINGS)

    assert requirer.app_data == {'receivers': '["otlp_http", "otlp_grpc"]'}
    assert requirer.units_data == {}
    assert requirer.secrets == []
    assert tracing.validate(requirer) == []


def test_a_non_leader_requirer_writes_nothing():
    leader = tracing.require(state=None, provider=None, event=None, settings=SETTINGS)
    follower = edited(leader, leader=False, app_data={})

    again = tracing.require(state=follower, provider=None, event=None, settings=SETTINGS)

    assert again.app_data == {}


def test_provider_publishes_a_receiver_per_requested_protocol():
    _, provider, _ = _changed()

    assert _receivers(provider) == [
        {'protocol': {'name': 'otlp_grpc', 'type': 'grpc'}, 'url': 'tempo.example:4317'},
        {'protocol': {'name': 'otlp_http', 'type': 'http'}, 'url': 'http://tempo.example:4318'},
    ]
    assert provider.events[0].fields == {'receivers': ['otlp_http', 'otlp_grpc']}


def test_requirer_reports_the_receivers_on_relation_changed():
    _, provider, again = _changed()

    (event,) = again.events
    assert event.name == 'endpoint_changed'
    assert event.fields['receivers'] == _receivers(provider)


def test_requirer_reports_removal_when_the_answer_is_gone_or_broken():
    requirer, provider, again = _changed()

    cleared = edited(provider, app_data={})
    gone = tracing.require(state=again, provider=cleared, event=None, settings=SETTINGS)
    broken = tracing.require(
        state=again, provider=provider, event='relation-broken', settings=SETTINGS
    )

    assert [e.name for e in gone.events] == ['endpoint_removed']
    assert [e.name for e in broken.events] == ['endpoint_removed']


def test_provider_options_move_and_withdraw_receivers():
    requirer, provider, _ = _changed()

    moved = tracing.provide(
        requirer=requirer, state=provider, settings=tracing.ProviderSettings(host='tempo.new')
    )
    only = tracing.provide(
        requirer=requirer, state=provider, settings=tracing.ProviderSettings(only=('otlp_http',))
    )

    assert [r['url'] for r in _receivers(moved)] == ['tempo.new:4317', 'http://tempo.new:4318']
    assert [r['protocol']['name'] for r in _receivers(only)] == ['otlp_http']


def _with_receivers(requirer, text: str, **app):
    return edited(requirer, app_data={**requirer.app_data, 'receivers': text, **app})


@pytest.mark.parametrize(
    ('text', 'message'),
    [
        ('["otlp_http","otlp_grpc"]', 'receivers is not what'),
        ('["otlp_http", "otlp_grpc"] ', 'receivers is not what'),
        ('["otlp_http", "tempo_http"]', 'finds no valid request'),
        ('"otlp_http"', 'finds no valid request'),
        ('[]', 'finds no valid request'),
        ('["otlp_http", ', 'finds no valid request'),
    ],
    ids=['layout', 'trailing-space', 'unknown-protocol', 'not-a-list', 'empty', 'not-json'],
)
def test_validator_rejects_what_the_library_would_not_write(text, message):
    requirer = tracing.require(state=None, provider=None, event=None, settings=SETTINGS)

    problems = tracing.validate(_with_receivers(requirer, text))

    assert problems and message in problems[-1], problems


def test_validator_rejects_unknown_keys():
    requirer = tracing.require(state=None, provider=None, event=None, settings=SETTINGS)

    extra = _with_receivers(requirer, requirer.app_data['receivers'], version='v2')
    assert "key 'version' is not part of the protocol" in tracing.validate(extra)[0]
    unit = edited(requirer, units_data={'web/0': {'receivers': '["otlp_http"]'}})
    assert "unit web/0: key 'receivers'" in tracing.validate(unit)[0]


def test_cli_round_trip(tmp_path):
    requirer, provider, again = (tmp_path / f'{n}.json' for n in ('r', 'p', 'again'))

    steps = [
        run_driver('tracing', 'require', '--protocols', 'zipkin,otlp_http', '--output', requirer),
        run_driver('tracing', 'validate', '--requirer', requirer),
        run_driver(
            'tracing', 'provide', '--requirer', requirer, '--host', 'h', '--output', provider
        ),
        run_driver(
            'tracing', 'require', '--state', requirer, '--provider', provider, '--output', again
        ),
    ]

    assert [s.returncode for s in steps] == [0, 0, 0, 0], [s.stderr for s in steps]
    (event,) = json.loads(again.read_text())['events']
    assert [r['url'] for r in event['fields']['receivers']] == ['http://h:4318', 'http://h:9411']
