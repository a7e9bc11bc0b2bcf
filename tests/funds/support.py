"""Shared pieces of the fund configuration tests."""
from sqlmodel import select


def fresh(db, model, **where):
    """Re-read after a request (the request committed in its own session)."""
    db.expire_all()
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.exec(query).all()


def text_of(response):
    return response.get_data(as_text=True)
