"""Demo library: the foundation's three materials of the seed (signalling list, risk-factor mind
map, parent leaflet), each with one version. The files are small PDFs generated at load time and
plainly marked as placeholders; the real materials are the foundation's registered work."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from hechtwerk.accounts.demo import DemoContext
from hechtwerk.core.documents import render_pdf

from . import services
from .models import Material

# (registration number, name, description)
MATERIALS = (
    (
        "KL-DEMO-001",
        "Signalenlijst",
        "De lijst met signalen voor de hechting in de eerste 1000 dagen.",
    ),
    (
        "KL-DEMO-002",
        "Mindmap risicofactoren",
        "De risicofactoren voor de hechting in één overzicht.",
    ),
    (
        "KL-DEMO-003",
        "Folder voor ouders",
        "Uitleg over hechting voor ouders, mee te geven na het gesprek.",
    ),
)
RELEASED = datetime.date(2025, 1, 6)


def load(context: DemoContext) -> None:
    organisation = context.organisations.get("foundation")
    actor = context.users.get("beheerder")
    if organisation is None:
        return
    for number, name, description in MATERIALS:
        material = Material.objects.filter(
            organisation=organisation, registration_number=number
        ).first() or services.create_material(
            actor=actor,
            organisation=organisation,
            name=name,
            registration_number=number,
            description=description,
        )
        if material.versions.exists():
            continue
        pdf = render_pdf(
            "materials/placeholder_pdf.html",
            {"name": name, "number": number, "label": "1.0", "description": description},
            title=_("%(name)s (voorbeeldbestand)") % {"name": name},
        )
        services.publish_version(
            actor=actor,
            material=material,
            label="1.0",
            release_date=RELEASED,
            data=pdf,
            original_name=f"{number}-voorbeeld.pdf",
            release_notes=_("Voorbeeldbestand voor de demo."),
        )
