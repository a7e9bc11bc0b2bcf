"""Column types shared by every domain."""
from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both databases (SQLite otherwise returns naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


def utcnow():
    return datetime.now(timezone.utc)


def stamped_now():
    """A `created_at` column filled at insert time."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def stamped_later(**kwargs):
    """An optional timestamp column."""
    return Field(default=None, sa_type=UTCDateTime, **kwargs)


def whole_hours(duration):
    """Whole hours in a timedelta, rounded down: how the dashboards count decision and payment times."""
    return int(duration.total_seconds() // 3600)
