"""Alembic owns the schema: migrations build exactly what the models describe, on both databases."""
import os

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import make_url, text
from sqlmodel import SQLModel

from config import ROOT
from portal import models  # noqa: F401
from portal.db import build_engine

PG_URL = os.environ.get("DATABASE_URL", "")


@pytest.fixture
def empty_database(tmp_path):
    if not PG_URL.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    server = build_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"mizani_migrations_{os.getpid()}"
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def alembic_config(url):
    config = Config(toml_file=str(ROOT / "pyproject.toml"))
    config.attributes["url"] = url
    return config


def test_migrations_match_the_models(empty_database):
    command.upgrade(alembic_config(empty_database), "head")
    engine = build_engine(empty_database)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_migrations_downgrade_to_empty(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = build_engine(empty_database)
    with engine.connect() as conn:
        tables = set(SQLModel.metadata.tables) & set(conn.dialect.get_table_names(conn))
    engine.dispose()
    assert tables == set()


def test_migrated_ledger_is_append_only(empty_database):
    command.upgrade(alembic_config(empty_database), "head")
    engine = build_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO ledger_transaction (kind, memo, idempotency_key, created_at) "
                          "VALUES ('x', '', 'k', CURRENT_TIMESTAMP)"))
    with pytest.raises(Exception, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("UPDATE ledger_transaction SET memo = 'changed'"))
    engine.dispose()
