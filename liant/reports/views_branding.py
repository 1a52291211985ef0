"""The owner's page for the workspace's look in documents: logo and primary colour."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors

from . import branding, services_branding
from .forms import BrandingForm


@actor_required(owner=True)
def branding_page(request):
    workspace = request.actor.workspace
    if request.method == "POST":
        form = BrandingForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services_branding.update_branding(
                    request.actor,
                    primary_colour=data["primary_colour"],
                    logo=data["logo"],
                    remove_logo=data["remove_logo"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The documents' look is saved."))
                return redirect("reports:branding")
        status = 400
    else:
        form = BrandingForm(initial={"primary_colour": workspace.primary_colour})
        status = 200
    has_logo = bool(branding.logo_path(workspace))
    if not has_logo:
        form.fields.pop("remove_logo")  # nothing to remove
    return render(
        request,
        "reports/branding.html",
        {
            "nav": "team",
            "form": form,
            "workspace": workspace,
            "colours": branding.colours(workspace),
            "has_logo": has_logo,
        },
        status=status,
    )


@actor_required(owner=True)
def branding_logo(request):
    """The current logo, for the settings page (the media root is not served)."""
    from django.http import FileResponse, Http404

    path = branding.logo_path(request.actor.workspace)
    if path is None:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/png")  # noqa: SIM115
    response["Cache-Control"] = "private, no-cache"
    return response
