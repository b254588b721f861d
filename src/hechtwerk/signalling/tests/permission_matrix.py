"""Permission-matrix rows for the signalling pages: JGZ nurses and doctors only; another
organisation's child (and its records) is a 404; lists show only one's own organisation."""

from __future__ import annotations

from hechtwerk.core.tests.matrix import JGZ_CLINICAL, ApiRow, Row, World

URL_NAMES = frozenset(
    {
        "signalling:child_list",
        "signalling:worklist",
        "signalling:figures",
        "signalling:figures_export",
        "signalling:organisation_csv",
        "signalling:child_create",
        "signalling:child_import",
        "signalling:child_detail",
        "signalling:child_dates",
        "signalling:child_fhir",
        "signalling:consult_create",
        "signalling:informatiekaart_create",
        "signalling:referral_create",
        "signalling:samenstarten_create",
        "signalling:vulnerability_create",
        "signalling:consult_advice",
        "signalling:samenstarten_advice",
        "signalling:vulnerability_advice",
        "signalling:consult_detail",
        "signalling:consult_edit",
        "signalling:consult_dimensions",
        "signalling:consult_conversation",
        "signalling:consult_fhir",
        "signalling:referral_follow_up",
        "signalling:mark_in_error",
        "signalling:moment_not_held",
    }
)

# The outsider is a nurse of another JGZ organisation: own-organisation pages open for them.
OWN_ORGANISATION = JGZ_CLINICAL | {"outsider"}


def rows(world: World) -> dict[str, Row]:
    from .factories import ChildFactory, make_consult, make_referral, signalenlijst_version

    signalenlijst_version()
    nurse = world.personas["nurse"].user
    child = ChildFactory(organisation=world.jgz)
    consult = make_consult(child=child, actor=nurse)
    referral = make_referral(child=child, actor=nurse)
    of_child = {"child_uuid": child.uuid}
    of_consult = {"consult_uuid": consult.uuid}

    def child_page(name: str) -> tuple[str, Row]:
        return name, Row.allow(JGZ_CLINICAL, kwargs=of_child, outsider=404)

    return dict(
        [
            ("signalling:child_list", Row.allow(OWN_ORGANISATION, query="q=JGZ")),
            ("signalling:worklist", Row.allow(OWN_ORGANISATION)),
            # Counts only: the team leader, and the organisation's own nurses and doctors.
            (
                "signalling:figures",
                Row.allow(OWN_ORGANISATION | {"team_leader"}, query="start=2025-01-01"),
            ),
            (
                "signalling:figures_export",
                Row.allow(OWN_ORGANISATION | {"team_leader"}, query="start=2025-01-01&formaat=csv"),
            ),
            ("signalling:organisation_csv", Row.allow(OWN_ORGANISATION)),
            ("signalling:child_create", Row.allow(OWN_ORGANISATION)),
            ("signalling:child_import", Row.allow(OWN_ORGANISATION)),
            child_page("signalling:child_detail"),
            child_page("signalling:child_dates"),
            child_page("signalling:child_fhir"),
            child_page("signalling:consult_create"),
            child_page("signalling:informatiekaart_create"),
            child_page("signalling:referral_create"),
            child_page("signalling:samenstarten_create"),
            child_page("signalling:vulnerability_create"),
            (
                "signalling:moment_not_held",
                Row.allow(JGZ_CLINICAL, kwargs={**of_child, "moment_code": "4w"}, outsider=404),
            ),
            ("signalling:consult_advice", Row.allow(OWN_ORGANISATION, method="post")),
            ("signalling:samenstarten_advice", Row.allow(OWN_ORGANISATION, method="post")),
            ("signalling:vulnerability_advice", Row.allow(OWN_ORGANISATION, method="post")),
            (
                "signalling:consult_detail",
                Row.allow(JGZ_CLINICAL, kwargs=of_consult, outsider=404),
            ),
            ("signalling:consult_edit", Row.allow(JGZ_CLINICAL, kwargs=of_consult, outsider=404)),
            ("signalling:consult_fhir", Row.allow(JGZ_CLINICAL, kwargs=of_consult, outsider=404)),
            # An empty post changes nothing: the page comes back with the form's messages.
            (
                "signalling:consult_dimensions",
                Row.allow(JGZ_CLINICAL, kwargs=of_consult, method="post", outsider=404),
            ),
            (
                "signalling:consult_conversation",
                Row.allow(JGZ_CLINICAL, kwargs=of_consult, method="post", outsider=404),
            ),
            (
                "signalling:referral_follow_up",
                Row.allow(JGZ_CLINICAL, kwargs={"referral_uuid": referral.uuid}, outsider=404),
            ),
            (
                "signalling:mark_in_error",
                Row.allow(
                    JGZ_CLINICAL,
                    kwargs={"kind": "consult", "record_uuid": consult.uuid},
                    outsider=404,
                ),
            ),
        ]
    )


API_OPERATIONS = frozenset(
    {
        ("POST", "/api/v1/signalling/children"),
        ("GET", "/api/v1/signalling/children"),
        ("GET", "/api/v1/signalling/children/{child_id}"),
        ("PUT", "/api/v1/signalling/children/{child_id}/dates"),
        ("GET", "/api/v1/signalling/worklist"),
        ("GET", "/api/v1/signalling/contact-moments"),
        ("GET", "/api/v1/signalling/children/{child_id}/history"),
        ("GET", "/api/v1/signalling/children/{child_id}/fhir"),
        ("POST", "/api/v1/signalling/children/import"),
        ("POST", "/api/v1/signalling/children/{child_id}/consults"),
        ("POST", "/api/v1/signalling/children/{child_id}/consults/fhir"),
        ("GET", "/api/v1/signalling/consults/{consult_id}"),
        ("PUT", "/api/v1/signalling/consults/{consult_id}"),
        ("GET", "/api/v1/signalling/consults/{consult_id}/fhir"),
        ("POST", "/api/v1/signalling/consults/{consult_id}/dimensions"),
        ("POST", "/api/v1/signalling/consults/{consult_id}/conversation-model"),
        ("POST", "/api/v1/signalling/consults/{consult_id}/review"),
        ("POST", "/api/v1/signalling/children/{child_id}/moments-not-held"),
        ("POST", "/api/v1/signalling/children/{child_id}/informatiekaart-checks"),
        ("POST", "/api/v1/signalling/children/{child_id}/referrals"),
        ("POST", "/api/v1/signalling/referrals/{referral_id}/follow-up"),
        ("POST", "/api/v1/signalling/samenstarten/suggestion"),
        ("POST", "/api/v1/signalling/children/{child_id}/samenstarten"),
        ("POST", "/api/v1/signalling/vulnerability/suggestion"),
        ("POST", "/api/v1/signalling/children/{child_id}/vulnerability-assessments"),
        ("POST", "/api/v1/signalling/{kind}/{record_id}/entered-in-error"),
    }
)


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    """As on the pages: JGZ nurses and doctors; another organisation's child or record is a 404
    (the outsider is a nurse of another JGZ organisation); lists show only one's own."""
    import datetime as dt

    from .factories import (
        ChildFactory,
        factor_version,
        make_consult,
        make_referral,
        signalenlijst_version,
    )

    signalenlijst_version()
    factor_version()
    nurse = world.personas["nurse"].user
    child = ChildFactory(organisation=world.jgz)
    consulted = ChildFactory(organisation=world.jgz)
    consult = make_consult(child=consulted, actor=nurse)
    referral = make_referral(child=consulted, actor=nurse)
    to_mark = make_referral(child=consulted, actor=nurse)
    born = child.birth_date
    assert born is not None
    of_child = {"child_id": child.uuid}
    of_consult = {"consult_id": consult.uuid}
    today = str(dt.date.today())
    consult_body = {
        "contact_moment": "4w",
        "consult_date": str(born + dt.timedelta(days=28)),
        "answers": {},
    }
    referral_body = {"destination": "jeugd_ggz", "reason": "Matrix", "referred_on": today}
    ratings = dict.fromkeys(
        [
            "competentie_ouders",
            "rol_partner",
            "sociaal_netwerk",
            "gebeurtenissen_omstandigheden",
            "welbevinden_kind",
        ],
        "prima",
    )

    def clinical(ok: int = 200, **options: object) -> ApiRow:
        return ApiRow.allow(JGZ_CLINICAL, ok=ok, outsider=404, **options)

    def own(ok: int = 200, **options: object) -> ApiRow:
        return ApiRow.allow(OWN_ORGANISATION, ok=ok, **options)

    # A write a refused caller never reaches: an answer of 400 (a rule) proves the caller got in
    # without changing anything, so every persona meets the same state.
    stale = {"version": 999, "status": "aangeboden"}
    return {
        ("POST", "/api/v1/signalling/children"): own(
            400, json={"case_code": "M-1", "birth_date": None}
        ),
        ("GET", "/api/v1/signalling/children"): own(query="q=JGZ"),
        ("GET", "/api/v1/signalling/children/{child_id}"): clinical(path_params=of_child),
        ("PUT", "/api/v1/signalling/children/{child_id}/dates"): clinical(
            400, path_params=of_child, json={"birth_date": None, "due_date": None}
        ),
        ("GET", "/api/v1/signalling/worklist"): own(),
        ("GET", "/api/v1/signalling/contact-moments"): own(),
        ("GET", "/api/v1/signalling/children/{child_id}/history"): clinical(path_params=of_child),
        ("GET", "/api/v1/signalling/children/{child_id}/fhir"): clinical(path_params=of_child),
        # An empty document is refused with a message; a refused caller never reaches it.
        ("POST", "/api/v1/signalling/children/import"): own(400, json={}),
        # An unknown item: refused alike for every allowed persona (a second consult at the same
        # moment would be refused for the second persona only).
        ("POST", "/api/v1/signalling/children/{child_id}/consults"): clinical(
            400, path_params=of_child, json={**consult_body, "answers": {"onbekend": "x"}}
        ),
        ("POST", "/api/v1/signalling/children/{child_id}/consults/fhir"): clinical(
            400, path_params=of_child, json={"resourceType": "Patient"}
        ),
        ("GET", "/api/v1/signalling/consults/{consult_id}"): clinical(path_params=of_consult),
        ("PUT", "/api/v1/signalling/consults/{consult_id}"): clinical(
            409, path_params=of_consult, json={**consult_body, "version": 999}
        ),
        ("GET", "/api/v1/signalling/consults/{consult_id}/fhir"): clinical(path_params=of_consult),
        ("POST", "/api/v1/signalling/consults/{consult_id}/dimensions"): clinical(
            409, path_params=of_consult, json={"version": 999, "dimensions": {}}
        ),
        ("POST", "/api/v1/signalling/consults/{consult_id}/conversation-model"): clinical(
            409, path_params=of_consult, json=stale
        ),
        ("POST", "/api/v1/signalling/consults/{consult_id}/review"): clinical(
            409,
            path_params=of_consult,
            json={"version": 999, "dimensions": {}, "conversation": {"status": "aangeboden"}},
        ),
        # A moment not in the schedule: refused alike for every allowed persona (a real one would
        # be "al genoteerd" for the second persona).
        ("POST", "/api/v1/signalling/children/{child_id}/moments-not-held"): clinical(
            400, path_params=of_child, json={"contact_moment": "onbekend", "reason": "verhuisd"}
        ),
        ("POST", "/api/v1/signalling/children/{child_id}/informatiekaart-checks"): clinical(
            201, path_params=of_child, json={"checked_on": today, "stress_factor_count": 3}
        ),
        ("POST", "/api/v1/signalling/children/{child_id}/referrals"): clinical(
            201, path_params=of_child, json=referral_body
        ),
        ("POST", "/api/v1/signalling/referrals/{referral_id}/follow-up"): clinical(
            path_params={"referral_id": referral.uuid}, json={"started_on": today}
        ),
        ("POST", "/api/v1/signalling/samenstarten/suggestion"): own(json={"ratings": ratings}),
        ("POST", "/api/v1/signalling/children/{child_id}/samenstarten"): clinical(
            201, path_params=of_child, json={"held_on": today, "ratings": ratings}
        ),
        ("POST", "/api/v1/signalling/vulnerability/suggestion"): own(json={"factors": []}),
        ("POST", "/api/v1/signalling/children/{child_id}/vulnerability-assessments"): clinical(
            201, path_params=of_child, json={"assessed_on": today}
        ),
        # The first allowed persona marks it; the next one meets "al gemarkeerd" (400).
        ("POST", "/api/v1/signalling/{kind}/{record_id}/entered-in-error"): clinical(
            400,
            path_params={"kind": "referrals", "record_id": to_mark.uuid},
            json={"reason": ""},
        ),
    }
