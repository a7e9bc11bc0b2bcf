"""Questions people ask before applying ("ask us a question" on the eligibility page)."""
from datetime import datetime

from sqlmodel import Field, SQLModel

from portal.types import stamped_now


class Enquiry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    call_id: int | None = Field(default=None, foreign_key="call.id", index=True)
    #: The question as written, in any language.
    message: str = Field(max_length=2000)
    #: Language the interface was in when asked; the answer should come back in it.
    language: str = Field(max_length=10)
    #: How to answer: an email address, optional (the person may prefer to come back).
    reply_to: str | None = Field(default=None, max_length=254)
    created_at: datetime = stamped_now()
