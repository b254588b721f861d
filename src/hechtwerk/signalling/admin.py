"""Django admin: the policy row and the organisations' contact-moment schedules.

Client records (children, consults, referrals ...) are deliberately not in the admin: platform
staff are not JGZ professionals and may not see them (domain.md §4).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ContactMoment, SignallingPolicy


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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Consults point to their moment; retire a moment with "actief" instead.
        return False
