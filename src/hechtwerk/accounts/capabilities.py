"""What a membership may do: one table keyed by (organisation kind, role).

A role name alone decides nothing: a beheerder of a training provider and the platform's beheerder
share the role but not the capabilities. Views declare `@requires(Capability.X)` and API endpoints
`@api_requires(Capability.X)` (see `permissions.py`); navigation items name a capability too.
A pair missing from the table may do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import OrganisationKind, Role

if TYPE_CHECKING:
    from .models import Membership


class Capability(models.TextChoices):
    MANAGE_NATIONAL_CATALOGUE = (
        "manage_national_catalogue",
        _("Landelijke interventiecatalogus beheren"),
    )
    MANAGE_INSTRUMENTS = "manage_instruments", _("Instrumenten beheren")
    READ_INSTRUMENT_ITEMS = "read_instrument_items", _("Vragen van instrumenten lezen")
    RECORD_SIGNALLING = "record_signalling", _("Kinderen en consulten vastleggen")
    MATCH_INTERVENTIONS = "match_interventions", _("Passende interventies zoeken voor een kind")
    SEE_ORGANISATION_FIGURES = (
        "see_organisation_figures",
        _("Cijfers van de eigen organisatie zien"),
    )
    READ_ACCESS_LOG = "read_access_log", _("Toegangslogboek inzien")
    MANAGE_OWN_OFFER = "manage_own_offer", _("Aanbod van de eigen organisatie beheren")
    MANAGE_OWN_STAFF = "manage_own_staff", _("Medewerkers van de eigen organisatie beheren")
    MANAGE_OWN_COURSES = "manage_own_courses", _("Cursussen van de eigen organisatie beheren")
    PLAN_MEETINGS = "plan_meetings", _("Bijeenkomsten van de coalitie plannen")
    TEACH_EDITIONS = "teach_editions", _("Eigen uitvoeringen geven en aanwezigheid vastleggen")
    ENROL_IN_COURSES = "enrol_in_courses", _("Inschrijven voor opleidingen")
    MANAGE_INVOICES = "manage_invoices", _("Facturen van de eigen organisatie opmaken en innen")
    SEE_OWN_INVOICES = "see_own_invoices", _("Facturen aan de eigen organisatie inzien")
    MANAGE_INTEGRATIONS = (
        "manage_integrations",
        _("Gekoppelde systemen van de eigen organisatie beheren"),
    )
    MANAGE_MATERIALS = "manage_materials", _("Materialen van de eigen organisatie beheren")
    OPEN_MATERIAL_LIBRARY = "open_material_library", _("De materiaalbibliotheek openen")
    SEE_OWN_LICENCE = "see_own_licence", _("De eigen licentie bij de stichting inzien en beheren")
    MANAGE_LICENCES = "manage_licences", _("Licenties van de trainers van de stichting volgen")


C = Capability
_JGZ_PROFESSIONAL = frozenset(
    {
        C.RECORD_SIGNALLING,
        C.MATCH_INTERVENTIONS,
        C.SEE_ORGANISATION_FIGURES,
        C.READ_INSTRUMENT_ITEMS,
        C.ENROL_IN_COURSES,
    }
)

CAPABILITIES: Mapping[tuple[str, str], frozenset[Capability]] = {
    # The platform organisation: the national catalogue and the instruments are its own.
    (OrganisationKind.PLATFORM, Role.ADMINISTRATOR): frozenset(
        {
            C.MANAGE_NATIONAL_CATALOGUE,
            C.MANAGE_INSTRUMENTS,
            C.READ_INSTRUMENT_ITEMS,
            C.MANAGE_OWN_STAFF,
            C.MANAGE_INVOICES,
            C.SEE_OWN_INVOICES,
        }
    ),
    (OrganisationKind.PLATFORM, Role.LOG_MANAGER): frozenset({C.READ_ACCESS_LOG}),
    # A training provider (foundation): its own courses and staff, nothing national.
    (OrganisationKind.TRAINING_PROVIDER, Role.ADMINISTRATOR): frozenset(
        {
            C.MANAGE_OWN_COURSES,
            C.MANAGE_OWN_STAFF,
            C.MANAGE_INVOICES,
            C.SEE_OWN_INVOICES,
            C.MANAGE_MATERIALS,
            C.OPEN_MATERIAL_LIBRARY,
            C.MANAGE_LICENCES,
        }
    ),
    # Trainers teach their editions and take courses themselves (the Masterclass, seed 000).
    # The material library opens to them; the library's access check (materials.hooks) asks
    # licensing whether the trainer is in good standing on the day.
    (OrganisationKind.TRAINING_PROVIDER, Role.TRAINER): frozenset(
        {C.TEACH_EDITIONS, C.ENROL_IN_COURSES, C.OPEN_MATERIAL_LIBRARY, C.SEE_OWN_LICENCE}
    ),
    (OrganisationKind.TRAINING_PROVIDER, Role.PARTICIPANT): frozenset({C.ENROL_IN_COURSES}),
    (OrganisationKind.TRAINING_PROVIDER, Role.LOG_MANAGER): frozenset({C.READ_ACCESS_LOG}),
    # A JGZ organisation: professionals see children; the beheerder keeps the offer and the staff.
    (OrganisationKind.JGZ, Role.YOUTH_NURSE): _JGZ_PROFESSIONAL,
    (OrganisationKind.JGZ, Role.YOUTH_DOCTOR): _JGZ_PROFESSIONAL,
    (OrganisationKind.JGZ, Role.TEAM_LEADER): frozenset({C.SEE_ORGANISATION_FIGURES}),
    (OrganisationKind.JGZ, Role.ADMINISTRATOR): frozenset(
        {C.MANAGE_OWN_OFFER, C.MANAGE_OWN_STAFF, C.MANAGE_INTEGRATIONS, C.SEE_OWN_INVOICES}
    ),
    (OrganisationKind.JGZ, Role.LOG_MANAGER): frozenset({C.READ_ACCESS_LOG}),
    (OrganisationKind.JGZ, Role.PARTICIPANT): frozenset({C.ENROL_IN_COURSES}),
    (OrganisationKind.COALITION, Role.COALITION_ORGANISER): frozenset({C.PLAN_MEETINGS}),
    (OrganisationKind.COALITION, Role.PARTICIPANT): frozenset({C.ENROL_IN_COURSES}),
}


def capabilities_of(kind: str, role: str) -> frozenset[Capability]:
    """The capabilities of `role` in an organisation of `kind`; none for an unknown pair."""
    return CAPABILITIES.get((str(kind), str(role)), frozenset())


def can(membership: Membership | None, capability: Capability) -> bool:
    """True when the membership's organisation kind and role have `capability`."""
    if membership is None:
        return False
    return capability in capabilities_of(membership.organisation.kind, membership.role)


def holders_of(capability: Capability) -> frozenset[tuple[str, str]]:
    """The (organisation kind, role) pairs that have `capability`."""
    return frozenset(pair for pair, caps in CAPABILITIES.items() if capability in caps)


# --- Integration clients (a JGZ-dossier calling the API on a professional's behalf) ----------


class Scope(models.TextChoices):
    """What a beheerder lets a registered system do; it never adds to the professional's role."""

    READ_SIGNALLING = (
        "signalling.read",
        _("Kinderen, consulten en geschiedenis lezen, ook als FHIR"),
    )
    WRITE_SIGNALLING = (
        "signalling.write",
        _("Kinderen, consulten en verwijzingen vastleggen en corrigeren"),
    )
    MATCH_INTERVENTIONS = "interventions.match", _("Passende interventies zoeken")
    READ_INSTRUMENTS = "instruments.read", _("Vragenlijsten lezen, ook als FHIR Questionnaire")


# Each scope opens one capability, for reading only (GET, HEAD) or for every method.
SCOPE_GRANTS: Mapping[Scope, tuple[Capability, bool]] = {
    Scope.READ_SIGNALLING: (C.RECORD_SIGNALLING, True),
    Scope.WRITE_SIGNALLING: (C.RECORD_SIGNALLING, False),
    Scope.MATCH_INTERVENTIONS: (C.MATCH_INTERVENTIONS, True),
    Scope.READ_INSTRUMENTS: (C.READ_INSTRUMENT_ITEMS, True),
}
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def scopes_allow(scopes: Iterable[str], capability: Capability | None, method: str) -> bool:
    """True when one of a system's `scopes` covers a call needing `capability` with `method`.

    A call that needs no capability (`@api_member`, e.g. `GET /me`) is open to every system.
    """
    if capability is None:
        return True
    for scope in scopes:
        grant = SCOPE_GRANTS.get(Scope(scope)) if scope in Scope.values else None
        if grant is None or grant[0] != capability:
            continue
        if not grant[1] or method.upper() in READ_METHODS:
            return True
    return False
