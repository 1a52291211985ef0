"""Plan part: axes, objectives, actions, matrix, governance, decisions (see OWNERSHIP.md)."""

urlpatterns: list = []
