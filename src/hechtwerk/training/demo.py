"""Demo data: the five courses of the seed documents with their real structure, and an open
edition of each, owned by the demo training provider. Idempotent: a course that exists is kept."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hechtwerk.accounts.demo import DemoContext

from .constants import CourseKind, Register, TargetRole, VatTreatment
from .models import Course
from .services import DatedSession, SessionPlan, create_course, schedule_edition


@dataclass(frozen=True)
class DemoCourse:
    name: str
    kind: CourseKind
    summary: str
    sessions: tuple[SessionPlan, ...]
    times: tuple[datetime.time, datetime.time]
    days_between: int
    group: tuple[int, int]
    targets: tuple[str, ...]
    price: Decimal = Decimal("0.00")
    price_note: str = ""
    vat: VatTreatment = VatTreatment.STANDARD
    accreditations: tuple[tuple[Register, Decimal], ...] = ()
    requires: tuple[str, ...] = ()
    prerequisite_note: str = ""
    test_required: bool = False
    evaluation_required: bool = False
    attendance_threshold: int = 100
    issues_certificate: bool = True
    place: str = "Utrecht"
    extra: dict[str, str] = field(default_factory=dict)


BASIS = "Basistraining Focus op Hechting"

HBBM_BLOCKS = (
    (
        "Kennismaking en groepsregels",
        "Uitgebreid kennismaken en samen de afspraken van de groep maken.",
    ),
    (
        "Bouwsteen 1: mijn rol en verantwoordelijkheid",
        "Je eigen energie, positieve patronen, ontwikkelingsfasen en opvoedstijlen.",
    ),
    ("Bouwsteen 2: zelfvertrouwen en zelfbeeld", "Waar je zelfbeeld vandaan komt en wat het doet."),
    ("Bouwsteen 3: effectieve communicatie", "Luisteren, liefdestalen en je invloed als ouder."),
    ("Bouwsteen 4: normen, waarden en regels", "Waar je voor staat, en consequent zijn."),
    ("Afsluiting: verder als supportgroep", "Afspraken maken en een supportgroep-leider kiezen."),
)

COURSES = (
    DemoCourse(
        name=BASIS,
        kind=CourseKind.PROFESSIONAL,
        summary=(
            "Voor jeugdartsen en jeugdverpleegkundigen: signaleren van zorgen over de band tussen "
            "ouder en kind, en het ééngespreksmodel toepassen."
        ),
        sessions=tuple(SessionPlan(f"Dagdeel {i}", 210) for i in range(1, 5)),
        times=(datetime.time(9, 0), datetime.time(12, 30)),
        days_between=7,
        group=(6, 16),
        targets=(TargetRole.YOUTH_DOCTOR, TargetRole.YOUTH_NURSE),
        accreditations=((Register.ABSG, Decimal("14")), (Register.VVN, Decimal("14"))),
        test_required=True,
        evaluation_required=True,
    ),
    DemoCourse(
        name="Masterclass Train de Trainer",
        kind=CourseKind.PROFESSIONAL,
        summary=(
            "Twee dagen om zelf de Basistraining te mogen geven, met het materiaal van de "
            "stichting en onder licentie."
        ),
        sessions=(SessionPlan("Dag 1", 420), SessionPlan("Dag 2", 420)),
        times=(datetime.time(11, 0), datetime.time(18, 0)),
        days_between=7,
        group=(4, 10),
        targets=(TargetRole.TRAINER, TargetRole.YOUTH_DOCTOR, TargetRole.YOUTH_NURSE),
        price=Decimal("2000.00"),
        price_note="inclusief lunch",
        requires=(BASIS,),
        test_required=True,
        evaluation_required=True,
        place="Maastricht",
    ),
    DemoCourse(
        name="Het Begint Bij Mij",
        kind=CourseKind.PARENT,
        summary=(
            "Oudertraining in een groep van ongeveer acht ouders of mede-opvoeders, met één of "
            "twee gecertificeerde trainers. Na afloop kan de groep verder als supportgroep."
        ),
        sessions=tuple(SessionPlan(t, 180, contents=c) for t, c in HBBM_BLOCKS),
        times=(datetime.time(9, 30), datetime.time(12, 30)),
        days_between=7,
        group=(6, 8),
        targets=(TargetRole.PARENT,),
        evaluation_required=True,
        attendance_threshold=80,
        issues_certificate=False,
        place="Den Haag",
    ),
    DemoCourse(
        name="Cursus hechting",
        kind=CourseKind.PROFESSIONAL,
        summary="Voor therapeuten: gehechtheid herkennen, diagnostiek en behandelmethodieken.",
        sessions=(
            SessionPlan(
                "Diagnostiek",
                150,
                15,
                "Hechting en basisveiligheid, de richtlijn, hechtingsstijlen.",
            ),
            SessionPlan(
                "Diagnostiek en basishouding van de therapeut",
                150,
                15,
                "Signalering, differentiaaldiagnostiek, DSM-5, de rol van de therapeut.",
            ),
            SessionPlan(
                "Behandelmethodieken (1)",
                150,
                15,
                "Differentiatie- en fasetherapie en Theraplay: theorie en oefenen.",
            ),
            SessionPlan(
                "Behandelmethodieken (2)",
                150,
                15,
                "Basic Trust, MBT en ondersteuning van ouders: theorie en oefenen.",
            ),
            SessionPlan(
                "Terugkombijeenkomst", 150, 15, "Vragen en presentatie van eigen casuïstiek."
            ),
        ),
        times=(datetime.time(19, 0), datetime.time(21, 45)),
        days_between=14,
        group=(6, 14),
        targets=(TargetRole.THERAPIST, TargetRole.YOUTH_PROFESSIONAL),
        accreditations=((Register.SKJ, Decimal("12.5")),),
        vat=VatTreatment.EXEMPT,
        attendance_threshold=80,
    ),
    DemoCourse(
        name="Kansrijke Start: verdiepende bijeenkomst",
        kind=CourseKind.PROFESSIONAL,
        summary=(
            "Een bijeenkomst van hooguit twee uur om de e-learning Eerste 1000 dagen te verdiepen "
            "en elkaars werk en aanbod te leren kennen."
        ),
        sessions=(
            SessionPlan(
                "Verdiepende bijeenkomst",
                120,
                contents=(
                    "Ontvangst, kennismaking, samen kwetsbaarheid definiëren, samenwerking en "
                    "gelijkwaardige communicatie, afsluiting."
                ),
            ),
        ),
        times=(datetime.time(15, 0), datetime.time(17, 0)),
        days_between=0,
        group=(12, 20),
        targets=(TargetRole.FIRST_1000_DAYS,),
        prerequisite_note="De e-learning Eerste 1000 dagen is doorlopen.",
        issues_certificate=False,
    ),
)


@transaction.atomic
def load(context: DemoContext) -> None:
    organisation = context.organisations.get("foundation")
    trainer = context.users.get("trainer")
    actor = context.users.get("beheerder")
    if organisation is None or trainer is None:
        return
    first_day = timezone.localdate() + datetime.timedelta(days=28)
    for demo in COURSES:
        if Course.objects.filter(organisation=organisation, name=demo.name).exists():
            continue
        course = create_course(
            actor=actor,
            organisation=organisation,
            name=demo.name,
            kind=demo.kind,
            summary=demo.summary,
            sessions=demo.sessions,
            target_roles=demo.targets,
            group_min=demo.group[0],
            group_max=demo.group[1],
            price_excl_vat=demo.price,
            vat_treatment=demo.vat,
            price_note=demo.price_note,
            prerequisite_note=demo.prerequisite_note,
            attendance_threshold=demo.attendance_threshold,
            test_required=demo.test_required,
            evaluation_required=demo.evaluation_required,
            issues_certificate=demo.issues_certificate,
            accreditations=demo.accreditations,
            requires=[Course.objects.get(organisation=organisation, name=n) for n in demo.requires],
        )
        schedule_edition(
            actor=actor,
            course=course,
            label=f"{demo.place}, vanaf {first_day:%d-%m-%Y}",
            place=demo.place,
            sessions=[
                DatedSession(
                    first_day + datetime.timedelta(days=demo.days_between * i), *demo.times
                )
                for i in range(len(demo.sessions))
            ],
            trainers=[trainer],
        )
