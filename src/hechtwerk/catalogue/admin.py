"""Read-only admin views: the catalogue is edited through its own pages, where every change is
validated and kept in the revision history."""

from typing import Any

from django.contrib import admin

from .models import AlternativeValue, Intervention, MatchingRule, OrganisationOffer, Theme


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class AlternativeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AlternativeValue
    extra = 0
    fields = ("field", "low", "high", "text", "source")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Intervention)
class InterventionAdmin(ReadOnlyAdmin):
    list_display = ("name", "format", "prevention_level", "evidence_level", "is_active")
    list_filter = ("format", "prevention_level", "evidence_level", "is_active")
    search_fields = ("name", "owner")
    inlines = [AlternativeInline]


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind")


@admin.register(MatchingRule)
class MatchingRuleAdmin(ReadOnlyAdmin):
    list_display = ("situation_kind", "code", "target_kind", "target", "weight", "is_active")


@admin.register(OrganisationOffer)
class OrganisationOfferAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "intervention", "kind")
