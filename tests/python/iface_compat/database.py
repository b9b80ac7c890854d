"""The data-platform `database` interface (dpcharmlibs-interfaces): minimal charms using the
real library on each side, run in Scenario, and the checks of a requirer's data."""

from __future__ import annotations

import logging
import secrets as random_secrets
from dataclasses import dataclass, field
from typing import Any

import ops
import pydantic
from dpcharmlibs import interfaces as db
from ops import testing

from . import side as sides
from .compare import difference
from .endpoint import Endpoint
from .side import Event, Side

logger = logging.getLogger(__name__)

INTERFACE = 'database'
JUJU_INTERFACE = 'postgresql_client'
ENDPOINT = 'database'
_ENDPOINT = Endpoint(INTERFACE, JUJU_INTERFACE, ENDPOINT)

# What a requirer may write, per protocol version and bag (the library's own keys).
V1_APP_KEYS = {'version', 'requests', 'encryption-secret', 'alias'}
V0_APP_KEYS = {
    'database',
    'requested-secrets',
    'extra-user-roles',
    'extra-group-roles',
    'external-node-connectivity',
    'entity-type',
    'entity-permissions',
    'requested-entity-secret',
    'prefix-matching',
    'alias',
}
# `data` is the Python requirer's record of what it has already seen, `alias` its label;
# the classic (v0) requirer also repeats `requested-secrets` in its unit bag.
UNIT_KEYS = {'data', 'alias', 'requested-secrets'}

REQUIRER_EVENTS = (
    'resource_created',
    'resource_entity_created',
    'endpoints_changed',
    'read_only_endpoints_changed',
    'authentication_updated',
    'prefix_resources_changed',
)


@dataclass(frozen=True)
class RequirerSettings:
    """What the Python requirer asks for."""

    resource: str = 'mydb'
    extra_user_roles: str | None = None
    relation_id: int = 1  # on first contact


@dataclass
class ProviderSettings:
    """What the Python provider answers."""

    endpoints: str = 'postgresql-primary:5432'
    read_only_endpoints: str | None = 'postgresql-replicas:5432'
    version: str = '16.6'
    tls_ca: str | None = None
    rotate_password: bool = False
    requested: list[Event] = field(default_factory=list)


def _response_fields(response: db.ResourceProviderModel) -> dict:
    return {
        name: getattr(response, name)
        for name in (
            'request_id',
            'resource',
            'username',
            'password',
            'endpoints',
            'read_only_endpoints',
            'uris',
            'read_only_uris',
            'tls',
            'tls_ca',
            'version',
            'prefix_resources',
            'secret_user',
            'secret_tls',
        )
    }


def _requirer_charm(
    requests: list[db.RequirerCommonModel], seen: list[Event]
) -> type[ops.CharmBase]:
    class DatabaseRequirerCharm(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.database = db.ResourceRequirerEventHandler(
                self, ENDPOINT, requests, response_model=db.ResourceProviderModel
            )
            for name in REQUIRER_EVENTS:
                framework.observe(getattr(self.database.on, name), self._seen)

        def _seen(self, event: db.ResourceRequirerEvent) -> None:
            seen.append(Event(name=event.handle.kind, fields=_response_fields(event.response)))

    return DatabaseRequirerCharm


def _provider_charm(settings: ProviderSettings) -> type[ops.CharmBase]:
    class DatabaseProviderCharm(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.database = db.ResourceProviderEventHandler(self, ENDPOINT, db.RequirerCommonModel)
            framework.observe(self.database.on.resource_requested, self._requested)
            # Observed after the library: answers it already gave are brought up to date.
            framework.observe(self.on[ENDPOINT].relation_changed, self._reconcile)

        def _answer(self, relation: ops.Relation, request: db.RequirerCommonModel, **changes):
            user = f'relation_{relation.id}'
            password = changes.pop('password', None)
            response = db.ResourceProviderModel(
                salt=request.salt,
                request_id=request.request_id,
                resource=request.resource,
                endpoints=settings.endpoints,
                read_only_endpoints=settings.read_only_endpoints,
                version=settings.version,
                tls=settings.tls_ca is not None,
                tls_ca=settings.tls_ca,
                **changes,
            )
            if password is not None:
                response.username = user
                response.password = password
                host = settings.endpoints.split(',')[0]
                response.uris = f'postgresql://{user}:{password}@{host}/{request.resource}'
            self.database.set_response(relation.id, response)

        def _requested(self, event: db.ResourceRequestedEvent) -> None:
            settings.requested.append(
                Event(name='resource_requested', fields=event.request.model_dump(mode='json'))
            )
            self._answer(event.relation, event.request, password=random_secrets.token_hex(16))

        def _reconcile(self, event: ops.RelationChangedEvent) -> None:
            try:
                responses = self.database.responses(event.relation, db.ResourceProviderModel)
            except pydantic.ValidationError as e:
                # v0: the library cannot read back a `version` it wrote that looks like a
                # JSON number (16.6); it reads its top-level keys as JSON first.
                logger.warning('cannot read back the answers: %s', e)
                return
            answered = {r.request_id: r for r in responses}
            for request in self.database.requests(event.relation):
                response = answered.get(request.request_id)
                if response is None or not response.secret_user:
                    continue
                moved = (response.endpoints, response.read_only_endpoints) != (
                    settings.endpoints,
                    settings.read_only_endpoints,
                )
                if settings.rotate_password:
                    self._answer(event.relation, request, password=random_secrets.token_hex(16))
                elif moved:
                    # The connection strings name the endpoints, so they change too.
                    self._answer(event.relation, request, password=response.password)

    return DatabaseProviderCharm


def require(
    *,
    state: Side | None,
    provider: Side | None,
    event: str | None,
    settings: RequirerSettings,
    app: str = 'web',
    requests: list[db.RequirerCommonModel] | None = None,
) -> Side:
    """Runs the Python requirer for one event and returns its side of the relation
    (`Endpoint.require`); secret-changed reports a new revision of a credentials secret the
    provider shared (the first one whose content moved on)."""
    seen: list[Event] = []
    if requests is None:
        requests = [
            db.RequirerCommonModel(
                resource=settings.resource, extra_user_roles=settings.extra_user_roles
            )
        ]
    return _ENDPOINT.require(
        _requirer_charm(requests, seen),
        app=app,
        state=state,
        provider=provider,
        event=event,
        seen=seen,
        first_relation_id=settings.relation_id,
        default_remote_app='postgresql',
        more_events={'secret-changed': _credentials_moved},
    )


def _credentials_moved(
    ctx: testing.Context, _: testing.Relation, secrets: list[testing.Secret]
) -> Any:
    moved = [s for s in secrets if s.owner is None and s.tracked_content != s.latest_content]
    if not moved:
        raise sides.SideFileError('secret-changed: no shared secret has a new revision')
    return ctx.on.secret_changed(moved[0])


def provide(
    *,
    requirer: Side,
    state: Side | None,
    settings: ProviderSettings,
    app: str = 'postgresql',
) -> Side:
    """Runs the Python provider on what the requirer holds and returns the provider's side
    (`Endpoint.provide`). It answers each new request with credentials in a secret it grants
    to the requirer, and brings earlier answers up to date (endpoints, password).
    """
    return _ENDPOINT.provide(
        _provider_charm(settings),
        app=app,
        requirer=requirer,
        state=state,
        events=settings.requested,
    )


def _parse_with_provider(requirer: Side) -> list[db.RequirerCommonModel]:
    """The requests as the Python provider's library reads them (secrets included)."""
    parsed: list[db.RequirerCommonModel] = []

    class Reader(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.database = db.ResourceProviderEventHandler(self, ENDPOINT, db.RequirerCommonModel)
            framework.observe(self.on.update_status, self._read)

        def _read(self, _: ops.EventBase) -> None:
            parsed.extend(self.database.requests(self.model.get_relation(ENDPOINT)))

    _ENDPOINT.read_as_provider(Reader, requirer)
    return parsed


def validate(requirer: Side) -> list[str]:
    """Checks the requirer's databags with the library's own models; returns the problems.

    The provider's library must read every request (v1: the `requests` list; v0: the
    classic `database` field). For v1, `version` and `requests` must also be byte-for-byte
    what the library's requirer writes for the same requests: it fixes the JSON layout, the
    key order, the nulls and the request-id (a hash of resource and salt).
    """
    problems = []
    app_data = requirer.app_data
    version = app_data.get('version', 'v0')
    if version not in ('v0', 'v1'):
        return [f'application {requirer.app}: unknown protocol version {version!r}']
    allowed = V1_APP_KEYS if version == 'v1' else V0_APP_KEYS | {'version'}
    for key in sorted(set(app_data) - allowed):
        problems.append(
            f'application {requirer.app}: key {key!r} is not part of protocol {version}'
        )
    for unit, bag in requirer.units_data.items():
        for key in sorted(set(bag) - UNIT_KEYS - sides.JUJU_UNIT_KEYS):
            problems.append(f'unit {unit}: key {key!r} is not part of the protocol')
    try:
        requests = _parse_with_provider(requirer)
    except testing.errors.UncaughtCharmError as e:
        return [*problems, f'the provider library cannot read the requests: {e.__cause__}']
    if not requests or not all(r.resource for r in requests):
        problems.append('the provider library finds no requested resource')
    if version == 'v0' or problems:
        return problems

    rewritten = require(
        state=None,
        provider=None,
        event='relation-created',
        settings=RequirerSettings(),
        app=requirer.app,
        requests=[r.model_copy() for r in requests],
    )
    for key in ('version', 'requests'):
        given, library = app_data.get(key), rewritten.app_data.get(key)
        if given != library:
            problems.append(
                f'application {requirer.app}: {key} is not what the library writes for the '
                f'same requests:\n' + difference(given or '', library)
            )
    return problems
