import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from PIL import Image

from liant.accounts.models import Membership
from liant.core.demo import delete_demo, load_demo
from liant.core.tenancy import Actor

SCREENSHOTS = Path(django_settings.BASE_DIR).parent / "test-artifacts"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued (after the commit, as in production)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def image_bytes(fmt="PNG", size=(900, 600), color=(30, 110, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[ \n]+", " ", text)  # lines joined (non-breaking spaces kept)


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def render(actor, key, pk, fmt):
    """A document of the kind ``key`` for the object ``pk``, as the background task renders it
    (its progress reports checked): (content, filename)."""
    from liant.reports import kinds

    kind = kinds.get(key)
    steps = []
    content, filename = kind.render(actor, kind.get_object(actor, pk), fmt, steps.append)
    assert steps and all(0 <= step <= 100 for step in steps)
    return content, filename


def save_pngs(content: bytes, name: str) -> list[Path]:
    """Every page as a PNG under test-artifacts/ (pdftoppm), for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / f"{name}.pdf"
    pdf.write_bytes(content)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / name)], check=True)
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo workspace, loaded once for the module (each test still rolls back its own
    changes) and deleted afterwards."""
    with django_db_blocker.unblock():
        login = load_demo()
    yield login
    with django_db_blocker.unblock():
        delete_demo()


@pytest.fixture
def demo_owner(demo, db):
    membership = Membership.objects.select_related("workspace", "user").get(
        workspace=demo.workspace, user__email=demo.email
    )
    return Actor(user=membership.user, membership=membership)
