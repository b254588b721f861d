"""Background tasks of core (django-tasks): each takes ids, never objects."""

from __future__ import annotations

from django_tasks import task

from .mail import deliver_mail


@task()
def deliver_mail_task(mail_id: int) -> str:
    """Send one recorded mail (see `core.mail.deliver_mail`)."""
    return deliver_mail(mail_id)
