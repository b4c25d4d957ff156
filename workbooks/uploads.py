"""Checked import plans kept between the preview and the confirmation, in a private temporary folder per upload.

The preview and the confirmation work from the same plan: the rows as checked, the changes shown, and the
version of every saved row the check saw. The file is not read or checked a second time, and the import
refuses any row changed since (the compare-and-swap in writer.py). The browser only holds a random token;
a token works only for the user who uploaded the file and only for an hour. The plan is pickled and signed
with the site's secret key, so a file planted in the folder is never unpickled.
"""

import hmac
import json
import pickle
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.utils.crypto import salted_hmac

MAX_AGE = 3600  # seconds
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_SALT = "workbooks.uploads.plan"


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


def _signature(data):
    return salted_hmac(_SALT, data, algorithm="sha256").digest()


def store_plan(plan, user):
    """Keep a checked plan; returns the token that finds it again."""
    _remove_expired()
    token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(mode=0o700)
    data = pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)
    (folder / "plan.pickle").write_bytes(_signature(data) + data)
    (folder / "upload.json").write_text(json.dumps({"user": user.pk}))
    return token


def load_plan(token, user):
    """The plan stored under `token` for this user, or None when it is unknown, expired or not ours."""
    folder = _folder(token)
    if folder is None or not folder.is_dir() or folder.stat().st_mtime < time.time() - MAX_AGE:
        return None
    try:
        meta = json.loads((folder / "upload.json").read_text())
        stored = (folder / "plan.pickle").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user") != user.pk:
        return None
    signature, data = stored[:32], stored[32:]
    if not hmac.compare_digest(signature, _signature(data)):
        return None
    return pickle.loads(data)  # noqa: S301 - signed above: written by this server only


def _applied(folder):
    return folder.with_name(f"{folder.name}.applied")


def claim(token):
    """Take a stored plan to apply it: True for the first caller only, whoever else confirms at the same moment.

    The folder is renamed (atomic), so a confirmation sent twice applies the plan once; what is left of it (who
    uploaded it, and how the import went: `settle`) answers a later confirmation until the hour is over.
    """
    folder = _folder(token)
    if folder is None:
        return False
    try:
        folder.rename(_applied(folder))
    except OSError:
        return False
    (_applied(folder) / "plan.pickle").unlink(missing_ok=True)
    _set_state(folder, APPLYING)
    return True


APPLYING, APPLIED, REFUSED = "applying", "applied", "refused"


def _set_state(folder, state):
    meta_file = _applied(folder) / "upload.json"
    try:
        meta = json.loads(meta_file.read_text())
        meta_file.write_text(json.dumps({**meta, "state": state}))
    except (OSError, ValueError):
        pass


def settle(token, applied):
    """Record how the claimed plan's import went: applied, or refused (a conflict; nothing was saved)."""
    folder = _folder(token)
    if folder is not None:
        _set_state(folder, APPLIED if applied else REFUSED)


def claimed_state(token, user):
    """APPLYING, APPLIED or REFUSED for this user's plan under `token` once claimed (within the hour); else None."""
    folder = _folder(token)
    if folder is None:
        return None
    try:
        meta = json.loads((_applied(folder) / "upload.json").read_text())
    except (OSError, ValueError):
        return None
    return meta.get("state", APPLYING) if meta.get("user") == user.pk else None
