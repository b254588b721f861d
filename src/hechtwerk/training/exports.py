"""What each accreditation register asks of a course's participants who want points
(domain.md §6: ABSG for doctors, reported within 6 weeks; V&VN Kwaliteitsregister; SKJ)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hechtwerk.core.exports import Sheet

from . import rules
from .constants import EnrolmentStatus, Register
from .models import Edition
from .services import completion_of

NUMBER_HEADER = {
    Register.ABSG: gettext_lazy("BIG-nummer"),
    Register.VVN: gettext_lazy("Registratienummer V&VN"),
    Register.SKJ: gettext_lazy("Registratienummer SKJ"),
}


def register_sheet(edition: Edition, register: Register) -> Sheet:
    """One row per participant who asked for this register's points: number, name, dates, hours
    actually attended, points and whether the course was completed."""
    sessions = list(edition.sessions.all())
    accreditation = edition.course.accreditations.filter(register=register).first()
    header = [
        str(NUMBER_HEADER[register]),
        _("Naam"),
        _("Cursus"),
        _("Kenmerk accreditatie"),
        _("Eerste dag"),
        _("Laatste dag"),
        _("Uren aanwezig"),
        _("Afgerond"),
        _("Punten"),
    ]
    rows: list[list[object]] = [list(header)]
    enrolments = (
        edition.enrolments.filter(status=EnrolmentStatus.ENROLLED, register=register)
        .select_related("user")
        .annotate(attended=Sum("attendance__minutes"))
        .order_by("id")
    )
    for enrolment in enrolments:
        complete = completion_of(enrolment).complete
        rows.append(
            [
                enrolment.register_number,
                enrolment.participant_name,
                edition.course.name,
                accreditation.reference if accreditation else "",
                sessions[0].date if sessions else None,
                sessions[-1].date if sessions else None,
                rules.hours_attended([getattr(enrolment, "attended", None) or 0]),
                _("ja") if complete else _("nee"),
                (accreditation.points if accreditation and complete else 0),
            ]
        )
    return Sheet(title=str(Register(register).label)[:31], rows=rows)
