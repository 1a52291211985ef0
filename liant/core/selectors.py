from .models import AuditEntry
from .tenancy import Actor, require_owner


def audit_entries(actor: Actor):
    require_owner(actor)
    return AuditEntry.objects.filter(workspace=actor.workspace_id).select_related("actor")
