"""The workspace's logo and colour: the owner's page, bad uploads and colours (a clear
message, nothing stored), and every document format using them."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pptx import Presentation

from liant.core.models import AuditEntry, Workspace
from liant.reports import branding, kinds

from .conftest import image_bytes
from .world import build_readout, build_workshop

pytestmark = pytest.mark.django_db

URL = "/documents/branding/"


NOT_AN_IMAGE = "n’est pas une image PNG, JPEG, WebP ou GIF"


def upload(content: bytes, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def media_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_url_is_the_branding_page():
    assert reverse("reports:branding") == URL


def test_the_owner_sets_a_colour_and_a_logo(owner_client, owner, media):
    page = owner_client.get(URL).content.decode()
    assert "Apparence des documents" in page and 'name="primary_colour"' in page
    assert "Pas encore de logo." in page
    logo = image_bytes("JPEG", size=(2400, 800), color=(200, 30, 60))
    response = owner_client.post(URL, {"primary_colour": "#8A1C3B", "logo": upload(logo, "l.jpg")})
    assert response.status_code == 302 and response["Location"] == URL
    workspace = Workspace.objects.get(pk=owner.workspace_id)
    assert workspace.primary_colour == "#8a1c3b"
    with Image.open(workspace.logo.path) as stored:  # re-encoded, bounded
        assert stored.format == "PNG" and stored.size == (1200, 400)
    entry = AuditEntry.objects.get(action="workspace.branding")
    assert entry.changes["primary_colour"] == ["", "#8a1c3b"]
    page = owner_client.get(URL).content.decode()
    assert 'fill="#8a1c3b"' in page and reverse("reports:branding_logo") in page
    served = owner_client.get(reverse("reports:branding_logo"))
    assert served["Content-Type"] == "image/png"
    # Removing the logo removes its file; the colour stays.
    owner_client.post(URL, {"primary_colour": "#8a1c3b", "remove_logo": "on"})
    workspace.refresh_from_db()
    assert not workspace.logo and workspace.primary_colour == "#8a1c3b"
    assert media_files(media) == []
    assert owner_client.get(reverse("reports:branding_logo")).status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7 not an image at all", "logo.png", NOT_AN_IMAGE),
        (b"", "logo.png", "Le fichier soumis est vide."),
        (image_bytes("PNG")[:200], "logo.png", NOT_AN_IMAGE),
        (
            image_bytes("BMP", size=(40, 20)),
            "logo.bmp",
            "n’est pas une image PNG, JPEG, WebP ou GIF",
        ),
        (image_bytes("PNG", size=(6000, 5000)), "big.png", "plus de 25 millions de pixels"),
        (b"\x89PNG" + b"0" * (20 * 1024 * 1024), "huge.png", "Ce fichier dépasse 2 Mo."),
    ],
    ids=["pdf", "empty", "truncated", "bmp", "pixels", "20MB"],
)
def test_a_bad_logo_gets_a_clear_message_and_nothing_is_stored(
    owner_client, owner, media, content, name, message
):
    response = owner_client.post(URL, {"primary_colour": "#123456", "logo": upload(content, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    workspace = Workspace.objects.get(pk=owner.workspace_id)
    assert not workspace.logo and workspace.primary_colour == ""  # all or nothing
    assert media_files(media) == []
    assert not AuditEntry.objects.filter(action="workspace.branding").exists()


@pytest.mark.parametrize("colour", ["red", "#12345g", "#1234", "123456", "#1234567"])
def test_a_bad_colour_gets_a_clear_message(owner_client, owner, colour):
    response = owner_client.post(URL, {"primary_colour": colour})
    assert response.status_code == 400
    page = response.content.decode()
    assert "# suivi de six chiffres hexadécimaux" in page
    assert Workspace.objects.get(pk=owner.workspace_id).primary_colour == ""


def test_only_the_owner_may_change_the_look(consultant_client, consultant):
    assert consultant_client.get(URL).status_code == 403
    assert consultant_client.post(URL, {"primary_colour": "#000000"}).status_code == 403
    assert consultant_client.get(reverse("reports:branding_logo")).status_code == 403
    assert Workspace.objects.get(pk=consultant.workspace_id).primary_colour == ""


def test_the_palette_keeps_headings_and_cover_readable():
    assert branding.palette("")["accent"] == branding.HOUSE_PRIMARY
    light = branding.palette("#ffe600")  # a yellow: dark text on the cover, dark headings
    assert light["on_accent"] == "#1d2733"
    assert branding._luminance(light["accent_strong"]) <= 0.18
    dark = branding.palette("#102030")
    assert dark["on_accent"] == "#ffffff" and dark["accent"] == "#102030"


def brand(owner, colour="#8a1c3b"):
    from liant.reports.services_branding import update_branding

    logo = upload(image_bytes("PNG", size=(600, 200), color=(20, 20, 20)))
    update_branding(owner, primary_colour=colour, logo=logo)


def test_every_format_carries_the_logo_and_colour(owner):
    from pypdf import PdfReader

    brand(owner)
    workshop = build_workshop(owner)
    readout = build_readout(owner)
    minutes = kinds.get("workshop_minutes")
    pdf, _name = minutes.render(owner, workshop, "pdf", lambda v: None)
    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (600, 200) in [image.image.size for image in cover.images]  # the logo on the cover
    assert b"0.541176 0.109804 0.231373" in cover.get_contents().get_data()  # #8a1c3b band

    content, _name = minutes.render(owner, workshop, "docx", lambda v: None)
    document = docx.Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 2  # the logo and the workshop's photo
    strong = branding.palette("#8a1c3b")["accent_strong"].lstrip("#").upper()
    assert str(document.styles["Heading 1"].font.color.rgb) == strong

    readout_kind = kinds.get("readout")
    slides, _name = readout_kind.render(owner, readout, "pptx", lambda v: None)
    title = Presentation(io.BytesIO(slides)).slides[0]
    assert str(title.background.fill.fore_color.rgb) == "8A1C3B"
    assert any(shape.shape_type == 13 for shape in title.shapes)  # 13: a picture (the logo)
