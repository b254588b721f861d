"""Filling in the nulmeting, the toets and the evaluation of a course (instruments capability).

A response names no enrolment: it carries a pseudonym, a keyed hash of the enrolment
(`measurements.pseudonym`), so one participant's answers before and after are linked while the
trainer and the foundation cannot tell who answered what. A passed toets and a submitted
evaluation are recorded on the enrolment as facts for the completion rule, so the certificate is
issued at once when the rule holds.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.instruments.constants import ItemKind
from hechtwerk.instruments.models import Item
from hechtwerk.instruments.rules import score_answers

from .. import rules
from ..constants import EnrolmentStatus, Moment
from ..measurements import pseudonym, version_for
from ..models import Enrolment, MeasurementResponse
from .base import TrainingError, record_evaluation_submitted, record_test_result

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User


def clean_answers(version_items: list[Item], answers: Mapping[str, str]) -> dict[str, str]:
    """Only known items and options; every required item answered (else a Dutch refusal)."""
    cleaned: dict[str, str] = {}
    missing: list[str] = []
    for item in version_items:
        value = str(answers.get(item.code, "") or "").strip()[:2000]
        if item.kind == ItemKind.CHOICE and value not in {
            "",
            *(o.code for o in item.options.all()),
        }:
            raise TrainingError(
                _("Kies bij '%(question)s' een van de antwoorden.") % {"question": item.text}
            )
        if item.kind == ItemKind.BOOLEAN and value and value not in {"ja", "nee"}:
            raise TrainingError(_("Kies bij '%(question)s' ja of nee.") % {"question": item.text})
        if value:
            cleaned[item.code] = value
        elif item.required or item.kind == ItemKind.CHOICE:
            missing.append(item.text)
    if missing:
        raise TrainingError(_("Beantwoord nog: %(questions)s") % {"questions": "; ".join(missing)})
    return cleaned


def is_open(enrolment: Enrolment, moment: str, *, now: datetime.datetime | None = None) -> bool:
    sessions = list(enrolment.edition.sessions.all())
    if not sessions:
        return False
    return rules.measurement_open(
        moment,
        first_start=sessions[0].starts_at,
        last_start=sessions[-1].starts_at,
        now=now or timezone.now(),
    )


@transaction.atomic
def submit_measurement(
    *, actor: User | None, enrolment: Enrolment, moment: str, answers: Mapping[str, str]
) -> MeasurementResponse:
    """Store a participant's answers under their pseudonym; a toets is scored against its pass
    mark (and may be retaken until passed); the nulmeting and the evaluation are filled in once."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("edition__course")
        .get(pk=enrolment.pk)
    )
    if moment not in Moment.values:
        raise TrainingError(_("Deze meting bestaat niet."))
    version = version_for(enrolment.edition.course, moment)
    if version is None:
        raise TrainingError(
            _("Deze cursus heeft geen %(moment)s.") % {"moment": Moment(moment).label}
        )
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise TrainingError(_("Alleen wie ingeschreven is, vult de metingen in."))
    if not is_open(enrolment, moment):
        if moment == Moment.NULMETING:
            raise TrainingError(_("De nulmeting kan alleen vóór de eerste bijeenkomst."))
        raise TrainingError(_("Dit kan pas vanaf de laatste bijeenkomst."))
    code = pseudonym(enrolment)
    earlier = MeasurementResponse.objects.filter(
        edition=enrolment.edition, moment=moment, pseudonym=code
    )
    if moment != Moment.TOETS and earlier.exists():
        raise TrainingError(_("Je hebt deze vragenlijst al ingevuld. Dank je wel."))
    if moment == Moment.TOETS and earlier.filter(passed=True).exists():
        raise TrainingError(_("Je hebt de toets al gehaald."))
    items = list(version.items.prefetch_related("options"))
    cleaned = clean_answers(items, answers)
    score = score_answers(version.option_points(), cleaned, version.pass_mark)
    scored = bool(version.option_points())
    response = MeasurementResponse.objects.create(
        edition=enrolment.edition,
        moment=moment,
        instrument_version=version,
        pseudonym=code,
        attempt=earlier.count() + 1,
        answers=cleaned,
        points=score.points if scored else None,
        passed=score.passed,
        submitted_at=timezone.now(),
    )
    # The log names the edition and the moment, not the enrolment: who answered stays unknown.
    log_action(
        "training.measurement.submitted",
        actor=actor,
        target=enrolment.edition,
        organisation=enrolment.edition.course.organisation,
        data={"moment": moment, "version": str(version.uuid)},
    )
    if moment == Moment.TOETS and score.passed:
        record_test_result(actor=actor, enrolment=enrolment, passed=True)  # type: ignore[arg-type]
    if moment == Moment.EVALUATION:
        record_evaluation_submitted(actor=actor, enrolment=enrolment)
    return response
