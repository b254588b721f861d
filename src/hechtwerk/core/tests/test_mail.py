"""Mail sent once: unique key, both parts in the recipient's language, sent after commit,
retried with back-off, never carrying health data (T5.6, T6.13)."""

from __future__ import annotations

import io
import re
import smtplib
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from hechtwerk.core.constants import MailStatus
from hechtwerk.core.errors import DomainError
from hechtwerk.core.mail import (
    FORBIDDEN_CONTEXT,
    MAX_ATTEMPTS,
    deliver_mail,
    render_mail,
    retry_failed_mail,
    send_mail_once,
)
from hechtwerk.core.models import AuditEntry, OutgoingMail

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"
MAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "mail"


@pytest.fixture(autouse=True)
def _test_templates():
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    with override_settings(TEMPLATES=[engine]):
        yield


def notice(key=("notice", 1), *, to="ouder@example.org", language="nl", **extra):
    return send_mail_once(
        key=key,
        to=to,
        template="test/notice",
        context={"link_url": "https://hechtwerk.example/l/abc", "title": "Samen Starten & meer"},
        language=language,
        **extra,
    )


def test_it_sends_a_text_and_an_html_part_after_the_transaction_commits(
    django_capture_on_commit_callbacks, foundation, administrator
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outgoing, created = notice(organisation=foundation, actor=administrator.user)
    # Nothing leaves before the commit (T5.6)...
    assert created
    assert django_mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()

    # ...then exactly one mail, with both parts, the link, and no escaping in plain text.
    [sent] = django_mail.outbox
    assert sent.to == ["ouder@example.org"]
    assert sent.subject == "Je inschrijving voor Samen Starten & meer"
    assert "https://hechtwerk.example/l/abc" in sent.body
    assert "Samen Starten & meer" in sent.body
    [(html, mimetype)] = sent.alternatives
    assert mimetype == "text/html"
    assert '<a href="https://hechtwerk.example/l/abc">' in html
    assert "Samen Starten &amp; meer" in html
    assert '<html lang="nl">' in html
    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.SENT
    assert outgoing.sent_at is not None
    # Delivered: no content kept, only who, what kind and when.
    assert outgoing.body_text == outgoing.body_html == ""
    assert AuditEntry.objects.filter(
        action="core.mail.queued", organisation_id=foundation.uuid
    ).exists()


def test_it_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notice()
        transaction.set_rollback(True)

    assert django_mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_it_sends_a_mail_with_the_same_key_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, first_created = notice(key=("reminder", 42, "first-session"))
        second, second_created = notice(key=("reminder", 42, "first-session"))
        notice(key=("reminder", 42, "second-session"))

    assert (first_created, second_created) == (True, False)
    assert first == second
    assert len(django_mail.outbox) == 2
    assert OutgoingMail.objects.count() == 2


def test_it_sends_once_when_the_task_runs_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing, _ = notice()

    assert deliver_mail(outgoing.pk) == MailStatus.SENT
    assert deliver_mail(outgoing.pk) == MailStatus.SENT
    assert len(django_mail.outbox) == 1


def test_it_writes_the_mail_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice(key="en", language="en")
        notice(key="nl", language="nl")

    english, dutch = django_mail.outbox
    assert "automatically" in english.body
    assert '<html lang="en">' in english.alternatives[0][0]
    assert "automatisch verstuurd" in dutch.body


def test_it_refuses_an_invalid_address_with_a_dutch_message():
    with pytest.raises(DomainError) as refused:
        notice(to="geen-adres")
    assert "niet geldig" in refused.value.message
    assert not OutgoingMail.objects.exists()


@pytest.mark.parametrize(
    "context",
    [
        {"case_code": "AB12"},
        {"child_name": "x"},
        {"kind": "x"},
        {"consult_date": "x"},
        {"bsn": "x"},
        {"advice_text": "x"},
        {"enrolment": object()},
    ],
)
def test_it_refuses_context_that_could_carry_client_data(context):
    """T6.13: a link only, no health data, even by mistake of a caller."""
    with pytest.raises(ValueError, match="context"):
        send_mail_once(
            key="x", to="a@example.org", template="test/notice", context=context, language="nl"
        )
    assert not OutgoingMail.objects.exists()


class FlakyBackend:
    """A mail server that refuses the first `failures` attempts."""

    failures = 0
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.failures:
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed: secret@example")
        django_mail.outbox.extend(messages)
        return len(messages)

    def open(self):
        return True

    def close(self):
        pass


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.calls = 0
    FlakyBackend.failures = 1
    return FlakyBackend


def test_it_retries_a_failed_send_after_the_back_off(django_capture_on_commit_callbacks, flaky):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing, _ = notice()

    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.FAILED
    assert outgoing.attempts == 1
    # The error's kind only; never its text (which may hold an address or content).
    assert outgoing.last_error == "SMTPServerDisconnected"
    assert outgoing.next_attempt_at > timezone.now() + timedelta(minutes=4)

    # Before the back-off has passed nothing is tried.
    assert retry_failed_mail() == {}
    assert django_mail.outbox == []

    out = io.StringIO()
    call_command("retry_failed_mail", stdout=out)
    assert "0 verstuurd" in out.getvalue()
    assert django_mail.outbox == []
    assert retry_failed_mail(now=timezone.now() + timedelta(minutes=6)) == {"sent": 1}
    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.SENT
    assert outgoing.attempts == 2
    assert len(django_mail.outbox) == 1


def test_it_gives_up_after_the_last_attempt_and_keeps_no_content(
    django_capture_on_commit_callbacks, flaky
):
    flaky.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        outgoing, _ = notice()
    later = timezone.now()
    for _attempt in range(MAX_ATTEMPTS + 2):
        later += timedelta(days=1)
        retry_failed_mail(now=later)

    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.FAILED
    assert outgoing.attempts == MAX_ATTEMPTS
    assert outgoing.next_attempt_at is None
    assert outgoing.body_text == outgoing.body_html == ""
    assert flaky.calls == MAX_ATTEMPTS


def test_it_sends_a_mail_whose_task_was_lost(flaky):
    """A queued mail whose task never ran (worker down) is picked up by the timer."""
    flaky.failures = 0
    outgoing, _ = notice()  # the on-commit callback never runs inside this test's transaction
    assert retry_failed_mail() == {}
    assert retry_failed_mail(now=timezone.now() + timedelta(minutes=16)) == {"sent": 1}
    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.SENT


# Words that have no place in a mail (T6.13): client data, case codes, health terms.
FORBIDDEN_WORDS = re.compile(
    r"casuscode|case.?code|\bbsn\b|burgerservicenummer|diagnose|signalenlijst|dimensie"
    r"|hechtingsproblem|zorgen over|geboortedatum|consult|verwijzing",
    re.IGNORECASE,
)
TEMPLATE_VARIABLE = re.compile(r"{{\s*([^}|\s]+)|{%\s*(?:if|for|with)\s+([^%]+)%}")


def template_variables(source: str) -> list[str]:
    """Every name a template reads: `{{ a.b }}`, `{% if a %}`, `{% for x in a %}`..."""
    return [
        part
        for match in TEMPLATE_VARIABLE.finditer(source)
        for part in re.split(r"[\s.=]+", match.group(1) or match.group(2))
        if part
    ]


def mail_templates() -> list[Path]:
    return sorted(p for p in MAIL_TEMPLATES.rglob("*") if p.is_file())


def test_it_finds_mail_templates_to_scan():
    names = {p.name for p in mail_templates()}
    assert {"base.html", "base.txt"} <= names


@pytest.mark.parametrize("path", mail_templates(), ids=lambda p: str(p.relative_to(MAIL_TEMPLATES)))
def test_it_keeps_health_data_and_case_codes_out_of_every_mail_template(path):
    """T6.13: every template under templates/mail is a link and a few words, nothing more."""
    source = path.read_text()
    suspicious = [name for name in template_variables(source) if FORBIDDEN_CONTEXT.search(name)]
    assert suspicious == [], f"{path}: variables that look like client data: {suspicious}"
    assert not FORBIDDEN_WORDS.search(source), f"{path}: {FORBIDDEN_WORDS.search(source)}"


def test_it_would_catch_a_template_that_names_a_case_code():
    """The scan itself can fail: a template with a case code is caught."""
    names = template_variables("{{ enrolment.case_code }} {% if item.consult %}{% endif %}")
    assert [name for name in names if FORBIDDEN_CONTEXT.search(name)] == ["case_code", "consult"]
    assert FORBIDDEN_WORDS.search("Uw casuscode is AB12")


def test_it_renders_the_subject_on_one_line():
    rendered = render_mail("test/notice", {"link_url": "x", "title": "A\nB"}, "nl")
    assert rendered.subject == "Je inschrijving voor A B"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_sends_one_mail_when_two_processes_try_the_same_key_at_once():
    """Two workers racing on one key: one row, one mail (the unique key decides)."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection, transaction

    barrier = Barrier(2)

    def attempt(_: int) -> bool:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                _mail, created = notice(key=("reminder", 7, "first-session"))
            return created
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        created = sorted(pool.map(attempt, range(2)))

    assert created == [False, True]
    assert OutgoingMail.objects.count() == 1
    assert len(django_mail.outbox) == 1
