"""tls-certificates (protocol v4 of charmlibs-interfaces-tls-certificates): minimal charms
using the real library on each side, run in Scenario, and the checks of a requirer's data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import ops
from charmlibs.interfaces import tls_certificates as tls
from charmlibs.interfaces.tls_certificates import _tls_certificates as tls_models
from ops import testing

from . import side as sides
from .compare import difference
from .endpoint import Endpoint
from .side import Event, Side

INTERFACE = 'tls-certificates'
JUJU_INTERFACE = 'tls-certificates'
ENDPOINT = 'certificates'
KEY = 'certificate_signing_requests'
_ENDPOINT = Endpoint(INTERFACE, JUJU_INTERFACE, ENDPOINT)

# The provider driver keeps its CA in a secret of its own, so a later run signs with it.
CA_SECRET_LABEL = 'charm-rs-driver-ca'
CA_VALIDITY = datetime.timedelta(days=365)
CERTIFICATE_VALIDITY = datetime.timedelta(days=90)


@dataclass(frozen=True)
class RequirerSettings:
    """What the Python requirer asks for."""

    common_name: str = 'web.example.com'
    sans_dns: tuple[str, ...] = ('web.example.com',)
    mode: str = 'unit'  # 'unit' or 'app'
    relation_id: int = 1  # on first contact


@dataclass
class ProviderSettings:
    """What the Python provider does with the requests it finds."""

    revoke_all: bool = False
    deny: bool = False
    seen: list[Event] = field(default_factory=list)


def _requirer_charm(settings: RequirerSettings, seen: list[Event]) -> type[ops.CharmBase]:
    class TlsRequirerCharm(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.certificates = tls.TLSCertificatesRequiresV4(
                self,
                ENDPOINT,
                certificate_requests=[
                    tls.CertificateRequestAttributes(
                        common_name=settings.common_name, sans_dns=list(settings.sans_dns)
                    )
                ],
                mode=tls.Mode.APP if settings.mode == 'app' else tls.Mode.UNIT,
            )
            framework.observe(self.certificates.on.certificate_available, self._available)
            framework.observe(self.certificates.on.certificate_denied, self._denied)

        def _available(self, event: tls.CertificateAvailableEvent) -> None:
            seen.append(
                Event(
                    name='certificate_available',
                    fields={
                        'certificate_signing_request': str(event.certificate_signing_request),
                        'certificate': str(event.certificate),
                        'ca': str(event.ca),
                        'chain': [str(c) for c in event.chain],
                    },
                )
            )

        def _denied(self, event: tls.CertificateDeniedEvent) -> None:
            seen.append(
                Event(
                    name='certificate_denied',
                    fields={
                        'certificate_signing_request': str(event.certificate_signing_request),
                        'error': event.error.model_dump(mode='json'),
                    },
                )
            )

    return TlsRequirerCharm


def _provider_charm(settings: ProviderSettings) -> type[ops.CharmBase]:
    class TlsProviderCharm(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.certificates = tls.TLSCertificatesProvidesV4(self, ENDPOINT)
            framework.observe(self.on[ENDPOINT].relation_changed, self._reconcile)

        def _ca(self, *, new: bool) -> tuple[tls.Certificate, tls.PrivateKey]:
            try:
                secret = self.model.get_secret(label=CA_SECRET_LABEL)
            except ops.SecretNotFoundError:
                secret = None
            if secret is not None and not new:
                content = secret.get_content(refresh=True)
                return (
                    tls.Certificate.from_string(content['ca-certificate']),
                    tls.PrivateKey.from_string(content['ca-private-key']),
                )
            key = tls.PrivateKey.generate()
            ca = tls.Certificate.generate_self_signed_ca(
                tls.CertificateRequestAttributes(
                    common_name='charm-rs test CA', add_unique_id_to_subject_name=False
                ),
                key,
                CA_VALIDITY,
            )
            content = {'ca-certificate': str(ca), 'ca-private-key': str(key)}
            if secret is None:
                self.app.add_secret(content, label=CA_SECRET_LABEL)
            else:
                secret.set_content(content)
            return ca, key

        def _reconcile(self, _: ops.EventBase) -> None:
            if settings.revoke_all:
                # What a provider does when its CA changes: every certificate is revoked,
                # and the requests are signed again by the new CA on a later event.
                self._ca(new=True)
                self.certificates.revoke_all_certificates()
                return
            ca, key = self._ca(new=False)
            for request in self.certificates.get_outstanding_certificate_requests():
                csr = request.certificate_signing_request
                if settings.deny:
                    self.certificates.set_relation_error(
                        tls.ProviderCertificateError(
                            relation_id=request.relation_id,
                            certificate_signing_request=csr,
                            error=tls.CertificateError(
                                code=tls.CertificateRequestErrorCode.DOMAIN_NOT_ALLOWED,
                                name='DOMAIN_NOT_ALLOWED',
                                message='the test provider denies every request',
                            ),
                        )
                    )
                    continue
                certificate = csr.sign(ca, key, CERTIFICATE_VALIDITY, is_ca=request.is_ca)
                self.certificates.set_relation_certificate(
                    tls.ProviderCertificate(
                        relation_id=request.relation_id,
                        certificate=certificate,
                        certificate_signing_request=csr,
                        ca=ca,
                        chain=[certificate, ca],
                    )
                )

    return TlsProviderCharm


def require(
    *,
    state: Side | None,
    provider: Side | None,
    event: str | None,
    settings: RequirerSettings,
    app: str = 'web',
) -> Side:
    """Runs the Python requirer for one event and returns its side of the relation
    (`Endpoint.require`); secret-expired expires the requirer's certificate secret."""
    seen: list[Event] = []
    return _ENDPOINT.require(
        _requirer_charm(settings, seen),
        app=app,
        state=state,
        provider=provider,
        event=event,
        seen=seen,
        first_relation_id=settings.relation_id,
        default_remote_app='ca',
        more_events={'secret-expired': _expire_certificate},
    )


def _expire_certificate(
    ctx: testing.Context, _: testing.Relation, secrets: list[testing.Secret]
) -> Any:
    expiring = [
        s
        for s in secrets
        if s.owner and (s.label or '').startswith(f'{tls_models.LIBID}-certificate-')
    ]
    if not expiring:
        raise sides.SideFileError('secret-expired: the requirer holds no certificate secret')
    return ctx.on.secret_expired(expiring[0], revision=1)


def provide(
    *,
    requirer: Side,
    state: Side | None,
    settings: ProviderSettings,
    app: str = 'ca',
) -> Side:
    """Runs the Python provider on what the requirer holds and returns the provider's side
    (`Endpoint.provide`). It signs every outstanding request with its own CA (made on first
    contact and kept in an application secret), or denies them, or revokes everything.
    """
    return _ENDPOINT.provide(
        _provider_charm(settings), app=app, requirer=requirer, state=state, events=[]
    )


def validate(requirer: Side) -> list[str]:
    """Checks the requirer's databags with the library's own model; returns the problems.

    Each bag that holds requests must load with the library's requirer model, hold CSRs the
    library can parse, hold nothing else, and be byte-for-byte what the library itself
    writes for the same requests (it fixes both the JSON layout and the key order).
    """
    problems = []
    bags = {f'application {requirer.app}': requirer.app_data}
    bags.update({f'unit {name}': data for name, data in requirer.units_data.items()})
    requests = 0
    for where, bag in bags.items():
        bag = {k: v for k, v in bag.items() if k not in sides.JUJU_UNIT_KEYS}
        for key in sorted(set(bag) - {KEY}):
            problems.append(f'{where}: key {key!r} is not part of the protocol')
        if KEY not in bag:
            continue
        try:
            model = tls_models._RequirerData.load(bag)
        except tls.DataValidationError as e:
            cause = e.__cause__ or e
            problems.append(f'{where}: the library rejects {KEY}: {cause}')
            continue
        for entry in model.certificate_signing_requests:
            requests += 1
            try:
                tls.CertificateSigningRequest.from_string(entry.certificate_signing_request)
            except tls.TLSCertificatesError:
                problems.append(f'{where}: the library cannot parse the CSR {entry!r:.80}')
        rewritten = model.dump({}).get(KEY)
        if rewritten != bag[KEY]:
            problems.append(
                f'{where}: {KEY} is not what the library writes for the same requests:\n'
                + difference(bag[KEY], rewritten)
            )
    if requests == 0 and not problems:
        problems.append(f'no bag holds {KEY}: the requirer asked for nothing')
    return problems
