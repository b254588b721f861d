"""The log manager's access-log viewer: who may open it, scope, filters, client and employee
overviews, and the review report with planted violations (T1.8, T1.9, T1.10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hechtwerk.accounts.tests.factories import TEST_PASSWORD
from hechtwerk.accounts.tests.helpers import post_code, post_password, totp_code
from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent
from hechtwerk.core.tests.logbook_helpers import plant, verified_client
from hechtwerk.logbook.review import LOCAL_TIME

pytestmark = pytest.mark.django_db

LIST = reverse("logbook:events")
CLIENT = reverse("logbook:client")
REVIEW = reverse("logbook:review")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TIME)


# --- who may open it (T1.8) -------------------------------------------------------------------


def test_it_asks_a_log_manager_without_a_verified_second_factor_for_a_code(client_for, log_manager):
    response = client_for(log_manager).get(LIST + "?client_ref=DOS-1")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    assert "next=" + "%2Flogboek%2F%3Fclient_ref%3DDOS-1" in response.url
    assert not AccessEvent.objects.filter(data_category="toegangslogboek").exists()


@pytest.mark.parametrize("persona", ["nurse", "team_leader", "administrator"])
def test_it_refuses_every_other_role_even_with_two_factors(request, persona):
    client = verified_client(request.getfixturevalue(persona))
    for url in (LIST, CLIENT, REVIEW):
        assert client.get(url).status_code == 403


def test_it_opens_after_a_real_two_factor_sign_in(log_manager):
    cache.clear()
    client = Client()
    response = post_password(client, log_manager.user.email, TEST_PASSWORD)
    assert response.status_code == 302
    post_code(client, totp_code(log_manager.user.totp_secret_value))
    assert client.get(LIST).status_code == 200
    cache.clear()


def test_it_logs_that_the_log_itself_was_opened(log_manager):
    verified_client(log_manager).get(LIST + "?action=R")
    event = AccessEvent.objects.get(data_category="toegangslogboek")
    assert event.action == AccessAction.QUERY
    assert event.user_id == log_manager.user.pk
    assert event.role == "logbeheerder"
    assert event.detail["filters"] == {"action": "R"}


def test_it_shows_the_log_in_the_log_managers_menu(log_manager, nurse):
    assert LIST in verified_client(log_manager).get("/").content.decode()
    assert LIST not in verified_client(nurse).get("/").content.decode()


# --- the list, its scope and filters ----------------------------------------------------------


def test_it_lists_only_lines_of_the_own_organisation(log_manager, nurse, outsider):
    plant(nurse, client_ref="DOS-EIGEN")
    plant(outsider, client_ref="DOS-ELDERS")
    body = verified_client(log_manager).get(LIST).content.decode()
    assert "DOS-EIGEN" in body
    assert "DOS-ELDERS" not in body


def test_it_lists_another_organisations_user_reading_an_own_client(log_manager, outsider, jgz):
    plant(outsider, client_ref="DOS-GELEEND", client_organisation=jgz)
    body = verified_client(log_manager).get(LIST).content.decode()
    assert "DOS-GELEEND" in body
    assert "cliënt van JGZ Hollands Testland" in body


def test_it_filters_by_client_user_action_outcome_and_period(log_manager, nurse, doctor):
    plant(nurse, client_ref="DOS-A", at=local(2026, 3, 2, 10))
    plant(doctor, client_ref="DOS-B", at=local(2026, 3, 9, 10))
    plant(nurse, client_ref="DOS-C", action=AccessAction.UPDATE, at=local(2026, 3, 9, 11))
    plant(nurse, client_ref="DOS-D", outcome=AccessOutcome.FAILURE, at=local(2026, 3, 9, 12))
    client = verified_client(log_manager)

    def refs(**filters: str) -> set[str]:
        page = client.get(LIST, filters).context["lines"]
        return {line.event.client_ref for line in page} - {""}

    assert refs(client_ref="DOS-B") == {"DOS-B"}
    assert refs(user=str(doctor.user.uuid)) == {"DOS-B"}
    assert refs(action="U") == {"DOS-C"}
    assert refs(outcome="failure") == {"DOS-D"}
    assert refs(start="01-03-2026", end="08-03-2026") == {"DOS-A"}
    assert refs(start="2026-03-09") == {"DOS-B", "DOS-C", "DOS-D"}


def test_it_explains_a_reversed_period_at_the_field(log_manager):
    response = verified_client(log_manager).get(LIST, {"start": "09-03-2026", "end": "01-03-2026"})
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_it_pages_fifty_lines_at_a_time_in_a_fixed_number_of_queries(log_manager, nurse):
    for n in range(60):
        plant(nurse, client_ref=f"DOS-{n:03}")
    client = verified_client(log_manager)
    client.get(LIST)  # warm-up: session and caches
    with CaptureQueriesContext(connection) as queries:
        first = client.get(LIST)
    # Session, user, membership, page count and rows, labels, filter choices, its own log line.
    assert len(queries) <= 20, [q["sql"] for q in queries.captured_queries]
    assert len(first.context["lines"]) == 50
    second = client.get(LIST, {"pagina": "2"})
    # 60 planted lines plus the viewer's two earlier openings, newest first.
    assert len(second.context["lines"]) == 12


def test_it_renders_only_the_results_for_htmx(log_manager, nurse):
    plant(nurse, client_ref="DOS-HX")
    response = verified_client(log_manager).get(LIST, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="resultaten"' in body
    assert "<html" not in body


# --- per client (T1.9) ------------------------------------------------------------------------


def test_it_shows_a_clients_overview_chronologically_without_names(log_manager, nurse, doctor):
    plant(doctor, client_ref="DOS-7", at=local(2026, 3, 9, 10), data_category="consult")
    plant(nurse, client_ref="DOS-7", at=local(2026, 3, 2, 9), emergency=True)
    plant(nurse, client_ref="DOS-8", at=local(2026, 3, 3, 9))
    response = verified_client(log_manager).get(CLIENT, {"client_ref": "DOS-7"})
    body = response.content.decode()
    lines = response.context["lines"]
    assert [line.event.occurred_at for line in lines] == sorted(
        line.event.occurred_at for line in lines
    )
    assert [line.event.data_category for line in lines] == ["signalenlijst", "consult"]
    assert "02-03-2026 09:00" in body
    assert "Jeugdverpleegkundige" in body
    assert "JGZ Hollands Testland" in body
    assert nurse.user.email not in body
    assert doctor.user.email not in body


def test_it_shows_employee_names_when_the_log_manager_asks(log_manager, nurse):
    plant(nurse, client_ref="DOS-7")
    client = verified_client(log_manager)
    body = client.get(CLIENT, {"client_ref": "DOS-7", "show_employees": "on"}).content.decode()
    assert nurse.user.email in body
    event = AccessEvent.objects.filter(data_category="toegangslogboek").get()
    assert (event.action, event.client_ref) == (AccessAction.READ, "DOS-7")
    assert event.detail["filters"] == {"show_employees": "True"}


def test_it_filters_a_clients_overview_by_period(log_manager, nurse):
    plant(nurse, client_ref="DOS-7", at=local(2026, 1, 5, 9))
    plant(nurse, client_ref="DOS-7", at=local(2026, 3, 5, 9))
    response = verified_client(log_manager).get(
        CLIENT, {"client_ref": "DOS-7", "start": "01-03-2026", "end": "31-03-2026"}
    )
    assert len(response.context["lines"]) == 1


def test_it_never_shows_another_organisations_client_with_the_same_reference(log_manager, outsider):
    plant(outsider, client_ref="DOS-7")
    response = verified_client(log_manager).get(CLIENT, {"client_ref": "DOS-7"})
    assert response.context["lines"] == []


# --- per employee -----------------------------------------------------------------------------


def test_it_lists_one_employees_lines(log_manager, nurse, doctor):
    plant(nurse, client_ref="DOS-N")
    plant(doctor, client_ref="DOS-D")
    url = reverse("logbook:employee", kwargs={"user_uuid": nurse.user.uuid})
    response = verified_client(log_manager).get(url)
    assert {line.event.client_ref for line in response.context["lines"]} == {"DOS-N"}


def test_it_answers_404_for_an_employee_of_another_organisation(log_manager, outsider):
    plant(outsider, client_ref="DOS-ELDERS")
    url = reverse("logbook:employee", kwargs={"user_uuid": outsider.user.uuid})
    assert verified_client(log_manager).get(url).status_code == 404


def test_it_lists_an_outsiders_reads_of_own_clients(log_manager, outsider, jgz):
    plant(outsider, client_ref="DOS-ELDERS")
    plant(outsider, client_ref="DOS-EIGEN", client_organisation=jgz)
    url = reverse("logbook:employee", kwargs={"user_uuid": outsider.user.uuid})
    response = verified_client(log_manager).get(url)
    assert {line.event.client_ref for line in response.context["lines"]} == {"DOS-EIGEN"}


# --- the review report (T1.10) ----------------------------------------------------------------


@pytest.fixture
def ordinary_month(nurse, doctor):
    """A month of unremarkable work: daytime reads, a few evening reads, all within the org."""
    for day in range(2, 28):
        plant(nurse, client_ref=f"DOS-{day}", at=local(2026, 3, day, 10))
        plant(doctor, client_ref=f"DOS-{day}", at=local(2026, 3, day, 14))
    for n in range(20):  # exactly the threshold at night: not flagged
        plant(nurse, client_ref=f"DOS-N{n}", at=local(2026, 3, 10, 23) + dt.timedelta(minutes=n))


def review(client: Client) -> object:
    return client.get(REVIEW, {"start": "01-03-2026", "end": "31-03-2026"}).context["report"]


def test_it_finds_nothing_in_an_ordinary_month(log_manager, ordinary_month):
    report = review(verified_client(log_manager))
    assert report.finding_count == 0


def test_it_flags_a_read_of_a_client_of_another_organisation(
    log_manager, ordinary_month, outsider, jgz
):
    plant(outsider, client_ref="DOS-5", client_organisation=jgz, at=local(2026, 3, 5, 11))
    report = review(verified_client(log_manager))
    assert report.finding_count == 1
    assert [line.event.client_ref for line in report.other_organisation] == ["DOS-5"]


def test_it_flags_emergency_use(log_manager, ordinary_month, doctor):
    plant(doctor, client_ref="DOS-9", emergency=True, at=local(2026, 3, 6, 11))
    report = review(verified_client(log_manager))
    assert [line.event.client_ref for line in report.emergency] == ["DOS-9"]
    assert report.finding_count == 1


def test_it_flags_a_denied_attempt(log_manager, ordinary_month, nurse):
    plant(nurse, client_ref="", outcome=AccessOutcome.FAILURE, at=local(2026, 3, 6, 11))
    report = review(verified_client(log_manager))
    assert len(report.denied) == 1
    assert report.finding_count == 1


def test_it_flags_more_than_twenty_reads_in_one_night(log_manager, ordinary_month, doctor):
    # 21 reads spread over midnight belong to the night that started on 12 March.
    start = local(2026, 3, 12, 23, 30)
    for n in range(21):
        plant(doctor, client_ref=f"DOS-X{n}", at=start + dt.timedelta(minutes=3 * n))
    client = verified_client(log_manager)
    report = review(client)
    assert report.finding_count == 1
    bulk, email = report.night_bulk[0]
    assert (bulk.night, bulk.reads, email) == (dt.date(2026, 3, 12), 21, doctor.user.email)
    body = client.get(REVIEW, {"start": "01-03-2026", "end": "31-03-2026"}).content.decode()
    assert "12-03-2026" in body


# --- the review's pure rules ------------------------------------------------------------------


def test_it_counts_twenty_two_to_six_amsterdam_time_as_night():
    from hechtwerk.logbook.review import is_night, night_of

    assert is_night(local(2026, 7, 1, 22, 0))
    assert is_night(local(2026, 7, 1, 5, 59))
    assert not is_night(local(2026, 7, 1, 6, 0))
    assert not is_night(local(2026, 7, 1, 21, 59))
    # 20:30 UTC in summer is 22:30 in Amsterdam.
    assert is_night(dt.datetime(2026, 7, 1, 20, 30, tzinfo=dt.UTC))
    assert night_of(local(2026, 7, 2, 0, 30)) == dt.date(2026, 7, 1)


# --- an outsider's refused attempt, and one way of naming people --------------------------------


def test_it_tells_the_clients_organisation_about_an_outsiders_refused_attempt(
    client_for, log_manager, outsider
):
    """T1.4, T1.10: the refused attempt names the child and the organisation aimed at, so the
    own organisation's log (list, client overview and monthly review) shows it."""
    from hechtwerk.signalling.tests.factories import ChildFactory

    child = ChildFactory(organisation=log_manager.organisation, case_code="DOS-DOEL")
    url = reverse("signalling:child_detail", kwargs={"child_uuid": child.uuid})
    assert client_for(outsider).get(url).status_code == 404

    client = verified_client(log_manager)
    body = client.get(LIST, {"client_ref": "DOS-DOEL"}).content.decode()
    assert "DOS-DOEL" in body
    assert outsider.user.email in body
    assert "JGZ Elders" in body  # the outsider's organisation, on the line
    report = client.get(REVIEW).context["report"]
    denied = [line for line in report.denied if line.event.client_ref == "DOS-DOEL"]
    assert len(denied) == 1
    assert denied[0].client_organisation == log_manager.organisation.name
    assert denied[0].organisation == "JGZ Elders"
    overview = client.get(CLIENT, {"client_ref": "DOS-DOEL"}).content.decode()
    assert "geweigerd" in overview


def test_it_names_people_in_the_employee_filter_as_the_table_does(log_manager, nurse):
    plant(nurse, client_ref="DOS-NAAM")
    body = verified_client(log_manager).get(LIST).content.decode()
    table_name = f">{nurse.user.email}</a>"
    assert table_name in body
    option = f'<option value="{nurse.user.uuid}">{nurse.user.email}</option>'
    assert option in body
    assert str(nurse.user) != nurse.user.email  # a full name would have read differently
