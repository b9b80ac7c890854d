"""Command line of the drivers; docs/interfaces/drivers.md describes it.

Exit status: 0 done (or valid), 1 the requirer's data is invalid (each problem on stderr),
2 a usage error or a side file that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import database, tls, tracing
from . import side as sides


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='driver.py',
        description='Run the Python library of a relation interface on one side of a relation.',
    )
    interfaces = parser.add_subparsers(dest='interface', required=True)
    for name in ('tls-certificates', 'database', 'tracing'):
        commands = interfaces.add_parser(name).add_subparsers(dest='command', required=True)

        require = commands.add_parser('require', help='run the Python requirer for one event')
        require.add_argument('--state', type=Path, help="the requirer's side from its last run")
        require.add_argument('--provider', type=Path, help="the provider's side")
        require.add_argument('--app', default='web', help='requirer application (first contact)')
        require.add_argument('--relation-id', type=int, default=1, help='on first contact')
        require.add_argument('--output', type=Path, required=True)

        provide = commands.add_parser('provide', help='run the Python provider on a requirer')
        provide.add_argument('--requirer', type=Path, required=True)
        provide.add_argument('--state', type=Path, help="the provider's side from its last run")
        provide.add_argument('--output', type=Path, required=True)

        validate = commands.add_parser('validate', help="check a requirer's databags")
        validate.add_argument('--requirer', type=Path, required=True)

        if name == 'tls-certificates':
            require.add_argument(
                '--event', choices=['relation-created', 'relation-changed', 'secret-expired']
            )
            require.add_argument('--mode', choices=['unit', 'app'], default='unit')
            require.add_argument('--common-name', default='web.example.com')
            require.add_argument('--sans-dns', default='web.example.com', help='comma-separated')
            provide.add_argument('--app', default='ca')
            provide.add_argument(
                '--revoke-all', action='store_true', help='change CA and revoke every certificate'
            )
            provide.add_argument('--deny', action='store_true', help='deny every request')
        elif name == 'tracing':
            require.add_argument(
                '--event', choices=['relation-created', 'relation-changed', 'relation-broken']
            )
            require.add_argument(
                '--protocols', default='otlp_http,otlp_grpc', help='comma-separated, in order'
            )
            provide.add_argument('--app', default='tempo')
            provide.add_argument('--host', default='tempo.example', help="the receivers' host")
            provide.add_argument('--only', help='comma-separated: publish only these protocols')
        else:
            require.add_argument(
                '--event', choices=['relation-created', 'relation-changed', 'secret-changed']
            )
            require.add_argument('--resource', default='mydb')
            require.add_argument('--extra-user-roles')
            provide.add_argument('--app', default='postgresql')
            provide.add_argument('--endpoints', default='postgresql-primary:5432')
            provide.add_argument('--read-only-endpoints', default='postgresql-replicas:5432')
            provide.add_argument('--version', default='16.6', dest='db_version')
            provide.add_argument('--tls-ca', type=Path, help='PEM file: the provider has TLS')
            provide.add_argument(
                '--rotate-password', action='store_true', help='new passwords for every answer'
            )
    return parser


def _run(args: argparse.Namespace) -> int:
    module = {'tls-certificates': tls, 'database': database, 'tracing': tracing}[args.interface]
    interface = module.INTERFACE

    def side(path: Path | None, role: str) -> sides.Side | None:
        return sides.load(path, interface=interface, role=role) if path else None

    if args.command == 'validate':
        problems = module.validate(side(args.requirer, 'requirer'))
        for problem in problems:
            print(f'invalid: {problem}', file=sys.stderr)
        if problems:
            return 1
        print(f'valid: {args.requirer}')
        return 0

    if args.command == 'require':
        if module is tls:
            settings = tls.RequirerSettings(
                common_name=args.common_name,
                sans_dns=tuple(s for s in args.sans_dns.split(',') if s),
                mode=args.mode,
                relation_id=args.relation_id,
            )
        elif module is tracing:
            settings = tracing.RequirerSettings(
                protocols=tuple(p for p in args.protocols.split(',') if p),
                relation_id=args.relation_id,
            )
        else:
            settings = database.RequirerSettings(
                resource=args.resource,
                extra_user_roles=args.extra_user_roles,
                relation_id=args.relation_id,
            )
        result = module.require(
            state=side(args.state, 'requirer'),
            provider=side(args.provider, 'provider'),
            event=args.event,
            settings=settings,
            app=args.app,
        )
    else:
        if module is tls:
            settings = tls.ProviderSettings(revoke_all=args.revoke_all, deny=args.deny)
        elif module is tracing:
            settings = tracing.ProviderSettings(
                host=args.host,
                only=tuple(p for p in args.only.split(',') if p) if args.only is not None else None,
            )
        else:
            settings = database.ProviderSettings(
                endpoints=args.endpoints,
                read_only_endpoints=args.read_only_endpoints or None,
                version=args.db_version,
                tls_ca=args.tls_ca.read_text(encoding='utf-8').strip() if args.tls_ca else None,
                rotate_password=args.rotate_password,
            )
        result = module.provide(
            requirer=side(args.requirer, 'requirer'),
            state=side(args.state, 'provider'),
            settings=settings,
            app=args.app,
        )
    sides.save(result, args.output)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Runs one driver command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (sides.SideFileError, OSError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
