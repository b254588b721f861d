"""Consults as FHIR R4 QuestionnaireResponse, a child's history as a FHIR Bundle (R4B models).

The subject is the case code only (an identifier in a system per organisation): no name, no BSN.
Derived dimension statuses travel as Observations beside the responses, with the rules version.
The Bundle starts with a Patient (case code, date of birth, due date) and each response carries
its contact moment, the ééngespreksmodel and the note in extensions, so that
`services.import_child_history` rebuilds the same history elsewhere.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from hechtwerk.instruments.constants import FHIR_BASE_URL
from hechtwerk.instruments.exchange.fhir import canonical_reference, codesystem_url
from hechtwerk.method.codes import SIGNALENLIJST, Dimension, DimensionStatus
from hechtwerk.signalling.models import Child, Consult, SignalenlijstAnswer
from hechtwerk.signalling.queries import ChildHistory

DIMENSION_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/signalering-dimensie"
STATUS_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/signalering-dimensiestatus"
CONTACT_MOMENT_SYSTEM = f"{FHIR_BASE_URL}/CodeSystem/contactmoment"
EXT_RULES_VERSION = f"{FHIR_BASE_URL}/StructureDefinition/rules-version"
EXT_CONTACT_MOMENT = f"{FHIR_BASE_URL}/StructureDefinition/contact-moment"
EXT_CONVERSATION_MODEL = f"{FHIR_BASE_URL}/StructureDefinition/conversation-model"
EXT_NOTE = f"{FHIR_BASE_URL}/StructureDefinition/consult-note"
EXT_ERROR_REASON = f"{FHIR_BASE_URL}/StructureDefinition/entered-in-error-reason"
EXT_DUE_DATE = f"{FHIR_BASE_URL}/StructureDefinition/due-date"


def subject(child: Child) -> dict[str, Any]:
    return {
        "identifier": {
            "system": f"{FHIR_BASE_URL}/organisatie/{child.organisation.uuid}/dossiercode",
            "value": child.case_code,
        }
    }


def patient(child: Child) -> dict[str, Any]:
    """The child as a FHIR Patient: the case code and the dates that drive the method only."""
    data: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(child.uuid),
        "identifier": [subject(child)["identifier"]],
    }
    if child.birth_date is not None:
        data["birthDate"] = child.birth_date.isoformat()
    if child.due_date is not None:
        data["extension"] = [{"url": EXT_DUE_DATE, "valueDate": child.due_date.isoformat()}]
    return data


def _consult_extensions(consult: Consult) -> list[dict[str, Any]]:
    moment = consult.contact_moment
    conversation: list[dict[str, Any]] = [
        {"url": "status", "valueCode": consult.conversation_status}
    ]
    if consult.conversation_held_on is not None:
        conversation.append(
            {"url": "heldOn", "valueDate": consult.conversation_held_on.isoformat()}
        )
    conversation.append(
        {"url": "inSameConsult", "valueBoolean": consult.conversation_in_same_consult}
    )
    extensions: list[dict[str, Any]] = [
        {
            "url": EXT_CONTACT_MOMENT,
            "valueCoding": {
                "system": CONTACT_MOMENT_SYSTEM,
                "code": moment.code,
                "display": moment.label,
            },
        },
        {"url": EXT_CONVERSATION_MODEL, "extension": conversation},
    ]
    if consult.notes:
        extensions.append({"url": EXT_NOTE, "valueString": consult.notes})
    if consult.entered_in_error and consult.error_reason:
        extensions.append({"url": EXT_ERROR_REASON, "valueString": consult.error_reason})
    return extensions


def questionnaire_response(consult: Consult, answers: list[SignalenlijstAnswer]) -> dict[str, Any]:
    """One consult's Signalenlijst answers; a record in error keeps FHIR's own status for it."""
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(consult.uuid),
        "status": "entered-in-error" if consult.entered_in_error else "completed",
        "subject": subject(consult.child),
        "authored": consult.consult_date.isoformat(),
        "extension": _consult_extensions(consult),
        "item": [
            {
                "linkId": answer.item.code,
                "text": answer.item.text,
                "answer": [
                    {
                        "valueCoding": {
                            "system": codesystem_url(SIGNALENLIJST),
                            "code": answer.option.code,
                            "display": answer.option.label,
                        }
                    }
                ],
            }
            for answer in answers
        ],
    }
    if consult.instrument_version is not None:
        data["questionnaire"] = canonical_reference(consult.instrument_version)
    if not data["item"]:
        del data["item"]
    validated: dict[str, Any] = QuestionnaireResponse.model_validate(data).model_dump(mode="json")
    return validated


def dimension_observations(consult: Consult) -> list[dict[str, Any]]:
    result = []
    for row in consult.dimensions.all():
        result.append(
            {
                "resourceType": "Observation",
                "id": f"{consult.uuid}-{row.dimension}",
                "status": "entered-in-error"
                if consult.entered_in_error
                else ("final" if row.confirmed_status else "preliminary"),
                "code": {
                    "coding": [
                        {
                            "system": DIMENSION_SYSTEM,
                            "code": row.dimension,
                            "display": str(Dimension(row.dimension).label),
                        }
                    ]
                },
                "subject": subject(consult.child),
                "effectiveDateTime": consult.consult_date.isoformat(),
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": STATUS_SYSTEM,
                            "code": row.status,
                            "display": str(DimensionStatus(row.status).label),
                        }
                    ]
                },
                "derivedFrom": [{"reference": f"QuestionnaireResponse/{consult.uuid}"}],
                "extension": [{"url": EXT_RULES_VERSION, "valueString": row.rules_version}],
            }
        )
        if row.override_reason:
            result[-1]["note"] = [{"text": row.override_reason}]
    return result


def history_bundle(
    history: ChildHistory, answers: dict[int, list[SignalenlijstAnswer]]
) -> dict[str, Any]:
    """A collection Bundle: the child, then each consult's response and its observations, then
    its Informatiekaart checks, SamenStarten conversations, vulnerability assessments and
    referrals (see `fhir_records`)."""
    entries: list[dict[str, Any]] = [
        {"fullUrl": f"urn:uuid:{history.child.uuid}", "resource": patient(history.child)}
    ]
    for consult in history.consults:
        consult.child = history.child
        resources = [questionnaire_response(consult, answers.get(consult.pk, []))]
        resources += dimension_observations(consult)
        for resource in resources:
            entries.append(
                {
                    "fullUrl": f"urn:uuid:{resource['id']}"
                    if resource["resourceType"] == "QuestionnaireResponse"
                    else f"{FHIR_BASE_URL}/Observation/{resource['id']}",
                    "resource": resource,
                }
            )
    from hechtwerk.signalling.fhir_records import record_entries

    entries += record_entries(
        history.child,
        history.checks,
        history.referrals,
        history.samenstarten,
        history.vulnerability,
        history.not_held,
    )
    data = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    validated: dict[str, Any] = Bundle.model_validate(data).model_dump(mode="json")
    return validated
