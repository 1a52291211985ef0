from pathlib import Path

import liant.api


def test_routes_reach_data_only_through_selectors_and_services():
    """Tenancy is enforced in the apps' selectors and services: a route module that queried
    a model directly could skip the workspace filter."""
    for module in Path(liant.api.__file__).parent.glob("routes_*.py"):
        assert ".objects" not in module.read_text(), module.name
