"""The side file: what one side of one relation holds, as JSON.

Its format is described in docs/interfaces/drivers.md (the one home of that description);
this module reads and writes it strictly and converts it to and from Scenario state.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any, Literal

import pydantic
from ops import testing

FORMAT = 'charm-rs/relation-side/v1'

# Keys Juju itself puts in every unit databag; drivers neither need nor report them.
JUJU_UNIT_KEYS = frozenset({'egress-subnets', 'ingress-address', 'private-address'})

_UNIT_NAME = re.compile(r'^[a-z][a-z0-9-]*/[0-9]+$')


class SideFileError(Exception):
    """A side file that cannot be read, or that does not fit the command."""


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra='forbid', frozen=True)


class SecretEntry(_Strict):
    """One Juju secret this side owns, or consumes from the other side."""

    id: str = pydantic.Field(pattern=r'^secret:')
    owner: Literal['application', 'unit'] | None
    label: str | None = None
    content: dict[str, str] = pydantic.Field(min_length=1)
    granted: list[str] = []
    expire: datetime.datetime | None = None


class Event(_Strict):
    """A library event the driver's charm saw, with what it carried."""

    name: str
    fields: dict[str, Any] = {}


class Side(_Strict):
    """One side of one relation: its databags, its secrets, the events it saw."""

    format: Literal['charm-rs/relation-side/v1']
    interface: Literal['tls-certificates', 'database', 'tracing']
    role: Literal['requirer', 'provider']
    app: str = pydantic.Field(pattern=r'^[a-z][a-z0-9-]*$')
    unit: str = pydantic.Field(pattern=_UNIT_NAME.pattern)
    leader: bool = True
    endpoint: str
    relation_id: int = pydantic.Field(ge=0)
    remote_app: str | None = None
    app_data: dict[str, str] = {}
    units_data: dict[str, dict[str, str]] = {}
    secrets: list[SecretEntry] = []
    events: list[Event] = []

    @pydantic.model_validator(mode='after')
    def _units_belong_to_app(self) -> Side:
        for name in [self.unit, *self.units_data]:
            if not _UNIT_NAME.match(name) or name.split('/')[0] != self.app:
                raise ValueError(f'unit {name!r} is not a unit of application {self.app!r}')
        return self

    @property
    def unit_id(self) -> int:
        """The number of this side's unit."""
        return int(self.unit.split('/')[1])

    def granted_secrets(self) -> list[SecretEntry]:
        """The secrets this side owns and granted to the other side."""
        return [s for s in self.secrets if s.owner is not None and s.granted]

    def to_json(self) -> str:
        """The side file's text: indented JSON with sorted keys, ending in a newline."""
        data = self.model_dump(mode='json')
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + '\n'


def load(path: str | Path, *, interface: str, role: str) -> Side:
    """Reads and checks a side file; the error names the file and the wrong field."""
    try:
        text = Path(path).read_text(encoding='utf-8')
    except OSError as e:
        raise SideFileError(f'cannot read side file {path}: {e.strerror}') from e
    try:
        side = Side.model_validate_json(text)
    except pydantic.ValidationError as e:
        raise SideFileError(f'{path} is not a valid side file:\n{e}') from e
    if side.interface != interface or side.role != role:
        raise SideFileError(
            f'{path} holds the {side.role} side of {side.interface}; '
            f'expected the {role} side of {interface}'
        )
    return side


def save(side: Side, path: str | Path) -> None:
    """Writes a side file."""
    Path(path).write_text(side.to_json(), encoding='utf-8')


def relation(
    *,
    endpoint: str,
    interface: str,
    local: Side | None,
    remote: Side | None,
    relation_id: int,
    remote_app: str,
) -> testing.Relation:
    """The Scenario relation seen from `local`'s side, with `remote`'s databags."""
    local_unit_data = {}
    if local is not None:
        local_unit_data = dict(local.units_data.get(local.unit, {}))
    remote_units = {0: {}}
    if remote is not None and remote.units_data:
        remote_units = {
            int(name.split('/')[1]): dict(data) for name, data in remote.units_data.items()
        }
    return testing.Relation(
        endpoint,
        interface,
        id=relation_id,
        remote_app_name=remote_app,
        local_app_data=dict(local.app_data) if local is not None else {},
        local_unit_data=local_unit_data,
        remote_app_data=dict(remote.app_data) if remote is not None else {},
        remote_units_data=remote_units,
    )


def secrets(local: Side | None, remote: Side | None, relation_id: int) -> list[testing.Secret]:
    """Scenario secrets: those `local` owns or tracks, and those `remote` granted it.

    A secret the other side granted and this side already tracks keeps the tracked content
    this side saw, with the other side's content as the latest revision.
    """
    tracked = {}
    result = []
    if local is not None:
        for entry in local.secrets:
            if entry.owner is None:
                tracked[entry.id] = entry
                continue
            result.append(
                testing.Secret(
                    dict(entry.content),
                    id=entry.id,
                    owner='app' if entry.owner == 'application' else 'unit',
                    label=entry.label,
                    expire=entry.expire,
                    remote_grants={relation_id: entry.granted} if entry.granted else {},
                )
            )
    for entry in remote.granted_secrets() if remote is not None else []:
        seen = tracked.pop(entry.id, None)
        result.append(
            testing.Secret(
                dict(seen.content) if seen else dict(entry.content),
                latest_content=dict(entry.content),
                id=entry.id,
                label=seen.label if seen else None,
            )
        )
    # Secrets this side tracked that the other side no longer shares: still readable here.
    for entry in tracked.values():
        result.append(testing.Secret(dict(entry.content), id=entry.id, label=entry.label))
    return result


def from_state(
    state: testing.State,
    *,
    interface: str,
    role: str,
    app: str,
    unit_id: int,
    endpoint: str,
    relation_id: int,
    remote_app: str,
    events: list[Event],
) -> Side:
    """The side file of what a Scenario run left: databags, secrets, events."""
    rel = state.get_relation(relation_id)
    unit = f'{app}/{unit_id}'
    unit_data = {k: v for k, v in rel.local_unit_data.items() if k not in JUJU_UNIT_KEYS}
    entries = []
    for secret in sorted(state.secrets, key=lambda s: (s.label or '', s.id)):
        owned = secret.owner is not None
        entries.append(
            SecretEntry(
                id=secret.id,
                owner={'app': 'application', 'unit': 'unit', None: None}[secret.owner],
                label=secret.label,
                # The owner's latest revision; for a consumer, the revision it tracks.
                content=dict(secret.latest_content if owned else secret.tracked_content),
                granted=sorted(secret.remote_grants.get(relation_id, ())),
                expire=secret.expire,
            )
        )
    return Side(
        format=FORMAT,
        interface=interface,
        role=role,
        app=app,
        unit=unit,
        leader=state.leader,
        endpoint=endpoint,
        relation_id=relation_id,
        remote_app=remote_app,
        app_data=dict(rel.local_app_data),
        units_data={unit: unit_data} if unit_data else {},
        secrets=entries,
        events=events,
    )
