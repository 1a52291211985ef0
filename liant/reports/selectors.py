from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, require_staff, scoped

from .models import Document

RECENT = 5  # documents of the same object listed on its page


def get_document(actor: Actor, pk: int) -> Document:
    require_staff(actor)
    return get_object_or_404(scoped(Document.objects.all(), actor), pk=pk)


def recent_documents(actor: Actor, kind: str, object_id: int) -> list[Document]:
    if not actor.is_staff_member:
        return []
    qs = scoped(Document.objects.all(), actor).filter(kind=kind, object_id=object_id)
    return list(qs[:RECENT])
