"""The organisation's CSV goes through the shared export: a case code that a spreadsheet would
evaluate comes out as text (OWASP CSV Injection; issue 7), with a BOM for Excel, and the export
is logged per child (T1.3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent

from .factories import ChildFactory, make_consult

pytestmark = pytest.mark.django_db


def test_it_neutralises_case_codes_that_begin_like_a_formula(client_for, nurse, version):
    # Written straight to the table: case codes are being limited to a safe character set,
    # and the export must hold even for a code stored before that.
    for code in ("=1+1", "@SUM(A1)", "-2+3", "DOS-7"):
        make_consult(
            child=ChildFactory(organisation=nurse.organisation, case_code=code), actor=nurse.user
        )

    response = client_for(nurse).get(reverse("signalling:organisation_csv"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="signalering.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    first_cells = [
        line.split(";", 1)[0] for line in response.content.decode("utf-8-sig").splitlines()[1:]
    ]
    assert sorted(first_cells) == sorted(["'=1+1", "'@SUM(A1)", "'-2+3", "DOS-7"])
    assert AccessEvent.objects.filter(action=AccessAction.EXPORT).count() == 4
