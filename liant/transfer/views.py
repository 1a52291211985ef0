"""Mission export (download) and import (upload) pages.

The import runs in the request rather than as a background task: a rich mission (the demo's
largest, ~900 rows) imports in well under a second, and running it inline lets a refused
archive come back at once on the same form, with nothing stored and no upload kept on disk.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.missions import selectors as mission_selectors

from . import archive, exporting, importing
from .forms import ImportForm


@actor_required(staff=True)
def mission_export(request, mission_pk):
    mission = mission_selectors.get_mission(request.actor, mission_pk)
    if response := not_post(request):
        return response
    content, filename = exporting.export_mission(request.actor, mission)
    return attachment(content, "application/zip", filename)


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download (the file names are built by the services from ids and dates only)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@actor_required(staff=True)
def mission_import(request):
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            mission = importing.import_mission(request.actor, upload, upload.size)
        except archive.ArchiveError as exc:
            form.add_error("archive", str(exc))
        else:
            messages.success(request, _("Mission “%(title)s” imported.") % {"title": mission.title})
            return redirect("missions:detail", pk=mission.pk)
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "max_mb": archive.limit("archive_bytes") // (1024 * 1024),
        "format_version": archive.FORMAT_VERSION,
    }
    return render(request, "transfer/import.html", context, status=status)
