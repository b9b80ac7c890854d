"""tls-certificates: Python requirer -> Python provider -> Python requirer, through the
drivers, and the validator's verdicts on good and bad requirer data."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import edited, run_driver
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from iface_compat import tls

UNIT = tls.RequirerSettings(relation_id=7)
APP = tls.RequirerSettings(relation_id=8, mode='app', common_name='web', sans_dns=())


def _requests(bag: dict) -> list[dict]:
    return json.loads(bag[tls.KEY])


def _certificates(provider) -> list[dict]:
    return json.loads(provider.app_data.get('certificates', '[]'))


def _private_key(requirer):
    (secret,) = [s for s in requirer.secrets if 'private-key' in s.content]
    return serialization.load_pem_private_key(secret.content['private-key'].encode(), None)


def _first_contact(settings=UNIT):
    requirer = tls.require(state=None, provider=None, event=None, settings=settings)
    provider = tls.provide(requirer=requirer, state=None, settings=tls.ProviderSettings())
    return requirer, provider


def test_requirer_writes_one_csr_for_its_key_in_its_unit_bag():
    requirer = tls.require(state=None, provider=None, event=None, settings=UNIT)

    assert requirer.app_data == {}
    (request,) = _requests(requirer.units_data['web/0'])
    assert list(request) == ['certificate_signing_request', 'ca']
    assert request['ca'] is False
    csr = x509.load_pem_x509_csr(request['certificate_signing_request'].encode())
    assert csr.public_key() == _private_key(requirer).public_key()
    assert tls.validate(requirer) == []


def test_app_mode_requests_go_in_the_application_bag():
    requirer = tls.require(state=None, provider=None, event=None, settings=APP)

    assert requirer.units_data == {}
    (request,) = _requests(requirer.app_data)
    assert request['ca'] is False
    (key,) = requirer.secrets
    assert key.owner == 'application'
    assert tls.validate(requirer) == []


@pytest.mark.parametrize('settings', [UNIT, APP], ids=['unit', 'app'])
def test_provider_signs_the_csr_with_its_ca_for_the_requirers_key(settings):
    requirer, provider = _first_contact(settings)

    (issued,) = _certificates(provider)
    (request,) = _requests(requirer.app_data or requirer.units_data['web/0'])
    assert issued['certificate_signing_request'] == request['certificate_signing_request']
    certificate = x509.load_pem_x509_certificate(issued['certificate'].encode())
    ca = x509.load_pem_x509_certificate(issued['ca'].encode())
    assert certificate.public_key() == _private_key(requirer).public_key()
    certificate.verify_directly_issued_by(ca)
    assert issued['chain'] == [issued['certificate'], issued['ca']]
    assert 'revoked' not in issued


def test_requirer_takes_the_certificate_and_stores_it_in_a_secret_expiring_before_it():
    requirer, provider = _first_contact()

    again = tls.require(state=requirer, provider=provider, event=None, settings=UNIT)

    (event,) = again.events
    (issued,) = _certificates(provider)
    assert event.name == 'certificate_available'
    assert event.fields['certificate'] == issued['certificate']
    assert event.fields['chain'] == issued['chain']
    (stored,) = [s for s in again.secrets if 'certificate' in s.content]
    assert stored.owner == 'unit'
    assert stored.content['csr'] == issued['certificate_signing_request']
    expiry = x509.load_pem_x509_certificate(issued['certificate'].encode()).not_valid_after_utc
    assert datetime.datetime.now(datetime.timezone.utc) < stored.expire < expiry


def test_expired_certificate_secret_renews_with_a_new_csr_and_certificate():
    requirer, provider = _first_contact()
    issued = tls.require(state=requirer, provider=provider, event=None, settings=UNIT)

    renewing = tls.require(state=issued, provider=provider, event='secret-expired', settings=UNIT)
    provider2 = tls.provide(requirer=renewing, state=provider, settings=tls.ProviderSettings())

    (old,) = _requests(issued.units_data['web/0'])
    (new,) = _requests(renewing.units_data['web/0'])
    assert new['certificate_signing_request'] != old['certificate_signing_request']
    (certificate,) = _certificates(provider2)
    assert certificate['certificate_signing_request'] == new['certificate_signing_request']
    assert certificate['ca'] == _certificates(provider)[0]['ca']
    assert tls.validate(renewing) == []


def test_revoked_certificates_are_dropped_then_signed_again_by_the_new_ca():
    requirer, provider = _first_contact()
    issued = tls.require(state=requirer, provider=provider, event=None, settings=UNIT)

    revoked = tls.provide(
        requirer=issued, state=provider, settings=tls.ProviderSettings(revoke_all=True)
    )
    dropped = tls.require(state=issued, provider=revoked, event=None, settings=UNIT)
    reissued = tls.provide(requirer=dropped, state=revoked, settings=tls.ProviderSettings())

    assert [c['revoked'] for c in _certificates(revoked)] == [True]
    assert not [s for s in dropped.secrets if 'certificate' in s.content]
    (fresh,) = _certificates(reissued)
    assert 'revoked' not in fresh
    assert fresh['ca'] != _certificates(provider)[0]['ca']
    assert tls.require(state=dropped, provider=reissued, event=None, settings=UNIT).events


def test_denied_requests_are_reported_to_the_requirer():
    requirer = tls.require(state=None, provider=None, event=None, settings=UNIT)
    provider = tls.provide(requirer=requirer, state=None, settings=tls.ProviderSettings(deny=True))

    again = tls.require(state=requirer, provider=provider, event=None, settings=UNIT)

    assert 'certificates' not in provider.app_data
    (error,) = json.loads(provider.app_data['request_errors'])
    assert error['error']['code'] == 102
    (event,) = again.events
    assert event.name == 'certificate_denied'
    assert event.fields['error']['name'] == 'DOMAIN_NOT_ALLOWED'


def _with_requests(requirer, text: str):
    return edited(requirer, units_data={'web/0': {tls.KEY: text}})


@pytest.mark.parametrize(
    ('change', 'message'),
    [
        (lambda r: r[:-1], 'rejects'),
        (
            lambda r: json.dumps(
                [{'certificate_signing_request': json.loads(r)[0]['certificate_signing_request']}]
            ),
            'rejects',
        ),
        (
            lambda r: json.dumps(
                [
                    {
                        'ca': False,
                        'certificate_signing_request': json.loads(r)[0][
                            'certificate_signing_request'
                        ],
                    }
                ]
            ),
            'not what the library writes',
        ),
        (lambda r: json.dumps(json.loads(r), separators=(',', ':')), 'not what the library writes'),
        (
            lambda r: json.dumps([{'certificate_signing_request': 'not a CSR', 'ca': False}]),
            'cannot parse the CSR',
        ),
        (lambda r: '[]', 'not what the library writes'),
    ],
    ids=['not-json', 'no-ca-field', 'keys-reordered', 'compact-json', 'bad-pem', 'empty-list'],
)
def test_validator_rejects_what_the_library_would_not_write(change, message):
    requirer = tls.require(state=None, provider=None, event=None, settings=UNIT)
    bad = _with_requests(requirer, change(requirer.units_data['web/0'][tls.KEY]))

    problems = tls.validate(bad)

    assert problems and message in problems[0], problems


def test_validator_rejects_unknown_keys_and_an_empty_request():
    requirer = tls.require(state=None, provider=None, event=None, settings=UNIT)
    extra = edited(requirer, app_data={'certificates': '[]'})

    assert "key 'certificates' is not part of the protocol" in tls.validate(extra)[0]
    assert 'asked for nothing' in tls.validate(edited(requirer, units_data={}))[0]


def test_cli_round_trip_and_exit_statuses(save, tmp_path):
    requirer = tmp_path / 'requirer.json'
    provider = tmp_path / 'provider.json'
    again = tmp_path / 'again.json'

    steps = [
        run_driver('tls-certificates', 'require', '--relation-id', '5', '--output', requirer),
        run_driver('tls-certificates', 'validate', '--requirer', requirer),
        run_driver('tls-certificates', 'provide', '--requirer', requirer, '--output', provider),
        run_driver(
            'tls-certificates',
            'require',
            '--state',
            requirer,
            '--provider',
            provider,
            '--output',
            again,
        ),
    ]

    assert [s.returncode for s in steps] == [0, 0, 0, 0], [s.stderr for s in steps]
    assert steps[1].stdout.startswith('valid:')
    assert '"certificate_available"' in again.read_text()
    bad = save(
        _with_requests(tls.require(state=None, provider=None, event=None, settings=UNIT), '[]'),
        'bad.json',
    )
    invalid = run_driver('tls-certificates', 'validate', '--requirer', bad)
    assert invalid.returncode == 1
    assert invalid.stderr.startswith('invalid: ')
    wrong_side = run_driver('tls-certificates', 'validate', '--requirer', provider)
    assert wrong_side.returncode == 2
    assert 'expected the requirer side' in wrong_side.stderr
