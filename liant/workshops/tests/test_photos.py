"""Photos of the minutes: checked by content, 10 MB at most, served to the staff only."""

import io
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from liant.core.testing import make_actor
from liant.workshops import minutes, services
from liant.workshops.models import WorkshopPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(fmt="PNG", size=(1200, 800), color=(30, 110, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def upload(name="fresque.png", fmt="PNG", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, content or image_bytes(fmt), content_type=content_type)


@pytest.fixture
def workshop(owner):
    return services.create_workshop(owner, title="Séminaire")


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_are_stored_with_a_thumbnail(owner, workshop, media, fmt, ext):
    photo = services.add_photo(
        owner, workshop, image=upload(f"mur.{ext}", fmt), caption="  Fresque   du matin "
    )
    assert (photo.image_format, photo.width, photo.height) == (fmt, 1200, 800)
    assert photo.caption == "Fresque du matin" and photo.original_name == f"mur.{ext}"
    assert photo.image.name.endswith(f".{ext}")
    assert str(media) in photo.image.path and "/static/" not in photo.image.path
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) == 640


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a not really",
        b"%PDF-1.4 a document",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        image_bytes("PNG")[:200],  # a truncated PNG
    ],
)
def test_non_images_are_refused_with_nothing_stored(owner, workshop, media, content):
    with pytest.raises(ValidationError) as error:
        services.add_photo(owner, workshop, image=upload("photo.png", content=content))
    assert "JPEG, PNG ou WebP" in str(error.value)
    assert not WorkshopPhoto.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_a_gif_image_is_refused_by_content_whatever_its_name(owner, workshop):
    with pytest.raises(ValidationError):
        services.add_photo(owner, workshop, image=upload("photo.jpg", "GIF"))


def test_oversized_file_is_refused(owner, workshop, media):
    big = upload(content=image_bytes("PNG") + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.add_photo(owner, workshop, image=big)
    assert "10 Mo" in str(error.value)
    assert not WorkshopPhoto.objects.exists()


def test_upload_page_shows_clear_messages(owner_client, workshop, media):
    url = reverse("workshops:photo_add", args=[workshop.pk])
    response = owner_client.post(url, {"image": upload(content=b"not an image"), "caption": "x"})
    assert response.status_code == 400
    assert "JPEG, PNG ou WebP" in response.content.decode()
    response = owner_client.post(url, {"caption": "sans fichier"})
    assert response.status_code == 400
    assert "Choisissez une photo" in response.content.decode()
    assert not WorkshopPhoto.objects.exists()
    assert owner_client.get(url).status_code == 405

    response = owner_client.post(url, {"image": upload(), "caption": "<b>Fresque</b>"})
    assert response.status_code == 302
    photo = WorkshopPhoto.objects.get()
    page = owner_client.get(reverse("workshops:minutes", args=[workshop.pk])).content.decode()
    assert reverse("workshops:photo_thumbnail", args=[workshop.pk, photo.pk]) in page
    assert "&lt;b&gt;Fresque&lt;/b&gt;" in page and "<b>Fresque</b>" not in page

    image = owner_client.get(reverse("workshops:photo", args=[workshop.pk, photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Cache-Control"].startswith("private")
    assert image.content.startswith(b"\x89PNG")
    thumb = owner_client.get(reverse("workshops:photo_thumbnail", args=[workshop.pk, photo.pk]))
    assert thumb["Content-Type"] == "image/jpeg"

    markdown = owner_client.get(reverse("workshops:minutes", args=[workshop.pk]) + "?format=md")
    assert "## Photos" in markdown.content.decode()
    assert "fresque.png — \\<b\\>Fresque\\</b\\>" in markdown.content.decode()


def test_delete_removes_the_row_and_the_files(
    owner_client, owner, workshop, media, django_capture_on_commit_callbacks
):
    photo = services.add_photo(owner, workshop, image=upload())
    paths = [photo.image.path, photo.thumbnail.path]
    url = reverse("workshops:photo_delete", args=[workshop.pk, photo.pk])
    assert owner_client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)
    assert response.status_code == 302
    assert not WorkshopPhoto.objects.exists()
    assert not any(os.path.exists(p) for p in paths)


def test_photos_are_only_for_the_workspace_staff(client, owner, sponsor, workshop):
    photo = services.add_photo(owner, workshop, image=upload())
    url = reverse("workshops:photo", args=[workshop.pk, photo.pk])
    assert client.get(url).status_code == 302  # anonymous (a participant): to the login page
    client.force_login(sponsor.user)
    assert client.get(url).status_code == 403
    stranger = make_actor()
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.add_photo(stranger, workshop, image=upload())
    with pytest.raises(PermissionDenied):
        services.delete_photo(sponsor, photo)
    assert WorkshopPhoto.objects.count() == 1


def test_markdown_lists_no_photo_section_without_photos(owner, workshop):
    text = minutes.as_markdown(workshop, minutes.workshop_minutes(workshop))
    assert "Photos" not in text


def test_a_decompression_bomb_is_refused(owner, workshop):
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, "PNG")  # 100 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError):
        services.add_photo(owner, workshop, image=upload(content=out.getvalue()))
    assert not WorkshopPhoto.objects.exists()
