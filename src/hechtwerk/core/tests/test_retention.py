"""Retention of the access log (T1.7): never younger than five years, gone after the maximum,
and the hash chain still verifies after a purge."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from hechtwerk.core.access import verify_chain
from hechtwerk.core.models import AccessEvent, AccessLogPurgePermit, AuditEntry
from hechtwerk.core.retention import purge_access_log, years_before

from .logbook_helpers import plant

WRITTEN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def old_and_new(nurse):
    """Three lines written on 2 March 2026 and one a year later."""
    with time_machine.travel(WRITTEN, tick=False):
        old = [plant(nurse, client_ref=f"DOS-{n}") for n in range(3)]
    with time_machine.travel(WRITTEN.replace(year=2027), tick=False):
        new = plant(nurse, client_ref="DOS-NIEUW")
    return old, new


def purge_at(moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        call_command("purge_access_log")
    return AccessEvent.objects.count()


@pytest.mark.django_db
def test_it_keeps_lines_of_four_years_and_364_days(old_and_new, settings):
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 5
    assert purge_at(WRITTEN + dt.timedelta(days=4 * 365 + 364)) == 4


@pytest.mark.django_db
def test_it_keeps_five_years_even_when_the_maximum_is_set_lower(old_and_new, settings):
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 2
    settings.ACCESS_LOG_RETENTION_YEARS = 1
    assert purge_at(WRITTEN + dt.timedelta(days=4 * 365 + 364)) == 4


@pytest.mark.django_db
def test_it_removes_lines_past_five_years_and_a_day_and_the_chain_still_verifies(
    old_and_new, settings, nurse
):
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 5
    assert purge_at(years_before(WRITTEN, -5) + dt.timedelta(days=1)) == 1
    assert list(AccessEvent.objects.values_list("client_ref", flat=True)) == ["DOS-NIEUW"]
    assert list(verify_chain()) == []
    call_command("verify_access_log")
    # The chain goes on after the purge.
    plant(nurse, client_ref="DOS-LATER")
    assert list(verify_chain()) == []
    assert not AccessLogPurgePermit.objects.exists()
    assert AuditEntry.objects.get(action="core.access_log.purged").data["deleted"] == 3


@pytest.mark.django_db
def test_it_keeps_lines_until_the_configured_maximum(old_and_new, settings):
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 20
    assert purge_at(years_before(WRITTEN, -5) + dt.timedelta(days=1)) == 4
    assert purge_at(years_before(WRITTEN, -20) + dt.timedelta(days=1)) == 1
    assert purge_at(years_before(WRITTEN, -21) + dt.timedelta(days=1)) == 0
    assert list(verify_chain()) == []


@pytest.mark.django_db
def test_it_only_counts_in_a_dry_run(old_and_new, settings):
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 5
    with time_machine.travel(years_before(WRITTEN, -6), tick=False):
        result = purge_access_log(dry_run=True)
    assert (result.deleted, AccessEvent.objects.count()) == (3, 4)


@pytest.mark.django_db
def test_it_stops_at_a_younger_line_so_that_only_a_prefix_of_the_chain_goes(nurse, settings):
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 5
    with time_machine.travel(WRITTEN, tick=False):
        plant(nurse, client_ref="OUD-1")
        plant(nurse, client_ref="NIEUW", at=WRITTEN.replace(year=2030))
        plant(nurse, client_ref="OUD-2")
    assert purge_at(years_before(WRITTEN, -6)) == 2
    assert list(verify_chain()) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_purges_through_the_postgresql_triggers_and_nothing_else_may_delete(nurse, settings):
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 5
    with time_machine.travel(WRITTEN.replace(year=2015), tick=False):
        plant(nurse, client_ref="OUD")
    plant(nurse, client_ref="NU")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_accessevent")
    purge_access_log()
    assert list(AccessEvent.objects.values_list("client_ref", flat=True)) == ["NU"]
    assert list(verify_chain()) == []
