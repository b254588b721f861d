"""Memberships: giving and ending roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import Membership
from hechtwerk.accounts.services import AccountError, add_membership, end_membership
from hechtwerk.accounts.tests.factories import UserFactory
from hechtwerk.core.models import AuditEntry


def test_it_gives_a_role_that_fits_the_kind_of_organisation(jgz, administrator):
    user = UserFactory()

    membership = add_membership(
        actor=administrator.user, user=user, organisation=jgz, role=Role.YOUTH_DOCTOR
    )

    assert Membership.objects.active().for_user(user).get() == membership
    entry = AuditEntry.objects.get(action="accounts.membership.added")
    assert entry.actor == administrator.user
    assert entry.target_id == str(membership.uuid)


def test_it_refuses_a_role_that_does_not_fit_the_organisation(coalition):
    with pytest.raises(AccountError, match="past niet bij"):
        add_membership(
            actor=None, user=UserFactory(), organisation=coalition, role=Role.YOUTH_NURSE
        )

    assert not Membership.objects.exists()


def test_it_gives_an_ended_role_again_without_its_old_end_date(nurse):
    nurse.membership.ends_on = timezone.localdate() - timedelta(days=3)
    nurse.membership.save(update_fields=["ends_on"])
    assert not Membership.objects.active().exists()

    add_membership(
        actor=None, user=nurse.user, organisation=nurse.organisation, role=Role.YOUTH_NURSE
    )

    assert Membership.objects.active().get() == nurse.membership


def test_it_ends_a_role_and_audits_it(nurse):
    end_membership(actor=None, membership=nurse.membership)

    assert not Membership.objects.active().exists()
    assert not nurse.user.requires_mfa()
    assert AuditEntry.objects.filter(action="accounts.membership.ended").count() == 1


def test_it_requires_two_factors_for_staff_and_client_data_roles(nurse, trainer, administrator):
    assert nurse.user.requires_mfa()
    assert administrator.user.requires_mfa()
    assert not trainer.user.requires_mfa()
