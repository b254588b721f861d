"""Permission-matrix rows for the signalling pages: JGZ nurses and doctors only; another
organisation's child (and its records) is a 404; lists show only one's own organisation."""

from __future__ import annotations

from hechtwerk.core.tests.matrix import JGZ_CLINICAL, Row, World

URL_NAMES = frozenset(
    {
        "signalling:child_list",
        "signalling:worklist",
        "signalling:figures",
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
