"""Benchmark of the signalling app on PostgreSQL: 1,000,000 consults for 150,000 children.

    .venv/bin/python bench/signalling_consults.py                       # full size
    .venv/bin/python bench/signalling_consults.py --children 1500 --consults 10000   # quick

Loads the data with COPY (skipped when the database already holds the requested volume), then
measures, each in a fresh process so its peak memory is its own:
  record   - recording a consult with 13 answers: the service call, and the consult form's POST
  child    - GET of a child's page (random children, some with long histories)
  worklist - GET of the worklist of each bench organisation's nurse
For each: median and p95 wall time, the number of SQL queries and the process's peak RSS. The
query count of the child page (1 vs 30 consults) and of the worklist (same children with 1 vs 30
consults each) shows whether it depends on the length of the history. Writes bench/out/signalling.json.
See bench/README.md.
"""

# ruff: noqa: S608 - table names come from the models' _meta and constants, never from input

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hechtwerk_bench"
RESULT_PREFIX = "BENCH-RESULT "
NURSE_EMAIL = "bench-vpk-{n}@bench.example"
SCENARIOS = ("record", "child", "worklist")


# ---------------------------------------------------------------- orchestration (parent process)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--children", type=int, default=150_000)
    parser.add_argument("--consults", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200, help="samples per measurement")
    parser.add_argument(
        "--worklist-samples",
        type=int,
        default=None,
        help="samples of the worklist (default: --samples, at most 50: each is a large page)",
    )
    parser.add_argument(
        "--worklist-budget",
        type=float,
        default=300.0,
        help="stop sampling the worklist after this many seconds (at least 5 samples)",
    )
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--recreate", action="store_true", help="drop and recreate the database")
    parser.add_argument("--reload", action="store_true", help="reload the data even if present")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="measure with DJANGO_DEBUG=1 (default: production-like)",
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest reads")
    parser.add_argument("--only", choices=SCENARIOS, action="append", help="run only these")
    parser.add_argument("--json", default=str(ROOT / "bench" / "out" / "signalling.json"))
    parser.add_argument("--phase", choices=("all", "prepare", "measure"), default="all")
    parser.add_argument("--scenario", choices=SCENARIOS)
    args = parser.parse_args(argv)
    if args.worklist_samples is None:
        args.worklist_samples = min(args.samples, 50)
    return args


def _conninfo(url: str, dbname: str | None = None) -> tuple[str, str]:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    name = str(params.get("dbname", "hechtwerk_bench"))
    if dbname is not None:
        params["dbname"] = dbname
    return make_conninfo(**params), name


def ensure_database(url: str, recreate: bool) -> bool:
    """Create the database if missing; False when PostgreSQL does not answer."""
    import psycopg
    from psycopg import sql

    admin, name = _conninfo(url, "postgres")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        print(f"== SKIPPED: PostgreSQL does not answer ({exc.__class__.__name__}: {exc})".strip())
        return False
    with conn:
        if recreate:
            print(f"== dropping database {name}")
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"== creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def child_env(args: argparse.Namespace, *, measuring: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        HECHTWERK_DEMO_MODE="0",
        HECHTWERK_LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if measuring and not args.debug:
        # Production-like: DEBUG off (no debug cursor, cached templates, production middleware).
        env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
            HECHTWERK_SSL_REDIRECT="0",
            # Production refuses an unkeyed access log; the bench's log is its own, so a fixed
            # key keeps the chain of later runs verifiable.
            HECHTWERK_ACCESS_LOG_KEY=os.environ.get(
                "HECHTWERK_ACCESS_LOG_KEY", "hechtwerk-bench-access-log-key-not-secret"
            ),
        )
    else:
        env["DJANGO_DEBUG"] = "1"
    return env


def run_child(args: argparse.Namespace, phase: str, scenario: str | None = None) -> dict[str, Any]:
    """Run a phase in a fresh Python process; pass its output through, return its result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase]
    names = ("database_url", "children", "consults", "samples", "worklist_samples", "seed")
    for name in (*names, "worklist_budget"):
        cmd += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    if args.reload:
        cmd.append("--reload")
    if args.explain:
        cmd.append("--explain")
    if scenario:
        cmd += ["--scenario", scenario]
    env = child_env(args, measuring=phase == "measure")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX) :])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0:
        raise SystemExit(f"{phase} {scenario or ''} failed (exit code {proc.returncode})")
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase == "prepare":
        emit_result(prepare(args))
        return 0
    if args.phase == "measure":
        from _signalling_measure import measure

        emit_result(measure(args))
        return 0
    print(
        f"== signalling bench: {args.children:,} children, {args.consults:,} consults, "
        f"{args.samples} samples, database {_conninfo(args.database_url)[1]}"
    )
    if not ensure_database(args.database_url, args.recreate):
        return 0
    report: dict[str, Any] = {
        "args": {
            "children": args.children,
            "consults": args.consults,
            "samples": args.samples,
            "worklist_samples": args.worklist_samples,
            "seed": args.seed,
            "debug": args.debug,
        },
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    report["data"] = run_child(args, "prepare")
    for scenario in args.only or SCENARIOS:
        print(f"== measuring {scenario} (fresh process)", flush=True)
        report[scenario] = run_child(args, "measure", scenario)
    print_report(report)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nJSON written to {out}")
    return 0


def emit_result(result: dict[str, Any]) -> None:
    print(RESULT_PREFIX + json.dumps(result, default=str), flush=True)


# ---------------------------------------------------------------- report


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def print_report(report: dict[str, Any]) -> None:
    data = report["data"]
    print()
    print("=" * 100)
    load = data.get("load_seconds")
    how = "loaded now" if data.get("loaded_now") else "already present, load skipped"
    print(
        f"Data: {data['children']:,} children, {data['consults']:,} consults, "
        f"{data['answers']:,} answers, {data['dimensions']:,} dimension rows, "
        f"{data['referrals']:,} referrals ({how}; load took {_ms(load)} s); "
        f"database {data.get('database_size', '?')}"
    )
    print()
    header = (
        f"{'measurement':<40} {'n':>4} {'median ms':>10} {'p95 ms':>10} {'max ms':>9} "
        f"{'of it SQL':>10} {'queries':>13} {'peak RSS MB':>12}"
    )
    print(header)
    print("-" * len(header))
    rows: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for scenario in SCENARIOS:
        part = report.get(scenario)
        if not part:
            continue
        for m in part["measurements"]:
            rows.append((scenario, m, part))
    for _scenario, m, part in rows:
        if m.get("error"):
            print(f"{m['name']:<40} ERROR: {m['error']}")
            continue
        q = m["queries"]
        queries = str(q["min"]) if q["min"] == q["max"] else f"{q['min']}-{q['max']}"
        print(
            f"{m['name']:<40} {m['n']:>4} {_ms(m['median_ms']):>10} {_ms(m['p95_ms']):>10} "
            f"{_ms(m['max_ms']):>9} {_ms(m.get('median_sql_ms')):>10} {queries:>13} "
            f"{part['peak_rss_mb']:>12.0f}"
        )
    for scenario in SCENARIOS:
        part = report.get(scenario)
        if not part:
            continue
        print(
            f"  {scenario}: {part.get('seconds', '?')} s; baseline RSS "
            f"{part.get('baseline_rss_mb', 0):.0f} MB, peak {part['peak_rss_mb']:.0f} MB; "
            f"load average {part.get('loadavg', ['?', '?'])[0]} -> {part.get('loadavg', ['?', '?'])[1]}"
            f" on {os.cpu_count()} CPUs"
        )
        for line in part.get("notes", []):
            print(f"  {scenario}: {line}")
    print()
    print("Query count against history length (a fixed number of queries is the requirement):")
    for scenario in ("child", "worklist"):
        part = report.get(scenario)
        if not part or "constancy" not in part:
            continue
        c = part["constancy"]
        verdict = "CONSTANT" if c.get("constant") else "GROWS WITH HISTORY"
        print(f"  {scenario:<9} {c['description']}: {verdict}")
        for label, value in c["cases"].items():
            print(f"      {label:<38} {value}")
    print("=" * 100)


# ---------------------------------------------------------------- prepare (migrate, demo, load)


def schema_signature() -> dict[str, list[str]]:
    from django.apps import apps

    return {
        model._meta.db_table: sorted(f.column for f in model._meta.concrete_fields)
        for model in apps.get_app_config("signalling").get_models()
    }


def check_schema(signature: dict[str, list[str]]) -> None:
    """The migrated tables must have the models' columns (the migration may have been rewritten)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table, columns in signature.items():
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
            )
            present = {row[0] for row in cursor.fetchall()}
            missing = [c for c in columns if c not in present]
            if missing:
                raise SystemExit(
                    f"Table {table} lacks column(s) {', '.join(missing)}: the signalling migration "
                    "changed after this database was migrated. Rerun with --recreate."
                )


def bench_world(args: argparse.Namespace) -> Any:
    import _signalling_data as data
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled

    from hechtwerk.accounts.constants import OrganisationKind, Role
    from hechtwerk.accounts.models import Membership, Organisation, User
    from hechtwerk.instruments.models import InstrumentVersion
    from hechtwerk.method.codes import SIGNALENLIJST
    from hechtwerk.signalling.services import current_policy, ensure_schedule
    from hechtwerk.signalling.services.common import today

    version = InstrumentVersion.objects.current_for(SIGNALENLIJST)
    if version is None:
        from hechtwerk.instruments.demo import ensure_illustrative_instruments

        version = ensure_illustrative_instruments()[SIGNALENLIJST]
    items = [
        data.ItemDef(item.pk, item.code, item.group, {o.code: o.pk for o in item.options.all()})
        for item in version.items.order_by("order", "id").prefetch_related("options")
    ]
    orgs: list[Any] = []
    for n, name in enumerate((*data.ORG_NAMES, data.SHORT_ORG, data.LONG_ORG), start=1):
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": OrganisationKind.JGZ}
        )
        email = NURSE_EMAIL.format(n=n)
        nurse = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, first_name=f"Bench {n}"
        )
        Membership.objects.get_or_create(user=nurse, organisation=org, role=Role.YOUTH_NURSE)
        if not is_mfa_enabled(nurse):
            TOTP.activate(nurse, generate_totp_secret())
        moments = [data.Moment(m.pk, m.code, m.age_days) for m in ensure_schedule(org)]
        orgs.append(data.OrgDef(org.pk, name, nurse.pk, moments))
    return data.World(
        orgs=orgs[: len(data.ORG_NAMES)],
        extra_orgs={o.name: o for o in orgs[len(data.ORG_NAMES) :]},
        version_id=version.pk,
        items=items,
        policy=current_policy(),
        today=today(),
        seed=args.seed,
    )


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    from _signalling_measure import META_TABLE, setup_django

    setup_django()
    import _signalling_data as data
    from django.core.management import call_command
    from django.db import connection

    print("== migrating", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    signature = schema_signature()
    check_schema(signature)
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", force=True, stdout=devnull)
    world = bench_world(args)
    wanted = {
        "loader": data.LOADER_VERSION,
        "children": args.children,
        "consults": args.consults,
        "seed": args.seed,
        "schema": signature,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value jsonb)"
        )
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'load'")
        row = cursor.fetchone()
    meta = (row[0] if isinstance(row[0], dict) else json.loads(row[0])) if row else None
    loaded_now = False
    if (
        meta is None
        or args.reload
        or any(meta.get(k) != v for k, v in wanted.items())
        or meta.get("loaded_on") != str(world.today)
    ):
        # Volume, seed, schema or day changed (ages are relative to today): load afresh.
        tables = list(data.signalling_tables())
        print(f"== emptying {len(tables)} signalling tables", flush=True)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {META_TABLE}")
            cursor.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
        with open(os.devnull, "w") as devnull:
            call_command("load_demo", force=True, stdout=devnull)  # the app's own demo children
        world = bench_world(args)
        print(
            f"== loading {args.consults:,} consults for {args.children:,} children with COPY",
            flush=True,
        )
        start = time.perf_counter()
        result = data.load(
            world,
            args.database_url,
            args.children,
            args.consults,
            progress=lambda line: print(line, flush=True),
        )
        seconds = time.perf_counter() - start
        loaded_now = True
        meta = {
            **wanted,
            "loaded_on": str(world.today),
            "load_seconds": round(seconds, 1),
            "children_written": result.children,
            "consults_written": result.consults,
            "answers": result.answers,
            "dimensions": result.dimensions,
            "referrals": result.referrals,
            "designated": result.designated,
            "orgs": [o.name for o in world.orgs],
            "short_org": data.SHORT_ORG,
            "long_org": data.LONG_ORG,
        }
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {META_TABLE} (key, value) VALUES ('load', %s)", [json.dumps(meta)]
            )
        print(f"== loaded in {seconds:,.1f} s", flush=True)
    else:
        print(
            f"== data already present (loaded in {meta['load_seconds']} s on {meta['loaded_on']}); "
            "skipping the load",
            flush=True,
        )
    assert meta is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]  # type: ignore[index]
    return {
        "loaded_now": loaded_now,
        "load_seconds": meta["load_seconds"],
        "children": meta["children_written"],
        "consults": meta["consults_written"],
        "answers": meta["answers"],
        "dimensions": meta["dimensions"],
        "referrals": meta["referrals"],
        "database_size": size,
    }


if __name__ == "__main__":
    raise SystemExit(main())
