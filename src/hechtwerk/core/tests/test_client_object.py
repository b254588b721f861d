"""client_object_or_404: one log line per load, denied loads included (T1.1, T1.4).

Organisation stands in for a client-data model: the queryset is scoped to the user's own
organisation, as a real `visible_to(membership)` would be.
"""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory

from hechtwerk.accounts.models import Organisation
from hechtwerk.core.access import client_object_or_404
from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent

pytestmark = pytest.mark.django_db


def load(persona, uuid):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.30")
    request.user = persona.user
    request.membership = persona.membership
    scoped = Organisation.objects.filter(pk=persona.organisation.pk)
    return client_object_or_404(
        request,
        scoped,
        data_category="signalenlijst",
        client_ref=lambda org: (f"DOS-{org.pk}", org.uuid),
        uuid=uuid,
    )


def test_it_logs_a_denied_attempt_on_another_organisations_object(nurse, other_jgz):
    """T1.4, T1.16: the denied line names the client and organisation that were aimed at."""
    with pytest.raises(Http404):
        load(nurse, other_jgz.uuid)
    event = AccessEvent.objects.get()
    assert event.outcome == AccessOutcome.FAILURE
    assert event.action == AccessAction.READ
    assert event.user_id == nurse.user.pk
    assert (event.client_ref, event.client_organisation_id) == (
        f"DOS-{other_jgz.pk}",
        other_jgz.uuid,
    )
    assert event.detail == {"lookup": {"uuid": str(other_jgz.uuid)}}


def test_it_logs_a_denied_attempt_on_a_missing_object_without_a_client(nurse):
    with pytest.raises(Http404):
        load(nurse, uuid.uuid4())
    event = AccessEvent.objects.get()
    assert (event.outcome, event.client_ref, event.client_organisation_id) == (
        AccessOutcome.FAILURE,
        "",
        None,
    )


def test_it_logs_one_successful_read_of_an_own_object(nurse, jgz):
    assert load(nurse, jgz.uuid) == jgz
    event = AccessEvent.objects.get()
    assert event.outcome == AccessOutcome.SUCCESS
    assert (event.client_ref, event.client_organisation_id) == (f"DOS-{jgz.pk}", jgz.uuid)
    assert event.access_point == "192.0.2.30"
