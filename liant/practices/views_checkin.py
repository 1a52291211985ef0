"""The daily check-in, through a member's personal link (no account). The token in the URL
is the capability; an unknown or replaced link gets a clear page and stores nothing. The
member's own moods are shown to them here, and nowhere else."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from liant.core.forms import add_service_errors

from . import selectors, services
from .forms import CheckInForm


@never_cache
@ratelimit(key="ip", rate="60/m", block=True)
def checkin_form(request, token):
    member = services.find_member_by_token(token)
    if member is None:
        return render(request, "practices/checkin_unknown.html", status=404)
    today = timezone.localdate()
    existing = member.checkins.filter(day=today).first()
    initial = (
        {"mood": existing.mood, "blockers": existing.blockers, "client_news": existing.client_news}
        if existing
        else None
    )
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.check_in(member, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(request.path + "?saved=1")
    response = render(
        request,
        "practices/checkin.html",
        {
            "member": member,
            "team": member.team,
            "form": form,
            "saved": request.GET.get("saved") == "1" and existing is not None,
            "already": existing is not None,
            "history": selectors.member_history(member),
            "today": today,
        },
    )
    if form.errors:
        response.status_code = 400
    return response
