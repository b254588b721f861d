"""Migration 0010: the unique constraint of one counted consult per child and moment is made only
when no child has two already; otherwise the migration names them instead of failing with the
database's message."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from .factories import ChildFactory, make_consult, signalenlijst_version

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "hechtwerk.signalling.migrations.0010_one_counted_consult_per_moment"
)
EDITOR = SimpleNamespace(connection=connection)


def test_it_names_the_children_with_two_counted_consults_for_one_moment(nurse):
    signalenlijst_version()
    child = ChildFactory(organisation=nurse.organisation)
    first = make_consult(child=child, actor=nurse.user)
    migration.refuse_doubles(apps, EDITOR)  # one consult per moment: nothing to say

    # A double as two racing saves made before the constraint existed (dropped for the test;
    # the test's transaction brings it back).
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX one_counted_consult_per_moment")
    first.pk = None
    first.uuid = first._meta.get_field("uuid").get_default()
    first.save()
    with pytest.raises(RuntimeError, match=rf"\({child.pk}, {first.contact_moment_id}\)"):
        migration.refuse_doubles(apps, EDITOR)
