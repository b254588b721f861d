"""Reading and writing the records beside the consults in a history Bundle (see `fhir_records`).

`read_records` checks every record before anything is written; `store_records` writes them
through the ordinary services, so every suggestion is derived again with the current rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.servicerequest import ServiceRequest

from hechtwerk.accounts.models import User
from hechtwerk.catalogue.models import Intervention
from hechtwerk.instruments.constants import VersionStatus
from hechtwerk.instruments.exchange.fhir import questionnaire_url
from hechtwerk.instruments.models import InstrumentVersion, Item
from hechtwerk.method.codes import (
    INFORMATIEKAART,
    SAMENSTARTEN,
    VULNERABILITY_FACTORS,
    FactorColumn,
    SamenStartenDomain,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling import fhir_records as fr
from hechtwerk.signalling.constants import (
    MomentNotHeldReason,
    ReferralDestination,
    ReferralFollowUpStatus,
)
from hechtwerk.signalling.models import Child, Consult, InErrorMarkable, InformatiekaartCheck
from hechtwerk.signalling.rules import samenstarten_override_problem, suggest_samenstarten

from .common import SignallingError
from .followup import (
    FactorInput,
    assess_vulnerability,
    check_informatiekaart,
    mark_entered_in_error,
    mark_moment_not_held,
    record_referral_follow_up,
    record_samenstarten,
    refer_child,
)

FIELD = "bundle"
NOT_HELD = "niet-gehouden"
KIND_LABELS = {
    INFORMATIEKAART: gettext_lazy("Check Informatiekaart"),
    SAMENSTARTEN: gettext_lazy("SamenStarten-gesprek"),
    VULNERABILITY_FACTORS: gettext_lazy("Inschatting kwetsbaarheid"),
}


@dataclass
class RecordIn:
    kind: str  # informatiekaart, samenstarten, kwetsbaarheid, verwijzing, niet-gehouden
    resource_id: str
    on: dt.date
    consult_id: str
    in_error: bool
    error_reason: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def when(self) -> str:
        return self.on.strftime("%d-%m-%Y")


def _fail(message: str) -> SignallingError:
    return SignallingError(message, field=FIELD)


def _extension(extensions: Any, url: str) -> Any:
    return next((ext for ext in extensions or [] if ext.url == url), None)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def record_kind(response: QuestionnaireResponse) -> str | None:
    """The kind of a record response, or None for a consult's Signalenlijst response."""
    ext = _extension(response.extension, fr.EXT_RECORD_KIND)
    return str(ext.valueCode) if ext is not None else None


def _reference_id(extensions: Any, url: str) -> str:
    ext = _extension(extensions, url)
    reference = ext.valueReference.reference if ext and ext.valueReference else ""
    return str(reference or "").removeprefix("QuestionnaireResponse/")


def _answers(response: QuestionnaireResponse, label: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in response.item or []:
        if item.linkId in answers:
            raise _fail(
                _("%(record)s: onderdeel ‘%(code)s’ staat er twee keer in.")
                % {"record": label, "code": item.linkId}
            )
        answers[str(item.linkId)] = item
    return answers


def _value(item: Any, kind: str, label: str, code: str) -> Any:
    answer = item.answer[0] if item is not None and item.answer else None
    value = getattr(answer, kind) if answer is not None else None
    if value is None:
        raise _fail(
            _("%(record)s: onderdeel ‘%(code)s’ heeft geen geldig antwoord.")
            % {"record": label, "code": code}
        )
    if kind == "valueCoding":
        return str(value.code or "")
    return value


def _choice(items: dict[str, Any], code: str, allowed: list[str], label: str) -> str:
    value = str(_value(items.get(code), "valueCoding", label, code))
    if value not in allowed:
        raise _fail(
            _("%(record)s: onbekende waarde ‘%(value)s’ bij ‘%(code)s’.")
            % {"record": label, "value": value, "code": code}
        )
    return value


def version_for_reference(instrument_code: str, reference: str) -> InstrumentVersion | None:
    """The published (or retired) version of an instrument that a canonical `url|version` names."""
    url, _sep, number = reference.partition("|")
    for version in (
        InstrumentVersion.objects.filter(instrument__code=instrument_code, version=number)
        .exclude(status=VersionStatus.DRAFT)
        .select_related("instrument")
    ):
        if questionnaire_url(version) == url:
            return version
    return None


def _factor_version(reference: str | None) -> InstrumentVersion | None:
    if not reference:
        return None
    version = version_for_reference(VULNERABILITY_FACTORS, reference)
    if version is not None:
        return version
    raise _fail(
        _("Onbekende versie van de factorenlijst kwetsbaarheid: ‘%(ref)s’.") % {"ref": reference}
    )


def _informatiekaart(record: RecordIn, items: dict[str, Any], label: str) -> None:
    for code, attribute in fr.CHECK_FLAGS.items():
        record.values[attribute] = bool(_value(items.get(code), "valueBoolean", label, code))
    count = _value(items.get(fr.STRESS_FACTOR_COUNT), "valueInteger", label, fr.STRESS_FACTOR_COUNT)
    if int(count) < 0:
        raise _fail(_("%(record)s: een aantal kan niet negatief zijn.") % {"record": label})
    record.values["stress_factor_count"] = int(count)


def _samenstarten(record: RecordIn, items: dict[str, Any], label: str) -> None:
    ratings = list(SamenStartenRating.values)
    record.values["ratings"] = {
        domain: _choice(items, domain, ratings, label) for domain in SamenStartenDomain.values
    }
    record.values["overall"] = _choice(items, fr.OVERALL, ratings, label)
    record.values["follow_up"] = _choice(
        items, fr.FOLLOW_UP, list(SamenStartenFollowUp.values), label
    )
    plan = items.get(fr.PLAN)
    record.values["plan"] = str(_value(plan, "valueString", label, fr.PLAN)) if plan else ""
    reason = items.get(fr.OVERRIDE_REASON)
    record.values["override_reason"] = (
        str(_value(reason, "valueString", label, fr.OVERRIDE_REASON)) if reason else ""
    )
    # Checked here too, so a file that departs from the suggestion without a reason is refused
    # whole before anything is written (the service checks the same when it writes).
    suggestion = suggest_samenstarten(
        {
            SamenStartenDomain(domain): SamenStartenRating(value)
            for domain, value in record.values["ratings"].items()
        }
    )
    problem = samenstarten_override_problem(
        suggested_overall=suggestion.overall,
        overall=record.values["overall"],
        suggested_follow_up=suggestion.follow_up,
        follow_up=record.values["follow_up"],
        reason=record.values["override_reason"],
    )
    if problem:
        raise _fail(f"{label}: {problem}")


def _vulnerability(
    record: RecordIn, response: QuestionnaireResponse, items: dict[str, Any], label: str
) -> None:
    version = _factor_version(response.questionnaire)
    record.values["version"] = version
    record.values["balance_kept"] = bool(
        _value(items.get(fr.BALANCE), "valueBoolean", label, fr.BALANCE)
    )
    record.values["final_grade"] = _choice(items, fr.GRADE, list(VulnerabilityGrade.values), label)
    rationale = items.get(fr.RATIONALE)
    record.values["rationale"] = (
        str(_value(rationale, "valueString", label, fr.RATIONALE)) if rationale else ""
    )
    group = items.get(fr.FACTORS)
    factors: list[FactorInput] = []
    known = {i.code: i for i in Item.objects.filter(version=version)} if version else {}
    for item in (group.item or []) if group is not None else []:
        code = str(item.linkId)
        if version is None:
            raise _fail(
                _("%(record)s: er staan factoren in, maar niet bij welke factorenlijst.")
                % {"record": label}
            )
        if code not in known or known[code].group not in FactorColumn.values:
            raise _fail(
                _("%(record)s: onbekende factor ‘%(code)s’.") % {"record": label, "code": code}
            )
        ext = _extension(item.extension, fr.EXT_FACTOR)
        flags = {sub.url: sub for sub in (ext.extension or [])} if ext is not None else {}
        column = flags["column"].valueCode if "column" in flags else known[code].group
        if column != known[code].group:
            raise _fail(
                _("%(record)s: factor ‘%(code)s’ staat in een andere kolom dan in de lijst.")
                % {"record": label, "code": code}
            )
        factors.append(
            FactorInput(
                item=known[code],
                urgent=bool(flags["urgent"].valueBoolean) if "urgent" in flags else False,
                strong=bool(flags["strong"].valueBoolean) if "strong" in flags else False,
            )
        )
    record.values["factors"] = factors


def _base(resource: Any, kind: str, on: Any, label: Any) -> RecordIn:
    if on is None:
        raise _fail(_("%(record)s in het bestand heeft geen datum.") % {"record": label})
    reason = _extension(resource.extension, fr.EXT_ERROR_REASON)
    return RecordIn(
        kind=kind,
        resource_id=str(resource.id or ""),
        on=_as_date(on),
        consult_id=_reference_id(resource.extension, fr.EXT_AT_CONSULT),
        in_error=resource.status == "entered-in-error",
        error_reason=str(reason.valueString or "") if reason else "",
    )


def read_response(response: QuestionnaireResponse, kind: str) -> RecordIn:
    if kind not in KIND_LABELS:
        raise _fail(_("Onbekend soort verslag in het bestand: ‘%(kind)s’.") % {"kind": kind})
    record = _base(response, kind, response.authored, KIND_LABELS[kind])
    label = _("%(record)s van %(when)s") % {"record": KIND_LABELS[kind], "when": record.when}
    if response.status not in ("completed", "entered-in-error"):
        raise _fail(
            _("%(record)s: stand ‘%(status)s’ wordt niet overgenomen.")
            % {"record": label, "status": response.status}
        )
    items = _answers(response, label)
    if kind == INFORMATIEKAART:
        _informatiekaart(record, items, label)
    elif kind == SAMENSTARTEN:
        _samenstarten(record, items, label)
    else:
        _vulnerability(record, response, items, label)
    return record


def _intervention(request: ServiceRequest, label: str) -> Intervention | None:
    ext = _extension(request.extension, fr.EXT_INTERVENTION)
    if ext is None:
        return None
    parts = {sub.url: sub for sub in (ext.extension or [])}
    slug = str(parts["slug"].valueCode or "") if "slug" in parts else ""
    uuid = str(parts["uuid"].valueString or "") if "uuid" in parts else ""
    active = Intervention.objects.active()
    found = active.filter(slug=slug).first() if slug else None
    if found is None and uuid:
        found = next(iter(active.filter(uuid__iexact=uuid)[:1]), None) if _is_uuid(uuid) else None
    if found is None:
        raise _fail(
            _("%(record)s: interventie ‘%(name)s’ staat hier niet in de catalogus.")
            % {"record": label, "name": slug or uuid}
        )
    return found


def _is_uuid(value: str) -> bool:
    import uuid as uuid_module

    try:
        uuid_module.UUID(value)
    except ValueError:
        return False
    return True


def read_referral(request: ServiceRequest) -> RecordIn:
    record = _base(request, "verwijzing", request.authoredOn, _("Een verwijzing"))
    label = _("Verwijzing van %(when)s") % {"when": record.when}
    if request.status not in ("active", "completed", "entered-in-error"):
        raise _fail(
            _("%(record)s: stand ‘%(status)s’ wordt niet overgenomen.")
            % {"record": label, "status": request.status}
        )
    coding = request.code.coding[0] if request.code and request.code.coding else None
    destination = coding.code if coding and coding.system == fr.DESTINATION_SYSTEM else None
    if destination not in ReferralDestination.values:
        raise _fail(
            _("%(record)s: onbekende bestemming ‘%(code)s’.")
            % {"record": label, "code": destination or ""}
        )
    reason = (request.reasonCode[0].text or "") if request.reasonCode else ""
    if not reason.strip():
        raise _fail(_("%(record)s: de reden ontbreekt.") % {"record": label})
    started = _extension(request.extension, fr.EXT_STARTED_ON)
    completed = _extension(request.extension, fr.EXT_COMPLETED_ON)
    started_on = _as_date(started.valueDate) if started and started.valueDate else None
    completed_on = _as_date(completed.valueDate) if completed and completed.valueDate else None
    if started_on is not None and started_on < record.on:
        raise _fail(_("%(record)s: de hulp start vóór de verwijsdatum.") % {"record": label})
    if completed_on is not None and (started_on is None or completed_on < started_on):
        raise _fail(
            _("%(record)s: de hulp is afgerond zonder of vóór de start.") % {"record": label}
        )
    status_ext = _extension(request.extension, fr.EXT_FOLLOW_UP_STATUS)
    status = (
        str(status_ext.valueCoding.code or "")
        if status_ext is not None and status_ext.valueCoding is not None
        else ""
    )
    if status not in ReferralFollowUpStatus.values:
        raise _fail(
            _("%(record)s: onbekende stand van het vervolg ‘%(code)s’.")
            % {"record": label, "code": status}
        )
    if started_on is not None and status in (
        ReferralFollowUpStatus.WAITING_LIST,
        ReferralFollowUpStatus.DECLINED,
    ):
        raise _fail(
            _("%(record)s: de hulp is gestart; een wachtlijst of afzien past daar niet bij.")
            % {"record": label}
        )
    noted = _extension(request.extension, fr.EXT_FOLLOW_UP_NOTED_ON)
    record.values = {
        "status": status,
        "noted_on": _as_date(noted.valueDate) if status and noted and noted.valueDate else None,
        "destination": destination,
        "reason": reason,
        "started_on": started_on,
        "completed_on": completed_on,
        "check_id": _reference_id(request.extension, fr.EXT_CHECK),
        "intervention": _intervention(request, label),
    }
    return record


def read_not_held(encounter: Encounter) -> RecordIn:
    """A cancelled Encounter: a contact moment not held (the moment is checked against the
    organisation's schedule by `resolve_moments`)."""
    noted = _extension(encounter.extension, fr.EXT_NOTED_ON)
    record = _base(
        encounter,
        NOT_HELD,
        noted.valueDate if noted is not None else None,
        _("Een niet gehouden contactmoment"),
    )
    label = _("Niet gehouden contactmoment van %(when)s") % {"when": record.when}
    if encounter.status not in ("cancelled", "entered-in-error"):
        raise _fail(
            _("%(record)s: stand ‘%(status)s’ wordt niet overgenomen.")
            % {"record": label, "status": encounter.status}
        )
    moment = next(
        (
            coding.code
            for concept in encounter.type or []
            for coding in concept.coding or []
            if coding.system == fr.CONTACT_MOMENT_SYSTEM
        ),
        None,
    )
    reason = next(
        (
            coding.code
            for concept in encounter.reasonCode or []
            for coding in concept.coding or []
            if coding.system == fr.NOT_HELD_REASON_SYSTEM
        ),
        None,
    )
    if reason not in MomentNotHeldReason.values:
        raise _fail(
            _("%(record)s: onbekende reden ‘%(code)s’.") % {"record": label, "code": reason or ""}
        )
    record.values = {"moment": str(moment or ""), "reason": reason, "label": label}
    return record


def resolve_moments(records: list[RecordIn], moments: dict[str, Any]) -> None:
    """Each contact moment not held must be one of the organisation's schedule."""
    for record in records:
        if record.kind != NOT_HELD:
            continue
        code = record.values["moment"]
        if code not in moments:
            raise _fail(
                _("%(record)s: onbekend contactmoment ‘%(code)s’.")
                % {"record": record.values["label"], "code": code}
            )
        record.values["moment"] = moments[code]


def check_links(records: list[RecordIn], consult_ids: set[str]) -> None:
    """Every consult and check a record points to must be in the same file."""
    check_ids = {r.resource_id for r in records if r.kind == INFORMATIEKAART}
    for record in records:
        if record.consult_id and record.consult_id not in consult_ids:
            raise _fail(
                _(
                    "Een verslag van %(when)s verwijst naar een consult dat niet in het bestand staat."
                )
                % {"when": record.when}
            )
        check_id = record.values.get("check_id")
        if check_id and check_id not in check_ids:
            raise _fail(
                _("Verwijzing van %(when)s: de check waar zij op volgt staat niet in het bestand.")
                % {"when": record.when}
            )


def _mark(record: InErrorMarkable, data: RecordIn, actor: User) -> None:
    if data.in_error:
        mark_entered_in_error(
            actor=actor,
            record=record,
            reason=data.error_reason or _("Als onjuist ingevoerd overgenomen."),
        )


def _write(
    data: RecordIn,
    child: Child,
    consult: Consult | None,
    actor: User,
    checks: dict[str, InformatiekaartCheck],
) -> None:
    values = data.values
    if data.kind == INFORMATIEKAART:
        check = check_informatiekaart(
            actor=actor, child=child, checked_on=data.on, consult=consult, **values
        )
        checks[data.resource_id] = check
        _mark(check, data, actor)
    elif data.kind == SAMENSTARTEN:
        _mark(
            record_samenstarten(
                actor=actor, child=child, held_on=data.on, consult=consult, **values
            ),
            data,
            actor,
        )
    elif data.kind == VULNERABILITY_FACTORS:
        assessment = assess_vulnerability(
            actor=actor,
            child=child,
            assessed_on=data.on,
            factors=values["factors"],
            balance_kept=values["balance_kept"],
            final_grade=values["final_grade"],
            rationale=values["rationale"],
            instrument_version=values["version"],
            consult=consult,
        )
        _mark(assessment, data, actor)
    elif data.kind == NOT_HELD:
        _mark(
            mark_moment_not_held(
                actor=actor,
                child=child,
                contact_moment=values["moment"],
                reason=values["reason"],
                noted_on=data.on,
            ),
            data,
            actor,
        )
    else:
        referral = refer_child(
            actor=actor,
            child=child,
            destination=values["destination"],
            reason=values["reason"],
            referred_on=data.on,
            consult=consult,
            informatiekaart_check=checks.get(values["check_id"]),
            intervention=values["intervention"],
        )
        if values["started_on"] is not None or values["status"]:
            record_referral_follow_up(
                actor=actor,
                referral=referral,
                started_on=values["started_on"],
                completed_on=values["completed_on"],
                status=values["status"],
                noted_on=values["noted_on"],
            )
        _mark(referral, data, actor)


def store_records(
    records: list[RecordIn], child: Child, consults: dict[str, Consult], actor: User
) -> None:
    """Write the records, checks first (a referral may follow one), oldest first."""
    order = {
        INFORMATIEKAART: 0,
        SAMENSTARTEN: 1,
        VULNERABILITY_FACTORS: 2,
        "verwijzing": 3,
        NOT_HELD: 4,
    }
    checks: dict[str, InformatiekaartCheck] = {}
    for data in sorted(records, key=lambda r: (order[r.kind], r.on)):
        try:
            _write(data, child, consults.get(data.consult_id), actor, checks)
        except SignallingError as error:
            if error.field == FIELD:
                raise
            raise _fail(
                _("Verslag van %(when)s: %(problem)s")
                % {"when": data.when, "problem": error.message}
            ) from error
