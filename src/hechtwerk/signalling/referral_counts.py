"""Signalling publishes its referral counts per intervention to the catalogue (which shows them
on an intervention's page) through the hook the catalogue defines; registered in `apps.py`.

Counted in one aggregate query, per organisation; referrals entered in error and referrals of a
child entered in error are left out, as in every figure. The catalogue suppresses small counts.
"""

from __future__ import annotations

from django.db.models import Count, Q

from hechtwerk.catalogue.counts import OrganisationReferrals
from hechtwerk.signalling.models import Referral

STARTED = Q(started_on__isnull=False) | Q(completed_on__isnull=False)
COMPLETED = Q(completed_on__isnull=False)


def referrals_per_organisation(intervention_id: int) -> list[OrganisationReferrals]:
    """One row per organisation that referred a child to the intervention."""
    rows = (
        Referral.objects.counted()
        .filter(intervention_id=intervention_id, child__entered_in_error=False)
        .values("child__organisation_id", "child__organisation__name")
        .annotate(
            referred=Count("pk"),
            started=Count("pk", filter=STARTED),
            completed=Count("pk", filter=COMPLETED),
        )
        .order_by("child__organisation__name", "child__organisation_id")
    )
    return [
        OrganisationReferrals(
            organisation_id=row["child__organisation_id"],
            organisation_name=row["child__organisation__name"],
            referred=row["referred"],
            started=row["started"],
            completed=row["completed"],
        )
        for row in rows
    ]
