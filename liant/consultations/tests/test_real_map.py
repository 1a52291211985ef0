"""The real opinion map on a real Pol.is conversation imported through the app."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from liant.analysis.opinion import read_polis_groups
from liant.consultations import opinion_map, polis
from liant.core.testing import MissionFactory

pytestmark = pytest.mark.django_db

OPEN_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis-opendata"
SEATTLE = OPEN_DATA / "15-per-hour-seattle"


@pytest.mark.skipif(not SEATTLE.exists(), reason="the shared Pol.is data is not on this machine")
def test_imported_conversation_gets_pol_is_groups_on_its_map_page(owner, owner_client):
    mission = MissionFactory(organization__workspace=owner.workspace)
    files = {p.name: p.read_bytes() for p in SEATTLE.glob("*.csv")}
    consultation = polis.import_conversation(owner, mission, polis.parse(files))
    snapshot = opinion_map.recompute(consultation)
    groups = {m: g["id"] for g in snapshot.data["groups"] for m in g["members"]}
    theirs = read_polis_groups(SEATTLE)
    both = sorted(set(groups) & set(theirs))
    assert len(both) >= 0.9 * len(theirs)
    ari = adjusted_rand_score([theirs[p] for p in both], [groups[p] for p in both])
    assert ari >= 0.8, ari
    base = f"/missions/{mission.pk}/consultations/{consultation.pk}/"
    page = owner_client.get(base + "map/?group=0").content.decode()
    assert page.count('class="cs-point"') == len(groups)
    first = snapshot.data["groups"][0]["representative"][0]["statement"]
    assert consultation.statements.get(number=first).text.split("\n")[0][:40] in page
    # The export carries our groups in participants-votes.csv.
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(base + "export/").content))
    rows = list(csv.DictReader(io.StringIO(archive.read("participants-votes.csv").decode())))
    assert {int(r["participant"]): int(r["group-id"]) for r in rows if r["group-id"]} == groups
