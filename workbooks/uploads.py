"""Uploaded workbooks kept between the preview and the confirmation, in a private temporary folder per upload.

The browser only holds a random token; the file never travels in the session cookie. A token works only for
the user who uploaded the file and only for an hour.
"""

import json
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.utils.text import get_valid_filename

MAX_AGE = 3600  # seconds
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _root():
    root = Path(tempfile.gettempdir()) / "vvg-workbooks"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _folder(token):
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return _root() / token


def _remove_expired():
    limit = time.time() - MAX_AGE
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def store(files, user):
    """Keep the uploaded files; returns the token that finds them again."""
    _remove_expired()
    token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(mode=0o700)
    names = []
    for upload in files:
        name = get_valid_filename(Path(upload.name).name)
        with (folder / name).open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        names.append(name)
    (folder / "upload.json").write_text(json.dumps({"user": user.pk, "files": names}))
    return token


def open_files(token, user):
    """[(file name, open binary file)] for a token of this user, or None when it is unknown or expired."""
    folder = _folder(token)
    if folder is None or not folder.is_dir() or folder.stat().st_mtime < time.time() - MAX_AGE:
        return None
    meta = json.loads((folder / "upload.json").read_text())
    if meta["user"] != user.pk:
        return None
    return [(name, (folder / name).open("rb")) for name in meta["files"]]


def discard(token):
    folder = _folder(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
