"""Least-privilege database roles on PostgreSQL (T1.14, docs/deploy.md §5).

Three roles:
- the **owner** owns the schema and every table and runs the migrations; only it (or a superuser)
  can disable or drop the access log's triggers;
- the **application** role (`DATABASE_URL`) reads and writes the domain tables, but on the
  access log may only INSERT and SELECT lines, SELECT and INSERT the head row and UPDATE its
  `last_hash` column; it has no rights on the purge permit;
- the **purge** role (`HECHTWERK_PURGE_DATABASE_URL`) alone may write the purge permit, delete
  lines and move the head's `anchor_hash`.

`grant_statements` is the SQL; `manage.py setup_database_roles` prints or runs it as the owner,
and after every `migrate` the grants are applied again when the role names are configured, so a
new table gets the right rights (default privileges cover tables the owner creates later).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections

# The access log's tables: the application role gets only what appending needs.
LOG_TABLE = "core_accessevent"
HEAD_TABLE = "core_accessloghead"
PERMIT_TABLE = "core_accesslogpurgepermit"
AUDIT_TABLE = "core_auditentry"


def grant_statements(app_role: str, purge_role: str, *, schema: str = "public") -> list[str]:
    """GRANT/REVOKE statements that give each role exactly its rights; safe to run again."""
    app, purge = _quote(app_role), _quote(purge_role)
    ns = _quote(schema)
    return [
        # The application: everything it needs on the domain tables, nothing it could use to
        # rewrite the log. It owns nothing, so it cannot ALTER or DISABLE TRIGGER.
        f"GRANT USAGE ON SCHEMA {ns} TO {app}, {purge}",
        f"REVOKE CREATE ON SCHEMA {ns} FROM {app}, {purge}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {ns} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {ns} TO {app}",
        f"REVOKE ALL ON {LOG_TABLE}, {HEAD_TABLE}, {PERMIT_TABLE} FROM {app}",
        f"REVOKE ALL ON SEQUENCE {PERMIT_TABLE}_id_seq FROM {app}",
        f"GRANT SELECT, INSERT ON {LOG_TABLE} TO {app}",
        f"GRANT SELECT, INSERT ON {HEAD_TABLE} TO {app}",
        f"GRANT UPDATE (last_hash) ON {HEAD_TABLE} TO {app}",
        # The purge role: old lines, the permit and the anchor, nothing else.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {ns} FROM {purge}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {ns} FROM {purge}",
        f"GRANT SELECT, DELETE ON {LOG_TABLE} TO {purge}",
        f"GRANT SELECT, INSERT ON {HEAD_TABLE} TO {purge}",
        f"GRANT UPDATE (anchor_hash) ON {HEAD_TABLE} TO {purge}",
        f"GRANT SELECT, INSERT, DELETE ON {PERMIT_TABLE} TO {purge}",
        f"GRANT USAGE, SELECT ON SEQUENCE {PERMIT_TABLE}_id_seq TO {purge}",
        # ... and its own change-log entry (core.access_log.purged).
        f"GRANT INSERT, SELECT (id) ON {AUDIT_TABLE} TO {purge}",  # INSERT ... RETURNING id
        f"GRANT USAGE ON SEQUENCE {AUDIT_TABLE}_id_seq TO {purge}",
        # Tables and sequences the owner creates later (new migrations) are the application's
        # to use; the log tables above stay restricted because this list runs after migrate.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {ns} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {ns} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]


def _quote(name: str) -> str:
    if not name or '"' in name or "\x00" in name:
        raise ValueError(f"Not a usable role or schema name: {name!r}")
    return f'"{name}"'


def apply_grants(app_role: str, purge_role: str, *, using: str = "default") -> list[str]:
    """Run the grants on `using` (as its role, which must own the tables)."""
    statements = grant_statements(app_role, purge_role)
    with connections[using].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


def regrant_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate: keep the grants right after every migrate, when the roles are configured."""
    if connections[using].vendor != "postgresql":
        return
    if settings.DATABASE_APP_ROLE and settings.DATABASE_PURGE_ROLE:
        apply_grants(settings.DATABASE_APP_ROLE, settings.DATABASE_PURGE_ROLE, using=using)
