"""Recording and correcting a consult: the Signalenlijst, the dimensions, the ééngespreksmodel."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hechtwerk.accounts.models import User
from hechtwerk.core.audit import audit_entry, log_action
from hechtwerk.core.compiled import CompiledQuery, run_together, write_together
from hechtwerk.instruments.constants import VersionStatus
from hechtwerk.instruments.models import AnswerOption, InstrumentVersion, Item
from hechtwerk.method.codes import SIGNALENLIJST, DimensionStatus
from hechtwerk.signalling.constants import ConversationModelStatus
from hechtwerk.signalling.models import (
    Child,
    Consult,
    ConsultRevision,
    ContactMoment,
    DimensionAssessment,
    SignalenlijstAnswer,
    SignallingPolicy,
)
from hechtwerk.signalling.rules import (
    ItemAnswer,
    SignalenlijstAdvice,
    assess_signalenlijst,
    check_signalenlijst_age,
    contact_moment_problem,
    conversation_model_problem,
    missing_required_items,
    required_items_problem,
    second_consult_problem,
    validate_dimension_override,
)

from .children import _SCHEDULE, VISIBLE_CHILD, ensure_schedule
from .common import (
    _POLICY,
    ConsultConflictError,
    SignallingError,
    check_text,
    clean_new_or_raise,
    clean_or_raise,
    current_policy,
    not_in_future,
)

if TYPE_CHECKING:
    from hechtwerk.signalling.rules import Policy
# Each write below refreshes the child's worklist facts (models.facts) in its transaction: one
# UPDATE (issue 12, worklist helper; committed with the statement-count work on this file).
from .worklist_facts import child_facts_statement, refresh_child_facts


@dataclass(frozen=True)
class ResolvedAnswers:
    """Answers checked against the items and options of one instrument version."""

    version: InstrumentVersion
    chosen: tuple[tuple[Item, AnswerOption], ...]
    items: tuple[Item, ...]  # every item of the version, in order

    def advice(self, policy: Policy | None = None) -> SignalenlijstAdvice:
        """The rules' advice on these answers (`policy`: the one the caller already read)."""
        by_item = {item.pk: option.code for item, option in self.chosen}
        return assess_signalenlijst(
            [
                ItemAnswer(item.code, item.group, by_item.get(item.pk, ""), label=item.text)
                for item in self.items
            ],
            policy or current_policy(),
        )


# The items (with their options) of published and retired versions, per process: such a
# version's items never change (instruments.services edits drafts only, the admin refuses the
# rest), so they are read once instead of twice per consult. Keyed by the version's id, uuid and
# last change, so a version published again (or a reused id in a test database) is read afresh.
_ITEMS_CACHE: dict[tuple[Any, ...], tuple[Item, ...]] = {}
_ITEMS_CACHE_SIZE = 16


def signalenlijst_items(version: InstrumentVersion) -> tuple[Item, ...]:
    """The version's items in order, each with its options prefetched; treat them as read-only
    (for a published version they are shared by the requests of this process)."""
    if version.status == VersionStatus.DRAFT:
        return tuple(version.items.order_by("order", "id").prefetch_related("options"))
    key = (version.pk, version.uuid, version.updated_at)
    items = _ITEMS_CACHE.get(key)
    if items is None:
        items = tuple(version.items.order_by("order", "id").prefetch_related("options"))
        if len(_ITEMS_CACHE) >= _ITEMS_CACHE_SIZE:
            _ITEMS_CACHE.clear()
        _ITEMS_CACHE[key] = items
    return items


def resolve_answers(
    version: InstrumentVersion, answers: Mapping[str, str], *, strict: bool = True
) -> ResolvedAnswers:
    """Match item codes and option codes to the version; unknown ones are refused (or skipped)."""
    items = signalenlijst_items(version)
    by_code = {item.code: item for item in items}
    chosen: list[tuple[Item, AnswerOption]] = []
    for code, option_code in answers.items():
        if not option_code:
            continue
        item = by_code.get(code)
        if item is None:
            if strict:
                raise SignallingError(
                    _("Onbekend item ‘%(code)s’ in deze versie van de Signalenlijst.")
                    % {"code": code},
                    field="answers",
                )
            continue
        option = next((o for o in item.options.all() if o.code == option_code), None)
        if option is None:
            if strict:
                raise SignallingError(
                    _("‘%(answer)s’ is geen antwoord dat bij item %(code)s past.")
                    % {"answer": option_code, "code": code},
                    field=f"item_{code}",
                )
            continue
        chosen.append((item, option))
    if strict:
        answered = {item.code for item, _option in chosen}
        missing = missing_required_items([(i.code, i.required) for i in items], answered)
        if missing:
            problem = required_items_problem([by_code[code].text for code in missing])
            raise SignallingError(problem, field=f"item_{missing[0]}")
    return ResolvedAnswers(version=version, chosen=tuple(chosen), items=items)


# Read on every consult: compiled once per process (core.compiled), the same statements as
# `InstrumentVersion.objects.current_for(...)` and the second-consult check's queryset.
_NEWEST_PUBLISHED = CompiledQuery(
    InstrumentVersion, InstrumentVersion.objects.newest_published, str
)
_HELD_CONSULT = CompiledQuery(
    Consult,
    lambda child_id, moment_id: Consult.objects.filter(
        child_id=child_id, contact_moment_id=moment_id, entered_in_error=False
    ).order_by("consult_date")[:1],
    int,
    int,
)


# The same check by the child's uuid and the moment's code, so that it can be read before the
# child (with it, in one round trip): a consult's moment is always of its child's organisation.
_HELD_FOR = CompiledQuery(
    Consult,
    lambda organisation_id, child_uuid, code: Consult.objects.filter(
        child__organisation_id=organisation_id,
        child__uuid=child_uuid,
        contact_moment__code=code,
        entered_in_error=False,
    ).order_by("consult_date")[:1],
    int,
    uuid.UUID,
    str,
)


def current_signalenlijst() -> InstrumentVersion | None:
    found = _NEWEST_PUBLISHED.fetch(SIGNALENLIJST)
    return found[0] if found else None


@dataclass(frozen=True)
class ConsultInputs:
    """Everything recording a new consult reads, read together (`consult_inputs`)."""

    child: list[Child]  # the child in the organisation by uuid: [] when there is none
    schedule: list[ContactMoment]
    policy: Policy
    version: InstrumentVersion | None  # the newest published Signalenlijst
    held: list[Consult]  # the counted consult already recorded for the moment, if any
    consult_id: int | None  # the new consult's primary key, from its sequence (PostgreSQL)


def consult_inputs(organisation_id: int, child_uuid: uuid.UUID, moment_code: str) -> ConsultInputs:
    """The child (as `VISIBLE_CHILD` reads it), the organisation's schedule, the policy, the
    current Signalenlijst, the second-consult check and, on PostgreSQL, a primary key for the
    new consult: the reads of one request (the API's or the form's) in one round trip instead of
    six. The same statements as the services read one by one; nothing is kept between
    requests."""
    alias = router.db_for_write(Consult)
    if "\x00" in moment_code or moment_code.encode("utf-8", "replace").decode() != moment_code:
        moment_code = ""  # no moment has such a code (the database takes no NUL, no lone surrogate)
    queries: list[tuple[CompiledQuery[Any], tuple[Any, ...]]] = [
        (VISIBLE_CHILD, (organisation_id, child_uuid)),
        (_SCHEDULE, (organisation_id,)),
        (_POLICY, ()),
        (_NEWEST_PUBLISHED, (SIGNALENLIJST,)),
        (_HELD_FOR, (organisation_id, child_uuid, moment_code)),
    ]
    statements = []
    for query, args in queries:
        query_alias, sql, params = query.statement(*args)
        if query_alias != alias:
            raise ValueError("consult_inputs reads the database the consult is written to.")
        statements.append((sql, params))
    keyed = connections[alias].vendor == "postgresql"
    if keyed:
        # An identity column's sequence hands out keys also to a transaction that rolls back.
        statements.append(
            (
                "SELECT nextval(pg_get_serial_sequence(%s, %s))",
                [Consult._meta.db_table, Consult._meta.pk.column],
            )
        )
    rows = run_together(statements, using=alias)
    child, schedule, policy, version, held = (
        query.instances(alias, found) for (query, _args), found in zip(queries, rows, strict=False)
    )
    if child and not schedule:
        schedule = ensure_schedule(child[0].organisation)  # a new JGZ organisation's first use
    return ConsultInputs(
        child=child,
        schedule=schedule,
        policy=(policy[0] if policy else SignallingPolicy.objects.current()).to_rules(),
        version=version[0] if version else None,
        held=held,
        consult_id=int(rows[-1][0][0]) if keyed else None,
    )


def _check_consult(
    child: Child,
    contact_moment: ContactMoment,
    consult_date: date,
    with_list: bool,
    consult: Consult | None = None,
    *,
    policy: Policy | None = None,
    schedule: Sequence[ContactMoment] | None = None,
    held: Sequence[Consult] | None = None,
) -> None:
    """Refuse a consult the method does not allow. `held`: the second-consult check of a new
    consult as the caller already read it (`consult_inputs`)."""
    if child.entered_in_error:
        raise SignallingError(
            _("Dit kind is als onjuist ingevoerd gemarkeerd; er komt niets meer bij.")
        )
    if contact_moment.organisation_id != child.organisation_id:
        raise SignallingError(
            _("Kies een contactmoment uit het schema van je organisatie."), field="contact_moment"
        )
    not_in_future(consult_date, field="consult_date")
    if child.birth_date is None:
        raise SignallingError(
            _("Leg eerst de geboortedatum vast; een consult volgt op de geboorte."),
            field="consult_date",
        )
    if consult_date < child.birth_date:
        raise SignallingError(
            _("De consultdatum ligt vóór de geboortedatum (%(date)s).")
            % {"date": child.birth_date.strftime("%d-%m-%Y")},
            field="consult_date",
        )
    if with_list:
        check = check_signalenlijst_age(child.birth_date, consult_date, policy or current_policy())
        if not check.allowed:
            raise SignallingError(check.message, field="consult_date")
    schedule_ages = (
        [m.age_days for m in schedule]
        if schedule is not None
        else list(
            ContactMoment.objects.for_organisation(child.organisation_id).values_list(
                "age_days", flat=True
            )
        )
    )
    problem = contact_moment_problem(
        moment_label=contact_moment.label,
        moment_age_days=contact_moment.age_days,
        schedule_ages=schedule_ages,
        birth_date=child.birth_date,
        consult_date=consult_date,
    )
    if problem:
        raise SignallingError(problem, field="contact_moment")
    if consult is None:
        if held is None:
            held = _HELD_CONSULT.fetch(child.pk, contact_moment.pk)
        existing = held[0] if held else None
    else:
        existing = (
            Consult.objects.filter(
                child=child, contact_moment=contact_moment, entered_in_error=False
            )
            .exclude(pk=consult.pk)
            .order_by("consult_date")
            .first()
        )
    if existing is not None:
        raise SignallingError(
            second_consult_problem(contact_moment.label, existing.consult_date),
            field="contact_moment",
            # The page offers a link to it; the API client gets its id.
            existing_consult=str(existing.uuid),
        )


def _store_answers(
    consult: Consult, resolved: ResolvedAnswers | None, *, new: bool = False
) -> list[SignalenlijstAnswer]:
    """Replace the consult's answers (one INSERT); a new consult has none to delete."""
    if not new:
        consult.answers.all().delete()  # the earlier answers live on in the ConsultRevision
    if resolved is None:
        return []
    return SignalenlijstAnswer.objects.bulk_create(
        [SignalenlijstAnswer(consult=consult, item=i, option=o) for i, o in resolved.chosen]
    )


def _apply_advice(consult: Consult, advice: SignalenlijstAdvice | None) -> None:
    """Store the derived results with the rules version; keep confirmations still valid."""
    if advice is None:
        consult.dimensions.all().delete()
        consult.rules_version = ""
        consult.not_positive_count = 0
        consult.discuss_with_parents = consult.offer_conversation_model = False
        consult.advice_explanation = ""
        consult.has_searching_dimension = False
        return
    for row in _derive_advice(consult, advice, {d.dimension: d for d in consult.dimensions.all()}):
        row.save()


def _derive_advice(
    consult: Consult, advice: SignalenlijstAdvice, existing: Mapping[str, DimensionAssessment]
) -> list[DimensionAssessment]:
    """Set the consult's derived fields and return its dimension rows (not saved): `existing`
    rows are updated (a changed suggestion is confirmed again), missing ones made."""
    rows = []
    for suggestion in advice.dimensions:
        row = existing.get(suggestion.dimension) or DimensionAssessment(
            consult=consult, dimension=suggestion.dimension
        )
        if row.pk and row.suggested_status != suggestion.status:
            # The answers changed the suggestion: the professional confirms again.
            row.confirmed_status = ""
            row.override_reason = ""
        row.suggested_status = suggestion.status
        row.driving_items = list(suggestion.driving_items)
        row.explanation = suggestion.explanation
        row.rules_version = advice.rules_version
        rows.append(row)
    consult.has_searching_dimension = any(row.is_searching for row in rows)
    consult.rules_version = advice.rules_version
    consult.not_positive_count = len(advice.not_positive_items)
    consult.discuss_with_parents = advice.discuss_with_parents
    consult.offer_conversation_model = advice.offer_conversation_model
    consult.advice_explanation = "\n".join(advice.explanation)
    return rows


def _hold(consult: Consult, **rows: list[Any]) -> None:
    """Keep rows just stored as the consult's prefetched relations, as prefetch_related would
    have read them (`consult.answers.all()` reads nothing; a filter still asks the database)."""
    held: dict[str, Any] = {}
    for name, values in rows.items():
        queryset = getattr(consult, name).get_queryset()
        queryset._result_cache = values
        queryset._prefetch_done = True
        held[name] = queryset
    consult._prefetched_objects_cache = held  # type: ignore[attr-defined]


def snapshot(consult: Consult) -> dict[str, Any]:
    """The consult's current state as plain data, for its history."""
    return {
        "contact_moment": consult.contact_moment.code,
        "consult_date": consult.consult_date.isoformat(),
        "notes": consult.notes,
        "answers": {
            a.item.code: a.option.code for a in consult.answers.select_related("item", "option")
        },
        "dimensions": {
            d.dimension: {
                "suggested": d.suggested_status,
                "confirmed": d.confirmed_status,
                "reason": d.override_reason,
            }
            for d in consult.dimensions.all()
        },
        "conversation_model": {
            "status": consult.conversation_status,
            "held_on": consult.conversation_held_on.isoformat()
            if consult.conversation_held_on
            else None,
            "in_same_consult": consult.conversation_in_same_consult,
        },
        "rules_version": consult.rules_version,
        "entered_in_error": consult.entered_in_error,
    }


def _claim(consult: Consult, expected_version: int, actor: User, change: str) -> None:
    """Optimistic lock: raise the version only if nobody saved since; keep the earlier state."""
    # The conditional UPDATE is atomic in the database: of two saves based on the same version,
    # exactly one matches; the other changes nothing and gets the conflict message.
    updated = Consult.objects.filter(pk=consult.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise ConsultConflictError(
            _(
                "Iemand anders heeft dit consult intussen opgeslagen. Er is niets overschreven; "
                "open het consult opnieuw en voer je wijziging nog eens in."
            ),
            # The API answers it, so a client can reload and retry against the right version.
            current_version=Consult.objects.filter(pk=consult.pk)
            .values_list("version", flat=True)
            .first(),
        )
    ConsultRevision.objects.create(
        consult=consult,
        version=expected_version,
        changed_by=actor,
        change=change,
        snapshot=snapshot(consult),
    )
    consult.version = expected_version + 1


def record_consult(
    *,
    actor: User,
    child: Child,
    contact_moment: ContactMoment,
    consult_date: date,
    answers: Mapping[str, str],
    instrument_version: InstrumentVersion | None = None,
    notes: str = "",
    schedule: Sequence[ContactMoment] | None = None,
    policy: Policy | None = None,
    inputs: ConsultInputs | None = None,
) -> Consult:
    """Record a consult; with answers, derive the dimensions and prompts and store them.

    `schedule` (the organisation's contact moments) and `policy`: what the caller already read
    for this request, so they are not read again. The consult row goes in complete with its
    derived advice (one INSERT), its answers and dimensions with one INSERT each; the consult
    returned carries them (`answers.all()`, `dimensions.all()` read nothing more).

    `inputs` (`consult_inputs`, read by the caller for this child and moment): the schedule,
    policy, current Signalenlijst and second-consult check come from it and, with a primary key
    taken from the sequence, every row of the consult goes to PostgreSQL in one round trip,
    its own transaction when the caller has none (no BEGIN and COMMIT round trips).
    """
    if inputs is not None:
        schedule, policy = inputs.schedule, inputs.policy
        instrument_version = instrument_version or inputs.version
    keyed = inputs is not None and inputs.consult_id is not None
    alone = keyed and not transaction.get_connection(router.db_for_write(Consult)).in_atomic_block
    try:
        with nullcontext() if alone else transaction.atomic(using=router.db_for_write(Consult)):
            return _record_consult(
                actor=actor,
                child=child,
                contact_moment=contact_moment,
                consult_date=consult_date,
                answers=answers,
                instrument_version=instrument_version,
                notes=notes,
                schedule=schedule,
                policy=policy,
                held=inputs.held if inputs is not None else None,
                consult_id=inputs.consult_id if inputs is not None else None,
            )
    except IntegrityError:
        # Another save for this child and moment went in between the check and the INSERT
        # (the database's one_counted_consult_per_moment): the same answer as the check gives.
        _check_consult(child, contact_moment, consult_date, with_list=False, schedule=schedule)
        raise


def _record_consult(
    *,
    actor: User,
    child: Child,
    contact_moment: ContactMoment,
    consult_date: date,
    answers: Mapping[str, str],
    instrument_version: InstrumentVersion | None,
    notes: str,
    schedule: Sequence[ContactMoment] | None,
    policy: Policy | None,
    held: Sequence[Consult] | None,
    consult_id: int | None,
) -> Consult:
    policy = policy or current_policy()
    with_list = bool(answers) or instrument_version is not None
    _check_consult(
        child,
        contact_moment,
        consult_date,
        with_list,
        policy=policy,
        schedule=schedule,
        held=held,
    )
    notes = check_text(notes, field="notes")
    resolved = None
    if with_list:
        version = instrument_version or current_signalenlijst()
        if version is None:
            raise SignallingError(_("Er is geen gepubliceerde Signalenlijst."), field="answers")
        resolved = resolve_answers(version, answers)
    consult = Consult(
        pk=consult_id,
        child=child,
        contact_moment=contact_moment,
        consult_date=consult_date,
        professional=actor,
        instrument_version=resolved.version if resolved else None,
        notes=notes,
        created_by=actor,
        updated_by=actor,
    )
    # A new consult has no dimensions yet: the advice only makes them (no DELETE, no UPDATE).
    dimensions = _derive_advice(consult, resolved.advice(policy), {}) if resolved else []
    clean_new_or_raise(consult)
    if consult_id is None:
        consult.save()
    stored = (
        [SignalenlijstAnswer(consult=consult, item=i, option=o) for i, o in resolved.chosen]
        if resolved
        else []
    )
    # Answers, dimensions, the audit entry and the child's worklist facts (which read the
    # consult row inserted before them, not these rows): one statement on PostgreSQL, and with
    # a key already taken the consult's own INSERT goes in the same round trip (`first`).
    write_together(
        [
            stored,
            dimensions,
            [
                audit_entry(
                    "signalling.consult.recorded",
                    actor=actor,
                    target=consult,
                    organisation=child.organisation,
                    data={"rules_version": consult.rules_version},
                )
            ],
        ],
        then=child_facts_statement(child.pk),
        using=router.db_for_write(Consult),
        first=consult if consult_id is not None else None,
    )
    stored.sort(key=lambda answer: (answer.item.order, answer.item.pk))
    _hold(consult, answers=stored, dimensions=dimensions)
    return consult


@transaction.atomic
def correct_consult(
    *,
    actor: User,
    consult: Consult,
    expected_version: int,
    contact_moment: ContactMoment,
    consult_date: date,
    answers: Mapping[str, str],
    notes: str = "",
) -> Consult:
    """Correct a consult: the earlier version is kept, the advice is derived again."""
    if consult.entered_in_error:
        raise SignallingError(
            _("Dit consult is als onjuist gemarkeerd en wordt niet meer gewijzigd.")
        )
    with_list = bool(answers) or consult.instrument_version_id is not None
    _check_consult(consult.child, contact_moment, consult_date, with_list, consult)
    notes = check_text(notes, field="notes")
    resolved = None
    if with_list:
        version = consult.instrument_version or current_signalenlijst()
        if version is None:
            raise SignallingError(_("Er is geen gepubliceerde Signalenlijst."), field="answers")
        resolved = resolve_answers(version, answers)
    _claim(consult, expected_version, actor, "correctie")
    consult.contact_moment = contact_moment
    consult.consult_date = consult_date
    consult.notes = notes
    consult.instrument_version = resolved.version if resolved else None
    consult.updated_by = actor
    _store_answers(consult, resolved)
    _apply_advice(consult, resolved.advice() if resolved else None)
    clean_or_raise(consult)
    consult.save()
    refresh_child_facts(consult.child_id)
    log_action(
        "signalling.consult.corrected",
        actor=actor,
        target=consult,
        organisation=consult.child.organisation,
        data={"version": consult.version, "rules_version": consult.rules_version},
    )
    return consult


@transaction.atomic
def confirm_dimensions(
    *,
    actor: User,
    consult: Consult,
    expected_version: int,
    decisions: Mapping[str, tuple[str, str]],
) -> Consult:
    """The professional confirms or overrides each suggested status (an override needs a reason)."""
    rows = {d.dimension: d for d in consult.dimensions.all()}
    if not rows:
        raise SignallingError(_("Dit consult heeft geen Signalenlijst om te bevestigen."))
    for dimension, (status, reason) in decisions.items():
        row = rows.get(dimension)
        if row is None or status not in DimensionStatus.values:
            raise SignallingError(_("Kies een geldige status."), field=f"status_{dimension}")
        check_text(reason, field=f"reason_{dimension}")
        problem = validate_dimension_override(
            DimensionStatus(row.suggested_status), DimensionStatus(status), reason
        )
        if problem:
            raise SignallingError(problem, field=f"reason_{dimension}")
    _claim(consult, expected_version, actor, "dimensies")
    for dimension, (status, reason) in decisions.items():
        row = rows[dimension]
        row.confirmed_status = status
        row.override_reason = reason.strip() if status != row.suggested_status else ""
        row.save(update_fields=["confirmed_status", "override_reason"])
    consult.has_searching_dimension = any(row.is_searching for row in rows.values())
    consult.updated_by = actor
    consult.save(update_fields=["has_searching_dimension", "updated_by", "updated_at"])
    refresh_child_facts(consult.child_id)
    log_action(
        "signalling.consult.dimensions_confirmed",
        actor=actor,
        target=consult,
        organisation=consult.child.organisation,
        data={
            "overridden": sorted(
                d for d, (s, _r) in decisions.items() if s != rows[d].suggested_status
            )
        },
    )
    return consult


@transaction.atomic
def record_conversation_model(
    *,
    actor: User,
    consult: Consult,
    expected_version: int,
    status: str,
    held_on: date | None = None,
    in_same_consult: bool = False,
) -> Consult:
    """Offered, accepted and held (in this consult, or later on a date) — the ééngespreksmodel."""
    if status not in ConversationModelStatus.values:
        raise SignallingError(_("Kies een geldige stand."), field="status")
    problem = conversation_model_problem(
        status=status,
        held_on=held_on,
        in_same_consult=in_same_consult,
        held_status=ConversationModelStatus.HELD,
    )
    if problem:
        raise SignallingError(problem.message, field=problem.field)
    if status == ConversationModelStatus.HELD:
        if in_same_consult:
            held_on = held_on or consult.consult_date
        if held_on is None:
            raise SignallingError(_("Vul in wanneer het gesprek is gevoerd."), field="held_on")
        if held_on < consult.consult_date:
            raise SignallingError(
                _("Het gesprek kan niet vóór het consult zijn gevoerd."), field="held_on"
            )
        not_in_future(held_on, field="held_on")
        if in_same_consult and held_on != consult.consult_date:
            raise SignallingError(
                _("Gevoerd in dit consult: de datum is de consultdatum."), field="held_on"
            )
    else:
        held_on, in_same_consult = None, False
    _claim(consult, expected_version, actor, "eengespreksmodel")
    consult.conversation_status = status
    consult.conversation_held_on = held_on
    consult.conversation_in_same_consult = in_same_consult
    consult.updated_by = actor
    consult.save(
        update_fields=[
            "conversation_status",
            "conversation_held_on",
            "conversation_in_same_consult",
            "updated_by",
            "updated_at",
        ]
    )
    refresh_child_facts(consult.child_id)
    log_action(
        "signalling.consult.conversation_model_recorded",
        actor=actor,
        target=consult,
        organisation=consult.child.organisation,
        data={"status": status},
    )
    return consult


@dataclass(frozen=True)
class ConversationInput:
    status: str
    held_on: date | None = None
    in_same_consult: bool = False


@transaction.atomic
def review_consult(
    *,
    actor: User,
    consult: Consult,
    expected_version: int,
    decisions: Mapping[str, tuple[str, str]] | None,
    conversation: ConversationInput,
) -> Consult:
    """Dimensions and ééngespreksmodel from the one form below the advice: both or neither."""
    version = expected_version
    if decisions:
        confirm_dimensions(
            actor=actor, consult=consult, expected_version=version, decisions=decisions
        )
        version = consult.version
    unchanged = (
        conversation.status == consult.conversation_status
        and conversation.held_on == consult.conversation_held_on
        and conversation.in_same_consult == consult.conversation_in_same_consult
    )
    if not unchanged or not decisions:
        record_conversation_model(
            actor=actor,
            consult=consult,
            expected_version=version,
            status=conversation.status,
            held_on=conversation.held_on,
            in_same_consult=conversation.in_same_consult,
        )
    return consult
