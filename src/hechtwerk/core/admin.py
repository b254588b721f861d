from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("occurred_at", "action", "actor", "organisation_id", "target_type", "target_id")
    list_filter = ("action",)
    readonly_fields = (
        "occurred_at",
        "action",
        "actor",
        "organisation_id",
        "target_type",
        "target_id",
        "data",
    )

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
