"""Changing the workspace's logo and colour (owners only). The logo is checked by its content,
then stored re-encoded as a PNG of bounded size: documents embed it as it is (PDF, DOCX and
PPTX all read PNG) and nothing of the uploaded file but its pixels is kept."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.models import Workspace
from liant.core.tenancy import Actor, require_owner

from .branding import HEX_COLOUR

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000  # a 5000 × 5000 image; a bigger one is refused before decoding
LOGO_BOX = (1200, 600)  # stored at most this size: a cover shows it a few centimetres wide
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def read_logo(upload) -> bytes:
    """The upload as a PNG, or a ValidationError naming what is wrong with it."""
    from PIL import Image, ImageOps

    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError({"logo": _("This file is larger than 2 MB.")}, code="too_big")
    if upload.size == 0:
        raise ValidationError({"logo": _("This file is empty.")}, code="empty")
    not_image = ValidationError(
        {"logo": _("This file is not a PNG, JPEG, WebP or GIF image.")}, code="invalid"
    )
    too_many_pixels = ValidationError(
        {"logo": _("This image is too large (more than 25 million pixels).")}, code="pixels"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:  # reads the header only
                if image.format not in LOGO_FORMATS:
                    raise not_image
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    raise too_many_pixels
                image.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                image.thumbnail(LOGO_BOX)
                out = io.BytesIO()
                image.save(out, "PNG", optimize=True)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise not_image from None
    return out.getvalue()


def update_branding(
    actor: Actor, *, primary_colour: str, logo=None, remove_logo: bool = False
) -> Workspace:
    """Set the workspace's primary colour (``#rrggbb`` or empty for the house colours) and,
    when given, its new logo; ``remove_logo`` takes the logo away. All or nothing."""
    require_owner(actor)
    primary_colour = (primary_colour or "").strip()
    if primary_colour and not HEX_COLOUR.match(primary_colour):
        raise ValidationError(
            {"primary_colour": _("Give the colour as # followed by six hexadecimal digits.")}
        )
    png = read_logo(logo) if logo is not None else None
    changes: dict = {}
    workspace, old_logo = None, ""
    try:
        with transaction.atomic():
            workspace = Workspace.objects.select_for_update().get(pk=actor.workspace_id)
            old_logo = workspace.logo.name if workspace.logo else ""
            if workspace.primary_colour != primary_colour.lower():
                changes["primary_colour"] = [workspace.primary_colour, primary_colour.lower()]
                workspace.primary_colour = primary_colour.lower()
            if png is not None:
                workspace.logo.save("logo.png", ContentFile(png), save=False)
                changes["logo"] = [old_logo, workspace.logo.name]
            elif remove_logo and old_logo:
                workspace.logo = ""
                changes["logo"] = [old_logo, ""]
            workspace.save(update_fields=["primary_colour", "logo"])
            audit.record(actor, "workspace.branding", workspace, workspace.name, changes)
    except Exception:
        if (
            png is not None
            and workspace is not None
            and workspace.logo
            and workspace.logo.name != old_logo
        ):
            workspace.logo.storage.delete(workspace.logo.name)  # the new file, never saved
        raise
    if old_logo and "logo" in changes:
        workspace.logo.storage.delete(old_logo)
    actor.membership.workspace = workspace  # the documents of this request see the change
    return workspace
