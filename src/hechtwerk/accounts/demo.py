"""Demo organisations and one demo user per role. Loaded by `manage.py load_demo`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .constants import OrganisationKind, Role
from .models import Membership, Organisation, Team, User

DEMO_PASSWORD = "demo-Wachtwoord-2026"  # noqa: S105 - printed on purpose, demo mode only
DEMO_TEAM = "Team Centrum"


@dataclass
class DemoContext:
    """What earlier demo loaders made, for later ones to build on."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


ORGANISATIONS = {
    "jgz": ("JGZ Voorbeeldstad", OrganisationKind.JGZ),
    "jgz_other": ("JGZ Andere Regio", OrganisationKind.JGZ),
    "foundation": ("Stichting Kinderleven (demo)", OrganisationKind.TRAINING_PROVIDER),
    "coalition": ("Coalitie Kansrijke Start Voorbeeldstad", OrganisationKind.COALITION),
    "platform": ("Hechtwerk platform", OrganisationKind.PLATFORM),
}

# key: (email, first name, organisation key, role, is_staff)
USERS = {
    "beheerder": ("beheerder@kinderleven.example", "Bea", "foundation", Role.ADMINISTRATOR, True),
    "trainer": ("trainer@kinderleven.example", "Tim", "foundation", Role.TRAINER, False),
    "verpleegkundige": (
        "verpleegkundige@voorbeeldstad.example",
        "Vera",
        "jgz",
        Role.YOUTH_NURSE,
        False,
    ),
    "jeugdarts": ("jeugdarts@voorbeeldstad.example", "Jasper", "jgz", Role.YOUTH_DOCTOR, False),
    "teamleider": ("teamleider@voorbeeldstad.example", "Tara", "jgz", Role.TEAM_LEADER, False),
    # The JGZ organisation's own beheerder: its offer of interventions and its staff.
    "jgz_beheerder": ("beheerder@voorbeeldstad.example", "Joke", "jgz", Role.ADMINISTRATOR, False),
    "organisator": (
        "organisator@coalitie.example",
        "Olga",
        "coalition",
        Role.COALITION_ORGANISER,
        False,
    ),
    "deelnemer": ("deelnemer@kinderleven.example", "Daan", "foundation", Role.PARTICIPANT, False),
    "logbeheerder": ("logbeheerder@voorbeeldstad.example", "Lotte", "jgz", Role.LOG_MANAGER, False),
    "andere_regio": (
        "verpleegkundige@andereregio.example",
        "Anouk",
        "jgz_other",
        Role.YOUTH_NURSE,
        False,
    ),
}


@transaction.atomic
def load(context: DemoContext) -> None:
    for key, (name, kind) in ORGANISATIONS.items():
        org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
        context.organisations[key] = org
    for key, (email, first_name, org_key, role, is_staff) in USERS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first_name, is_staff=is_staff
            )
        user.demo_mfa_exempt = True
        user.save(update_fields=["demo_mfa_exempt"])
        Membership.objects.get_or_create(
            user=user, organisation=context.organisations[org_key], role=role
        )
        context.users[key] = user
    # The demo beheerder also manages the platform (the national catalogue and the instruments),
    # to show switching between organisations and what each organisation's beheerder may do.
    Membership.objects.get_or_create(
        user=context.users["beheerder"],
        organisation=context.organisations["platform"],
        role=Role.ADMINISTRATOR,
    )
    # One team in the demo JGZ organisation, with its nurse and doctor (figures per team follow).
    team, _ = Team.objects.get_or_create(organisation=context.organisations["jgz"], name=DEMO_TEAM)
    Membership.objects.filter(
        user__in=[context.users["verpleegkundige"], context.users["jeugdarts"]],
        organisation=context.organisations["jgz"],
        team__isnull=True,
    ).update(team=team)
