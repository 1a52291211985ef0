from django.utils.functional import SimpleLazyObject

from .tenancy import Actor


def resolve_actor(request) -> Actor | None:
    """The logged-in user's membership in their current workspace, or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = user.memberships.select_related("workspace", "organization")
    membership = None
    if user.current_workspace_id:
        membership = memberships.filter(workspace_id=user.current_workspace_id).first()
    if membership is None:
        membership = memberships.order_by("created_at").first()
    return Actor(user=user, membership=membership) if membership else None


class WorkspaceMiddleware:
    """Attaches ``request.actor``: the only way views learn the workspace they act in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: resolve_actor(request))
        return self.get_response(request)
