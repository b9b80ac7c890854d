"""database (dpcharmlibs-interfaces): Python requirer -> Python provider -> Python
requirer, through the drivers, and the validator's verdicts on good and bad requirer data."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import edited, run_driver

from iface_compat import database, fixtures

SETTINGS = database.RequirerSettings(relation_id=3)


def _requests(bag: dict) -> list[dict]:
    return json.loads(bag['requests'])


def _secret(side, uri: str):
    (secret,) = [s for s in side.secrets if s.id == uri]
    return secret


def _created(provider_settings=None):
    requirer = database.require(state=None, provider=None, event=None, settings=SETTINGS)
    provider = database.provide(
        requirer=requirer, state=None, settings=provider_settings or database.ProviderSettings()
    )
    again = database.require(state=requirer, provider=provider, event=None, settings=SETTINGS)
    return requirer, provider, again


def test_requirer_writes_protocol_v1_requests_in_its_application_bag():
    requirer = database.require(state=None, provider=None, event=None, settings=SETTINGS)

    assert requirer.app_data['version'] == 'v1'  # plain text, not JSON
    (request,) = _requests(requirer.app_data)
    assert request['resource'] == 'mydb'
    digest = hashlib.sha256(f'mydb:{request["salt"]}'.encode()).hexdigest()[:16]
    assert request['request-id'] == digest
    assert requirer.units_data == {}
    assert requirer.secrets == []
    assert database.validate(requirer) == []


def test_provider_shares_credentials_in_a_secret_granted_to_the_requirer():
    requirer, provider, _ = _created()

    (request,) = _requests(requirer.app_data)
    (response,) = _requests(provider.app_data)
    assert provider.app_data['version'] == 'v1'
    assert response['request-id'] == request['request-id']
    assert response['endpoints'] == 'postgresql-primary:5432'
    user = _secret(provider, response['secret-user'])
    assert user.owner == 'application'
    assert user.granted == ['web']
    assert user.label == f'database.3.{request["request-id"]}.user.secret'
    assert set(user.content) == {'username', 'password', 'uris'}
    assert _secret(provider, response['secret-tls']).content == {'tls': 'false'}
    # Credentials never travel in the databag: the library writes them out as nulls.
    assert (response['password'], response['entity-password']) == (None, None)
    assert user.content['password'] not in json.dumps(provider.app_data)


def test_requirer_gets_the_credentials_from_the_secret():
    _, provider, again = _created()

    (event,) = again.events
    (response,) = _requests(provider.app_data)
    user = _secret(provider, response['secret-user']).content
    assert event.name == 'resource_created'
    assert (event.fields['username'], event.fields['password']) == (
        user['username'],
        user['password'],
    )
    assert event.fields['endpoints'] == response['endpoints']
    # The requirer labels the shared secret <its endpoint>.<relation>.<request-id>.user.secret,
    # the provider labels it the same way with its own endpoint (both are "database" here).
    seen = _secret(again, response['secret-user'])
    assert seen.owner is None
    assert seen.label == _secret(provider, response['secret-user']).label


def test_password_rotation_reaches_the_requirer_as_secret_changed():
    _, provider, created = _created()

    rotated = database.provide(
        requirer=created, state=provider, settings=database.ProviderSettings(rotate_password=True)
    )
    updated = database.require(
        state=created, provider=rotated, event='secret-changed', settings=SETTINGS
    )

    (response,) = _requests(rotated.app_data)
    assert _requests(provider.app_data)[0]['secret-user'] == response['secret-user']
    old = _secret(provider, response['secret-user']).content['password']
    new = _secret(rotated, response['secret-user']).content['password']
    assert new != old
    (event,) = updated.events
    assert (event.name, event.fields['password']) == ('authentication_updated', new)


def test_endpoint_change_reaches_the_requirer_as_endpoints_changed():
    _, provider, created = _created()

    moved = database.provide(
        requirer=created,
        state=provider,
        settings=database.ProviderSettings(endpoints='postgresql-new:5432'),
    )
    updated = database.require(state=created, provider=moved, event=None, settings=SETTINGS)

    (event,) = updated.events
    assert event.name == 'endpoints_changed'
    assert event.fields['endpoints'] == 'postgresql-new:5432'


def test_tls_ca_travels_in_its_own_secret():
    ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
    _, provider, again = _created(database.ProviderSettings(tls_ca=ca))

    (response,) = _requests(provider.app_data)
    assert _secret(provider, response['secret-tls']).content == {'tls': 'true', 'tls-ca': ca}
    assert (again.events[0].fields['tls'], again.events[0].fields['tls_ca']) == (True, ca)


def test_provider_answers_a_classic_v0_request_at_the_top_level():
    requirer = fixtures.load(fixtures.DATABASE_V0_REQUIRER)

    provider = database.provide(requirer=requirer, state=None, settings=database.ProviderSettings())

    assert database.validate(requirer) == []
    assert 'requests' not in provider.app_data
    assert provider.app_data['database'] == 'mydb'
    assert provider.app_data['endpoints'] == 'postgresql-primary:5432'
    user = _secret(provider, provider.app_data['secret-user'])
    assert user.label == 'database.4.user.secret'
    assert user.content['username'] == 'relation_4'
    (request,) = provider.events
    assert request.fields['extra-user-roles'] == 'CREATEDB'


def _with_requests(requirer, requests: list[dict] | str, **app):
    text = requests if isinstance(requests, str) else json.dumps(requests)
    return edited(requirer, app_data={**requirer.app_data, 'requests': text, **app})


@pytest.mark.parametrize(
    ('change', 'message'),
    [
        (lambda r: [{**r[0], 'request-id': '0123456789abcdef'}], 'requests is not what'),
        (lambda r: [dict(reversed(r[0].items()))], 'requests is not what'),
        (lambda r: [{k: v for k, v in r[0].items() if v is not None}], 'requests is not what'),
        (lambda r: [{**r[0], 'resource': ''}], 'finds no requested resource'),
        (lambda r: [{**r[0], 'entity-type': 'ROBOT'}], 'cannot read the requests'),
        (lambda r: '[{"resource": ', 'cannot read the requests'),
    ],
    ids=['request-id', 'key-order', 'nulls-dropped', 'no-resource', 'bad-enum', 'not-json'],
)
def test_validator_rejects_what_the_library_would_not_write(change, message):
    requirer = database.require(state=None, provider=None, event=None, settings=SETTINGS)
    bad = _with_requests(requirer, change(_requests(requirer.app_data)))

    problems = database.validate(bad)

    assert problems and message in problems[-1], problems


def test_validator_rejects_unknown_keys_and_versions():
    requirer = database.require(state=None, provider=None, event=None, settings=SETTINGS)

    extra = edited(requirer, app_data={**requirer.app_data, 'database': 'mydb'})
    assert "key 'database' is not part of protocol v1" in database.validate(extra)[0]
    quoted = edited(requirer, app_data={**requirer.app_data, 'version': '"v1"'})
    assert 'unknown protocol version \'"v1"\'' in database.validate(quoted)[0]


def test_cli_round_trip(tmp_path):
    requirer, provider, again = (tmp_path / f'{n}.json' for n in ('r', 'p', 'again'))

    steps = [
        run_driver('database', 'require', '--output', requirer),
        run_driver('database', 'validate', '--requirer', requirer),
        run_driver(
            'database',
            'provide',
            '--requirer',
            requirer,
            '--endpoints',
            'db:5432',
            '--output',
            provider,
        ),
        run_driver(
            'database', 'require', '--state', requirer, '--provider', provider, '--output', again
        ),
    ]

    assert [s.returncode for s in steps] == [0, 0, 0, 0], [s.stderr for s in steps]
    events = json.loads(again.read_text())['events']
    assert [(e['name'], e['fields']['endpoints']) for e in events] == [
        ('resource_created', 'db:5432')
    ]
