from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liant.missions import selectors as mission_selectors
from liant.orgs import selectors as org_selectors

from . import selectors
from .decorators import actor_required


def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    actor = request.actor
    if getattr(actor, "user", None) is None:
        return redirect("accounts:no_workspace")
    return render(
        request,
        "core/home.html",
        {
            "missions": mission_selectors.mission_list(actor)[:12],
            "organizations": org_selectors.organization_list(actor)[:12],
        },
    )


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@actor_required(owner=True)
def audit_log(request):
    page = Paginator(selectors.audit_entries(request.actor), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "nav": "audit"})


def rate_limited(request, exception=None):
    return render(
        request,
        "core/error.html",
        {
            "title": _("Too many attempts"),
            "message": _("Too many attempts in a short time. Please wait a minute and try again."),
        },
        status=429,
    )


def forbidden(request, exception=None):
    return render(
        request,
        "core/error.html",
        {
            "title": _("Access denied"),
            "message": _("You do not have permission to do this."),
        },
        status=403,
    )


def not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {
            "title": _("Page not found"),
            "message": _("This page does not exist, or it is not part of your workspace."),
        },
        status=404,
    )


def htmx_redirect(request, url: str) -> HttpResponse:
    """Redirect that also works for htmx requests (which follow HX-Redirect)."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
