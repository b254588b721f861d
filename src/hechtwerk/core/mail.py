"""Mail that is sent once: recorded under a unique key, rendered in the recipient's language,
delivered by a background task after the transaction commits, retried with back-off.

    send_mail_once(
        key=("reminder", enrolment.uuid, "first-session"),
        to=participant.email,
        template="training/reminder",          # templates/mail/training/reminder.{subject.txt,txt,html}
        context={"session_url": absolute_url(reverse(...))},
        language="nl",
        organisation=edition.organisation,
    )

A second call with the same key does nothing, also when it runs at the same moment in another
process (the key is a unique column). Mail never carries health data or case codes: context keys
that look like them are refused here, and a test scans every template under templates/mail.
Keep the context to links and the few words the reader needs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit import log_action
from .constants import MailStatus
from .errors import DomainError
from .models import OutgoingMail

if TYPE_CHECKING:
    # The kernel imports no app: a user is Django's user model, an organisation a DomainModel.
    from django.contrib.auth.base_user import AbstractBaseUser as User

    from .models import DomainModel as Organisation

# Attempts in all (the first included) before a mail is given up; waits after each failure.
MAX_ATTEMPTS = 6
BACKOFF = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
)
# Context names that suggest client data; a mail must never carry them (T6.13).
FORBIDDEN_CONTEXT = re.compile(
    r"case_?code|casus|child|(^|_)kind(eren)?(_|$)|baby|cli[eë]nt|consult|bsn|dossier|diagnos"
    r"|signal|answer|antwoord|observation|dimension|referral|verwijzing|health|medical"
    r"|gezondheid|notitie|advice|advies",
    re.IGNORECASE,
)
_TEMPLATE_NAME = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
_ALLOWED_VALUES = (str, int, float, date, datetime)

Key = tuple[Any, ...] | str


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def key_hash(key: Key) -> str:
    """The stored form of a mail key: SHA-256 of its parts, so ids in the key are not readable."""
    parts = key if isinstance(key, tuple) else (key,)
    if not parts or any(str(part) == "" for part in parts):
        raise ValueError("a mail key needs at least one non-empty part")
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def absolute_url(path: str) -> str:
    """A link for a mail: the site's address (HECHTWERK_SITE_URL) followed by `path`."""
    return f"{settings.SITE_URL}{path}"


def _check_context(context: Mapping[str, Any]) -> None:
    for name, value in context.items():
        if FORBIDDEN_CONTEXT.search(name):
            raise ValueError(
                f"mail context {name!r} looks like client data; mail carries links only"
            )
        if value is not None and not isinstance(value, _ALLOWED_VALUES):
            # Objects would let a template reach any attribute (a child, a consult...).
            raise ValueError(f"mail context {name!r} must be text, a number or a date")


def render_mail(template: str, context: Mapping[str, Any], language: str) -> RenderedMail:
    """Render `templates/mail/<template>.subject.txt`, `.txt` and `.html` in `language`."""
    if not _TEMPLATE_NAME.match(template):
        raise ValueError(f"invalid mail template name {template!r}")
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    _check_context(context)
    data = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        # Plain-text parts are not HTML: render them with autoescaping off.
        subject = _render_plain(f"mail/{template}.subject.txt", data)
        text = _render_plain(f"mail/{template}.txt", data)
        html = get_template(f"mail/{template}.html").render({**data, "language": language})
    subject = " ".join(subject.split())[:200]
    if not subject:
        raise ValueError(f"mail template {template!r} renders an empty subject")
    return RenderedMail(subject=subject, text=text.strip() + "\n", html=html)


def _render_plain(name: str, data: dict[str, Any]) -> str:
    template = get_template(name).template  # type: ignore[attr-defined]
    return str(template.render(Context(data, autoescape=False)))


def send_mail_once(
    *,
    key: Key,
    to: str,
    template: str,
    context: Mapping[str, Any],
    language: str,
    actor: User | None = None,
    organisation: Organisation | None = None,
) -> tuple[OutgoingMail, bool]:
    """Record a mail under `key` and send it after commit; (mail, False) if the key was used."""
    try:
        validate_email(to)
    except ValidationError as exc:
        raise DomainError(_("Dit e-mailadres is niet geldig."), field="email") from exc
    hashed = key_hash(key)
    existing = OutgoingMail.objects.filter(key_hash=hashed).first()
    if existing is not None:
        return existing, False
    rendered = render_mail(template, context, language)
    with transaction.atomic():
        mail, created = OutgoingMail.objects.get_or_create(
            key_hash=hashed,
            defaults={
                "kind": template,
                "recipient": to.strip(),
                "organisation_id": organisation.uuid if organisation is not None else None,
                "language": language,
                "subject": rendered.subject,
                "body_text": rendered.text,
                "body_html": rendered.html,
                "created_by": actor if actor is not None and actor.is_authenticated else None,
            },
        )
        if created:
            log_action(
                "core.mail.queued",
                actor=actor,
                target=mail,
                organisation=organisation,
                data={"kind": template},
            )
            mail_id = mail.pk
            transaction.on_commit(lambda: _enqueue(mail_id))
    return mail, created


def _enqueue(mail_id: int) -> None:
    from .tasks import deliver_mail_task

    deliver_mail_task.enqueue(mail_id)


def backoff_after(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def deliver_mail(mail_id: int) -> str:
    """Send one recorded mail unless it was sent already; on failure plan the next attempt.

    The row is locked while sending, so two workers given the same id send it once.
    """
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None:
            return "missing"
        if mail.status == MailStatus.SENT or mail.attempts >= MAX_ATTEMPTS:
            return str(mail.status)
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.recipient],
        )
        message.attach_alternative(mail.body_html, "text/html")
        now = timezone.now()
        mail.attempts += 1
        try:
            message.send()
        except Exception as exc:  # any failure of the mail server or the connection
            mail.status = MailStatus.FAILED
            mail.last_error = type(exc).__name__[:200]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.next_attempt_at = None
                mail.body_text = mail.body_html = ""  # given up: keep no content
            else:
                mail.next_attempt_at = now + backoff_after(mail.attempts)
        else:
            mail.status = MailStatus.SENT
            mail.sent_at = now
            mail.next_attempt_at = None
            mail.last_error = ""
            mail.body_text = mail.body_html = ""  # delivered: keep no content
        mail.save(
            update_fields=[
                "status",
                "attempts",
                "last_error",
                "next_attempt_at",
                "sent_at",
                "body_text",
                "body_html",
                "updated_at",
            ]
        )
        return str(mail.status)


def retry_failed_mail(*, now: datetime | None = None) -> dict[str, int]:
    """Try again every mail whose back-off has passed (and any whose task was lost)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    ids = list(
        OutgoingMail.objects.due_for_retry(now=now, max_attempts=MAX_ATTEMPTS)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for mail_id in ids:
        outcome = deliver_mail(mail_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
