"""Views of the signalling app: for JGZ nurses and doctors, scoped and logged; the figures page
also for the team leader (counts only)."""

from .children import (
    child_create,
    child_dates,
    child_detail,
    child_import,
    child_list,
    worklist_view,
)
from .consults import (
    consult_advice,
    consult_conversation,
    consult_create,
    consult_detail,
    consult_dimensions,
    consult_edit,
)
from .exports import child_fhir, consult_fhir, organisation_csv
from .figures import figures, figures_export
from .followup import (
    informatiekaart_create,
    mark_in_error,
    moment_not_held,
    referral_create,
    referral_follow_up,
    samenstarten_advice,
    samenstarten_create,
    vulnerability_advice,
    vulnerability_create,
)

__all__ = [
    "child_create",
    "child_dates",
    "child_detail",
    "child_fhir",
    "child_import",
    "child_list",
    "consult_advice",
    "consult_conversation",
    "consult_create",
    "consult_detail",
    "consult_dimensions",
    "consult_edit",
    "consult_fhir",
    "figures",
    "figures_export",
    "informatiekaart_create",
    "mark_in_error",
    "moment_not_held",
    "organisation_csv",
    "referral_create",
    "referral_follow_up",
    "samenstarten_advice",
    "samenstarten_create",
    "vulnerability_advice",
    "vulnerability_create",
    "worklist_view",
]
