"""FHIR round trip: a history exported here and imported elsewhere keeps every answer; a file
that does not fit the instruments or the schedule is refused whole, with the problem named."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.services import create_api_token
from hechtwerk.catalogue.tests.factories import InterventionFactory
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent, AuditEntry
from hechtwerk.method.codes import Dimension
from hechtwerk.signalling import services
from hechtwerk.signalling.constants import ConversationModelStatus
from hechtwerk.signalling.models import (
    Child,
    Consult,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)

from .factories import (
    PARENT_ITEMS,
    RISK_ITEMS,
    ChildFactory,
    all_positive,
    answers_with,
    factor_version,
    make_consult,
    signalenlijst_version,
)

pytestmark = pytest.mark.django_db

ATT1, ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]
BAL1, _BAL2 = PARENT_ITEMS[Dimension.BALANCE]
COM1, _COM2 = PARENT_ITEMS[Dimension.COMFORT_ZONE]


@pytest.fixture
def history(nurse) -> Child:
    """Six consults with varied answers, an override with a reason, a held ééngespreksmodel,
    a note, a consult without answers to some items and one entered in error."""
    signalenlijst_version()
    child = ChildFactory(
        organisation=nurse.organisation,
        case_code="REIS-1",
        birth_date=dt.date.today() - dt.timedelta(days=200),
        due_date=dt.date.today() - dt.timedelta(days=206),
    )
    user = nurse.user
    make_consult(child=child, actor=user, days_old=14, moment_code="huisbezoek_2w")
    make_consult(
        child=child,
        actor=user,
        days_old=28,
        moment_code="4w",
        answers=answers_with(**{ATT1: "nog_niet_positief", RISK_ITEMS[0]: "aanwezig"}),
    )
    searching = make_consult(
        child=child,
        actor=user,
        days_old=56,
        moment_code="8w",
        answers=answers_with(**{ATT1: "nog_niet_positief", ATT2: "nog_niet_positief"}),
    )
    services.confirm_dimensions(
        actor=user,
        consult=searching,
        expected_version=searching.version,
        decisions={
            d.dimension: (d.suggested_status, "")
            if d.dimension != Dimension.BALANCE
            else ("zoekend", "Ouder vertelt over weinig rust.")
            for d in searching.dimensions.all()
        },
    )
    searching.refresh_from_db()
    services.record_conversation_model(
        actor=user,
        consult=searching,
        expected_version=searching.version,
        status=ConversationModelStatus.HELD,
        in_same_consult=True,
    )
    partial = {k: v for k, v in all_positive().items() if k not in (COM1, RISK_ITEMS[2])}
    make_consult(child=child, actor=user, days_old=91, moment_code="3m", answers=partial)
    Consult.objects.filter(child=child, contact_moment__code="3m").update(notes="Slaapt beter.")
    make_consult(child=child, actor=user, days_old=122, moment_code="4m")
    wrong = make_consult(
        child=child,
        actor=user,
        days_old=183,
        moment_code="6m",
        answers=answers_with(**{BAL1: "niet_beoordeeld"}),
    )
    services.mark_entered_in_error(actor=user, record=wrong, reason="Verkeerd kind gekozen.")
    return child


def _export(client_for, persona, child: Child) -> bytes:
    response = client_for(persona).get(reverse("signalling:child_fhir", args=[child.uuid]))
    assert response.status_code == 200
    return bytes(response.content)


def _facts(child: Child) -> list[dict[str, Any]]:
    """Everything a professional reads back about each consult, without ids or organisations."""
    result = []
    for consult in Consult.objects.filter(child=child).order_by("consult_date"):
        result.append(
            {
                "date": consult.consult_date,
                "moment": consult.contact_moment.code,
                "version": consult.instrument_version_id,
                "answers": {a.item.code: a.option.code for a in consult.answers.all()},
                "dimensions": {
                    d.dimension: (
                        d.suggested_status,
                        d.confirmed_status,
                        d.override_reason,
                        sorted(d.driving_items),
                        d.explanation,
                        d.rules_version,
                    )
                    for d in consult.dimensions.all()
                },
                "advice": (
                    consult.rules_version,
                    consult.not_positive_count,
                    consult.discuss_with_parents,
                    consult.offer_conversation_model,
                    consult.advice_explanation,
                ),
                "conversation": (
                    consult.conversation_status,
                    consult.conversation_held_on,
                    consult.conversation_in_same_consult,
                ),
                "notes": consult.notes,
                "in_error": (consult.entered_in_error, consult.error_reason),
            }
        )
    return result


def test_it_keeps_every_answer_date_moment_and_advice_through_export_and_import(
    client_for, nurse, outsider, history
):
    bundle = _export(client_for, nurse, history)
    imported = services.import_child_history(
        actor=outsider.user, organisation=outsider.organisation, bundle_json=bundle
    )
    assert imported.organisation == outsider.organisation
    assert (imported.case_code, imported.birth_date, imported.due_date) == (
        "REIS-1",
        history.birth_date,
        history.due_date,
    )
    original, copied = _facts(history), _facts(imported)
    assert len(copied) == 6
    assert copied == original
    # The zoekende dimension, its override and the held ééngespreksmodel came along.
    eight_weeks = next(c for c in copied if c["moment"] == "8w")
    assert eight_weeks["dimensions"]["balans"][1:3] == (
        "zoekend",
        "Ouder vertelt over weinig rust.",
    )
    assert eight_weeks["conversation"][0] == ConversationModelStatus.HELD
    assert sum(1 for c in copied if c["in_error"][0]) == 1


def test_it_logs_the_import_as_creation_and_in_the_audit_trail(
    client_for, nurse, outsider, history
):
    bundle = _export(client_for, nurse, history)
    child = services.import_child_history(
        actor=outsider.user, organisation=outsider.organisation, bundle_json=bundle
    )
    event = AccessEvent.objects.get(action=AccessAction.CREATE, client_ref="REIS-1")
    assert event.client_organisation_id == outsider.organisation.uuid
    assert event.user_id == outsider.user.pk
    entry = AuditEntry.objects.get(action="signalling.child.history_imported")
    assert entry.target_id == str(child.uuid)
    assert entry.data == {"consults": 6}


def _refusal(persona, bundle: dict[str, Any] | str) -> str:
    before = Child.objects.count(), Consult.objects.count()
    with pytest.raises(services.SignallingError) as caught:
        services.import_child_history(
            actor=persona.user,
            organisation=persona.organisation,
            bundle_json=bundle if isinstance(bundle, str) else json.dumps(bundle),
        )
    assert (Child.objects.count(), Consult.objects.count()) == before, "something was kept"
    assert caught.value.field == "bundle"
    return caught.value.message


def _responses(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]


@pytest.fixture
def exported(client_for, nurse, history) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_export(client_for, nurse, history))
    return data


def test_it_refuses_an_unknown_questionnaire_version(outsider, exported):
    bundle = copy.deepcopy(exported)
    _responses(bundle)[-1]["questionnaire"] = "https://elders.example/Questionnaire/x|9.9"
    message = _refusal(outsider, bundle)
    assert "Onbekende versie van de Signalenlijst" in message
    assert "x|9.9" in message


def test_it_refuses_an_unknown_item_code_naming_it_and_the_consult(outsider, exported):
    bundle = copy.deepcopy(exported)
    response = _responses(bundle)[1]
    response["item"][0]["linkId"] = "zz9"
    message = _refusal(outsider, bundle)
    assert "zz9" in message
    assert dt.date.fromisoformat(response["authored"]).strftime("%d-%m-%Y") in message


def test_it_refuses_an_answer_that_is_not_an_option_of_the_item(outsider, exported):
    bundle = copy.deepcopy(exported)
    response = _responses(bundle)[0]
    response["item"][0]["answer"][0]["valueCoding"]["code"] = "misschien"
    message = _refusal(outsider, bundle)
    assert "misschien" in message
    assert response["item"][0]["linkId"] in message


def test_it_refuses_a_contact_moment_outside_the_schedule(outsider, exported):
    bundle = copy.deepcopy(exported)
    _responses(bundle)[0]["extension"][0]["valueCoding"]["code"] = "5w"
    assert "contactmoment ‘5w’" in _refusal(outsider, bundle)


def test_it_refuses_a_file_that_is_not_fhir(outsider, exported):
    assert "geen geldige JSON" in _refusal(outsider, "{niet json")
    bundle = copy.deepcopy(exported)
    bundle["entry"][0]["resource"]["birthDate"] = "2025-13-40"
    assert "geen geldige FHIR R4-Bundle" in _refusal(outsider, bundle)
    bundle = copy.deepcopy(exported)
    bundle["entry"][0]["resource"] = {"resourceType": "Organization", "name": "x"}
    assert "Organization" in _refusal(outsider, bundle)


def test_it_refuses_a_case_code_already_in_use(nurse, exported):
    assert "al in gebruik" in _refusal(nurse, exported)


def test_it_imports_an_uploaded_file_from_the_page(client_for, nurse, outsider, history):
    bundle = _export(client_for, nurse, history)
    client = client_for(outsider)
    page = client.get(reverse("signalling:child_import"))
    assert "Geschiedenis importeren" in page.content.decode()
    response = client.post(
        reverse("signalling:child_import"),
        {"bundle": SimpleUploadedFile("kind.json", bundle, content_type="application/json")},
    )
    child = Child.objects.get(organisation=outsider.organisation, case_code="REIS-1")
    assert response.url == reverse("signalling:child_detail", args=[child.uuid])
    assert child.consults.count() == 6


def test_it_shows_the_problem_at_the_upload_field(client_for, outsider):
    response = client_for(outsider).post(
        reverse("signalling:child_import"),
        {"bundle": SimpleUploadedFile("kind.json", b"[1, 2", content_type="application/json")},
    )
    assert response.status_code == 200
    assert "geen geldige JSON" in response.content.decode()
    assert not Child.objects.filter(organisation=outsider.organisation).exists()


def _api(persona) -> Client:
    secret = create_api_token(user=persona.user, membership=persona.membership, name="t").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_it_imports_through_the_api(client_for, nurse, outsider, history):
    bundle = _export(client_for, nurse, history)
    response = _api(outsider).post(
        "/api/v1/signalling/children/import", bundle, content_type="application/fhir+json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["case_code"] == "REIS-1"
    assert response.json()["consults"] == 6


def test_it_answers_400_naming_the_problem_through_the_api(outsider, exported):
    bundle = copy.deepcopy(exported)
    _responses(bundle)[0]["item"][0]["linkId"] = "zz9"
    response = _api(outsider).post(
        "/api/v1/signalling/children/import", json.dumps(bundle), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["bundle"]
    assert "zz9" in body["message"]


def test_it_refuses_the_api_import_to_a_team_leader(team_leader, exported):
    response = _api(team_leader).post(
        "/api/v1/signalling/children/import", json.dumps(exported), content_type="application/json"
    )
    assert response.status_code == 403


# -- the records beside the consults ---------------------------------------------------------------


@pytest.fixture
def full_history(nurse, history) -> Child:
    """The consults plus one record of each kind, a referral naming an intervention that followed
    the check, with its help started and completed, and a SamenStarten in error."""
    user = nurse.user
    birth = history.birth_date
    assert birth is not None
    eight_weeks = Consult.objects.get(child=history, contact_moment__code="8w")
    check = services.check_informatiekaart(
        actor=user,
        child=history,
        checked_on=birth + dt.timedelta(days=56),
        regulation_problems=True,
        worry_or_overload=True,
        dysfunctional_pattern=False,
        stress_factor_count=2,
        consult=eight_weeks,
    )
    referral = services.refer_child(
        actor=user,
        child=history,
        destination="jeugd_ggz",
        reason="Aanhoudend huilen en uitgeputte ouders.",
        referred_on=birth + dt.timedelta(days=60),
        informatiekaart_check=check,
        intervention=InterventionFactory(slug="vipp-sd", name="VIPP-SD"),
    )
    services.record_referral_follow_up(
        actor=user,
        referral=referral,
        started_on=birth + dt.timedelta(days=70),
        completed_on=birth + dt.timedelta(days=150),
    )
    conversation = services.record_samenstarten(
        actor=user,
        child=history,
        held_on=birth + dt.timedelta(days=57),
        ratings={
            "competentie_ouders": "prima",
            "rol_partner": "aandachtspunten",
            "sociaal_netwerk": "probleem",
            "gebeurtenissen_omstandigheden": "prima",
            "welbevinden_kind": "aandachtspunten",
        },
        overall="probleem",
        follow_up="extra_huisbezoek",
        plan="Over twee weken extra huisbezoek.",
        override_reason="Moeder gaf zelf aan zich alleen te voelen.",
    )
    services.mark_entered_in_error(actor=user, record=conversation, reason="Dubbel ingevoerd.")
    version = factor_version()
    items = {i.code: i for i in version.items.all()}
    services.assess_vulnerability(
        actor=user,
        child=history,
        assessed_on=birth + dt.timedelta(days=30),
        factors=[
            services.FactorInput(item=items["medisch_1"], urgent=True),
            services.FactorInput(item=items["sociaal_2"]),
            services.FactorInput(item=items["beschermend_1"], strong=True),
        ],
        balance_kept=False,
        final_grade="zeer_kwetsbaar",
        rationale="Zorgen over de veiligheid thuis.",
        instrument_version=version,
    )
    return history


def _common(record: Any) -> tuple[Any, ...]:
    consult = record.consult
    return (
        consult.contact_moment.code if consult else None,
        record.entered_in_error,
        record.error_reason,
    )


def _record_facts(child: Child) -> dict[str, Any]:
    """Every field a professional reads back about the other records, without ids."""
    return {
        "checks": [
            (
                c.checked_on,
                c.regulation_problems,
                c.worry_or_overload,
                c.dysfunctional_pattern,
                c.stress_factor_count,
                c.advise_referral,
                c.criteria_met,
                c.explanation,
                c.rules_version,
                *_common(c),
            )
            for c in InformatiekaartCheck.objects.filter(child=child)
        ],
        "referrals": [
            (
                r.destination,
                r.reason,
                r.referred_on,
                r.started_on,
                r.completed_on,
                r.intervention.slug if r.intervention else None,
                r.informatiekaart_check.checked_on if r.informatiekaart_check else None,
                *_common(r),
            )
            for r in Referral.objects.filter(child=child)
        ],
        "samenstarten": [
            (
                s.held_on,
                s.parent_competence,
                s.partner_role,
                s.social_network,
                s.events,
                s.child_wellbeing,
                s.suggested_overall,
                s.overall,
                s.suggested_follow_up,
                s.follow_up,
                s.plan,
                s.override_reason,
                s.explanation,
                s.rules_version,
                *_common(s),
            )
            for s in SamenStartenConversation.objects.filter(child=child)
        ],
        "vulnerability": [
            (
                v.assessed_on,
                v.pregnancy_week,
                v.balance_kept,
                v.suggested_grade,
                v.final_grade,
                v.rationale,
                v.explanation,
                v.rules_version,
                v.instrument_version_id,
                sorted(
                    (f.code, f.label, f.column, f.urgent, f.strong, f.item_id)
                    for f in v.factors.all()
                ),
                *_common(v),
            )
            for v in VulnerabilityAssessment.objects.filter(child=child)
        ],
    }


def test_it_keeps_every_record_of_the_child_through_export_and_import(
    client_for, nurse, outsider, full_history
):
    bundle = _export(client_for, nurse, full_history)
    kinds = [e["resource"]["resourceType"] for e in json.loads(bundle)["entry"]]
    assert kinds.count("ServiceRequest") == 1
    imported = services.import_child_history(
        actor=outsider.user, organisation=outsider.organisation, bundle_json=bundle
    )
    original, copied = _record_facts(full_history), _record_facts(imported)
    assert all(len(records) == 1 for records in copied.values()), copied
    assert copied == original
    assert copied["referrals"][0][5] == "vipp-sd"
    assert copied["samenstarten"][0][-2:] == (True, "Dubbel ingevoerd.")
    assert _facts(imported) == _facts(full_history)


def _referral(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    )


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Child,
            Consult,
            InformatiekaartCheck,
            Referral,
            SamenStartenConversation,
            VulnerabilityAssessment,
        )
    )


def test_it_refuses_an_unknown_intervention_or_a_malformed_referral_writing_nothing(
    client_for, nurse, outsider, full_history
):
    exported = json.loads(_export(client_for, nurse, full_history))
    before = _counts()
    unknown = copy.deepcopy(exported)
    _referral(unknown)["extension"][-1]["extension"][0]["valueCode"] = "nergens-te-vinden"
    _referral(unknown)["extension"][-1]["extension"][1]["valueString"] = str(uuid.uuid4())
    assert "interventie ‘nergens-te-vinden’" in _refusal(outsider, unknown)
    no_reason = copy.deepcopy(exported)
    del _referral(no_reason)["reasonCode"]
    assert "de reden ontbreekt" in _refusal(outsider, no_reason)
    elsewhere = copy.deepcopy(exported)
    _referral(elsewhere)["code"]["coding"][0]["code"] = "maan"
    assert "bestemming ‘maan’" in _refusal(outsider, elsewhere)
    early = copy.deepcopy(exported)
    referred_on = dt.date.fromisoformat(_referral(early)["authoredOn"])
    for ext in _referral(early)["extension"]:
        if ext["url"].endswith("help-started-on"):
            ext["valueDate"] = (referred_on - dt.timedelta(days=3)).isoformat()
    assert "vóór de verwijsdatum" in _refusal(outsider, early)
    # A problem the services find while writing undoes the consults and records written before.
    unreasoned = copy.deepcopy(exported)
    assessment = next(
        r
        for r in _responses(unreasoned)
        if any(i["linkId"] == "gradatie" for i in r.get("item", []))
    )
    assessment["item"] = [i for i in assessment["item"] if i["linkId"] != "onderbouwing"]
    assessment["item"][1]["answer"][0]["valueCoding"]["code"] = "niet_kwetsbaar"
    assert "onderbouw je keuze" in _refusal(outsider, unreasoned)
    # A SamenStarten conversation that departs from the suggestion keeps its reason in the file;
    # without it the file is refused (issue 12).
    departing = copy.deepcopy(exported)
    conversation = next(
        r
        for r in _responses(departing)
        if any(i["linkId"] == "totaaloordeel" for i in r.get("item", []))
    )
    assert any(i["linkId"] == "reden_afwijking" for i in conversation["item"])
    conversation["item"] = [i for i in conversation["item"] if i["linkId"] != "reden_afwijking"]
    assert "geef de reden van je keuze" in _refusal(outsider, departing)
    assert _counts() == before, "something was kept"


def test_it_keeps_follow_up_statuses_and_moments_not_held_through_export_and_import(
    client_for, nurse, outsider
):
    """Issue 12: what clears the worklist travels with the history, and a file with an unknown
    reason or contact moment is refused whole (T5.8)."""
    birth = dt.date.today() - dt.timedelta(days=200)
    child = ChildFactory(organisation=nurse.organisation, birth_date=birth)
    services.ensure_schedule(nurse.organisation)
    waiting = services.refer_child(
        actor=nurse.user,
        child=child,
        destination="jeugd_ggz",
        reason="Aanhoudend huilen.",
        referred_on=birth + dt.timedelta(days=30),
    )
    services.record_referral_follow_up(
        actor=nurse.user,
        referral=waiting,
        started_on=None,
        completed_on=None,
        status="wachtlijst",
        noted_on=birth + dt.timedelta(days=40),
    )
    declined = services.refer_child(
        actor=nurse.user,
        child=child,
        destination="jeugd_ggz",
        reason="Zorgen over de hechting.",
        referred_on=birth + dt.timedelta(days=35),
    )
    services.record_referral_follow_up(
        actor=nurse.user, referral=declined, started_on=None, completed_on=None, status="afgezien"
    )
    moments = {m.code: m for m in services.ensure_schedule(nurse.organisation)}
    services.mark_moment_not_held(
        actor=nurse.user,
        child=child,
        contact_moment=moments["4w"],
        reason="elders_gehouden",
        noted_on=birth + dt.timedelta(days=33),
    )
    wrong = services.mark_moment_not_held(
        actor=nurse.user, child=child, contact_moment=moments["8w"], reason="verhuisd"
    )
    services.mark_entered_in_error(actor=nurse.user, record=wrong, reason="Verkeerd kind.")

    def facts(of: Child) -> dict[str, Any]:
        return {
            "referrals": sorted(
                (r.reason, r.follow_up_status, r.follow_up_noted_on, r.started_on)
                for r in Referral.objects.filter(child=of)
            ),
            "not_held": sorted(
                (n.contact_moment.code, n.reason, n.noted_on, n.entered_in_error, n.error_reason)
                for n in MomentNotHeld.objects.filter(child=of).select_related("contact_moment")
            ),
        }

    exported = _export(client_for, nurse, child)
    imported = services.import_child_history(
        actor=outsider.user, organisation=outsider.organisation, bundle_json=exported
    )
    assert facts(imported) == facts(child)
    assert ("Aanhoudend huilen.", "wachtlijst", birth + dt.timedelta(days=40), None) in facts(
        imported
    )["referrals"]
    assert len(facts(imported)["not_held"]) == 2

    data = json.loads(exported)
    encounters = [
        e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Encounter"
    ]
    unknown_reason = copy.deepcopy(data)
    for entry in unknown_reason["entry"]:
        if entry["resource"]["resourceType"] == "Encounter":
            entry["resource"]["reasonCode"][0]["coding"][0]["code"] = "vergeten"
    assert "onbekende reden ‘vergeten’" in _refusal(outsider, unknown_reason)
    unknown_moment = copy.deepcopy(data)
    for entry in unknown_moment["entry"]:
        if entry["resource"]["resourceType"] == "Encounter":
            entry["resource"]["type"][0]["coding"][0]["code"] = "maanlanding"
    assert "onbekend contactmoment ‘maanlanding’" in _refusal(outsider, unknown_moment)
    bad_status = copy.deepcopy(data)
    for entry in bad_status["entry"]:
        for ext in entry["resource"].get("extension", []):
            if ext["url"].endswith("referral-follow-up-status"):
                ext["valueCoding"]["code"] = "misschien"
    assert "stand van het vervolg ‘misschien’" in _refusal(outsider, bad_status)
    assert len(encounters) == 2
    assert MomentNotHeld.objects.filter(child__organisation=outsider.organisation).count() == 2
