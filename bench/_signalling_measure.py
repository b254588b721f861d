"""Measuring the signalling pages in a Django process: timings, SQL, memory (see signalling_consults).

Runs inside the `--phase measure` process that bench/signalling_consults.py starts for each scenario.
"""

# ruff: noqa: S608 - table names come from the models' _meta and constants, never from input

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

META_TABLE = "bench_signalling_meta"
WRITE_MARK = "bench-write"  # notes of consults written while measuring; removed afterwards

# ---------------------------------------------------------------- helpers inside Django


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("nl")


def rss_mb() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(pct / 100 * len(ordered)) - 1, 0)]


def summarise(name: str, samples: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    times = [s["ms"] for s in samples]
    queries = [s["queries"] for s in samples]
    summary: dict[str, Any] = {
        "name": name,
        "n": len(samples),
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "queries": {"min": min(queries), "max": max(queries), "median": statistics.median(queries)},
    }
    if all("sql_ms" in s for s in samples):
        summary["median_sql_ms"] = statistics.median(s["sql_ms"] for s in samples)
    summary.update(extra)
    return summary


def sql_ms(captured: Any) -> float:
    """Time spent waiting for the database (as Django measured each statement)."""
    if isinstance(captured, Collector):
        return captured.ms
    return sum(float(q.get("time") or 0) for q in captured) * 1000


def slowest_queries(captured: list[dict[str, Any]], top: int = 3) -> list[dict[str, Any]]:
    ranked = sorted(captured, key=lambda q: float(q.get("time") or 0), reverse=True)[:top]
    return [{"ms": round(float(q["time"] or 0) * 1000, 2), "sql": q["sql"][:600]} for q in ranked]


class Collector:
    """Stands in for `connection.queries_log` while one call runs.

    It counts every statement Django logs (BEGIN and COMMIT included) and keeps the text only of
    the page's own statements: the access-log statements of a list (one transaction of
    log_access_many; formerly five per child listed) are counted, not stored, so capturing them
    does not swell the memory being measured. A BEGIN just before, or a COMMIT just after, an
    access-log statement belongs to the log (log_access and log_access_many write in their own
    transaction). Iterating yields the page's own statements.
    """

    def __init__(self) -> None:
        from hechtwerk.core.models import AccessEvent, AccessLogHead

        self.log_tables = tuple(f'"{m._meta.db_table}"' for m in (AccessEvent, AccessLogHead))
        self.event_insert = f'INSERT INTO "{AccessEvent._meta.db_table}"'
        self.count = 0
        self.ms = 0.0
        self.log_count = 0
        self.log_ms = 0.0
        self.events = 0
        self.page: list[dict[str, Any]] = []
        self._pending_begin: dict[str, Any] | None = None
        self._last_on_log = False
        self.exact: list[float] = []  # durations measured by the execute wrapper, in order
        self.access_log_calls = 0
        self.access_log_events = 0  # events written by log_access / log_access_many
        self.access_log_ms = 0.0  # wall time inside log_access (hashing, SQL and commit)

    def _add(self, entry: dict[str, Any], on_log: bool) -> None:
        # Django rounds each duration to whole milliseconds; statements are timed precisely by
        # Timer's execute wrapper (`exact_ms`), only BEGIN and COMMIT use Django's rounded time.
        sql = entry["sql"]
        exact = entry.get("exact_ms")
        ms = exact if exact is not None else float(entry.get("time") or 0) * 1000
        self.count += 1
        self.ms += ms
        if on_log:
            self.log_count += 1
            self.log_ms += ms
        else:
            self.page.append({"sql": sql, "time": f"{ms / 1000:.6f}"})

    def append(self, entry: dict[str, Any]) -> None:
        sql = entry["sql"]
        if not sql.startswith(("BEGIN", "COMMIT", "ROLLBACK")) and self.exact:
            entry = {**entry, "exact_ms": self.exact.pop(0)}
        if sql.startswith("BEGIN"):
            if self._pending_begin is not None:
                self._add(self._pending_begin, False)
            self._pending_begin = entry
            return
        on_log = any(t in sql for t in self.log_tables)
        if sql.startswith("COMMIT"):
            on_log = self._last_on_log
        if self._pending_begin is not None:
            self._add(self._pending_begin, on_log)
            self._pending_begin = None
        self._add(entry, on_log)
        self._last_on_log = on_log and not sql.startswith("COMMIT")
        if sql.startswith(self.event_insert):
            self.events += 1

    def finish(self) -> Collector:
        if self._pending_begin is not None:
            self._add(self._pending_begin, False)
            self._pending_begin = None
        return self

    def clear(self) -> None:
        """Django empties the query log when a request starts; the counts here must survive."""

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Any:
        return iter(self.page)


class Timer:
    """Time a call and count its SQL statements."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection

    def run(self, call: Callable[[], Any]) -> tuple[Any, float, Collector]:
        conn = self.connection
        conn.ensure_connection()
        collector = Collector()
        _ACTIVE[0] = collector

        def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                # The debug cursor logs the statement after this returns: the order matches.
                collector.exact.append((time.perf_counter() - start) * 1000)

        saved = conn.queries_log, conn.force_debug_cursor
        conn.queries_log, conn.force_debug_cursor = collector, True  # type: ignore[assignment]
        try:
            with conn.execute_wrapper(timed):
                start = time.perf_counter()
                value = call()
                elapsed = (time.perf_counter() - start) * 1000
        finally:
            conn.queries_log, conn.force_debug_cursor = saved
            _ACTIVE[0] = None
        return value, elapsed, collector.finish()


_ACTIVE: list[Collector | None] = [None]


def time_access_log() -> None:
    """Wrap log_access and log_access_many wherever they were imported, to time the NEN 7513
    log per request and count the events written (one per child of a list)."""
    import sys

    from hechtwerk.core import access

    def wrap(original: Any, events: Callable[[dict[str, Any]], int]) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                collector = _ACTIVE[0]
                if collector is not None:
                    collector.access_log_calls += 1
                    collector.access_log_events += events(kwargs)
                    collector.access_log_ms += (time.perf_counter() - start) * 1000

        return wrapper

    for attr, events in (
        ("log_access", lambda _kwargs: 1),
        ("log_access_many", lambda kwargs: len(kwargs.get("clients") or ())),
    ):
        original = getattr(access, attr, None)
        if original is None:
            continue
        wrapped = wrap(original, events)
        for name, module in list(sys.modules.items()):
            if name.startswith("hechtwerk") and getattr(module, attr, None) is original:
                setattr(module, attr, wrapped)


def read_meta() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'load'")
        row = cursor.fetchone()
    if row is None:
        raise SystemExit("No benchmark data found: run without --phase first.")
    value = row[0]
    return value if isinstance(value, dict) else json.loads(value)


# ---------------------------------------------------------------- measure


def measure(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    import hechtwerk.signalling.views  # noqa: F401 - imported so its log_access is wrapped too

    time_access_log()
    meta = read_meta()
    scenario = {"record": measure_record, "child": measure_child, "worklist": measure_worklist}
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = scenario[args.scenario](args, meta)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["baseline_rss_mb"] = round(result.get("baseline_rss_mb", 0.0), 1)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    # Other work on the machine slows every figure: keep the 1-minute load average beside them.
    result["loadavg"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


def nurses_by_org(meta: dict[str, Any]) -> dict[int, Any]:
    from hechtwerk.accounts.models import Membership

    names = [*meta["orgs"], meta["short_org"], meta["long_org"]]
    memberships = Membership.objects.filter(
        organisation__name__in=names, user__email__endswith="@bench.example"
    ).select_related("user", "organisation")
    return {m.organisation_id: m for m in memberships}


def signed_in_client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def request(client: Any, method: str, url: str, **kwargs: Any) -> Callable[[], Any]:
    def call() -> Any:
        return getattr(client, method)(url, **kwargs)

    return call


def _check(response: Any, expected: int) -> str | None:
    if response.status_code != expected:
        location = response.headers.get("Location", "")
        return f"HTTP {response.status_code} (expected {expected}) {location}".strip()
    return None


def _answers(rng: random.Random, version: Any) -> dict[str, str]:
    from hechtwerk.method.codes import RISK_GROUP

    answers = {}
    for item in version.items.order_by("order", "id").prefetch_related("options"):
        options = [o.code for o in item.options.all()]
        if item.group == RISK_GROUP:
            answers[item.code] = rng.choices(options, [1] * len(options))[0]
        else:
            weights = [10 if code == "positief" else 1 for code in options]
            answers[item.code] = rng.choices(options, weights)[0]
    return answers


def measure_record(args: argparse.Namespace, meta: dict[str, Any]) -> dict[str, Any]:
    from datetime import timedelta

    from django.urls import reverse

    from hechtwerk.signalling.models import Child, Consult
    from hechtwerk.signalling.services import current_signalenlijst, record_consult
    from hechtwerk.signalling.services.common import today

    rng = random.Random(args.seed + 1)
    nurses = nurses_by_org(meta)
    version = current_signalenlijst()
    assert version is not None
    day = today()
    children = list(
        Child.objects.filter(
            organisation__name__in=meta["orgs"],
            entered_in_error=False,
            birth_date__gte=day - timedelta(days=365),
            birth_date__lte=day - timedelta(days=1),
        )
        .select_related("organisation")
        .order_by("?")[: 20 * args.samples + 60]
    )
    moments_by_org: dict[int, list[Any]] = {}
    from hechtwerk.signalling.models import ContactMoment

    for moment in ContactMoment.objects.filter(organisation_id__in=nurses).order_by("age_days"):
        moments_by_org.setdefault(moment.organisation_id, []).append(moment)
    # The moment that fits the child's age today; a second consult at a moment the child already
    # had is refused (it links to the first), so only children who have not had it yet are used.
    held = set(
        Consult.objects.filter(child__in=children).values_list("child_id", "contact_moment_id")
    )
    open_moment: dict[int, Any] = {}
    for child in children:
        age = (day - child.birth_date).days
        moments = moments_by_org[child.organisation_id]
        moment = next((m for m in reversed(moments) if m.age_days <= age), moments[0])
        if (child.id, moment.id) not in held:
            open_moment[child.id] = moment
    children = [c for c in children if c.id in open_moment][: 2 * args.samples + 6]

    def moment_for(child: Any) -> Any:
        return open_moment[child.id]

    timer = Timer()
    baseline = 0.0
    service_samples: list[dict[str, Any]] = []
    slow: list[dict[str, Any]] = []
    for n, child in enumerate(children[: args.samples + 3]):
        answers = _answers(rng, version)
        nurse = nurses[child.organisation_id].user

        def call(child: Any = child, answers: dict[str, str] = answers, nurse: Any = nurse) -> Any:
            return record_consult(
                actor=nurse,
                child=child,
                contact_moment=moment_for(child),
                consult_date=day,
                answers=answers,
                instrument_version=version,
                notes=WRITE_MARK,
            )

        _value, ms, captured = timer.run(call)
        if n < 3:  # warm-up
            baseline = rss_mb()
            continue
        service_samples.append({"ms": ms, "queries": len(captured), "sql_ms": sql_ms(captured)})
        slow = slow or slowest_queries(captured)

    # The consult form's POST, end to end (middleware, access log, form, service, redirect).
    post_samples: list[dict[str, Any]] = []
    error = None
    clients = {org_id: signed_in_client(m.user) for org_id, m in nurses.items()}
    for n, child in enumerate(children[args.samples + 3 :]):
        answers = _answers(rng, version)
        form = {
            "contact_moment": moment_for(child).code,
            "consult_date": day.isoformat(),
            "notes": WRITE_MARK,
            **{f"item_{code}": option for code, option in answers.items()},
        }
        url = reverse("signalling:consult_create", kwargs={"child_uuid": child.uuid})
        try:
            response, ms, captured = timer.run(
                request(clients[child.organisation_id], "post", url, data=form)
            )
        except Exception as exc:  # a page that does not work yet must not stop the benchmark
            error = f"{exc.__class__.__name__}: {exc}"[:300]
            break
        error = _check(response, 302)
        if error:
            break
        if n < 3:
            continue
        post_samples.append({"ms": ms, "queries": len(captured), "sql_ms": sql_ms(captured)})
    written = Consult.objects.filter(notes=WRITE_MARK)
    removed = written.count()
    written.delete()  # keep the data set as loaded (answers, dimensions, revisions cascade)
    measurements = [
        summarise(
            "record consult (service, 13 answers)",
            service_samples,
            slowest_queries=slow,
        )
    ]
    if post_samples and not error:
        measurements.append(summarise("record consult (form POST, 13 answers)", post_samples))
    else:
        measurements.append({"name": "record consult (form POST, 13 answers)", "error": error})
    return {
        "measurements": measurements,
        "baseline_rss_mb": baseline,
        "notes": [f"{removed} consults written while measuring were removed again"],
    }


def measure_child(args: argparse.Namespace, meta: dict[str, Any]) -> dict[str, Any]:
    from django.db.models import Count
    from django.urls import reverse

    from hechtwerk.signalling.models import Child, Consult

    nurses = nurses_by_org(meta)
    clients = {org_id: signed_in_client(m.user) for org_id, m in nurses.items()}
    rng = random.Random(args.seed + 2)
    long_ids = list(
        Consult.objects.filter(child__organisation__name__in=meta["orgs"])
        .values("child_id")
        .annotate(n=Count("id"))
        .filter(n__gte=30)
        .values_list("child_id", flat=True)
    )
    n_long = max(args.samples // 10, 1)
    picked = rng.sample(long_ids, min(n_long, len(long_ids)))
    regular = list(
        Child.objects.filter(organisation__name__in=meta["orgs"], birth_date__isnull=False)
        .order_by("?")
        .values_list("id", flat=True)[: args.samples - len(picked) + 3]
    )
    ids = regular[:3] + rng.sample(regular[3:] + picked, len(regular[3:]) + len(picked))
    children = {c.pk: c for c in Child.objects.filter(pk__in=ids)}
    history = dict(
        Consult.objects.filter(child_id__in=ids)
        .values("child_id")
        .annotate(n=Count("id"))
        .values_list("child_id", "n")
    )
    timer = Timer()
    samples: list[dict[str, Any]] = []
    slow: list[dict[str, Any]] = []
    baseline = 0.0
    error = None
    for n, child_id in enumerate(ids):
        child = children[child_id]
        url = reverse("signalling:child_detail", kwargs={"child_uuid": child.uuid})
        try:
            response, ms, captured = timer.run(request(clients[child.organisation_id], "get", url))
        except Exception as exc:
            error = f"{exc.__class__.__name__}: {exc}"[:300]
            break
        error = _check(response, 200)
        if error:
            break
        if n < 3:
            baseline = rss_mb()
            continue
        samples.append(
            {
                "ms": ms,
                "queries": len(captured),
                "sql_ms": sql_ms(captured),
                "consults": history.get(child_id, 0),
            }
        )
        if not slow or ms > max(s["ms"] for s in samples[:-1]):
            slow = slowest_queries(captured)
    if error:
        return {
            "measurements": [{"name": "child page GET", "error": error}],
            "baseline_rss_mb": baseline,
        }
    lengths = [s["consults"] for s in samples]
    long_samples = [s for s in samples if s["consults"] >= 30]
    measurements = [
        summarise(
            "child page GET (random children)",
            samples,
            history_median=statistics.median(lengths),
            history_max=max(lengths),
            slowest_queries_of_slowest_sample=slow,
        )
    ]
    if long_samples:
        measurements.append(summarise("child page GET (children with >= 30)", long_samples))
    # Constancy: the designated child with 1 consult and the one with 30 consults.
    cases: dict[str, Any] = {}
    counts = []
    for label, key in (("1 consult", "one_consult"), ("30 consults", "thirty_consults")):
        child = Child.objects.get(uuid=meta["designated"][key])
        url = reverse("signalling:child_detail", kwargs={"child_uuid": child.uuid})
        client = clients[child.organisation_id]
        runs = [timer.run(request(client, "get", url)) for _ in range(5)]
        queries = sorted({len(r[2]) for r in runs})
        n_consults = Consult.objects.filter(child=child).count()
        cases[f"{label} (has {n_consults})"] = (
            f"{'/'.join(map(str, queries))} queries, median "
            f"{statistics.median(r[1] for r in runs):.1f} ms"
        )
        counts.append(queries)
    by_length: dict[int, set[int]] = {}
    for s in samples:
        by_length.setdefault(s["consults"], set()).add(s["queries"])
    varying = {k: sorted(v) for k, v in by_length.items() if len(v) > 1}
    # A child without consults needs no prefetch of dimensions: one query fewer, not more.
    with_history = {s["queries"] for s in samples if s["consults"] >= 1}
    return {
        "measurements": measurements,
        "baseline_rss_mb": baseline,
        "constancy": {
            "description": "child page, designated children of one organisation",
            "cases": cases,
            "constant": counts[0] == counts[1] and len(with_history) == 1,
            "queries_by_history_length": {k: sorted(v) for k, v in sorted(by_length.items())},
            "varying": varying,
        },
    }


def _split_log(captured: Collector) -> tuple[int, int, int]:
    """(statements for the access log, the page's own statements, access events written)."""
    events = captured.access_log_events or captured.events
    return captured.log_count, captured.count - captured.log_count, events


def measure_worklist(args: argparse.Namespace, meta: dict[str, Any]) -> dict[str, Any]:
    from django.urls import reverse

    from hechtwerk.accounts.models import Organisation

    nurses = nurses_by_org(meta)
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=nurses_names(meta))}
    clients = {org_id: signed_in_client(m.user) for org_id, m in nurses.items()}
    url = reverse("signalling:worklist")
    timer = Timer()
    samples: list[dict[str, Any]] = []
    per_org: dict[str, list[dict[str, Any]]] = {}
    slow: list[dict[str, Any]] = []
    slow_sql: list[dict[str, Any]] = []
    baseline = 0.0
    error = None
    # Warm up on the small organisation (two requests), then the bench organisations in turn.
    order = [orgs[name] for name in meta["orgs"]]
    warm = orgs[meta["short_org"]]
    started = time.perf_counter()
    for n in range(args.worklist_samples + 2):
        if len(samples) >= 5 and time.perf_counter() - started > args.worklist_budget:
            break  # each sample is slow: stop at the time budget
        org = warm if n < 2 else order[(n - 2) % len(order)]
        try:
            response, ms, captured = timer.run(request(clients[org.pk], "get", url))
        except Exception as exc:
            error = f"{exc.__class__.__name__}: {exc}"[:300]
            break
        error = _check(response, 200)
        if error:
            break
        if n < 2:
            baseline = rss_mb()
            continue
        log_q, other_q, events = _split_log(captured)
        sample = {
            "ms": ms,
            "queries": len(captured),
            "sql_ms": sql_ms(captured),
            "log_sql_ms": captured.log_ms,
            "access_log_ms": captured.access_log_ms,
            "log_queries": log_q,
            "other_queries": other_q,
            "children_listed": events,
            "org": org.name,
        }
        samples.append(sample)
        per_org.setdefault(org.name, []).append(sample)
        if not slow or ms > max(s["ms"] for s in samples[:-1]):
            slow = slowest_queries(captured.page, top=4)
            slow_sql = [q for q in captured if q["sql"].startswith("SELECT")]
    if error:
        return {
            "measurements": [{"name": "worklist GET", "error": error}],
            "baseline_rss_mb": baseline,
        }
    measurements = [
        summarise(
            "worklist GET (all bench organisations)",
            samples,
            other_queries=sorted({s["other_queries"] for s in samples}),
            slowest_queries_of_slowest_sample=slow,
        )
    ]
    notes = []
    for name, part in per_org.items():
        listed = part[0]["children_listed"]
        measurements.append(
            summarise(
                f"worklist GET ({name}, {listed:,} listed)",
                part,
                other_queries=sorted({s["other_queries"] for s in part}),
                children_listed=listed,
            )
        )
        first = part[0]
        notes.append(
            f"{name}: {listed:,} children listed; {first['other_queries']} statements for the page "
            f"+ {first['log_queries']:,} for the access log; of {first['ms'] / 1000:,.1f} s, "
            f"{first['access_log_ms'] / 1000:,.1f} s inside the access log "
            f"({first['log_sql_ms'] / 1000:,.1f} s of it waiting on its statements) and "
            f"{(first['sql_ms'] - first['log_sql_ms']) / 1000:,.1f} s on the page's own queries"
        )
    # Constancy: identical young children with 1 consult each versus 30 consults each.
    cases: dict[str, Any] = {}
    other_counts = []
    for label, key in (("1 consult per child", "short_org"), ("30 consults per child", "long_org")):
        org = orgs[meta[key]]
        runs = [timer.run(request(clients[org.pk], "get", url)) for _ in range(3)]
        split = [_split_log(r[2]) for r in runs]
        other_counts.append(sorted({s[1] for s in split}))
        cases[label] = (
            f"{sorted({len(r[2]) for r in runs})} queries in all = "
            f"{sorted({s[1] for s in split})} for the page + {sorted({s[0] for s in split})} "
            f"access-log queries for {sorted({s[2] for s in split})} children listed; median "
            f"{statistics.median(r[1] for r in runs):.1f} ms"
        )
    explain: dict[str, str] = {}
    if args.explain:
        explain = explain_selects(slow_sql)
    return {
        "measurements": measurements,
        "baseline_rss_mb": baseline,
        "notes": notes,
        "constancy": {
            "description": "worklist, same 20 young children with 1 vs 30 consults each",
            "cases": cases,
            "constant": other_counts[0] == other_counts[1],
        },
        "explain": explain,
    }


def nurses_names(meta: dict[str, Any]) -> list[str]:
    return [*meta["orgs"], meta["short_org"], meta["long_org"]]


def explain_selects(captured: list[dict[str, Any]]) -> dict[str, str]:
    """EXPLAIN ANALYZE of the slowest SELECTs (the captured SQL has its parameters inlined)."""
    from django.db import connection

    plans = {}
    ranked = sorted(captured, key=lambda q: float(q.get("time") or 0), reverse=True)[:3]
    for q in ranked:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        plans[q["sql"][:300]] = plan
        print(f"\n-- {float(q['time']) * 1000:.1f} ms: {q['sql'][:400]}\n{plan}\n", flush=True)
    return plans
