def workspace(request):
    actor = getattr(request, "actor", None)
    # SimpleLazyObject wrapping None is truthy; unwrap it once here.
    actor = actor if actor is not None and getattr(actor, "user", None) is not None else None
    return {"actor": actor}
