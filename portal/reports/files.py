"""Photos and voice notes on a report: type recognised by content, size checked, stored outside
the web root under random names (the original name is kept only for display)."""
from flask_babel import gettext, lazy_gettext as _l
from sqlmodel import select

from portal import audit
from portal.domain import DomainError
from portal.reports.models import ReportFile
from portal.reports.states import WRITABLE
from portal.uploads import display_name, keep, read_limited

#: (offset, first bytes, content type, kind): what a phone's camera or recorder produces.
SIGNATURES = (
    (0, b"\xff\xd8\xff", "image/jpeg", "photo"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png", "photo"),
    (8, b"WEBP", "image/webp", "photo"),
    (0, b"OggS", "audio/ogg", "voice"),
    (0, b"#!AMR", "audio/amr", "voice"),
    (0, b"ID3", "audio/mpeg", "voice"),
    (0, b"\xff\xfb", "audio/mpeg", "voice"),
    (4, b"ftypM4A", "audio/mp4", "voice"),
    (0, b"\x1a\x45\xdf\xa3", "audio/webm", "voice"),
)
#: At most this many files per report (a few photos and a voice note).
MAX_FILES = 6


class FileRefused(DomainError):
    """A file that is not accepted."""


def sniff(head):
    """(content type, kind) of a file from its first bytes, or (None, None)."""
    for offset, signature, content_type, kind in SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            return content_type, kind
    return None, None


def store_report_file(*, session, report, actor, upload, folder, max_bytes):
    """Check and keep one photo or voice note for a report that is still being written."""
    if report.status not in WRITABLE:
        raise FileRefused(_l("This report has been sent and can no longer be changed."))
    if len(report_files(session, report)) >= MAX_FILES:
        raise FileRefused(gettext("A report can have at most %(count)s files.", count=MAX_FILES))
    data = read_limited(upload, max_bytes, FileRefused)
    content_type, kind = sniff(data[:16])
    if content_type is None:
        raise FileRefused(_l("Please send a photo (JPEG, PNG, WebP) or a voice note (OGG, MP3, M4A, AMR, WebM)."))
    record = ReportFile(report_id=report.id, kind=kind, stored_name=keep(folder, data),
                        original_name=display_name(upload), content_type=content_type,
                        size=len(data), uploaded_by_id=actor.id)
    session.add(record)
    session.flush()
    audit.record(session, actor=actor, action="report.attach", record=report, after={"kind": kind, "bytes": len(data)})
    return record


def report_files(session, report):
    return session.exec(select(ReportFile).where(ReportFile.report_id == report.id).order_by(ReportFile.id)).all()
