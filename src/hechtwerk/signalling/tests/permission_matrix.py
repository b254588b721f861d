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
        ("POST", "/api/v1/signalling/children/{child_id}/consults"),
        ("POST", "/api/v1/signalling/children/{child_id}/referrals"),
        ("GET", "/api/v1/signalling/children/{child_id}/history"),
        ("POST", "/api/v1/signalling/children/import"),
    }
)


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    """As on the pages: JGZ nurses and doctors; another organisation's child is a 404."""
    import datetime as dt

    from .factories import ChildFactory, signalenlijst_version

    signalenlijst_version()
    child = ChildFactory(organisation=world.jgz)
    of_child = {"child_id": child.uuid}
    consult = {
        "contact_moment": "4w",
        "consult_date": str(child.birth_date + dt.timedelta(days=28)),
        "answers": {},
    }
    referral = {"destination": "jeugd_ggz", "reason": "Matrix", "referred_on": "2026-01-05"}
    return {
        ("POST", "/api/v1/signalling/children/{child_id}/consults"): ApiRow.allow(
            JGZ_CLINICAL, ok=201, path_params=of_child, json=consult, outsider=404
        ),
        ("POST", "/api/v1/signalling/children/{child_id}/referrals"): ApiRow.allow(
            JGZ_CLINICAL, ok=201, path_params=of_child, json=referral, outsider=404
        ),
        ("GET", "/api/v1/signalling/children/{child_id}/history"): ApiRow.allow(
            JGZ_CLINICAL, path_params=of_child, outsider=404
        ),
        # An empty document is refused with a message; a refused caller never reaches it.
        ("POST", "/api/v1/signalling/children/import"): ApiRow.allow(
            OWN_ORGANISATION, ok=400, json={}
        ),
    }
