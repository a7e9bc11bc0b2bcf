"""Alembic environment: the schema comes from SQLModel.metadata; the URL from Mizani's config.

Tests pass an explicit URL through `config.attributes["url"]`.
"""
from alembic import context
from sqlmodel import SQLModel

import config as mizani_config
from portal import models  # noqa: F401  (registers every table)
from portal.db import build_engine

target_metadata = SQLModel.metadata


def database_url():
    return context.config.attributes.get("url") or mizani_config.load().DATABASE_URL


def run_migrations_offline():
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    url = database_url()
    if url.startswith("sqlite:///"):
        from pathlib import Path
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = build_engine(url)
    with engine.connect() as connection:
        # SQLite cannot ALTER most things: batch mode recreates tables when needed.
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
