"""Database connections: persistent only where a process manager bounds them (T3.1).

`runserver` with a fixed conn_max_age left a connection open per request thread and exhausted
PostgreSQL's connections; persistent connections now need HECHTWERK_DB_CONN_MAX_AGE (set for
gunicorn), and a reused connection is health-checked first.
"""

from __future__ import annotations

import pytest

from config.settings import database_settings

POSTGRES = "postgres://hechtwerk@127.0.0.1:5432/hechtwerk"


def test_it_closes_postgresql_connections_after_each_request_by_default():
    config = database_settings(POSTGRES, None)

    assert config["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("value", ["60", "600"])
def test_it_keeps_connections_only_when_the_deployment_asks_for_it(value):
    config = database_settings(POSTGRES, value)

    assert config["CONN_MAX_AGE"] == int(value)
    assert config["CONN_HEALTH_CHECKS"] is True


def test_it_checks_a_reused_connection_before_using_it():
    assert database_settings(POSTGRES, None)["CONN_HEALTH_CHECKS"] is True


def test_it_never_keeps_sqlite_connections(tmp_path):
    config = database_settings(f"sqlite:///{tmp_path / 'db.sqlite3'}", "600")

    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["timeout"] == 20
