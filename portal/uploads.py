"""Files people send (application documents, report photos and voice notes): read with a size
limit and kept outside the web root under random names, so a file's name never reaches a path."""
import secrets
from pathlib import Path

from flask_babel import gettext, lazy_gettext as _l


def read_limited(upload, max_bytes, refused):
    """The uploaded bytes, or `refused(message)` when there are none or too many."""
    data = upload.stream.read(max_bytes + 1) if upload else b""
    if not data:
        raise refused(_l("Please choose a file."))
    if len(data) > max_bytes:
        raise refused(gettext("The file is too large. The limit is %(megabytes)s MB.", megabytes=max_bytes // (1024 * 1024)))
    return data


def keep(folder, data):
    """Write `data` under a new random name in `folder`; returns the name."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    (folder / stored_name).write_bytes(data)
    return stored_name


def display_name(upload):
    """The name the phone gave the file, for display only."""
    return Path(upload.filename or "file").name[:200]
