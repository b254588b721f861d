"""API, the other records: Informatiekaart check to referral, SamenStarten, vulnerability,
referral follow-up, entered in error; the history holds every kind (domain.md §3)."""

from __future__ import annotations

import datetime as dt

import pytest

from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent

from .api_client import Api, fields
from .factories import ChildFactory, factor_version, signalenlijst_version

pytestmark = pytest.mark.django_db

TODAY = str(dt.date.today())
RATINGS = {
    "competentie_ouders": "prima",
    "rol_partner": "prima",
    "sociaal_netwerk": "aandachtspunten",
    "gebeurtenissen_omstandigheden": "prima",
    "welbevinden_kind": "prima",
}


@pytest.fixture
def child(nurse):
    signalenlijst_version()
    factor_version()
    return ChildFactory(organisation=nurse.organisation, case_code="REC-1")


def test_it_advises_referral_after_the_informatiekaart_and_links_the_referral(nurse, child):
    api = Api(nurse)
    check = api.post(
        f"/signalling/children/{child.uuid}/informatiekaart-checks",
        {"checked_on": TODAY, "stress_factor_count": 3},
    )
    assert check.status_code == 201
    body = check.json()
    assert body["advise_referral"] is True
    assert body["criteria_met"] == ["stressfactoren"]
    assert body["explanation"]
    referral = api.post(
        f"/signalling/children/{child.uuid}/referrals",
        {
            "destination": "jeugd_ggz",
            "reason": "Opeenstapeling van stress.",
            "referred_on": TODAY,
            "informatiekaart_check": body["id"],
        },
    )
    assert referral.status_code == 201
    assert referral.json()["informatiekaart_check"] == body["id"]


def test_it_advises_no_referral_without_criteria(nurse, child):
    check = Api(nurse).post(
        f"/signalling/children/{child.uuid}/informatiekaart-checks", {"checked_on": TODAY}
    )
    assert check.json()["advise_referral"] is False


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("informatiekaart-checks", {"checked_on": "2001-01-01"}, "checked_on"),
        ("referrals", {"destination": "jeugd_ggz", "reason": " ", "referred_on": TODAY}, "reason"),
        (
            "referrals",
            {"destination": "jeugd_ggz", "reason": "x", "referred_on": "2001-01-01"},
            "referred_on",
        ),
        (
            "referrals",
            {
                "destination": "jeugd_ggz",
                "reason": "x",
                "referred_on": TODAY,
                "intervention": "00000000-0000-0000-0000-000000000000",
            },
            "intervention",
        ),
        ("samenstarten", {"held_on": TODAY, "ratings": {"rol_partner": "prima"}}, None),
        (
            "vulnerability-assessments",
            {"assessed_on": TODAY, "final_grade": "kwetsbaar"},
            "rationale",
        ),
        (
            "vulnerability-assessments",
            {"assessed_on": TODAY, "factors": [{"code": "bestaat_niet"}]},
            "factors.0.code",
        ),
    ],
)
def test_it_refuses_bad_input_of_the_pages_at_the_field(nurse, child, path, body, field):
    response = Api(nurse).post(f"/signalling/children/{child.uuid}/{path}", body)
    assert response.status_code == 400, response.json()
    if field is not None:
        assert fields(response) == [field]
    else:  # a missing SamenStarten domain is named by its code
        assert fields(response)[0].startswith("ratings.")
    assert AccessEvent.objects.get(action=AccessAction.CREATE).outcome == AccessOutcome.FAILURE


def test_it_suggests_samenstarten_follow_up_and_keeps_the_final_choice(nurse, child):
    api = Api(nurse)
    suggestion = api.post("/signalling/samenstarten/suggestion", {"ratings": RATINGS}).json()
    assert suggestion["overall"] == "aandachtspunten"
    assert suggestion["explanation"]
    recorded = api.post(
        f"/signalling/children/{child.uuid}/samenstarten",
        {
            "held_on": TODAY,
            "ratings": RATINGS,
            "follow_up": "extra_huisbezoek",
            "plan": "Extra huisbezoek over het netwerk.",
        },
    )
    assert recorded.status_code == 201
    body = recorded.json()
    assert body["suggested_follow_up"] == suggestion["follow_up"]
    assert body["follow_up"] == "extra_huisbezoek"
    assert body["ratings"] == RATINGS


def test_it_suggests_a_vulnerability_grade_with_reasons_and_keeps_the_rationale(nurse, child):
    api = Api(nurse)
    factors = [{"code": "medisch_1", "urgent": True}]
    suggestion = api.post("/signalling/vulnerability/suggestion", {"factors": factors}).json()
    assert suggestion["grade"] == "zeer_kwetsbaar"
    assert suggestion["driving_factors"] == ["medisch_1"]
    recorded = api.post(
        f"/signalling/children/{child.uuid}/vulnerability-assessments",
        {
            "assessed_on": TODAY,
            "factors": factors,
            "final_grade": "kwetsbaar",
            "rationale": "Samen met de ouders gewogen; het netwerk vangt veel op.",
        },
    )
    assert recorded.status_code == 201
    body = recorded.json()
    assert (body["suggested_grade"], body["final_grade"]) == ("zeer_kwetsbaar", "kwetsbaar")
    assert body["explanation"]
    assert body["factors"][0]["code"] == "medisch_1"


def test_it_records_the_follow_up_of_a_referral(nurse, child):
    api = Api(nurse)
    referral = api.post(
        f"/signalling/children/{child.uuid}/referrals",
        {"destination": "huisarts", "reason": "Zorgen.", "referred_on": TODAY},
    ).json()
    path = f"/signalling/referrals/{referral['id']}/follow-up"
    only_end = api.post(path, {"completed_on": TODAY})
    assert only_end.status_code == 400
    assert fields(only_end) == ["started_on"]
    done = api.post(path, {"started_on": TODAY, "completed_on": TODAY})
    assert done.status_code == 200
    assert done.json()["completed_on"] == TODAY


@pytest.mark.parametrize(
    "kind", ["informatiekaart-checks", "referrals", "samenstarten", "vulnerability-assessments"]
)
def test_it_marks_each_kind_of_record_in_error_and_the_history_shows_it(nurse, child, kind):
    api = Api(nurse)
    bodies = {
        "informatiekaart-checks": {"checked_on": TODAY},
        "referrals": {"destination": "huisarts", "reason": "Zorgen.", "referred_on": TODAY},
        "samenstarten": {"held_on": TODAY, "ratings": RATINGS},
        "vulnerability-assessments": {"assessed_on": TODAY},
    }
    record = api.post(f"/signalling/children/{child.uuid}/{kind}", bodies[kind]).json()
    marked = api.post(f"/signalling/{kind}/{record['id']}/entered-in-error", {"reason": "Fout."})
    assert marked.status_code == 200
    assert marked.json()["entered_in_error"] is True
    again = api.post(f"/signalling/{kind}/{record['id']}/entered-in-error", {"reason": "Fout."})
    assert again.status_code == 400
    history = api.get(f"/signalling/children/{child.uuid}/history").json()
    listed = {
        "informatiekaart-checks": "informatiekaart_checks",
        "referrals": "referrals",
        "samenstarten": "samenstarten",
        "vulnerability-assessments": "vulnerability_assessments",
    }[kind]
    assert [r["entered_in_error"] for r in history[listed]] == [True]


def test_it_refuses_marking_a_consult_with_a_stale_version(nurse, child):
    from .factories import make_consult

    consult = make_consult(child=child, actor=nurse.user)
    api = Api(nurse)
    path = f"/signalling/consults/{consult.uuid}/entered-in-error"
    stale = api.post(path, {"reason": "Fout.", "version": consult.version + 5})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == consult.version
    marked = api.post(path, {"reason": "Fout.", "version": consult.version})
    assert marked.status_code == 200
    assert marked.json()["entered_in_error"] is True


def test_it_returns_every_kind_of_record_in_the_history(nurse, child):
    api = Api(nurse)
    base = f"/signalling/children/{child.uuid}"
    api.post(f"{base}/informatiekaart-checks", {"checked_on": TODAY})
    api.post(f"{base}/samenstarten", {"held_on": TODAY, "ratings": RATINGS})
    api.post(f"{base}/vulnerability-assessments", {"assessed_on": TODAY})
    api.post(
        f"{base}/referrals", {"destination": "huisarts", "reason": "Zorgen.", "referred_on": TODAY}
    )
    history = api.get(f"{base}/history").json()
    for key in ("informatiekaart_checks", "samenstarten", "vulnerability_assessments", "referrals"):
        assert len(history[key]) == 1, key


def test_it_hides_another_organisations_records(nurse, outsider, child):
    referral = (
        Api(nurse)
        .post(
            f"/signalling/children/{child.uuid}/referrals",
            {"destination": "huisarts", "reason": "Zorgen.", "referred_on": TODAY},
        )
        .json()
    )
    api = Api(outsider)
    assert api.post(f"/signalling/referrals/{referral['id']}/follow-up", {}).status_code == 404
    assert (
        api.post(
            f"/signalling/children/{child.uuid}/informatiekaart-checks", {"checked_on": TODAY}
        ).status_code
        == 404
    )
    assert (
        AccessEvent.objects.filter(
            outcome=AccessOutcome.FAILURE, client_ref="REC-1", user_id=outsider.user.pk
        ).count()
        == 2
    )


def test_it_needs_a_reason_for_a_samenstarten_choice_other_than_suggested(nurse, child):
    """Issue 12: the API refuses what the page refuses, and keeps the reason it was given."""
    api = Api(nurse)
    body = {"held_on": TODAY, "ratings": RATINGS, "overall": "probleem"}
    path = f"/signalling/children/{child.uuid}/samenstarten"
    refused = api.post(path, body)
    assert refused.status_code == 400
    assert fields(refused) == ["override_reason"]
    reason = "Moeder vertelde meer dan in de oordelen past."
    recorded = api.post(path, {**body, "override_reason": reason})
    assert recorded.status_code == 201
    assert (recorded.json()["overall"], recorded.json()["override_reason"]) == ("probleem", reason)


def test_it_records_a_waiting_list_and_refuses_it_beside_a_start(nurse, child):
    api = Api(nurse)
    referral = api.post(
        f"/signalling/children/{child.uuid}/referrals",
        {"destination": "huisarts", "reason": "Zorgen.", "referred_on": TODAY},
    ).json()
    path = f"/signalling/referrals/{referral['id']}/follow-up"
    both = api.post(path, {"started_on": TODAY, "status": "wachtlijst"})
    assert both.status_code == 400
    assert fields(both) == ["status"]
    waiting = api.post(path, {"status": "wachtlijst"})
    assert waiting.status_code == 200
    assert (waiting.json()["follow_up_status"], waiting.json()["follow_up_noted_on"]) == (
        "wachtlijst",
        TODAY,
    )
    history = api.get(f"/signalling/children/{child.uuid}/history").json()
    assert history["referrals"][0]["follow_up_status"] == "wachtlijst"


def test_it_notes_a_moment_not_held_marks_it_in_error_and_the_history_shows_it(nurse, child):
    api = Api(nurse)
    path = f"/signalling/children/{child.uuid}/moments-not-held"
    unknown = api.post(path, {"contact_moment": "maanlanding", "reason": "verhuisd"})
    assert unknown.status_code == 400
    assert fields(unknown) == ["contact_moment"]
    noted = api.post(path, {"contact_moment": "4w", "reason": "elders_gehouden"})
    assert noted.status_code == 201
    assert noted.json()["contact_moment"] == "4w"
    assert noted.json()["reason"] == "elders_gehouden"
    twice = api.post(path, {"contact_moment": "4w", "reason": "verhuisd"})
    assert twice.status_code == 400
    history = api.get(f"/signalling/children/{child.uuid}/history").json()
    assert [m["reason"] for m in history["moments_not_held"]] == ["elders_gehouden"]
    marked = api.post(
        f"/signalling/moments-not-held/{noted.json()['id']}/entered-in-error",
        {"reason": "Verkeerd kind."},
    )
    assert marked.status_code == 200
    assert marked.json()["entered_in_error"] is True
    # Marked in error, the moment can be noted again.
    assert api.post(path, {"contact_moment": "4w", "reason": "verhuisd"}).status_code == 201


def test_it_refuses_noting_a_moment_for_another_organisations_child(nurse, outsider):
    other = ChildFactory(organisation=outsider.organisation, case_code="ELD-9")
    response = Api(nurse).post(
        f"/signalling/children/{other.uuid}/moments-not-held",
        {"contact_moment": "4w", "reason": "verhuisd"},
    )
    assert response.status_code == 404
    assert AccessEvent.objects.get(outcome=AccessOutcome.FAILURE).client_ref == "ELD-9"
