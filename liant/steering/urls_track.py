"""Track part: reviews, obstacles, indicators, impact, portal, calendar (see OWNERSHIP.md)."""

urlpatterns: list = []
