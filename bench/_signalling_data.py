"""Synthetic signalling data for the benchmark, streamed into PostgreSQL with COPY (psycopg 3).

Everything is derived from the models' `_meta` (table and column names, defaults), so the loader
keeps working when the signalling app renames a column; a new required field without a default
stops it with a message naming the field. Children, consults, Signalenlijst answers, dimension
assessments (derived by the app's own rules) and a few referrals are generated deterministically
from a seed: the same arguments give the same data.
"""

# ruff: noqa: S608 - table names come from the models' _meta and constants, never from input

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import psycopg

# Share of the children per bench organisation (a large GGD down to a small one).
ORG_SHARES = (0.35, 0.25, 0.20, 0.12, 0.08)
ORG_NAMES = tuple(f"JGZ Bench {n}" for n in range(1, len(ORG_SHARES) + 1))
# Two small organisations with the same young children: 1 consult each versus 30 consults each.
# Their worklists show whether the worklist's query count depends on the length of the histories.
SHORT_ORG, LONG_ORG = "JGZ Bench Kort", "JGZ Bench Lang"
SHORT_LONG_CHILDREN = 20
UNBORN_SHARE = 0.01
WORRY_SHARE = 0.08  # families where more items are "nog niet positief"
LONG_HISTORY_EVERY = 500  # about 1 in 500 children older than a year has 30-60 consults
MAX_AGE_DAYS = 730
# Raise when the generated data changes: a database loaded by another version is loaded afresh.
LOADER_VERSION = 3
EARLY_DAYS = 183  # the first half year
EARLY_RECORDED = 0.97  # share of first-half-year contact moments that were held


class BenchSchemaError(RuntimeError):
    """The models changed in a way the loader cannot fill in by itself."""


class CopyTable:
    """COPY rows of one model: the supplied fields plus every other column's default."""

    def __init__(self, model: Any, supplied: Sequence[str]) -> None:
        from django.db.models.fields import NOT_PROVIDED

        meta = model._meta
        self.table = meta.db_table
        fields = {f.attname: f for f in meta.concrete_fields}
        missing = [name for name in supplied if name not in fields]
        if missing:
            raise BenchSchemaError(
                f"{model.__name__} has no field(s) {', '.join(missing)}: update bench/_signalling_data.py"
            )
        self.columns = [fields[name].column for name in supplied]
        self.json_positions = [
            i for i, name in enumerate(supplied) if fields[name].get_internal_type() == "JSONField"
        ]
        tail: list[Any] = []
        for name, f in fields.items():
            if name in supplied or f.primary_key:
                continue
            if f.has_default():
                if callable(f.default) and f.unique:
                    raise BenchSchemaError(f"{model.__name__}.{name} needs a value per row")
                value = f.get_default()
            elif getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED or f.null:
                value = None
            elif f.get_internal_type() in {"CharField", "TextField", "SlugField"} and f.blank:
                value = ""
            else:
                raise BenchSchemaError(
                    f"{model.__name__}.{name} is required and has no default: "
                    "update bench/_signalling_data.py"
                )
            if f.get_internal_type() == "JSONField":
                value = json.dumps(value)
            self.columns.append(f.column)
            tail.append(value)
        self.tail = tuple(tail)

    def sql(self) -> str:
        cols = ", ".join(f'"{c}"' for c in self.columns)
        return f'COPY "{self.table}" ({cols}) FROM STDIN'

    def row(self, values: list[Any]) -> tuple[Any, ...]:
        for i in self.json_positions:
            values[i] = json.dumps(values[i], ensure_ascii=False)
        return (*values, *self.tail)


@dataclass(frozen=True)
class Moment:
    id: int
    code: str
    age_days: int


@dataclass(frozen=True)
class ItemDef:
    id: int
    code: str
    group: str
    options: dict[str, int]  # option code -> id


@dataclass
class OrgDef:
    id: int
    name: str
    nurse_id: int
    moments: list[Moment]


@dataclass
class World:
    """What the loader builds on: organisations with their schedule and nurse, the instrument."""

    orgs: list[OrgDef]
    extra_orgs: dict[str, OrgDef]
    version_id: int
    items: list[ItemDef]
    policy: Any  # hechtwerk.signalling.rules.Policy
    today: date
    seed: int


@dataclass
class LoadResult:
    children: int = 0
    consults: int = 0
    answers: int = 0
    dimensions: int = 0
    referrals: int = 0
    designated: dict[str, str] = field(default_factory=dict)  # role -> child uuid


@dataclass
class ChildPlan:
    org: OrgDef
    case_code: str
    birth: date | None
    due: date | None
    worry: bool
    passed: list[tuple[Moment, date]]  # moments whose planned date lies before today
    long_history: bool


def _child_rng(seed: int, index: int, salt: int = 0) -> random.Random:
    return random.Random((seed * 1_000_003 + index) * 7 + salt)


def _org_for(index: int, total: int, orgs: list[OrgDef]) -> tuple[OrgDef, int]:
    """Contiguous blocks of children per organisation, by ORG_SHARES; returns (org, index in org)."""
    start = 0
    for org, share in zip(orgs, ORG_SHARES, strict=True):
        size = round(total * share)
        if index < start + size or org is orgs[-1]:
            return org, index - start
        start += size
    raise AssertionError("unreachable")


def plan_child(world: World, index: int, total: int) -> ChildPlan:
    """The child's dates and the contact moments that have passed: the same every run."""
    rng = _child_rng(world.seed, index)
    org, local = _org_for(index, total, world.orgs)
    case_code = f"B{world.orgs.index(org) + 1}-{local:07d}"
    unborn = rng.random() < UNBORN_SHARE
    age = rng.randint(0, MAX_AGE_DAYS)
    worry = rng.random() < WORRY_SHARE
    jitters = [rng.randint(-3, 10) for _ in org.moments]
    if index in (0, 1):  # designated children for the 1-vs-30 comparison: young, born
        unborn, age, worry = False, 170, False
    if unborn:
        due = world.today + timedelta(days=1 + age % 200)
        return ChildPlan(org, case_code, None, due, worry, [], False)
    birth = world.today - timedelta(days=age)
    passed = []
    for moment, jitter in zip(org.moments, jitters, strict=True):
        on = birth + timedelta(days=max(moment.age_days + jitter, 1))
        if on <= world.today:
            passed.append((moment, on))
    long_history = index % LONG_HISTORY_EVERY == 7 and age >= 365
    return ChildPlan(org, case_code, birth, None, worry, passed, long_history)


def _early(plan: ChildPlan) -> int:
    """Passed contact moments in the first half year."""
    return sum(1 for moment, _on in plan.passed if moment.age_days <= EARLY_DAYS)


def allocate(world: World, total_children: int, total_consults: int) -> list[tuple[int, int]]:
    """(consults, of which at first-half-year moments) per child; the consults sum exactly to
    total_consults.

    Designated child 0 gets 1 consult, child 1 gets 30; long-history children 30-60. The rest
    record a passed first-half-year moment with probability EARLY_RECORDED (attendance is high
    then) and a later one with the probability that makes the total come out.
    """
    rng = random.Random(world.seed)
    early_passed = [0] * total_children
    late_passed = [0] * total_children
    early = [0] * total_children
    late = [0] * total_children
    fixed = 0
    regular: list[int] = []
    for i in range(total_children):
        plan = plan_child(world, i, total_children)
        early_passed[i] = _early(plan)
        late_passed[i] = len(plan.passed) - early_passed[i]
        if plan.birth is None:
            continue
        if i in (0, 1) or plan.long_history:
            total = 1 if i == 0 else 30 if i == 1 else rng.randint(30, 60)
            early[i] = min(early_passed[i], total) if plan.long_history else 0
            late[i] = total - early[i]
            fixed += total
            continue
        regular.append(i)
        early[i] = sum(1 for _ in range(early_passed[i]) if rng.random() < EARLY_RECORDED)
    remaining = max(total_consults - fixed - sum(early[i] for i in regular), 0)
    possible = sum(late_passed[i] for i in regular)
    q = min(remaining / possible, 1.0) if possible else 0.0
    for i in regular:
        late[i] = sum(1 for _ in range(late_passed[i]) if rng.random() < q)
    diff = total_consults - sum(early) - sum(late)
    born = regular or [1]
    while diff > 0:  # top up: prefer a passed moment not yet recorded, else an extra visit
        i = rng.choice(born)
        if late[i] < late_passed[i] or q >= 1.0 or rng.random() < 0.05:
            late[i] += 1
            diff -= 1
    while diff < 0:  # too many: drop later moments first
        i = rng.choice(born)
        if late[i] > 0:
            late[i] -= 1
            diff += 1
        elif early[i] > 0 and rng.random() < 0.05:
            early[i] -= 1
            diff += 1
    return [(early[i] + late[i], early[i]) for i in range(total_children)]


@lru_cache(maxsize=65536)
def _advice(answer_key: tuple[tuple[str, str, str], ...]) -> tuple[Any, ...]:
    """The rules' advice for one answer pattern (cached: patterns repeat a lot)."""
    from hechtwerk.signalling.rules import ItemAnswer, assess_signalenlijst

    advice = assess_signalenlijst([ItemAnswer(*a) for a in answer_key], _POLICY[0])
    dims = tuple(
        (
            str(d.dimension),
            str(d.status),
            list(d.driving_items),
            d.explanation,
        )
        for d in advice.dimensions
    )
    return (
        advice.rules_version,
        len(advice.not_positive_items),
        advice.discuss_with_parents,
        advice.offer_conversation_model,
        "\n".join(advice.explanation),
        dims,
    )


_POLICY: list[Any] = [None]

PARENT_WEIGHTS = {False: (0.93, 0.04, 0.03), True: (0.65, 0.30, 0.05)}
RISK_WEIGHTS = {False: (0.08, 0.87, 0.05), True: (0.35, 0.55, 0.10)}


def _answers(rng: random.Random, items: list[ItemDef], worry: bool) -> list[tuple[ItemDef, str]]:
    from hechtwerk.method.codes import RISK_GROUP, ParentItemAnswer, RiskItemAnswer

    parent = (
        ParentItemAnswer.POSITIVE,
        ParentItemAnswer.NOT_YET_POSITIVE,
        ParentItemAnswer.NOT_ASSESSED,
    )
    risk = (RiskItemAnswer.PRESENT, RiskItemAnswer.ABSENT, RiskItemAnswer.PROTECTIVE)
    chosen = []
    for item in items:
        if item.group == RISK_GROUP:
            code = rng.choices(risk, RISK_WEIGHTS[worry])[0]
        else:
            code = rng.choices(parent, PARENT_WEIGHTS[worry])[0]
        chosen.append((item, str(code)))
    return chosen


def _consult_dates(
    rng: random.Random, plan: ChildPlan, count: int, early: int, today: date
) -> list[tuple[Moment, date]]:
    """Which passed moments were recorded (`early` of them in the first half year), plus extra
    visits when there are more consults than passed moments."""
    assert plan.birth is not None
    first_half = [mp for mp in plan.passed if mp[0].age_days <= EARLY_DAYS]
    later = [mp for mp in plan.passed if mp[0].age_days > EARLY_DAYS]
    chosen = rng.sample(first_half, min(early, len(first_half)))
    rest = count - len(chosen)
    chosen += rng.sample(later, min(rest, len(later)))
    first = plan.org.moments[0]
    span = max((today - plan.birth).days, 1)
    for _ in range(count - len(chosen)):
        on = plan.birth + timedelta(days=rng.randint(1, span))
        moment = next((m for m, d in reversed(plan.passed) if d <= on), first)
        chosen.append((moment, on))
    return sorted(chosen, key=lambda mp: mp[1])


class Writers:
    """One COPY stream per table, each on its own connection (session_replication_role=replica
    switches off the foreign-key triggers while loading; the generator keeps the data consistent)."""

    def __init__(self, database_url: str, tables: dict[str, CopyTable]) -> None:
        self.tables = tables
        self.connections: dict[str, psycopg.Connection[Any]] = {}
        self.copies: dict[str, Any] = {}
        self._contexts: list[Any] = []
        for name, table in tables.items():
            conn = psycopg.connect(database_url)
            conn.execute("SET session_replication_role = replica")
            conn.execute("SET synchronous_commit = off")
            conn.execute("SET maintenance_work_mem = '256MB'")
            cursor = conn.cursor()
            ctx = cursor.copy(table.sql())
            self.copies[name] = ctx.__enter__()
            self._contexts.append((ctx, conn))
            self.connections[name] = conn

    def write(self, name: str, values: list[Any]) -> None:
        self.copies[name].write_row(self.tables[name].row(values))

    def close(self) -> None:
        for ctx, conn in self._contexts:
            ctx.__exit__(None, None, None)
            conn.commit()
            conn.close()


def load(
    world: World,
    database_url: str,
    total_children: int,
    total_consults: int,
    progress: Callable[[str], None] = print,
) -> LoadResult:
    from hechtwerk.method.codes import DimensionStatus
    from hechtwerk.signalling.constants import ConversationModelStatus
    from hechtwerk.signalling.models import (
        Child,
        Consult,
        DimensionAssessment,
        Referral,
        SignalenlijstAnswer,
    )

    _POLICY[0] = world.policy
    _advice.cache_clear()
    tables = {
        "child": CopyTable(
            Child,
            [
                "id",
                "uuid",
                "created_at",
                "updated_at",
                "organisation_id",
                "case_code",
                "birth_date",
                "due_date",
            ],
        ),
        "consult": CopyTable(
            Consult,
            [
                "id",
                "uuid",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "child_id",
                "contact_moment_id",
                "consult_date",
                "professional_id",
                "instrument_version_id",
                "rules_version",
                "not_positive_count",
                "discuss_with_parents",
                "offer_conversation_model",
                "advice_explanation",
                "conversation_status",
                "conversation_held_on",
                "conversation_in_same_consult",
                "has_searching_dimension",
            ],
        ),
        "answer": CopyTable(SignalenlijstAnswer, ["consult_id", "item_id", "option_id"]),
        "dimension": CopyTable(
            DimensionAssessment,
            [
                "consult_id",
                "dimension",
                "suggested_status",
                "confirmed_status",
                "override_reason",
                "driving_items",
                "explanation",
                "rules_version",
            ],
        ),
        "referral": CopyTable(
            Referral,
            [
                "uuid",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "child_id",
                "consult_id",
                "professional_id",
                "destination",
                "reason",
                "referred_on",
                "started_on",
                "completed_on",
            ],
        ),
    }
    with psycopg.connect(database_url) as conn:
        child_base = conn.execute(
            f'SELECT COALESCE(MAX(id), 0) FROM "{Child._meta.db_table}"'
        ).fetchone()[0]  # type: ignore[index]
        consult_base = conn.execute(
            f'SELECT COALESCE(MAX(id), 0) FROM "{Consult._meta.db_table}"'
        ).fetchone()[0]  # type: ignore[index]

    # The two small comparison organisations are part of the requested volume.
    extra_children = 2 * SHORT_LONG_CHILDREN
    extra_consults = SHORT_LONG_CHILDREN * (1 + 30)
    total_children -= extra_children
    total_consults -= extra_consults
    if total_children < 10 or total_consults < total_children:
        raise BenchSchemaError("Ask for at least 50 children and more consults than children.")
    progress(f"  planning {total_consults:,} consults over {total_children:,} children ...")
    counts = allocate(world, total_children, total_consults)
    result = LoadResult()
    writers = Writers(database_url, tables)
    statuses = list(DimensionStatus.values)
    try:
        next_child, next_consult = child_base, consult_base
        emit = _Emitter(world, writers, result, statuses, ConversationModelStatus)
        step = max(total_children // 10, 1)
        for i in range(total_children):
            plan = plan_child(world, i, total_children)
            next_child += 1
            count, early = counts[i]
            next_consult = emit.child(plan, next_child, next_consult, count, i, early)
            if i == 0:
                result.designated["one_consult"] = emit.last_child_uuid
            elif i == 1:
                result.designated["thirty_consults"] = emit.last_child_uuid
            if (i + 1) % step == 0:
                progress(f"  {i + 1:>9,} children, {result.consults:>10,} consults written")
        # The two small organisations with identical young children: 1 versus 30 consults.
        for offset, (org_name, per_child) in enumerate(((SHORT_ORG, 1), (LONG_ORG, 30))):
            org = world.extra_orgs[org_name]
            for n in range(SHORT_LONG_CHILDREN):
                rng = _child_rng(world.seed, n, salt=99)
                birth = world.today - timedelta(days=rng.randint(40, 170))
                plan = ChildPlan(org, f"Q-{n:03d}", birth, None, n % 4 == 0, [], False)
                next_child += 1
                index = 10**9 + 1000 * offset + n  # its own uuids, the same dates
                next_consult = emit.child(plan, next_child, next_consult, per_child, index)
    finally:
        writers.close()
    with psycopg.connect(database_url, autocommit=True) as conn:
        for model, last in ((Child, next_child), (Consult, next_consult)):
            table = model._meta.db_table
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), %s)", [max(last, 1)]
            )
    # The worklist's facts per child, by the same function as the data migration and
    # `manage.py refresh_worklist_facts` (the COPY wrote the columns' defaults only).
    from hechtwerk.signalling.services import refresh_worklist_facts

    progress("  worklist facts ...")
    refresh_worklist_facts()
    with psycopg.connect(database_url, autocommit=True) as conn:
        # VACUUM as autovacuum would on a live database: it sets the visibility map, without
        # which the worklist's index-only reads fetch every heap row anyway.
        progress("  VACUUM (ANALYZE) ...")
        for table in tables.values():
            conn.execute(f'VACUUM (ANALYZE) "{table.table}"')
    return result


class _Emitter:
    """Writes one child with its consults, answers, dimensions and perhaps a referral."""

    def __init__(
        self,
        world: World,
        writers: Writers,
        result: LoadResult,
        statuses: list[str],
        conversation: Any,
    ) -> None:
        import uuid as uuid_module

        self.uuid = uuid_module.UUID
        self.world = world
        self.w = writers
        self.result = result
        self.statuses = statuses
        self.conv = conversation
        self.searching = "zoekend"  # DimensionStatus.SEARCHING
        self.last_child_uuid = ""

    def _uuid(self, rng: random.Random) -> Any:
        return self.uuid(int=rng.getrandbits(128), version=4)

    def child(
        self,
        plan: ChildPlan,
        child_id: int,
        consult_id: int,
        count: int,
        index: int,
        early: int = 0,
    ) -> int:
        world = self.world
        rng = _child_rng(world.seed, index, salt=1)
        child_uuid = self._uuid(rng)
        self.last_child_uuid = str(child_uuid)
        created = datetime.combine(plan.birth or world.today, time(9, 0), UTC)
        self.w.write(
            "child",
            [
                child_id,
                child_uuid,
                created,
                created,
                plan.org.id,
                plan.case_code,
                plan.birth,
                plan.due,
            ],
        )
        self.result.children += 1
        if plan.birth is None or count == 0:
            return consult_id
        nurse = plan.org.nurse_id
        if index in (0, 1) or index >= 10**9:
            # Designated children: every consult within the first half year, all with the list.
            span = max((world.today - plan.birth).days, 1)
            moments = [m for m in plan.org.moments if m.age_days <= 183] or plan.org.moments
            if index >= 10**9:
                # Both small organisations record only the first moment, however many consults:
                # their worklists then list the same children with the same moments due.
                moments = moments[:1]
            dates = sorted(
                plan.birth + timedelta(days=1 + rng.randrange(span)) for _ in range(count)
            )
            visits = [(moments[min(n, len(moments) - 1)], on) for n, on in enumerate(dates)]
        else:
            visits = _consult_dates(rng, plan, count, early, world.today)
        referral_consult: tuple[int, date] | None = None
        for moment, on in visits:
            consult_id += 1
            age = (on - plan.birth).days
            with_list = age <= 183 or (age <= 365 and rng.random() < 0.3) or index >= 10**9
            if index in (0, 1):
                with_list = True
            stamp = datetime.combine(on, time(10, 0), UTC)
            if with_list:
                answers = _answers(rng, world.items, plan.worry)
                key = tuple((item.code, item.group, code) for item, code in answers)
                rules_version, not_pos, discuss, offer, explanation, dims = _advice(key)
            else:
                answers, rules_version, not_pos, discuss, offer, explanation, dims = (
                    [],
                    "",
                    0,
                    False,
                    False,
                    "",
                    (),
                )
            status, held_on, same = self.conv.NOT_OFFERED, None, False
            if offer:
                r = rng.random()
                if r < 0.5:
                    status, same = self.conv.HELD, rng.random() < 0.7
                    held_on = (
                        on if same else min(on + timedelta(days=rng.randint(1, 21)), world.today)
                    )
                    same = same or held_on == on
                elif r < 0.6:
                    status = self.conv.DECLINED
                elif r < 0.7:
                    status = self.conv.ACCEPTED
                else:
                    status = self.conv.OFFERED
            self.result.consults += 1
            for item, code in answers:
                self.w.write("answer", [consult_id, item.id, item.options[code]])
            self.result.answers += len(answers)
            consult_uuid = self._uuid(rng)  # drawn before the dimensions, as always
            dim_rows = []
            for dimension, suggested, driving, dim_explanation in dims:
                r = rng.random()
                confirmed, reason = "", ""
                if r < 0.85:
                    confirmed = suggested
                elif r < 0.87:
                    confirmed = next(s for s in self.statuses if s != suggested)
                    reason = "Bench: andere inschatting na het gesprek."
                dim_rows.append(
                    [
                        consult_id,
                        dimension,
                        suggested,
                        confirmed,
                        reason,
                        driving,
                        dim_explanation,
                        rules_version,
                    ]
                )
            # As the services keep it: a dimension zoekend, confirmed or suggested unconfirmed.
            searching = any((row[3] or row[2]) == self.searching for row in dim_rows)
            self.w.write(
                "consult",
                [
                    consult_id,
                    consult_uuid,
                    stamp,
                    stamp,
                    nurse,
                    nurse,
                    child_id,
                    moment.id,
                    on,
                    nurse,
                    world.version_id if with_list else None,
                    rules_version,
                    not_pos,
                    discuss,
                    offer,
                    explanation,
                    status,
                    held_on,
                    same,
                    searching,
                ],
            )
            for row in dim_rows:
                self.w.write("dimension", row)
            self.result.dimensions += len(dims)
            if plan.worry and referral_consult is None and rng.random() < 0.15:
                referral_consult = (consult_id, on)
        if referral_consult is not None:
            self._referral(rng, plan, child_id, nurse, *referral_consult)
        return consult_id

    def _referral(
        self,
        rng: random.Random,
        plan: ChildPlan,
        child_id: int,
        nurse: int,
        consult_id: int,
        on: date,
    ) -> None:
        from hechtwerk.signalling.constants import ReferralDestination

        started = on + timedelta(days=14) if rng.random() < 0.6 else None
        if started is not None and started > self.world.today:
            started = None
        completed = started + timedelta(days=90) if started and rng.random() < 0.4 else None
        if completed is not None and completed > self.world.today:
            completed = None
        stamp = datetime.combine(on, time(11, 0), UTC)
        self.w.write(
            "referral",
            [
                self._uuid(rng),
                stamp,
                stamp,
                nurse,
                nurse,
                child_id,
                consult_id,
                nurse,
                rng.choice(list(ReferralDestination.values)),
                "Bench: meer ondersteuning nodig bij de hechting.",
                on,
                started,
                completed,
            ],
        )
        self.result.referrals += 1


def signalling_tables() -> Iterable[str]:
    """Every table of the signalling app (to empty them before a reload)."""
    from django.apps import apps

    for model in apps.get_app_config("signalling").get_models():
        if not model._meta.proxy and model._meta.managed:
            yield model._meta.db_table
