"""Django admin: the policy row and the organisations' contact-moment schedules.

Client records (children, consults, referrals ...) are deliberately not in the admin: platform
staff are not JGZ professionals and may not see them (domain.md §4).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hechtwerk.accounts.models import Organisation

from .models import ContactMoment, SignallingPolicy
from .services import refresh_worklist_facts


@admin.register(SignallingPolicy)
class SignallingPolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "__str__",
        "discuss_threshold",
        "stress_factor_threshold",
        "first_half_year_days",
        "signalenlijst_max_age_days",
        "accumulation_threshold",
        "updated_at",
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "first_half_year_days" in form.changed_data:
            # Which moments put a child on the worklist changed: every child's facts follow.
            refresh_worklist_facts()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row: SignallingPolicy.objects.current() creates it with the defaults.
        return not SignallingPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContactMoment)
class ContactMomentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("label", "code", "age_days", "organisation", "is_active")
    list_filter = ("organisation", "is_active")
    search_fields = ("code", "label")
    ordering = ("organisation", "age_days", "order")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The schedule changed: its organisation's children get their open moments again
        # (and those of the organisation it was moved from, if any).
        refresh_worklist_facts(organisation=obj.organisation)
        before = form.initial.get("organisation")
        if change and before is not None and before != obj.organisation_id:
            refresh_worklist_facts(organisation=Organisation.objects.get(pk=before))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Consults point to their moment; retire a moment with "actief" instead.
        return False
