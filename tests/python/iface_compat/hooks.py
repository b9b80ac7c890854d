"""The hook sequences the drivers run in Scenario."""

from __future__ import annotations

from ops import testing


def provider_hooks(
    ctx: testing.Context, state: testing.State, relation_id: int, *, first_contact: bool
) -> testing.State:
    """What a provider's leader sees of a requirer's change: on first contact
    relation-created, -joined and -changed (one state feeding the next), after that
    relation-changed; the remote unit is the requirer's first unit."""
    names = ['created', 'joined', 'changed'] if first_contact else ['changed']
    for name in names:
        rel = state.get_relation(relation_id)
        unit = min(rel.remote_units_data)
        if name == 'created':
            event = ctx.on.relation_created(rel)
        elif name == 'joined':
            event = ctx.on.relation_joined(rel, remote_unit=unit)
        else:
            event = ctx.on.relation_changed(rel, remote_unit=unit)
        state = ctx.run(event, state)
    return state
