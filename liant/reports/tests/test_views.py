"""Asking for a document, following it, downloading it; bad input; another workspace; the
database-backed worker."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import WorkspaceFactory, make_actor
from liant.reports import services
from liant.reports.models import Document

from .conftest import pdf_text
from .world import build_readout, build_workshop

pytestmark = pytest.mark.django_db


def ask(client, **data):
    return client.post(reverse("reports:request"), data)


def test_the_minutes_page_offers_pdf_and_docx(owner_client, owner):
    workshop = build_workshop(owner)
    page = owner_client.get(reverse("workshops:minutes", args=[workshop.pk])).content.decode()
    assert reverse("reports:request") in page
    assert 'value="pdf"' in page and 'value="docx"' in page and "Générer le PDF" in page


def test_asking_for_the_minutes_generates_them_and_the_download_is_the_file(
    owner_client, owner, immediate_tasks, django_capture_on_commit_callbacks
):
    workshop = build_workshop(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(owner_client, kind="workshop_minutes", object_id=workshop.pk, format="pdf")
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:document", args=[document.pk])
    assert (document.status, document.progress, document.error) == ("done", 100, "")
    assert document.requested_by == owner.user and document.language == "fr"
    assert AuditEntry.objects.filter(action="document.request").count() == 1
    page = owner_client.get(response["Location"]).content.decode()
    assert "Votre document est prêt" in page and "hx-get" not in page  # no more polling
    download = owner_client.get(reverse("reports:download", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="minutes.pdf"' in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert "Réunions trop longues" in pdf_text(content)


def test_a_queued_document_shows_its_progress_and_polls(owner_client, owner):
    workshop = build_workshop(owner)
    ask(owner_client, kind="workshop_minutes", object_id=workshop.pk, format="docx")
    document = Document.objects.get()  # on_commit never ran: still queued
    Document.objects.filter(pk=document.pk).update(status="running", progress=40)
    status_url = reverse("reports:status", args=[document.pk])
    fragment = owner_client.get(status_url).content.decode()
    assert f'hx-get="{status_url}"' in fragment and 'value="40"' in fragment
    assert "<html" not in fragment
    assert owner_client.get(reverse("reports:download", args=[document.pk])).status_code == 404


def test_a_failure_shows_a_clear_message(owner, immediate_tasks, monkeypatch):
    workshop = build_workshop(owner)

    def broken(*args, **kwargs):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr("liant.reports.pdf.render_pdf", broken)
    document = services.request_document(owner, "workshop_minutes", workshop.pk, "pdf")
    services.generate(document.pk)
    document.refresh_from_db()
    assert document.status == "failed" and not document.file
    assert "n’a pas pu être produit" in document.error or "pu être produit" in document.error
    assert "pango" not in document.error  # details go to the log only


def test_the_requester_who_lost_their_role_gets_a_clear_failure(owner, workspace):
    workshop = build_workshop(owner)
    document = services.request_document(owner, "workshop_minutes", workshop.pk, "pdf")
    owner.membership.role = Role.SPONSOR
    owner.membership.save()
    services.generate(document.pk)
    document.refresh_from_db()
    assert document.status == "failed" and "rôle" in document.error


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"kind": "workshop_minutes", "object_id": "x", "format": "pdf"}, 400),
        ({"kind": "workshop_minutes", "format": "pdf"}, 400),
        ({"kind": "workshop_minutes", "object_id": 1, "format": "exe"}, 400),
        ({"kind": "nothing", "object_id": 1, "format": "pdf"}, 404),
        ({"kind": "readout", "object_id": 1, "format": "docx"}, 400),  # readout: PDF only
        ({"kind": "workshop_minutes", "object_id": 999999, "format": "pdf"}, 404),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(owner_client, owner, data, status):
    build_readout(owner)
    response = owner_client.post(reverse("reports:request"), data)
    assert response.status_code == status
    assert not Document.objects.exists()
    if status == 400:
        assert 'role="alert"' in response.content.decode()


def test_get_on_the_request_url_is_refused(owner_client):
    assert owner_client.get(reverse("reports:request")).status_code == 405


def test_another_workspace_sees_nothing(client, owner, immediate_tasks):
    readout = build_readout(owner)
    document = services.request_document(owner, "readout", readout.mission_id, "pdf")
    services.generate(document.pk)
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    client.force_login(stranger.user)
    for name in ("reports:document", "reports:status", "reports:download"):
        assert client.get(reverse(name, args=[document.pk])).status_code == 404
    response = client.post(
        reverse("reports:request"),
        {"kind": "readout", "object_id": readout.mission_id, "format": "pdf"},
    )
    assert response.status_code == 404 and Document.objects.count() == 1


def test_sponsors_may_not_generate_nor_download(client, owner, sponsor):
    workshop = build_workshop(owner)
    document = services.request_document(owner, "workshop_minutes", workshop.pk, "pdf")
    client.force_login(sponsor.user)
    assert client.get(reverse("reports:document", args=[document.pk])).status_code == 403
    response = client.post(
        reverse("reports:request"),
        {"kind": "workshop_minutes", "object_id": workshop.pk, "format": "pdf"},
    )
    assert response.status_code == 403 and Document.objects.count() == 1


# The worker closes its database connection between tasks: the test cannot run in a
# transaction that is rolled back at its end.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_generates_the_document(owner, settings):
    """The embedded default: the task is stored in the database and `liant db_worker` runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    readout = build_readout(owner)
    document = services.request_document(owner, "readout", readout.mission_id, "pdf")
    document.refresh_from_db()
    assert document.status == "queued"  # enqueued at the commit, in the database
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    document.refresh_from_db()
    assert document.status == "done" and document.file.name.endswith("readout.pdf")


def test_the_pages_list_their_recent_documents(owner_client, owner):
    workshop = build_workshop(owner)
    readout = build_readout(owner)
    minutes_doc = services.request_document(owner, "workshop_minutes", workshop.pk, "docx")
    readout_doc = services.request_document(owner, "readout", readout.mission_id, "pdf")
    minutes_page = owner_client.get(reverse("workshops:minutes", args=[workshop.pk]))
    assert reverse("reports:document", args=[minutes_doc.pk]) in minutes_page.content.decode()
    readout_page = owner_client.get(reverse("diagnostic:readout", args=[readout.mission_id]))
    body = readout_page.content.decode()
    assert reverse("reports:document", args=[readout_doc.pk]) in body
    assert reverse("reports:document", args=[minutes_doc.pk]) not in body
    assert "Générer le PDF" in body


def test_a_file_gone_from_the_disk_answers_404(owner_client, owner, immediate_tasks):
    readout = build_readout(owner)
    document = services.request_document(owner, "readout", readout.mission_id, "pdf")
    services.generate(document.pk)
    document.refresh_from_db()
    document.file.storage.delete(document.file.name)
    assert owner_client.get(reverse("reports:download", args=[document.pk])).status_code == 404
