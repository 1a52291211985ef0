"""The "Generate" buttons on each practice's page, a request that goes through the worker to a
download, and another workspace's objects refused."""

import io

import openpyxl
import pytest
from django.urls import reverse

from liant.charters.models import Document as Charter
from liant.commitments.models import InterfacePromise
from liant.consultations.models import Consultation
from liant.core.tenancy import Role
from liant.core.testing import WorkspaceFactory, make_actor
from liant.reports.models import Document
from liant.steering.models import ActionPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_client(client, demo_owner):
    client.force_login(demo_owner.user)
    return client


def pages(actor):
    """(page URL, document kind, object id, formats) of each practice."""
    promise = InterfacePromise.objects.filter(workspace=actor.workspace).first()
    plan = ActionPlan.objects.filter(workspace=actor.workspace).first()
    charter = Charter.objects.filter(workspace=actor.workspace).first()
    consultation = Consultation.objects.filter(workspace=actor.workspace).first()
    org_pk = promise.interface.organization_id
    return [
        (reverse("commitments:promise", args=[promise.interface_id]), "service_promise",
         promise.interface_id, ("pdf", "docx")),
        (reverse("commitments:simplified", args=[org_pk]), "service_table", org_pk,
         ("pdf", "docx")),
        (reverse("steering:plan", args=[plan.mission_id]), "action_plan", plan.mission_id,
         ("pdf", "xlsx")),
        (reverse("charters:detail", args=[charter.mission_id, charter.pk]), "charter",
         charter.pk, ("pdf",)),
        (reverse("consultations:report", args=[consultation.mission_id, consultation.pk]),
         "consultation_report", consultation.pk, ("pdf",)),
    ]  # fmt: skip


def test_each_practice_page_offers_its_documents(demo_client, demo_owner):
    for url, kind, object_id, formats in pages(demo_owner):
        page = demo_client.get(url).content.decode()
        assert f'name="kind" value="{kind}"' in page, url
        assert f'name="object_id" value="{object_id}"' in page, url
        for fmt in formats:
            assert f'value="{fmt}"' in page and f"Générer le {fmt.upper()}" in page, url


def test_the_plan_workbook_is_generated_then_downloaded(
    demo_client, demo_owner, immediate_tasks, django_capture_on_commit_callbacks
):
    plan = ActionPlan.objects.filter(workspace=demo_owner.workspace).first()
    data = {"kind": "action_plan", "object_id": plan.mission_id, "format": "xlsx"}
    with django_capture_on_commit_callbacks(execute=True):
        response = demo_client.post(reverse("reports:request"), data)
    document = Document.objects.get(kind="action_plan")
    assert response["Location"] == reverse("reports:document", args=[document.pk])
    assert (document.status, document.error) == ("done", "")
    download = demo_client.get(reverse("reports:download", args=[document.pk]))
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="action-plan.xlsx"' in download["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Actions" in book.sheetnames
    page = demo_client.get(reverse("steering:plan", args=[plan.mission_id])).content.decode()
    assert "XLSX" in page.split("rp-recent", 1)[1]  # listed among the plan's documents


def test_a_format_a_kind_does_not_offer_is_refused(demo_client, demo_owner):
    charter = Charter.objects.filter(workspace=demo_owner.workspace).first()
    data = {"kind": "charter", "object_id": charter.pk, "format": "xlsx"}
    response = demo_client.post(reverse("reports:request"), data)
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_another_workspace_cannot_ask_for_these_documents(client, demo_owner):
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    client.force_login(stranger.user)
    for _url, kind, object_id, formats in pages(demo_owner):
        data = {"kind": kind, "object_id": object_id, "format": formats[0]}
        assert client.post(reverse("reports:request"), data).status_code == 404, kind
    assert not Document.objects.exists()


def test_a_sponsor_sees_no_generate_button(client, demo_owner):
    consultation = Consultation.objects.filter(workspace=demo_owner.workspace).first()
    sponsor = make_actor(
        demo_owner.workspace, Role.SPONSOR, organization=consultation.mission.organization
    )
    client.force_login(sponsor.user)
    url = reverse("consultations:report", args=[consultation.mission_id, consultation.pk])
    page = client.get(url).content.decode()  # the sponsor reads the report…
    assert consultation.question in page
    assert reverse("reports:request") not in page  # …without the staff's documents
    data = {"kind": "consultation_report", "object_id": consultation.pk, "format": "pdf"}
    assert client.post(reverse("reports:request"), data).status_code == 403
