"""Import units and people from a spreadsheet: upload → preview → confirm.

Between the preview and the confirmation, the rows travel in a signed, compressed hidden
field (nothing is kept on the server); on confirmation they are checked again against the
organisation as it is then, and the preview's id refuses a second confirmation.
"""

import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required

from . import importing, selectors
from .views import detail_url

SALT = "liant.orgs.import"
PAYLOAD_MAX_AGE = 3600  # seconds between the preview and the confirmation


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or Excel file"),
        error_messages={
            "required": gettext_lazy("Choose a file to import."),
            "empty": gettext_lazy("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )


def _upload_page(request, org, form, status=200):
    context = {
        "nav": "orgs",
        "org": org,
        "form": form,
        "columns": importing.COLUMNS,
        "max_mb": importing.MAX_BYTES // 1024 // 1024,
        "max_rows": importing.MAX_ROWS,
    }
    return render(request, "orgs/import_upload.html", context, status=status)


def _preview_page(request, org, plan, rows, filename):
    payload = (
        ""
        if plan.errors
        else signing.dumps(
            {"org": org.pk, "rows": rows, "file": filename, "id": uuid.uuid4().hex},
            salt=SALT,
            compress=True,
        )
    )
    context = {"nav": "orgs", "org": org, "plan": plan, "payload": payload, "filename": filename}
    return render(request, "orgs/import_preview.html", context)


@actor_required(staff=True)
def import_upload(request, pk):
    org = selectors.get_organization(request.actor, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _upload_page(request, org, form)
    if not form.is_valid():
        return _upload_page(request, org, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > importing.MAX_BYTES:  # refused before reading it
            raise importing.ImportError_(
                _("The file is too big (%(size)s MB); the limit is %(limit)s MB.")
                % {
                    "size": round(upload.size / 1024 / 1024, 1),
                    "limit": importing.MAX_BYTES // 1024 // 1024,
                }
            )
        rows = importing.read_table(upload.name, upload.read())
    except importing.ImportError_ as error:
        form.add_error("file", error)
        return _upload_page(request, org, form, status=400)
    return _preview_page(request, org, importing.plan_import(org, rows), rows, upload.name)


@actor_required(staff=True)
def import_confirm(request, pk):
    org = selectors.get_organization(request.actor, pk)
    if request.method != "POST":
        return redirect("orgs:import", pk=org.pk)
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=SALT, max_age=PAYLOAD_MAX_AGE)
        if data["org"] != org.pk or not isinstance(data["rows"], list):
            raise signing.BadSignature
        import_id, filename = str(data.get("id", "")), str(data.get("file", ""))
    except (signing.BadSignature, KeyError, TypeError):
        messages.error(request, _("This import has expired or was altered: upload the file again."))
        return redirect("orgs:import", pk=org.pk)
    if importing.already_imported(org, import_id):  # e.g. the button clicked twice
        messages.info(request, _("This file has already been imported."))
        return redirect(detail_url(org, "units"))
    # The organisation may have changed since the preview: check again before writing.
    plan = importing.plan_import(org, data["rows"])
    if plan.errors:
        return _preview_page(request, org, plan, data["rows"], filename)
    try:
        counts = importing.apply_import(
            request.actor, org, plan, import_id=import_id, filename=filename
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("orgs:import", pk=org.pk)
    messages.success(
        request,
        _("Import done: %(units)s new units and %(people)s people.") % counts,
    )
    return redirect(detail_url(org, "units"))


@actor_required(staff=True)
def import_example(request):
    language = "en" if get_language() == "en" else "fr"
    response = HttpResponse(
        "\ufeff" + importing.example_csv(language), content_type="text/csv; charset=utf-8"
    )
    name = "exemple-import.csv" if language == "fr" else "import-example.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
