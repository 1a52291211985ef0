"""Documents: ask for one (POST from the minutes or readout page), follow its progress (htmx
polls the status fragment until it is finished), download it — all within the workspace."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post

from . import kinds, selectors, services
from .forms import DocumentRequestForm
from .models import Document

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@actor_required(staff=True)
def document_request(request):
    if response := not_post(request):
        return response
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request, "reports/request_error.html",
            {"message": _("This document request is incomplete.")}, status=400,
        )  # fmt: skip
    data = form.cleaned_data
    try:
        document = services.request_document(
            request.actor, data["kind"], data["object_id"], data["format"]
        )
    except ValidationError as error:
        return render(
            request, "reports/request_error.html", {"message": " ".join(error.messages)},
            status=400,
        )  # fmt: skip
    messages.success(request, _("Your document is being prepared."))
    return redirect("reports:document", report_pk=document.pk)


def _back_url(actor, document: Document) -> str:
    try:
        kind = kinds.get(document.kind)
        return kind.back_url(kind.get_object(actor, document.object_id))
    except Http404:
        return ""


@actor_required(staff=True)
def document_detail(request, report_pk):
    document = selectors.get_document(request.actor, report_pk)
    return render(
        request,
        "reports/document.html",
        {"nav": "", "document": document, "back_url": _back_url(request.actor, document)},
    )


@actor_required(staff=True)
def document_status(request, report_pk):
    """The progress fragment; htmx replaces it every second until the document is finished."""
    document = selectors.get_document(request.actor, report_pk)
    return render(request, "reports/_status.html", {"document": document})


@actor_required(staff=True)
def document_download(request, report_pk):
    document = selectors.get_document(request.actor, report_pk)
    if document.status != Document.Status.DONE or not document.file:
        raise Http404
    try:
        file = document.file.open("rb")
    except FileNotFoundError:  # removed from the media root behind our back
        raise Http404 from None
    return FileResponse(
        file,
        as_attachment=True,
        filename=document.filename,
        content_type=CONTENT_TYPES.get(document.format, "application/octet-stream"),
    )
