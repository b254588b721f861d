"""Database triggers that refuse UPDATE and DELETE on the access log (T1.5).

A retention purge may delete old rows only while a row in core_accesslogpurgepermit exists,
which the purge command creates and removes inside one transaction.
"""

from django.db import migrations, models

SQLITE = [
    """CREATE TRIGGER core_accessevent_no_update BEFORE UPDATE ON core_accessevent
       BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
    """CREATE TRIGGER core_accessevent_no_delete BEFORE DELETE ON core_accessevent
       WHEN NOT EXISTS (SELECT 1 FROM core_accesslogpurgepermit)
       BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_accessevent_no_update;",
    "DROP TRIGGER IF EXISTS core_accessevent_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_accessevent_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM core_accesslogpurgepermit) THEN
           RETURN OLD;
         END IF;
         -- Emptying an already empty table loses nothing (test database flushes).
         IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM core_accessevent) THEN
           RETURN NULL;
         END IF;
         RAISE EXCEPTION 'access log is append-only';
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_accessevent_append_only BEFORE UPDATE OR DELETE ON core_accessevent
       FOR EACH ROW EXECUTE FUNCTION core_accessevent_append_only();""",
    """CREATE TRIGGER core_accessevent_no_truncate BEFORE TRUNCATE ON core_accessevent
       FOR EACH STATEMENT EXECUTE FUNCTION core_accessevent_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_accessevent_append_only ON core_accessevent;",
    "DROP TRIGGER IF EXISTS core_accessevent_no_truncate ON core_accessevent;",
    "DROP FUNCTION IF EXISTS core_accessevent_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="AccessLogPurgePermit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"verbose_name": "toestemming voor bewaartermijnopschoning"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
