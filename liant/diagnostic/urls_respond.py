"""Part c of issue 5 — respondents' pages, mounted at /s/ in the "respond" namespace.

No login: the wave's secret (anonymous link) or a personal token in the URL is the
capability. The isolation matrix exempts this namespace; its tests live with part c.
"""

app_name = "respond"

urlpatterns: list = []
