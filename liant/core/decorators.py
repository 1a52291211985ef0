from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def actor_required(view=None, *, staff: bool = False, owner: bool = False):
    """Views acting on workspace data need a logged-in member; ``staff`` excludes sponsors."""

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor = request.actor
            if getattr(actor, "user", None) is None:
                return redirect("accounts:no_workspace")
            if owner and not actor.is_owner:
                raise PermissionDenied
            if staff and not actor.is_staff_member:
                raise PermissionDenied
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view else decorator


def not_post(request):
    """POST-only actions answer 405 to other methods, after the object lookup (so another
    workspace's ids still get 404): ``if response := not_post(request): return response``."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])
