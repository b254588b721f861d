from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    OBSERVATION_LIST = "observatielijst", _("Observatielijst")
    CONVERSATION = "gesprek", _("Gespreksleidraad")
    CHECKLIST = "check", _("Criteriacheck")
    FACTOR_LIST = "factoren", _("Factorenlijst")
    TEST = "toets", _("Toets")
    EVALUATION = "evaluatie", _("Evaluatie")


class VersionStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    RETIRED = "ingetrokken", _("Ingetrokken")


class ItemKind(models.TextChoices):
    """How an item is answered; maps onto FHIR Questionnaire item types."""

    CHOICE = "choice", _("Keuze uit opties")
    BOOLEAN = "boolean", _("Ja/nee")
    TEXT = "text", _("Vrije tekst")
    INTEGER = "integer", _("Geheel getal")
    DATE = "date", _("Datum")


# Our FHIR namespace. Canonical URLs of Questionnaires and CodeSystems are built from it; they are
# identifiers, not addresses that must resolve.
FHIR_BASE_URL = "https://hechtwerk.nl/fhir"
# Questionnaire.status for each version status.
FHIR_STATUS = {
    VersionStatus.DRAFT: "draft",
    VersionStatus.PUBLISHED: "active",
    VersionStatus.RETIRED: "retired",
}
# Largest file the import form accepts.
MAX_IMPORT_BYTES = 1024 * 1024
