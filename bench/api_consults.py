"""Recording a consult through the API under concurrent load, beside a bare Django INSERT view.

    .venv/bin/python bench/api_consults.py                  # 20 clients, 15 s, then the ceiling
    .venv/bin/python bench/api_consults.py --seconds 5 --no-ceiling

Production-like: gunicorn with 2 sync workers, PostgreSQL, DEBUG off, the settings `make
deploy-check` uses (dummy secrets, Redis cache for the rate limits). A nurse with two factors and a
personal API token posts `POST /api/v1/signalling/children/{id}/consults` with the 13 Signalenlijst
answers, spread over many children and dates, driven by wrk (loopback only, bounded by --seconds).
Then `/work/shared/bench-ceiling/run.sh` measures a bare Django view doing one INSERT in the same
run, and the API's figure is printed as a ratio to it. Goal (issue 13): at least 40% of the bare
view's throughput, p95 under 50 ms at 20 concurrent clients.

`--profile N` instead sends N requests in-process (Django test client, same settings) under
cProfile and prints the heaviest functions and the SQL statements of one request.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hechtwerk_bench_api"
CEILING = Path("/work/shared/bench-ceiling/run.sh")
if not CEILING.exists():
    CEILING = ROOT.parent / "shared" / "bench-ceiling" / "run.sh"
NURSE = "bench-api-vpk@bench.example"
RESULT = "BENCH-RESULT "


def production_env(database_url: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        HECHTWERK_PROXY_COUNT="0",
        HECHTWERK_SSL_REDIRECT="0",
        HECHTWERK_DEMO_MODE="0",
        HECHTWERK_LOG_LEVEL="WARNING",
        # As docs/deploy.md sets it under gunicorn (and the bare ceiling does): one connection
        # per worker, kept between requests, instead of a new connection for every request.
        HECHTWERK_DB_CONN_MAX_AGE="60",
        HECHTWERK_MFA_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        HECHTWERK_ACCESS_LOG_KEY="hechtwerk-bench-access-log-key-not-secret",
        # The bench's one token makes every call: no rate limit in the way of the measurement.
        HECHTWERK_RATE_LIMIT_API="100000000/m",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


# ---------------------------------------------------------------- inside Django (child process)


def prepare(children: int) -> dict[str, Any]:
    """Migrate, make the organisation, nurse (with TOTP), token, children and one consult body."""
    import datetime as dt

    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled
    from django.core.management import call_command

    from hechtwerk.accounts.constants import OrganisationKind, Role
    from hechtwerk.accounts.models import Membership, Organisation, User
    from hechtwerk.accounts.services import create_api_token
    from hechtwerk.instruments.demo import ensure_illustrative_instruments
    from hechtwerk.instruments.models import InstrumentVersion
    from hechtwerk.method.codes import SIGNALENLIJST
    from hechtwerk.signalling.models import Child, Consult
    from hechtwerk.signalling.services import ensure_schedule, register_child

    call_command("migrate", interactive=False, verbosity=0)
    version = InstrumentVersion.objects.current_for(SIGNALENLIJST)
    if version is None:
        version = ensure_illustrative_instruments()[SIGNALENLIJST]
    org, _ = Organisation.objects.get_or_create(
        name="JGZ Bench API", defaults={"kind": OrganisationKind.JGZ}
    )
    nurse = User.objects.filter(email=NURSE).first() or User.objects.create_user(NURSE, None)
    membership, _ = Membership.objects.get_or_create(
        user=nurse, organisation=org, role=Role.YOUTH_NURSE
    )
    if not is_mfa_enabled(nurse):
        TOTP.activate(nurse, generate_totp_secret())
    ensure_schedule(org)
    # Every request of a run records the 4-weeks consult of a child that has none yet (a second
    # one for the same moment is refused): start each run without the bench's consults.
    Consult.objects.filter(child__organisation=org).delete()
    today = dt.date.today()
    have = Child.objects.filter(organisation=org).count()
    for n in range(have, children):
        register_child(
            actor=nurse,
            organisation=org,
            case_code=f"BENCH-API-{n:05d}",
            birth_date=today - dt.timedelta(days=60),
            due_date=None,
        )
    items = version.items.order_by("order", "id").prefetch_related("options")
    answers = {item.code: item.options.all()[0].code for item in items}
    token = create_api_token(user=nurse, membership=membership, name="bench").secret
    kids = list(
        Child.objects.filter(organisation=org)
        .order_by("case_code")
        .values_list("uuid", "birth_date")
    )[:children]
    return {
        "token": token,
        "children": [[str(u), str(b)] for u, b in kids],
        "answers": answers,
    }


def profile(count: int, data: dict[str, Any]) -> None:
    """N consults in-process under cProfile; the SQL of one request."""
    import cProfile
    import datetime as dt
    import pstats

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"Authorization": f"Bearer {data['token']}"})

    def post(i: int) -> int:
        uuid_, birth = data["children"][i % len(data["children"])]
        body = {
            "contact_moment": "4w",
            "consult_date": str(dt.date.fromisoformat(birth) + dt.timedelta(days=28)),
            "answers": data["answers"],
        }
        r = client.post(
            f"/api/v1/signalling/children/{uuid_}/consults",
            json.dumps(body),
            content_type="application/json",
        )
        return int(r.status_code)

    for i in range(5):
        post(i)
    with CaptureQueriesContext(connection) as queries:
        status = post(5)
    print(f"== one request: status {status}, {len(queries)} SQL statements")
    for q in queries.captured_queries:
        print("   ", q["sql"][:160])
    reset_queries()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for i in range(count):
        post(10 + i)
    profiler.disable()
    print(
        f"== {count} requests in-process: {(time.perf_counter() - start) / count * 1000:.1f} ms each"
    )
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


# ---------------------------------------------------------------- orchestration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ensure_database(url: str) -> bool:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    name = str(params.get("dbname"))
    params["dbname"] = "postgres"
    try:
        conn = psycopg.connect(make_conninfo(**params), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        print(f"== SKIPPED: PostgreSQL does not answer ({exc})")
        return False
    with conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def _in_child(env: dict[str, str], *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    result: dict[str, Any] = {}
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT):
            result = json.loads(line[len(RESULT) :])
        else:
            print(line)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        raise SystemExit(f"{args[0]} failed")
    return result


LUA = """
-- Each thread walks its own share of the requests in order: every request is the first consult
-- of its child for the moment (a repeat would be refused with 400 and counted as non-2xx).
local counter = 0
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local requests = {}
local n = 0
local i = 0
init = function(args)
  local f = io.open(args[1], "r")
  for line in f:lines() do
    local path, body = line:match("^(%S+) (.*)$")
    n = n + 1
    requests[n] = wrk.format("POST", path, nil, body)
  end
  f:close()
  i = id * math.floor(n / 2)
end
request = function()
  i = i + 1
  return requests[((i - 1) % n) + 1]
end
"""


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc; gone ones count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def _children_of(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == parent:
                pids.append(int(entry.name))
    return pids


def _backends(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the bench's database (one per gunicorn worker)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(database_url).get("dbname")
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [int(row[0]) for row in rows]


def _wrk(
    port: int, data: dict[str, Any], children: list[list[str]], clients: int, seconds: int
) -> dict[str, Any]:
    import datetime as dt

    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    lines = []
    for uuid_, birth in children:
        body = {
            "contact_moment": "4w",
            "consult_date": str(dt.date.fromisoformat(birth) + dt.timedelta(days=28)),
            "answers": data["answers"],
        }
        lines.append(f"/api/v1/signalling/children/{uuid_}/consults {json.dumps(body)}")
    (tmp / "requests.txt").write_text("\n".join(lines) + "\n")
    (tmp / "post.lua").write_text(
        LUA
        + 'wrk.headers["Content-Type"] = "application/json"\n'
        + f'wrk.headers["Authorization"] = "Bearer {data["token"]}"\n'
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(tmp / "post.lua"),
            f"http://127.0.0.1:{port}",
            "--",
            str(tmp / "requests.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    return _wrk_figures(out)


def _wrk_figures(out: str) -> dict[str, Any]:
    """Throughput, latency percentiles, request and non-2xx counts from wrk's report."""
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = dict(re.findall(r"^\s*(50|75|90|99)%\s+(\S+)", out, re.MULTILINE))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "p50": pct.get("50"),
        "p90": pct.get("90"),
        "p99": pct.get("99"),
        "requests": int(total.group(1)) if total else None,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


class _DelayingProxy:
    """A TCP relay in front of PostgreSQL that holds every chunk `delay` seconds before passing
    it on, in both directions (a thread per direction and connection: time.sleep is precise to
    well under a millisecond, an event loop's timers are not)."""

    def __init__(self, database_url: str, delay: float) -> None:
        import threading
        from urllib.parse import urlsplit

        target = urlsplit(database_url)
        self.target = (target.hostname or "127.0.0.1", target.port or 5432)
        self.delay = delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        port = self.listener.getsockname()[1]
        self.url = target._replace(netloc=f"{target.username}@127.0.0.1:{port}").geturl()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        while True:
            client, _address = self.listener.accept()
            upstream = socket.create_connection(self.target)
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                time.sleep(self.delay)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _wrk_get(port: int, token: str, path: str, clients: int, seconds: int) -> dict[str, Any]:
    """wrk's figures for GETs of one path with the token."""
    script = Path(tempfile.mkdtemp(prefix="bench-api-")) / "get.lua"
    script.write_text(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
    out = subprocess.run(
        [
            *("wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency"),
            *("-s", str(script), f"http://127.0.0.1:{port}{path}"),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    return _wrk_figures(out)


def _p95(
    port: int, data: dict[str, Any], children: list[list[str]], clients: int, count: int
) -> dict[str, Any]:
    """p50/p95/p99 measured per request by a small client of ours (wrk prints no p95); each
    request records the first consult of one of `children` (at least `count` of them)."""
    import datetime as dt
    import http.client
    import threading

    times: list[float] = []
    errors: dict[int, int] = {}
    lock = threading.Lock()
    todo = iter(children)

    def run(worker: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(count // clients):
            with lock:
                uuid_, birth = next(todo)
            body = json.dumps(
                {
                    "contact_moment": "4w",
                    "consult_date": str(dt.date.fromisoformat(birth) + dt.timedelta(days=28)),
                    "answers": data["answers"],
                }
            )
            start = time.perf_counter()
            conn.request(
                "POST",
                f"/api/v1/signalling/children/{uuid_}/consults",
                body,
                {"Content-Type": "application/json", "Authorization": f"Bearer {data['token']}"},
            )
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            with lock:
                times.append(elapsed)
                if response.status != 201:
                    errors[response.status] = errors.get(response.status, 0) + 1

    threads = [threading.Thread(target=run, args=(w,)) for w in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()

    def pick(q: float) -> float:
        return round(times[min(len(times) - 1, int(q * len(times)))] * 1000, 1)

    return {
        "p50_ms": pick(0.5),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "errors": sum(errors.values()),
        "error_statuses": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=15)
    # Each request records one child's first 4-weeks consult: more children than requests.
    parser.add_argument("--children", type=int, default=8000)
    parser.add_argument("--latency-requests", type=int, default=600)
    parser.add_argument("--no-ceiling", action="store_true")
    # The database on another host (docs/deploy.md's <db-host>): every packet between the
    # server and PostgreSQL waits this long each way, so each round trip costs twice it.
    parser.add_argument("--db-latency-ms", type=float, default=0.0)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--phase", choices=("main", "prepare", "profile"), default="main")
    parser.add_argument("--data", default="")
    args = parser.parse_args()
    if args.phase == "prepare":
        print(RESULT + json.dumps(prepare(args.children)))
        return 0
    if args.phase == "profile":
        profile(args.profile, json.loads(Path(args.data).read_text()))
        return 0

    if not _ensure_database(args.database_url):
        return 0
    env = production_env(args.database_url)
    print(f"== preparing {args.children} children (migrate, nurse, token)", flush=True)
    data = _in_child(env, "--phase", "prepare", "--children", str(args.children))
    if args.profile:
        path = Path(tempfile.mkdtemp()) / "data.json"
        path.write_text(json.dumps(data))
        _in_child(env, "--phase", "profile", "--profile", str(args.profile), "--data", str(path))
        return 0
    proxy = None
    if args.db_latency_ms:
        proxy = _DelayingProxy(args.database_url, args.db_latency_ms / 1000)
        env = {**env, "DATABASE_URL": proxy.url}
        print(f"== the server reaches PostgreSQL {args.db_latency_ms} ms away each way")
    port = _free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a refused request's warning line per call
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        # Children apart for the warm-up and the latency phase; wrk walks the rest.
        kids = data["children"]
        warm, latency, rest = (
            kids[:20],
            kids[20 : 20 + args.latency_requests],
            kids[20 + args.latency_requests :],
        )
        _p95(port, data, warm, 2, len(warm))  # warm both workers
        print(
            f"== wrk: {args.clients} connections, {args.seconds} s, {len(rest)} children",
            flush=True,
        )
        # CPU spent per request by the workers and their database server processes: less
        # dependent on what else the machine runs than the throughput is.
        workers = _children_of(server.pid)
        backends = _backends(args.database_url)
        cpu_before = _cpu_seconds(workers), _cpu_seconds(backends)
        api = _wrk(port, data, rest, args.clients, args.seconds)
        done = max(1, api["requests"] or 1)
        api["cpu_worker_ms"] = (_cpu_seconds(workers) - cpu_before[0]) / done * 1000
        api["cpu_db_ms"] = (_cpu_seconds(backends) - cpu_before[1]) / done * 1000
        print(f"== latency: {args.latency_requests} requests from {args.clients} threads")
        api |= _p95(port, data, latency, args.clients, args.latency_requests)
        # The floor of this stack: the cheapest call a client system can make with its token
        # (GET /api/v1/me: the token, the rate limit, the middleware, ninja; nothing written).
        print(f"== floor: GET /api/v1/me, {args.clients} connections, {args.seconds} s")
        floor = _wrk_get(port, data["token"], "/api/v1/me", args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"api-consult rps={api['rps']:.1f} p50={api['p50']} p99={api['p99']} (wrk, "
        f"{api['requests']} requests, non-2xx {api['non_2xx']}); per-request client: "
        f"p50={api['p50_ms']}ms p95={api['p95_ms']}ms p99={api['p99_ms']}ms errors={api['errors']} "
        f"{api['error_statuses'] or ''}"
    )
    print(
        f"cpu per request (wrk phase): gunicorn workers {api['cpu_worker_ms']:.1f} ms, "
        f"PostgreSQL server processes {api['cpu_db_ms']:.1f} ms"
    )
    print(
        f"api-me rps={floor['rps']:.1f} p50={floor['p50']} p99={floor['p99']} (wrk, non-2xx "
        f"{floor['non_2xx']})"
    )
    if args.no_ceiling or not CEILING.exists():
        return 0
    out = subprocess.run(
        ["bash", str(CEILING)],
        capture_output=True,
        text=True,
        env={**os.environ, "SECS": str(args.seconds)},
        timeout=args.seconds * 3 + 300,
    ).stdout
    print(out.strip())
    bare = re.search(r"bare-django-insert rps=([\d.]+)", out)
    if bare:
        ratio = api["rps"] / float(bare.group(1))
        print(f"ratio api/bare = {ratio:.1%} (goal >= 40%); p95 {api['p95_ms']} ms (goal < 50 ms)")
        print(f"ratio floor/bare = {floor['rps'] / float(bare.group(1)):.1%} (GET /api/v1/me)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
