"""AuditEntry keeps the organisation's uuid instead of a foreign key into accounts (the kernel
depends on no app); existing rows get the uuid of the organisation they pointed at."""

from django.db import migrations, models


def copy_organisation_uuids(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    Organisation = apps.get_model("accounts", "Organisation")
    uuids = dict(Organisation.objects.values_list("pk", "uuid"))
    for entry in AuditEntry.objects.exclude(organisation__isnull=True).only("pk", "organisation"):
        AuditEntry.objects.filter(pk=entry.pk).update(
            organisation_uuid=uuids.get(entry.organisation_id)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("core", "0005_outgoing_mail"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="organisation_uuid",
            field=models.UUIDField(null=True, blank=True),
        ),
        migrations.RunPython(copy_organisation_uuids, migrations.RunPython.noop),
        migrations.RemoveField(model_name="auditentry", name="organisation"),
        migrations.RenameField(
            model_name="auditentry", old_name="organisation_uuid", new_name="organisation_id"
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="organisation_id",
            field=models.UUIDField(
                blank=True, db_index=True, null=True, verbose_name="organisatie"
            ),
        ),
    ]
