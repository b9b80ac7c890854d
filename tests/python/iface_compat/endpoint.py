"""One interface's endpoint, and the Scenario runs every driver makes on it: the requirer on
one event, the provider on what the requirer holds, and a read of the requirer's side by
the provider's library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ops
from ops import testing

from . import hooks
from . import side as sides
from .side import Event, Side

# A requirer event beyond relation-created and -changed: the Scenario event to run (what
# `ctx.on.*` returns, a private type of Scenario's), from the context, the relation and the
# secrets the requirer sees; SideFileError when it cannot run.
MoreEvent = Callable[[testing.Context, testing.Relation, list[testing.Secret]], Any]


@dataclass(frozen=True)
class Endpoint:
    """The endpoint a driver's charms declare."""

    interface: str  # the side file's name of the interface
    juju_interface: str
    name: str
    limit: int | None = None

    def meta(self, app: str, role: str) -> dict:
        """The charm metadata of `app` with this endpoint on `role`'s side."""
        section = 'requires' if role == 'requirer' else 'provides'
        endpoint: dict = {'interface': self.juju_interface}
        if self.limit is not None:
            endpoint['limit'] = self.limit
        return {'name': app, section: {self.name: endpoint}}

    def relation(
        self, *, local: Side | None, remote: Side | None, relation_id: int, remote_app: str
    ) -> testing.Relation:
        """The Scenario relation seen from `local`'s side, with `remote`'s databags."""
        return sides.relation(
            endpoint=self.name,
            interface=self.juju_interface,
            local=local,
            remote=remote,
            relation_id=relation_id,
            remote_app=remote_app,
        )

    def require(
        self,
        charm: type[ops.CharmBase],
        *,
        app: str,
        state: Side | None,
        provider: Side | None,
        event: str | None,
        seen: list[Event],
        first_relation_id: int,
        default_remote_app: str,
        more_events: dict[str, MoreEvent] | None = None,
    ) -> Side:
        """Runs the requirer `charm` for one event and returns its side of the relation.

        `state` is the requirer's side from its previous run (none on first contact),
        `provider` what the provider side holds now, `seen` what the charm reports. `event`
        defaults to relation-created on first contact and relation-changed after; others
        are those of `more_events`.
        """
        remote_app = (
            provider.app
            if provider
            else (state.remote_app if state else None) or default_remote_app
        )
        relation_id = (
            state.relation_id
            if state
            else (provider.relation_id if provider else first_relation_id)
        )
        unit_id = state.unit_id if state else 0
        ctx = testing.Context(charm, meta=self.meta(app, 'requirer'), app_name=app, unit_id=unit_id)
        rel = self.relation(
            local=state, remote=provider, relation_id=relation_id, remote_app=remote_app
        )
        secrets = sides.secrets(state, provider, relation_id)
        state_in = testing.State(
            relations=[rel], secrets=secrets, leader=state.leader if state else True
        )
        events: dict[str, MoreEvent] = {
            'relation-created': lambda ctx, rel, _: ctx.on.relation_created(rel),
            'relation-changed': lambda ctx, rel, _: ctx.on.relation_changed(rel, remote_unit=0),
            **(more_events or {}),
        }
        event = event or ('relation-changed' if state else 'relation-created')
        if event not in events:
            raise sides.SideFileError(f'unknown requirer event {event!r}')
        out = ctx.run(events[event](ctx, rel, secrets), state_in)
        return self.side(
            out,
            role='requirer',
            app=app,
            unit_id=unit_id,
            relation_id=relation_id,
            remote_app=remote_app,
            events=seen,
        )

    def provide(
        self,
        charm: type[ops.CharmBase],
        *,
        app: str,
        requirer: Side,
        state: Side | None,
        events: list[Event],
    ) -> Side:
        """Runs the provider `charm` on what the requirer holds and returns its side.

        On first contact (no `state`) the provider sees relation-created, -joined and
        -changed; after that relation-changed (`hooks.provider_hooks`). `events` is what the
        charm reports.
        """
        ctx = testing.Context(charm, meta=self.meta(app, 'provider'), app_name=app)
        current = self._provider_state(local=state, requirer=requirer)
        current = hooks.provider_hooks(
            ctx, current, requirer.relation_id, first_contact=state is None
        )
        return self.side(
            current,
            role='provider',
            app=app,
            unit_id=0,
            relation_id=requirer.relation_id,
            remote_app=requirer.app,
            events=events,
        )

    def read_as_provider(self, reader: type[ops.CharmBase], requirer: Side) -> None:
        """Runs `reader`, a provider charm that reads the requirer's side on update-status."""
        ctx = testing.Context(reader, meta=self.meta('provider', 'provider'), app_name='provider')
        ctx.run(ctx.on.update_status(), self._provider_state(local=None, requirer=requirer))

    def side(
        self,
        state: testing.State,
        *,
        role: str,
        app: str,
        unit_id: int,
        relation_id: int,
        remote_app: str,
        events: list[Event],
    ) -> Side:
        """The side file of what a Scenario run left."""
        return sides.from_state(
            state,
            interface=self.interface,
            role=role,
            app=app,
            unit_id=unit_id,
            endpoint=self.name,
            relation_id=relation_id,
            remote_app=remote_app,
            events=events,
        )

    def _provider_state(self, *, local: Side | None, requirer: Side) -> testing.State:
        """The provider leader's state: the relation with the requirer, and the secrets."""
        rel = self.relation(
            local=local, remote=requirer, relation_id=requirer.relation_id, remote_app=requirer.app
        )
        return testing.State(
            relations=[rel],
            secrets=sides.secrets(local, requirer, requirer.relation_id),
            leader=True,
        )
