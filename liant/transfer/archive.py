"""The archive format: a zip of ``manifest.json``, ``data.json`` and ``files/…``, and the
checks that a received zip is safe and readable before anything is imported."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
import zipfile
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

FORMAT = "liant-mission"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
FILES_PREFIX = "files/"


class ArchiveError(Exception):
    """The archive cannot be imported; the message is for the person who sent it."""


def limit(name: str) -> int:
    """Size limits, overridable in settings (``LIANT_IMPORT_LIMITS``)."""
    defaults = {
        "archive_bytes": 200 * 1024 * 1024,  # the uploaded zip
        "unpacked_bytes": 500 * 1024 * 1024,  # all members once inflated
        "members": 20_000,
        "ratio": 200,  # inflated / compressed, per member: beyond is a zip bomb
    }
    return getattr(settings, "LIANT_IMPORT_LIMITS", {}).get(name, defaults[name])


def encode(value: Any) -> Any:
    """JSON for the values Django models hold (full precision, unlike DjangoJSONEncoder)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not serialisable")


def dumps(data: Any) -> bytes:
    return json.dumps(data, default=encode, ensure_ascii=False, indent=1).encode()


class Reader:
    """A received archive, opened with its members checked against the limits."""

    def __init__(self, upload: IO[bytes], size: int):
        if size > limit("archive_bytes"):
            raise ArchiveError(
                _("The archive is too large (at most %(mb)s MB).")
                % {"mb": limit("archive_bytes") // (1024 * 1024)}
            )
        try:
            self.zip = zipfile.ZipFile(upload)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(_("This file is not a readable zip archive.")) from exc
        self._check_members(infos)
        self.members = {info.filename: info for info in infos}
        self.manifest = self._json(MANIFEST)
        self._check_manifest()
        self.data = self._json(DATA)
        if not isinstance(self.data, dict) or not isinstance(self.data.get("models"), list):
            raise ArchiveError(_("The archive's data is not in the expected form."))

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > limit("members"):
            raise ArchiveError(_("The archive holds too many files."))
        total = 0
        for info in infos:
            total += info.file_size
            inflated_a_lot = info.file_size > 1024 * 1024
            if inflated_a_lot and info.file_size > limit("ratio") * max(info.compress_size, 1):
                raise ArchiveError(_("The archive inflates to an abnormal size: it is refused."))
            if info.filename.startswith("/") or ".." in info.filename.split("/"):
                raise ArchiveError(_("The archive holds a file with an unsafe name."))
        if total > limit("unpacked_bytes"):
            raise ArchiveError(_("The archive inflates to an abnormal size: it is refused."))

    def read(self, name: str) -> bytes:
        """A member's bytes, never more than it declares (a lying header is caught here)."""
        info = self.members.get(name)
        if info is None:
            raise ArchiveError(
                _("The archive is incomplete: %(name)s is missing.") % {"name": name}
            )
        try:
            with self.zip.open(info) as member:
                content = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(
                _("The archive is damaged: %(name)s cannot be read.") % {"name": name}
            ) from exc
        if len(content) > info.file_size:
            raise ArchiveError(
                _("The archive is damaged: %(name)s cannot be read.") % {"name": name}
            )
        return content

    def _json(self, name: str) -> Any:
        try:
            return json.loads(self.read(name).decode())
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ArchiveError(
                _("The archive is damaged: %(name)s is not valid JSON.") % {"name": name}
            ) from exc

    def _check_manifest(self) -> None:
        manifest = self.manifest
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError(_("This archive is not a Liant mission export."))
        version = manifest.get("format_version")
        if not isinstance(version, int) or version < 1:
            raise ArchiveError(_("The archive's format version is unreadable."))
        if version > FORMAT_VERSION:
            raise ArchiveError(
                _(
                    "This archive comes from a newer version of Liant (format %(theirs)s; this "
                    "server reads up to %(ours)s). Update Liant before importing it."
                )
                % {"theirs": version, "ours": FORMAT_VERSION}
            )
