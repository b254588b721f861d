"""Shared base model, the change log (AuditEntry) and the NEN 7513 access log (AccessEvent)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import AccessAction, AccessOutcome, MailStatus


class DomainModel(models.Model):
    """Base for domain records: a public UUID for URLs, and who created or changed it when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made through a service: `log_action("training.certificate.issued", ...)`."""

    action = models.CharField(_("handeling"), max_length=100, db_index=True)
    occurred_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgevoerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The organisation's uuid, as in AccessEvent: the kernel keeps no key into accounts' tables.
    organisation_id = models.UUIDField(_("organisatie"), null=True, blank=True, db_index=True)
    target_type = models.CharField(_("soort object"), max_length=100, blank=True)
    target_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditregels")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of an append-only log."""


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Het toegangslogboek kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het toegangslogboek kan niet worden verwijderd.")

    def for_client(self, organisation_id: uuid.UUID, client_ref: str) -> AccessEventQuerySet:
        return self.filter(client_organisation_id=organisation_id, client_ref=client_ref)

    def chronological(self) -> AccessEventQuerySet:
        return self.order_by("occurred_at", "seq")


class AccessEvent(models.Model):
    """An append-only NEN 7513 log line: who did what to which client's data, when, and the outcome.

    Rows are chained: `hash = "<key id>." + HMAC-SHA256(key, key id | prev_hash | canonical
    row)` (base64url) with a key from the environment, so an edit behind the application's back,
    even one that recomputes the hashes, is found by `manage.py verify_access_log` (T1.6, T1.14).
    Rows written before the keyed chain (up to `AccessLogHead.legacy_last_seq`) hold a plain
    `sha256(prev_hash || canonical row)` in hex, without a key id. The key id lives inside the
    hash column so that a row keeps 19 inserted columns: 52 rows per INSERT on SQLite's
    999-parameter limit, a worklist page of 50 in one statement.
    """

    seq = models.BigAutoField(primary_key=True)
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("tijdstip"), db_index=True)
    action = models.CharField(_("handeling"), max_length=1, choices=AccessAction.choices)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=AccessOutcome.choices)
    user_id = models.BigIntegerField(_("gebruiker"), null=True, blank=True, db_index=True)
    user_display = models.CharField(_("gebruikersnaam"), max_length=254, blank=True)
    role = models.CharField(_("rol"), max_length=40, blank=True)
    organisation_id = models.UUIDField(_("organisatie van de gebruiker"), null=True, blank=True)
    responsible_user_id = models.BigIntegerField(
        _("verantwoordelijke gebruiker"), null=True, blank=True
    )
    client_organisation_id = models.UUIDField(_("organisatie van de cliënt"), null=True, blank=True)
    client_ref = models.CharField(_("cliëntreferentie"), max_length=64, blank=True, db_index=True)
    data_category = models.CharField(_("gegevenscategorie"), max_length=60)
    authorisation_basis = models.CharField(_("grondslag"), max_length=60, blank=True)
    emergency = models.BooleanField(_("noodprocedure"), default=False)
    access_point = models.CharField(_("toegangspunt (IP)"), max_length=64, blank=True)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects: ClassVar[AccessEventQuerySet] = AccessEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("toegangsgebeurtenis")
        verbose_name_plural = _("toegangslogboek")
        ordering = ["seq"]
        indexes = [models.Index(fields=["client_organisation_id", "client_ref", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.client_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Het toegangslogboek kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het toegangslogboek kan niet worden verwijderd.")

    @property
    def key_id(self) -> str:
        """The id of the key this line's hash was made with; "" for a plain (pre-key) line."""
        key_id, dot, _mac = self.hash.partition(".")
        return key_id if dot else ""


class AccessLogHead(models.Model):
    """The single row holding the newest hash; locked while a line is appended so the chain stays
    linear under concurrency. After a retention purge it also holds the anchor of the oldest row.

    The application's database role may update `last_hash` only (column grant, docs/deploy.md);
    `anchor_hash` belongs to the purge role and `legacy_last_seq` to the migrations."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    anchor_hash = models.CharField(max_length=64)
    # Rows up to this seq were written before the keyed chain (plain sha256); every later row
    # must carry a known key id. Set once by migration core/0004; 0 on a new database.
    legacy_last_seq = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("kop van het toegangslogboek")
        verbose_name_plural = _("kop van het toegangslogboek")

    def __str__(self) -> str:
        return self.last_hash


class AccessLogPurgePermit(models.Model):
    """Exists only inside the retention purge's transaction; the delete trigger checks for it."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toestemming voor bewaartermijnopschoning")

    def __str__(self) -> str:
        return str(self.created_at)


class SignedLinkQuerySet(models.QuerySet["SignedLink"]):
    def usable(self) -> SignedLinkQuerySet:
        """Not revoked, not expired, and (for a single-use link) not used yet."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).exclude(
            Q(single_use=True) & Q(used_at__isnull=False)
        )

    def for_target(self, purpose: str, target_type: str, target_id: str) -> SignedLinkQuerySet:
        return self.filter(purpose=purpose, target_type=target_type, target_id=target_id)


class SignedLink(DomainModel):
    """A link for someone without an account (a parent enrolling, an invitee answering).

    Only the SHA-256 hash of the secret is stored; the link is bound to one purpose and one
    object, expires, can be revoked, and a single-use link works once (`core.links`).
    """

    purpose = models.CharField(_("doel"), max_length=50, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # The object the link opens: a model label ("training.enrolment") with the object's uuid, or
    # an empty type with a free target string (e.g. a user's calendar feed "user:<uuid>").
    target_type = models.CharField(_("soort object"), max_length=100, blank=True)
    target_id = models.CharField(_("object"), max_length=200)
    single_use = models.BooleanField(_("eenmalig"), default=False)
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    # The organisation's uuid, like AuditEntry's and AccessEvent's: the kernel names no app's model.
    organisation_id = models.UUIDField(_("organisatie"), null=True, blank=True)

    objects: ClassVar[SignedLinkQuerySet] = SignedLinkQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("ondertekende link")
        verbose_name_plural = _("ondertekende links")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["purpose", "target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.target_type}:{self.target_id}"


class OutgoingMailQuerySet(models.QuerySet["OutgoingMail"]):
    def for_organisation(self, organisation_id: uuid.UUID) -> OutgoingMailQuerySet:
        return self.filter(organisation_id=organisation_id)

    def due_for_retry(self, *, now: datetime, max_attempts: int) -> OutgoingMailQuerySet:
        """Failed sends whose back-off has passed, and queued mails whose task never ran."""
        stuck_before = now - timedelta(minutes=15)
        return self.filter(
            Q(status=MailStatus.FAILED, next_attempt_at__lte=now, attempts__lt=max_attempts)
            | Q(status=MailStatus.QUEUED, created_at__lte=stuck_before)
        )


class OutgoingMail(DomainModel):
    """One e-mail, recorded before it is sent; the unique key makes sure it goes out once.

    The rendered bodies are kept only until the mail is delivered (or given up); the log keeps
    who, which subject, when and whether it arrived at the mail server. Mail never carries health
    data: its templates are scanned by a test and its context is checked (`core.mail`).
    """

    key_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("soort"), max_length=100)
    recipient = models.EmailField(_("ontvanger"))
    # The organisation's uuid, like AuditEntry's and AccessEvent's: the kernel names no app's model.
    organisation_id = models.UUIDField(_("organisatie"), null=True, blank=True)
    language = models.CharField(_("taal"), max_length=10)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    # The kind of error only (e.g. "SMTPRecipientsRefused"), never the message's content.
    last_error = models.CharField(_("laatste fout"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    objects: ClassVar[OutgoingMailQuerySet] = OutgoingMailQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation_id", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.status})"
