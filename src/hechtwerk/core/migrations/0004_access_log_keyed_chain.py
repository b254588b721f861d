"""The keyed access-log chain (T1.14): the epoch where the old, unkeyed chain ends.

Lines written before this migration keep their plain sha256 hashes (64 hex characters, no key
id); the head records the last of them in `legacy_last_seq`, and every later line must carry
`<key id>.<HMAC>` with a known key. The first keyed line chains onto the last plain one, so an
edit of an old line still breaks the chain at the first keyed line, which cannot be recomputed
without the key. The application's database role cannot change `legacy_last_seq` (it may update
only the head's `last_hash`, see `setup_database_roles`).
"""

from django.db import migrations, models


def record_legacy_epoch(apps, schema_editor):
    AccessEvent = apps.get_model("core", "AccessEvent")
    AccessLogHead = apps.get_model("core", "AccessLogHead")
    last = AccessEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    if last is None:
        return
    head = AccessLogHead.objects.filter(id=1).first()
    if head is None:
        AccessLogHead.objects.create(
            id=1, last_hash=last[1], anchor_hash="0" * 64, legacy_last_seq=last[0]
        )
    else:
        AccessLogHead.objects.filter(id=1).update(legacy_last_seq=last[0])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_signed_links")]

    operations = [
        migrations.AddField(
            model_name="accessloghead",
            name="legacy_last_seq",
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(record_legacy_epoch, migrations.RunPython.noop),
    ]
