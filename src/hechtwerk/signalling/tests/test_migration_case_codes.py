"""Data migration 0006: existing case codes become NFKC-normalised where no collision follows."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from .factories import ChildFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("hechtwerk.signalling.migrations.0006_normalise_case_codes")


def test_it_normalises_look_alikes_unless_that_would_collide(nurse, outsider):
    wide = ChildFactory(organisation=nurse.organisation, case_code=" ＡＢ-１ ")
    twin = ChildFactory(organisation=nurse.organisation, case_code="ＤＥＭＯ-００１")
    ChildFactory(organisation=nurse.organisation, case_code="demo-001")
    elsewhere = ChildFactory(organisation=outsider.organisation, case_code="ＤＥＭＯ-００１")
    migration.normalise(apps, None)
    for child in (wide, twin, elsewhere):
        child.refresh_from_db()
    assert wide.case_code == "AB-1"
    assert twin.case_code == "ＤＥＭＯ-００１"  # demo-001 exists in the same organisation
    assert elsewhere.case_code == "DEMO-001"
