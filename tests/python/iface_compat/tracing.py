"""The `tracing` interface (charmlibs-interfaces-tracing): minimal charms using the real
library on each side, run in Scenario, and the checks of a requirer's data."""

from __future__ import annotations

from dataclasses import dataclass, field

import ops
from charmlibs.interfaces import tracing

from . import side as sides
from .compare import difference
from .endpoint import Endpoint
from .side import Event, Side

INTERFACE = 'tracing'
JUJU_INTERFACE = 'tracing'
ENDPOINT = 'tracing'
_ENDPOINT = Endpoint(INTERFACE, JUJU_INTERFACE, ENDPOINT, limit=1)

# What a requirer may write in its application bag; its unit bags hold nothing.
APP_KEYS = {'receivers'}

# The port each receiver listens on in the drivers' provider (Tempo's defaults).
PORTS = {
    'zipkin': 9411,
    'otlp_grpc': 4317,
    'otlp_http': 4318,
    'jaeger_grpc': 14250,
    'jaeger_thrift_http': 14268,
}


@dataclass(frozen=True)
class RequirerSettings:
    """What the Python requirer asks for."""

    protocols: tuple[str, ...] = ('otlp_http', 'otlp_grpc')
    relation_id: int = 1  # on first contact


@dataclass
class ProviderSettings:
    """What the Python provider answers: a receiver at `host` for each requested protocol
    (or only those in `only`), with the transport's URL form."""

    host: str = 'tempo.example'
    only: tuple[str, ...] | None = None
    requested: list[Event] = field(default_factory=list)


def _requirer_charm(protocols: list[str], seen: list[Event]) -> type[ops.CharmBase]:
    class TracingRequirerCharm(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.tracing = tracing.TracingEndpointRequirer(self, ENDPOINT, protocols=protocols)
            framework.observe(self.tracing.on.endpoint_changed, self._changed)
            framework.observe(self.tracing.on.endpoint_removed, self._removed)

        def _changed(self, event: tracing.EndpointChangedEvent) -> None:
            receivers = [r.model_dump(mode='json') for r in event.receivers]
            seen.append(Event(name='endpoint_changed', fields={'receivers': receivers}))

        def _removed(self, _: tracing.EndpointRemovedEvent) -> None:
            seen.append(Event(name='endpoint_removed'))

    return TracingRequirerCharm


def _url(protocol: str, host: str) -> str:
    address = f'{host}:{PORTS.get(protocol, 4318)}'
    transport = tracing.receiver_protocol_to_transport_protocol.get(protocol)
    return address if transport == tracing.TransportProtocolType.grpc else f'http://{address}'


def _provider_charm(settings: ProviderSettings) -> type[ops.CharmBase]:
    class TracingProviderCharm(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.tracing = tracing.TracingEndpointProvider(self, relation_name=ENDPOINT)
            framework.observe(self.tracing.on.request, self._requested)

        def _requested(self, event: tracing.RequestEvent) -> None:
            requested = list(event.requested_receivers)
            settings.requested.append(Event(name='request', fields={'receivers': requested}))
            protocols = sorted(self.tracing.requested_protocols())
            if settings.only is not None:
                protocols = [p for p in protocols if p in settings.only]
            self.tracing.publish_receivers([(p, _url(p, settings.host)) for p in protocols])

    return TracingProviderCharm


def require(
    *,
    state: Side | None,
    provider: Side | None,
    event: str | None,
    settings: RequirerSettings,
    app: str = 'web',
) -> Side:
    """Runs the Python requirer for one event and returns its side of the relation
    (`Endpoint.require`); relation-broken is the relation going away."""
    seen: list[Event] = []
    return _ENDPOINT.require(
        _requirer_charm(list(settings.protocols), seen),
        app=app,
        state=state,
        provider=provider,
        event=event,
        seen=seen,
        first_relation_id=settings.relation_id,
        default_remote_app='tempo',
        more_events={'relation-broken': lambda ctx, rel, _: ctx.on.relation_broken(rel)},
    )


def provide(
    *,
    requirer: Side,
    state: Side | None,
    settings: ProviderSettings,
    app: str = 'tempo',
) -> Side:
    """Runs the Python provider on what the requirer holds and returns the provider's side
    (`Endpoint.provide`). Each time the requirer's request is valid it publishes a receiver
    for each requested protocol (those in `settings.only`, when given).
    """
    return _ENDPOINT.provide(
        _provider_charm(settings),
        app=app,
        requirer=requirer,
        state=state,
        events=settings.requested,
    )


def _parse_with_provider(requirer: Side) -> list[str] | None:
    """The protocols as the Python provider's library reads them; None when it finds the
    requirer not ready (no request, or one it cannot read)."""
    parsed: list[list[str] | None] = []

    class Reader(ops.CharmBase):
        def __init__(self, framework: ops.Framework):
            super().__init__(framework)
            self.tracing = tracing.TracingEndpointProvider(self, relation_name=ENDPOINT)
            framework.observe(self.on.update_status, self._read)

        def _read(self, _: ops.EventBase) -> None:
            relation = self.model.get_relation(ENDPOINT)
            ready = self.tracing.is_requirer_ready(relation)
            parsed.append(
                tracing.TracingRequirerAppData.load(relation.data[relation.app]).receivers
                if ready
                else None
            )

    _ENDPOINT.read_as_provider(Reader, requirer)
    return parsed[0]


def validate(requirer: Side) -> list[str]:
    """Checks the requirer's databags with the library's own models; returns the problems.

    The provider's library must read the request, and `receivers` must be byte-for-byte
    what the library's requirer writes for the same protocols (`json.dumps` layout, order).
    """
    problems = []
    app_data = requirer.app_data
    for key in sorted(set(app_data) - APP_KEYS):
        problems.append(f'application {requirer.app}: key {key!r} is not part of the protocol')
    for unit, bag in requirer.units_data.items():
        for key in sorted(set(bag) - sides.JUJU_UNIT_KEYS):
            problems.append(f'unit {unit}: key {key!r} is not part of the protocol')
    protocols = _parse_with_provider(requirer)
    if not protocols:
        return [*problems, 'the provider library finds no valid request of receivers']
    if problems:
        return problems

    rewritten = require(
        state=None,
        provider=None,
        event='relation-created',
        settings=RequirerSettings(protocols=tuple(protocols)),
        app=requirer.app,
    )
    given, library = app_data.get('receivers'), rewritten.app_data.get('receivers')
    if given != library:
        problems.append(
            f'application {requirer.app}: receivers is not what the library writes for the '
            f'same protocols:\n' + difference(given or '', library)
        )
    return problems
