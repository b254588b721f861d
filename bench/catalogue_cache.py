"""Throughput of the public catalogue list for visitors who are not signed in (served from the
cache by catalogue.middleware.PublicCatalogueCacheMiddleware), next to the bare-Django ceiling of
this machine measured in the same run.

    .venv/bin/python bench/catalogue_cache.py [--seconds 15] [--no-ceiling]

Makes a PostgreSQL database `hechtwerk_bench_catalogue` on 127.0.0.1:5432 (trust auth, user
postgres), migrates it and loads the seed catalogue; runs gunicorn with 2 sync workers, DEBUG
off, bound to 127.0.0.1 only, with Redis (127.0.0.1:6379, database 3) as the shared cache; drives
with wrk (20 connections) for --seconds each:

- `catalogue-list`: GET /interventies/ without cookies (a first visit: every answer makes a new
  CSRF secret and sets its cookie, as the normal path does);
- `catalogue-list-returning`: the same with a CSRF cookie (a visitor who was here before);
- `catalogue-list-filtered`: GET /interventies/?age=3&age_unit=maanden;
- `catalogue-list-htmx`: the same filter as an htmx request (the results partial).

Then runs ../shared/bench-ceiling/run.sh (same duration) and prints requests/s, p50, p95 and p99
of each, the ratio of each to the ceiling's requests/s, and the load average before and after.
The search rate limit (120/min per address in production) is raised for the run: every request
comes from one address here (it is still counted, one Redis round trip with the version read).
Target: at least half the ceiling's requests/s for `catalogue-list`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CEILING = ROOT.parent / "shared" / "bench-ceiling" / "run.sh"
DB = "hechtwerk_bench_catalogue"
PORT = 8123
TARGET_RATIO = 0.5


def sh(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    return subprocess.run(
        args, check=True, capture_output=True, text=True, env=env, timeout=timeout
    ).stdout


P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("p95_us=%d\\n", latency:percentile(95)))
end
"""


def wrk(url: str, seconds: int, headers: tuple[str, ...] = ()) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(P95_SCRIPT)
    out = sh(
        "wrk",
        "-t2",
        "-c20",
        f"-d{seconds}s",
        "--latency",
        *(arg for header in headers for arg in ("-H", header)),
        "-s",
        script.name,
        url,
        timeout=seconds + 60,
    )
    os.unlink(script.name)
    p95 = re.search(r"p95_us=(\d+)", out)
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat: dict[str, float] = {}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if m:
            factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            lat[pct] = float(m.group(1)) * factor
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    return {
        "rps": rps,
        "p50": lat.get("50", 0.0),
        "p95": float(p95.group(1)) / 1000 if p95 else 0.0,
        "p99": lat.get("99", 0.0),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
    }


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--ceiling", type=Path, default=CEILING, help="the ceiling's run.sh")
    args = parser.parse_args()
    load_before = loadavg()

    db_url = f"postgres://postgres@127.0.0.1:5432/{DB}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "HECHTWERK_SSL_REDIRECT": "0",
        "HECHTWERK_PROXY_COUNT": "0",
        "HECHTWERK_RATE_LIMIT_SEARCH": "100000000/m",
        "HECHTWERK_LOG_LEVEL": "WARNING",
        "DATABASE_URL": db_url,
        "HECHTWERK_DB_CONN_MAX_AGE": "600",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
    }
    psql = ("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc")
    sh(*psql, f"DROP DATABASE IF EXISTS {DB}")
    sh(*psql, f"CREATE DATABASE {DB}")
    py = str(ROOT / ".venv" / "bin" / "python")
    sh(py, "manage.py", "migrate", "-v0", env=env)
    sh(py, "manage.py", "load_catalogue", env=env)
    sh(
        py,
        "manage.py",
        "collectstatic",
        "--noinput",
        "-v0",
        env={**env, "HECHTWERK_STATIC_ROOT": tempfile.mkdtemp(prefix="hw-static-")},
    )
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
                "config.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            base = f"http://127.0.0.1:{PORT}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/interventies/", timeout=2).read()  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            cookie = f"Cookie: __Host-csrftoken={'k' * 32}"  # DEBUG off: the __Host- name
            filtered = base + "/interventies/?age=3&age_unit=maanden"
            results = {
                "catalogue-list": wrk(base + "/interventies/", args.seconds),
                "catalogue-list-returning": wrk(base + "/interventies/", args.seconds, (cookie,)),
                "catalogue-list-filtered": wrk(filtered, args.seconds),
                "catalogue-list-htmx": wrk(filtered, args.seconds, ("HX-Request: true",)),
            }
        finally:
            server.terminate()
            server.wait(timeout=20)
    for name, r in results.items():
        print(
            f"{name} rps={r['rps']:.0f} p50={r['p50']:.1f}ms p95={r['p95']:.1f}ms "
            f"p99={r['p99']:.1f}ms non2xx={r['errors']:.0f}"
        )
    if not args.no_ceiling and args.ceiling.exists():
        out = sh(
            "bash", str(args.ceiling), env={**os.environ, "SECS": str(args.seconds)}, timeout=900
        )
        print(out.strip())
        m = re.search(r"bare-django-insert rps=([\d.]+)", out)
        if m:
            ceiling = float(m.group(1))
            for name, r in results.items():
                ratio = r["rps"] / ceiling
                verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
                print(f"ratio {name} / bare-django = {ratio:.2f} ({verdict} target {TARGET_RATIO})")
    print(f"load average before: {load_before}; after: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
