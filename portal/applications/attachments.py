"""Attachments: only where the tier asks, type checked by content, stored outside the web root
under random names (the original name is kept only for display)."""
from pathlib import Path

from flask_babel import lazy_gettext as _l

from portal import audit
from portal.applications.models import Attachment
from portal.domain import DomainError
from portal.uploads import display_name, keep, read_limited

#: Accepted types, recognised by their first bytes rather than by the name a phone gives them.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


class AttachmentRefused(DomainError):
    """A file that is not accepted."""


def sniff(head):
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def store_attachment(*, session, application, actor, document_key, upload, folder, max_bytes):
    """Check and store one file, replacing an earlier file for the same document."""
    if application.status != "draft":
        raise AttachmentRefused(_l("This application has been submitted and can no longer be changed."))
    if document_key not in {document["key"] for document in application.tier.required_documents}:
        raise AttachmentRefused(_l("This grant does not ask for this document."))
    data = read_limited(upload, max_bytes, AttachmentRefused)
    content_type = sniff(data[:16])
    if content_type is None:
        raise AttachmentRefused(_l("Please send a PDF, JPEG or PNG file."))
    stored_name = keep(folder, data)
    for old in [a for a in application.attachments if a.document_key == document_key]:
        remove_file(folder, old)
        session.delete(old)
    attachment = Attachment(application_id=application.id, document_key=document_key,
                            original_name=display_name(upload), stored_name=stored_name,
                            content_type=content_type, size_bytes=len(data))
    session.add(attachment)
    session.flush()
    audit.record(session, actor=actor, action="application.attach", record=application,
                 after={"document": document_key, "bytes": len(data)})
    session.refresh(application)
    return attachment


def remove_file(folder, attachment):
    (Path(folder) / attachment.stored_name).unlink(missing_ok=True)
