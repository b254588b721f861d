"""The rest of a child's record as FHIR R4 resources (R4B models), beside the consults.

- an Informatiekaart check, a SamenStarten conversation and a vulnerability assessment are each a
  QuestionnaireResponse, told apart by the record-kind extension (a consult has none); the
  vulnerability assessment points to its factor list version like a consult to its Signalenlijst;
- a referral is a ServiceRequest: the destination as code, the reason as reasonCode text, the
  referral date as authoredOn, the start and completion of the help and the catalogue
  intervention (slug and uuid) in extensions.

Derived suggestions (advice, suggested whole, suggested grade) do not travel: the import derives
them again with its own rules. A record in error carries FHIR's status and the reason.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.servicerequest import ServiceRequest

from hechtwerk.instruments.constants import FHIR_BASE_URL
from hechtwerk.instruments.exchange.fhir import canonical_reference
from hechtwerk.method.codes import (
    INFORMATIEKAART,
    SAMENSTARTEN,
    VULNERABILITY_FACTORS,
    ReferralCriterion,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.constants import (
    MomentNotHeldReason,
    ReferralDestination,
    ReferralFollowUpStatus,
)
from hechtwerk.signalling.models import (
    SAMENSTARTEN_FIELDS,
    Child,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)

EXT_RECORD_KIND = f"{FHIR_BASE_URL}/StructureDefinition/record-kind"
EXT_AT_CONSULT = f"{FHIR_BASE_URL}/StructureDefinition/at-consult"
EXT_ERROR_REASON = f"{FHIR_BASE_URL}/StructureDefinition/entered-in-error-reason"
EXT_STARTED_ON = f"{FHIR_BASE_URL}/StructureDefinition/help-started-on"
EXT_COMPLETED_ON = f"{FHIR_BASE_URL}/StructureDefinition/help-completed-on"
EXT_INTERVENTION = f"{FHIR_BASE_URL}/StructureDefinition/catalogue-intervention"
EXT_CHECK = f"{FHIR_BASE_URL}/StructureDefinition/informatiekaart-check"
EXT_FACTOR = f"{FHIR_BASE_URL}/StructureDefinition/vulnerability-factor"
EXT_FOLLOW_UP_STATUS = f"{FHIR_BASE_URL}/StructureDefinition/referral-follow-up-status"
EXT_FOLLOW_UP_NOTED_ON = f"{FHIR_BASE_URL}/StructureDefinition/referral-follow-up-noted-on"
EXT_NOTED_ON = f"{FHIR_BASE_URL}/StructureDefinition/noted-on"
FOLLOW_UP_STATUS_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/verwijzing-vervolg"
NOT_HELD_REASON_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/contactmoment-niet-gehouden"
CONTACT_MOMENT_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/contactmoment"
# FHIR's v3 ActCode for an ambulatory encounter (a consult at the JGZ location).
ENCOUNTER_CLASS = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    "code": "AMB",
    "display": "ambulatory",
}
DESTINATION_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/verwijzing-bestemming"
RATING_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/samenstarten-oordeel"
FOLLOW_UP_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/samenstarten-vervolg"
GRADE_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/kwetsbaarheid-gradatie"

# linkIds of the fixed questions.
STRESS_FACTOR_COUNT = "aantal_stressfactoren"
OVERALL = "totaaloordeel"
FOLLOW_UP = "vervolg"
PLAN = "plan"
OVERRIDE_REASON = "reden_afwijking"
BALANCE = "balans"
GRADE = "gradatie"
RATIONALE = "onderbouwing"
FACTORS = "factoren"
# The Informatiekaart's yes/no criteria by linkId (the stress factors travel as a count).
CHECK_FLAGS: dict[str, str] = {
    ReferralCriterion.REGULATION_PROBLEMS.value: "regulation_problems",
    ReferralCriterion.WORRY_OR_OVERLOAD.value: "worry_or_overload",
    ReferralCriterion.DYSFUNCTIONAL_PATTERN.value: "dysfunctional_pattern",
}

Record = (
    InformatiekaartCheck
    | SamenStartenConversation
    | VulnerabilityAssessment
    | Referral
    | MomentNotHeld
)


def _subject(child: Child) -> dict[str, Any]:
    from hechtwerk.signalling.fhir import subject

    return subject(child)


def _common_extensions(record: Record, kind: str | None) -> list[dict[str, Any]]:
    extensions: list[dict[str, Any]] = []
    if kind is not None:
        extensions.append({"url": EXT_RECORD_KIND, "valueCode": kind})
    if record.consult is not None:
        consult_uuid = record.consult.uuid
        extensions.append(
            {
                "url": EXT_AT_CONSULT,
                "valueReference": {"reference": f"QuestionnaireResponse/{consult_uuid}"},
            }
        )
    if record.entered_in_error and record.error_reason:
        extensions.append({"url": EXT_ERROR_REASON, "valueString": record.error_reason})
    return extensions


def _coding(system: str, code: str, display: str) -> dict[str, Any]:
    return {"valueCoding": {"system": system, "code": code, "display": display}}


def _response(record: Record, kind: str, on: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(record.uuid),
        "status": "entered-in-error" if record.entered_in_error else "completed",
        "subject": _subject(record.child),
        "authored": on,
        "extension": _common_extensions(record, kind),
        "item": items,
    }
    if not items:
        del data["item"]
    return data


def informatiekaart_response(check: InformatiekaartCheck) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        {"linkId": code, "answer": [{"valueBoolean": bool(getattr(check, attribute))}]}
        for code, attribute in CHECK_FLAGS.items()
    ]
    items.append(
        {"linkId": STRESS_FACTOR_COUNT, "answer": [{"valueInteger": check.stress_factor_count}]}
    )
    return _response(check, INFORMATIEKAART, check.checked_on.isoformat(), items)


def samenstarten_response(conversation: SamenStartenConversation) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for domain, attribute in SAMENSTARTEN_FIELDS.items():
        value = getattr(conversation, attribute)
        items.append(
            {
                "linkId": domain.value,
                "answer": [_coding(RATING_SYSTEM, value, str(SamenStartenRating(value).label))],
            }
        )
    items.append(
        {
            "linkId": OVERALL,
            "answer": [
                _coding(
                    RATING_SYSTEM,
                    conversation.overall,
                    str(SamenStartenRating(conversation.overall).label),
                )
            ],
        }
    )
    items.append(
        {
            "linkId": FOLLOW_UP,
            "answer": [
                _coding(
                    FOLLOW_UP_SYSTEM,
                    conversation.follow_up,
                    str(SamenStartenFollowUp(conversation.follow_up).label),
                )
            ],
        }
    )
    if conversation.override_reason:
        items.append(
            {"linkId": OVERRIDE_REASON, "answer": [{"valueString": conversation.override_reason}]}
        )
    if conversation.plan:
        items.append({"linkId": PLAN, "answer": [{"valueString": conversation.plan}]})
    return _response(conversation, SAMENSTARTEN, conversation.held_on.isoformat(), items)


def vulnerability_response(assessment: VulnerabilityAssessment) -> dict[str, Any]:
    factors = [
        {
            "linkId": factor.code,
            "text": factor.label,
            "extension": [
                {
                    "url": EXT_FACTOR,
                    "extension": [
                        {"url": "column", "valueCode": factor.column},
                        {"url": "urgent", "valueBoolean": factor.urgent},
                        {"url": "strong", "valueBoolean": factor.strong},
                    ],
                }
            ],
            "answer": [{"valueBoolean": True}],
        }
        for factor in sorted(assessment.factors.all(), key=lambda f: f.pk)
    ]
    items: list[dict[str, Any]] = [
        {"linkId": BALANCE, "answer": [{"valueBoolean": assessment.balance_kept}]},
        {
            "linkId": GRADE,
            "answer": [
                _coding(
                    GRADE_SYSTEM,
                    assessment.final_grade,
                    str(VulnerabilityGrade(assessment.final_grade).label),
                )
            ],
        },
    ]
    if assessment.rationale:
        items.append({"linkId": RATIONALE, "answer": [{"valueString": assessment.rationale}]})
    if factors:
        items.append({"linkId": FACTORS, "item": factors})
    data = _response(assessment, VULNERABILITY_FACTORS, assessment.assessed_on.isoformat(), items)
    if assessment.instrument_version is not None:
        data["questionnaire"] = canonical_reference(assessment.instrument_version)
    return data


def referral_request(referral: Referral) -> dict[str, Any]:
    if referral.entered_in_error:
        status = "entered-in-error"
    else:
        status = "completed" if referral.completed_on else "active"
    extensions = _common_extensions(referral, None)
    if referral.started_on is not None:
        extensions.append({"url": EXT_STARTED_ON, "valueDate": referral.started_on.isoformat()})
    if referral.completed_on is not None:
        extensions.append({"url": EXT_COMPLETED_ON, "valueDate": referral.completed_on.isoformat()})
    if referral.follow_up_status:
        status_label = str(ReferralFollowUpStatus(referral.follow_up_status).label)
        extensions.append(
            {
                "url": EXT_FOLLOW_UP_STATUS,
                "valueCoding": _coding(
                    FOLLOW_UP_STATUS_SYSTEM, referral.follow_up_status, status_label
                )["valueCoding"],
            }
        )
        if referral.follow_up_noted_on is not None:
            extensions.append(
                {
                    "url": EXT_FOLLOW_UP_NOTED_ON,
                    "valueDate": referral.follow_up_noted_on.isoformat(),
                }
            )
    if referral.informatiekaart_check is not None:
        check_uuid = referral.informatiekaart_check.uuid
        extensions.append(
            {
                "url": EXT_CHECK,
                "valueReference": {"reference": f"QuestionnaireResponse/{check_uuid}"},
            }
        )
    if referral.intervention is not None:
        extensions.append(
            {
                "url": EXT_INTERVENTION,
                "extension": [
                    {"url": "slug", "valueCode": referral.intervention.slug},
                    {"url": "uuid", "valueString": str(referral.intervention.uuid)},
                    {"url": "name", "valueString": referral.intervention.name},
                ],
            }
        )
    data: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(referral.uuid),
        "status": status,
        "intent": "order",
        "subject": _subject(referral.child),
        "authoredOn": referral.referred_on.isoformat(),
        "code": {
            "coding": [
                {
                    "system": DESTINATION_SYSTEM,
                    "code": referral.destination,
                    "display": str(ReferralDestination(referral.destination).label),
                }
            ]
        },
        "reasonCode": [{"text": referral.reason}],
        "extension": extensions,
    }
    return data


def not_held_encounter(record: MomentNotHeld) -> dict[str, Any]:
    """A contact moment not held: a cancelled Encounter naming the moment and the reason."""
    moment = record.contact_moment
    extensions = _common_extensions(record, None)
    extensions.append({"url": EXT_NOTED_ON, "valueDate": record.noted_on.isoformat()})
    return {
        "resourceType": "Encounter",
        "id": str(record.uuid),
        "status": "entered-in-error" if record.entered_in_error else "cancelled",
        "class": ENCOUNTER_CLASS,
        "subject": _subject(record.child),
        "type": [
            {"coding": [_coding(CONTACT_MOMENT_SYSTEM, moment.code, moment.label)["valueCoding"]]}
        ],
        "reasonCode": [
            {
                "coding": [
                    _coding(
                        NOT_HELD_REASON_SYSTEM,
                        record.reason,
                        str(MomentNotHeldReason(record.reason).label),
                    )["valueCoding"]
                ]
            }
        ],
        "extension": extensions,
    }


def record_entries(
    child: Child,
    checks: list[InformatiekaartCheck],
    referrals: list[Referral],
    samenstarten: list[SamenStartenConversation],
    vulnerability: list[VulnerabilityAssessment],
    not_held: list[MomentNotHeld] | None = None,
) -> list[dict[str, Any]]:
    """Bundle entries for every record of the child other than its consults (validated)."""
    resources: list[dict[str, Any]] = []
    for check in checks:
        check.child = child
        resources.append(informatiekaart_response(check))
    for conversation in samenstarten:
        conversation.child = child
        resources.append(samenstarten_response(conversation))
    for assessment in vulnerability:
        assessment.child = child
        resources.append(vulnerability_response(assessment))
    entries = []
    for resource in resources:
        QuestionnaireResponse.model_validate(resource)
        entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    for referral in referrals:
        referral.child = child
        resource = referral_request(referral)
        ServiceRequest.model_validate(resource)
        entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    for record in not_held or []:
        record.child = child
        resource = not_held_encounter(record)
        Encounter.model_validate(resource)
        entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    return entries
