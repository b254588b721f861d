"""Importing a child's history Bundle (as `fhir.history_bundle` exports it) into an organisation.

The consults are read here; the other records (Informatiekaart checks, referrals, SamenStarten,
vulnerability) in `history_records`, checked with the rest before anything is written.

Everything is checked before anything counts: the Bundle against FHIR R4 (fhir.resources R4B),
the questionnaire version, item codes and answer codes against the instruments, the contact
moments against the organisation's schedule. One problem refuses the whole file (one transaction)
with a Dutch message that names it. The advice is derived again with the current rules; what the
professional confirmed travels along.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.servicerequest import ServiceRequest
from pydantic import ValidationError

from hechtwerk.accounts.models import Membership, Organisation, User
from hechtwerk.core.access import Actor, log_access
from hechtwerk.core.audit import log_action
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.inputs import UnsafeInputError, load_json
from hechtwerk.instruments.exchange.fhir import codesystem_url
from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.method.codes import SIGNALENLIJST, Dimension, DimensionStatus
from hechtwerk.signalling import fhir as codes
from hechtwerk.signalling.constants import ConversationModelStatus
from hechtwerk.signalling.models import Child, Consult, ContactMoment, sees_children
from hechtwerk.signalling.rules import validate_dimension_override

from .children import ensure_schedule, register_child
from .common import DATA_CATEGORY, SignallingError, check_text
from .consults import record_consult
from .history_records import (
    RecordIn,
    check_links,
    read_not_held,
    read_referral,
    read_response,
    record_kind,
    resolve_moments,
    store_records,
    version_for_reference,
)
from .worklist_facts import refresh_child_facts

# An upload larger than this is refused before parsing (a first half year is a few hundred kB).
MAX_BUNDLE_BYTES = 5 * 1024 * 1024
FIELD = "bundle"


@dataclass
class _Dimension:
    status: str
    confirmed: bool
    reason: str


@dataclass
class _ConsultIn:
    response_id: str
    on: dt.date
    moment: ContactMoment
    version: InstrumentVersion | None
    answers: dict[str, str]
    in_error: bool
    error_reason: str
    notes: str
    conversation: dict[str, Any]
    dimensions: dict[str, _Dimension] = field(default_factory=dict)


def _fail(message: str) -> SignallingError:
    return SignallingError(message, field=FIELD)


# The resources a history Bundle holds; any other resourceType is refused before the FHIR models
# see it (fhir.resources raises KeyError, not a validation error, for an unknown type).
RESOURCE_TYPES = (
    "Patient",
    "QuestionnaireResponse",
    "Observation",
    "ServiceRequest",
    "Encounter",
)


def _check_entries(data: Any) -> None:
    """Known resource types only, and no resource twice (same type and id, or same fullUrl)."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise _fail(_("Het bestand is geen FHIR-Bundle (resourceType ‘Bundle’ ontbreekt)."))
    entries = data.get("entry") or []
    if not isinstance(entries, list):
        raise _fail(_("Het bestand is geen geldige FHIR R4-Bundle: fout bij entry."))
    seen: set[tuple[str, str]] = set()
    urls: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind not in RESOURCE_TYPES:
            raise _fail(
                _("Onbekend soort gegeven in het bestand (entry %(n)s): %(kind)s.")
                % {"n": position, "kind": str(kind or "?")[:60]}
            )
        assert isinstance(resource, dict)
        key = (str(kind), str(resource.get("id") or ""))
        url = str(entry.get("fullUrl") or "")
        if (key[1] and key in seen) or (url and url in urls):
            raise _fail(
                _("Het bestand bevat %(kind)s ‘%(id)s’ twee keer (entry %(n)s).")
                % {"kind": kind, "id": (key[1] or url)[:80], "n": position}
            )
        seen.add(key)
        urls.add(url)


def _parse(bundle_json: str | bytes) -> Bundle:
    if len(bundle_json) > MAX_BUNDLE_BYTES:
        raise _fail(_("Het bestand is groter dan 5 MB."))
    try:
        data = load_json(bundle_json)
    except UnsafeInputError as error:
        raise _fail(
            _("Het bestand is geen geldige JSON.") if error.syntax else error.message
        ) from error
    _check_entries(data)
    try:
        return Bundle.model_validate_json(bundle_json)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            raise _fail(_("Het bestand is geen geldige JSON.")) from exc
        where = ".".join(str(part) for part in first["loc"]) or "Bundle"
        raise _fail(
            _("Het bestand is geen geldige FHIR R4-Bundle: fout bij %(where)s.") % {"where": where}
        ) from exc
    except LookupError as exc:
        # fhir.resources raises KeyError for an unknown resourceType nested deeper (contained).
        raise _fail(_("Onbekend soort gegeven in het bestand (resourceType).")) from exc


def _extension(extensions: Any, url: str) -> Any:
    return next((ext for ext in extensions or [] if ext.url == url), None)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _version(reference: str | None) -> InstrumentVersion | None:
    if not reference:
        return None
    version = version_for_reference(SIGNALENLIJST, reference)
    if version is not None:
        return version
    raise _fail(
        _("Onbekende versie van de Signalenlijst: ‘%(ref)s’. Deze versie bestaat hier niet.")
        % {"ref": reference}
    )


def _answers(response: QuestionnaireResponse, when: str) -> dict[str, str]:
    answers: dict[str, str] = {}
    system = codesystem_url(SIGNALENLIJST)
    for item in response.item or []:
        if item.item:
            raise _fail(
                _("Consult van %(when)s: item ‘%(code)s’ heeft onderliggende items.")
                % {"when": when, "code": item.linkId}
            )
        if not item.answer:
            continue
        coding = item.answer[0].valueCoding
        if len(item.answer) > 1 or coding is None or coding.system != system or not coding.code:
            raise _fail(
                _("Consult van %(when)s: item ‘%(code)s’ heeft geen geldig antwoord.")
                % {"when": when, "code": item.linkId}
            )
        if item.linkId in answers:
            raise _fail(
                _("Consult van %(when)s: item ‘%(code)s’ staat er twee keer in.")
                % {"when": when, "code": item.linkId}
            )
        answers[str(item.linkId)] = str(coding.code)
    return answers


def _conversation(response: QuestionnaireResponse, when: str) -> dict[str, Any]:
    ext = _extension(response.extension, codes.EXT_CONVERSATION_MODEL)
    parts = {sub.url: sub for sub in (ext.extension or [])} if ext is not None else {}
    status = parts["status"].valueCode if "status" in parts else ConversationModelStatus.NOT_OFFERED
    if status not in ConversationModelStatus.values:
        raise _fail(
            _("Consult van %(when)s: onbekende stand van het ééngespreksmodel ‘%(status)s’.")
            % {"when": when, "status": status}
        )
    held_on = parts["heldOn"].valueDate if "heldOn" in parts else None
    same = bool(parts["inSameConsult"].valueBoolean) if "inSameConsult" in parts else False
    return {"status": status, "held_on": held_on, "in_same_consult": same}


def _consult(response: QuestionnaireResponse, moments: dict[str, ContactMoment]) -> _ConsultIn:
    if response.authored is None:
        raise _fail(_("Een consult in het bestand heeft geen datum."))
    on = _as_date(response.authored)
    when = on.strftime("%d-%m-%Y")
    if response.status not in ("completed", "entered-in-error"):
        raise _fail(
            _("Consult van %(when)s: stand ‘%(status)s’ wordt niet overgenomen.")
            % {"when": when, "status": response.status}
        )
    moment_ext = _extension(response.extension, codes.EXT_CONTACT_MOMENT)
    code = moment_ext.valueCoding.code if moment_ext and moment_ext.valueCoding else None
    if code is None:
        raise _fail(_("Consult van %(when)s: het contactmoment ontbreekt.") % {"when": when})
    if code not in moments:
        raise _fail(
            _(
                "Consult van %(when)s: contactmoment ‘%(code)s’ staat niet in het schema van je "
                "organisatie."
            )
            % {"when": when, "code": code}
        )
    note = _extension(response.extension, codes.EXT_NOTE)
    reason = _extension(response.extension, codes.EXT_ERROR_REASON)
    version = _version(response.questionnaire)
    answers = _answers(response, when)
    if answers and version is None:
        raise _fail(
            _("Consult van %(when)s: er staan antwoorden in, maar niet bij welke vragenlijst.")
            % {"when": when}
        )
    return _ConsultIn(
        response_id=str(response.id or ""),
        on=on,
        moment=moments[code],
        version=version,
        answers=answers,
        in_error=response.status == "entered-in-error",
        error_reason=reason.valueString if reason else "",
        notes=note.valueString if note else "",
        conversation=_conversation(response, when),
    )


def _observation(observation: Observation, consults: dict[str, _ConsultIn]) -> None:
    sources = observation.derivedFrom or []
    reference = str(sources[0].reference or "") if sources else ""
    response_id = reference.removeprefix("QuestionnaireResponse/")
    consult = consults.get(response_id)
    if consult is None:
        raise _fail(_("Een dimensie in het bestand hoort bij geen enkel consult."))
    coding = observation.code.coding[0] if observation.code.coding else None
    dimension = coding.code if coding and coding.system == codes.DIMENSION_SYSTEM else None
    if dimension not in Dimension.values:
        raise _fail(_("Onbekende dimensie ‘%(code)s’.") % {"code": dimension})
    value = observation.valueCodeableConcept
    status = value.coding[0].code if value and value.coding else None
    if status not in DimensionStatus.values:
        raise _fail(
            _("Onbekende status ‘%(status)s’ bij dimensie %(dimension)s.")
            % {"status": status, "dimension": dimension}
        )
    assert dimension is not None
    assert status is not None
    consult.dimensions[dimension] = _Dimension(
        status=status,
        confirmed=observation.status == "final",
        reason=(observation.note[0].text or "") if observation.note else "",
    )


def _read(
    bundle: Bundle, organisation: Organisation
) -> tuple[Patient, list[_ConsultIn], list[RecordIn]]:
    if bundle.type != "collection":
        raise _fail(_("Verwacht een Bundle van het type ‘collection’."))
    patients: list[Patient] = []
    responses: list[QuestionnaireResponse] = []
    observations: list[Observation] = []
    records: list[RecordIn] = []
    for entry in bundle.entry or []:
        resource = entry.resource
        if isinstance(resource, Patient):
            patients.append(resource)
        elif isinstance(resource, QuestionnaireResponse):
            kind = record_kind(resource)
            if kind is None:
                responses.append(resource)
            else:
                records.append(read_response(resource, kind))
        elif isinstance(resource, ServiceRequest):
            records.append(read_referral(resource))
        elif isinstance(resource, Encounter):
            records.append(read_not_held(resource))
        elif isinstance(resource, Observation):
            observations.append(resource)
        else:
            kind = resource.get_resource_type() if resource is not None else "?"
            raise _fail(_("Onbekend soort gegeven in het bestand: %(kind)s.") % {"kind": kind})
    if len(patients) != 1:
        raise _fail(_("Het bestand moet precies één kind (Patient) bevatten."))
    moments = {m.code: m for m in ensure_schedule(organisation)}
    consults = {c.response_id: c for c in (_consult(r, moments) for r in responses)}
    for observation in observations:
        _observation(observation, consults)
    resolve_moments(records, moments)
    check_links(records, set(consults))
    ordered = sorted(consults.values(), key=lambda c: (c.on, c.moment.age_days))
    counted = Counter((c.moment.code, c.on) for c in ordered if not c.in_error)
    for (moment_code, on), times in counted.items():
        if times > 1:
            raise _fail(
                _("Het bestand bevat het consult %(moment)s van %(when)s twee keer.")
                % {"moment": moment_code, "when": on.strftime("%d-%m-%Y")}
            )
    return patients[0], ordered, records


def _actor_for_log(
    actor: User, membership: Membership, via: HttpRequest | None
) -> Actor | HttpRequest:
    if via is not None:
        return via
    return Actor(
        user_id=actor.pk,
        user_display=actor.email,
        role=membership.role,
        organisation_id=membership.organisation.uuid,
        responsible_user_id=actor.pk,
        access_point="",
        request_id="",
    )


def _store(consult: Consult, data: _ConsultIn, actor: User) -> None:
    """Confirmations, the ééngespreksmodel and "entered in error" as they were exported."""
    rows = list(consult.dimensions.all())
    for row in rows:
        given = data.dimensions.get(row.dimension)
        if given is None or not given.confirmed:
            continue
        reason = check_text(given.reason, field="reason")
        if given.status != row.suggested_status and not reason:
            reason = _("Zo vastgesteld in de geïmporteerde geschiedenis.")
        problem = validate_dimension_override(
            DimensionStatus(row.suggested_status), DimensionStatus(given.status), reason
        )
        if problem:
            raise _fail(problem)
        row.confirmed_status = given.status
        row.override_reason = reason if given.status != row.suggested_status else ""
        row.save(update_fields=["confirmed_status", "override_reason"])
    consult.has_searching_dimension = any(row.is_searching for row in rows)
    consult.conversation_status = data.conversation["status"]
    consult.conversation_held_on = data.conversation["held_on"]
    consult.conversation_in_same_consult = data.conversation["in_same_consult"]
    if data.in_error:
        consult.entered_in_error = True
        consult.error_reason = check_text(data.error_reason, field="reason") or _(
            "Als onjuist ingevoerd overgenomen."
        )
        consult.error_marked_at = timezone.now()
        consult.error_marked_by = actor
    consult.save()


@transaction.atomic
def import_child_history(
    *,
    actor: User,
    organisation: Organisation,
    bundle_json: str | bytes,
    via: HttpRequest | None = None,
) -> Child:
    """Create the child and its consults, with their answers, from an exported history Bundle.

    `via` is the request it came in with (for the access log's address and request id)."""
    membership = (
        Membership.objects.active()
        .filter(user=actor, organisation=organisation)
        .select_related("organisation")
        .first()
    )
    if membership is None or not sees_children(membership):
        raise SignallingError(
            _("Alleen jeugdverpleegkundigen en jeugdartsen van deze organisatie importeren.")
        )
    patient, consults, records = _read(_parse(bundle_json), organisation)
    case_code = patient.identifier[0].value if patient.identifier else ""
    due = _extension(patient.extension, codes.EXT_DUE_DATE)
    try:
        child = register_child(
            actor=actor,
            organisation=organisation,
            case_code=case_code or "",
            birth_date=patient.birthDate,
            due_date=due.valueDate if due else None,
        )
    except SignallingError as error:
        raise _fail(error.message) from error
    created: dict[str, Consult] = {}
    for data in consults:
        try:
            consult = record_consult(
                actor=actor,
                child=child,
                contact_moment=data.moment,
                consult_date=data.on,
                answers=data.answers,
                instrument_version=data.version,
                notes=data.notes,
            )
            _store(consult, data, actor)
            created[data.response_id] = consult
        except SignallingError as error:
            if error.field == FIELD:
                raise
            raise _fail(
                _("Consult van %(when)s: %(problem)s")
                % {"when": data.on.strftime("%d-%m-%Y"), "problem": error.message}
            ) from error
    store_records(records, child, created, actor)
    refresh_child_facts(child.pk)  # after the confirmations, conversations and notes stored
    log_access(
        _actor_for_log(actor, membership, via),
        action=AccessAction.CREATE,
        data_category=DATA_CATEGORY,
        client_ref=child.case_code,
        client_organisation_id=organisation.uuid,
        detail={"import": "fhir", "child": str(child.uuid), "consults": len(consults)},
    )
    log_action(
        "signalling.child.history_imported",
        actor=actor,
        target=child,
        organisation=organisation,
        data={"consults": len(consults)},
    )
    return child
