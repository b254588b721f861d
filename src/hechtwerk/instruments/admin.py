"""Django admin for instruments: drafts can be edited, published and retired versions are read-only.

Normal work goes through the beheerder pages (import, publish, retire); the admin is for looking.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AnswerOption, Instrument, InstrumentVersion, Item


def _locked(obj: Any) -> bool:
    version = obj if isinstance(obj, InstrumentVersion) else getattr(obj, "version", None)
    return version is not None and not version.is_draft


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "kind", "owner")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    fields = ("code", "name", "kind", "description", "owner")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Item
    extra = 0
    fields = (
        "order",
        "code",
        "text",
        "kind",
        "group",
        "group_label",
        "required",
        "bds_element_id",
        "not_in_bds",
    )
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj)


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("instrument", "version", "status", "is_illustrative", "published_at")
    list_filter = ("status", "is_illustrative", "instrument")
    fields = (
        "instrument",
        "version",
        "status",
        "published_at",
        "retired_at",
        "is_illustrative",
        "source",
        "licence_note",
        "canonical_url",
    )
    # Status changes go through publish/retire (services), never by editing the field.
    readonly_fields = ("status", "published_at", "retired_at")
    inlines = [ItemInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _locked(obj):
            return self.fields
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not _locked(obj)


class AnswerOptionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AnswerOption
    extra = 0
    fields = ("order", "code", "label")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "version", "kind", "group", "order")
    list_filter = ("version__instrument", "kind")
    search_fields = ("code", "text")
    inlines = [AnswerOptionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not _locked(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and not _locked(obj)
