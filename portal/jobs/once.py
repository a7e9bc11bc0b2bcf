"""INSERT … ON CONFLICT DO NOTHING on both engines: the building block of jobs that run once.

Inserting first and letting a UNIQUE constraint refuse the second writer is what makes a job
safe to run twice, or twice at the same time: there is no window between "check" and "write".
"""
from sqlalchemy.dialects import postgresql, sqlite


def insert_once(session, model, values, unique):
    """Insert a row of `model` unless one with the same `unique` columns exists.

    Returns the new row's id, or None when the row was already there. Core insert: pass every
    NOT NULL value (model defaults such as timestamps are not applied).
    """
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    table = model.__table__
    statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=list(unique))
    return session.execute(statement.returning(table.c.id)).scalar_one_or_none()
