"""Pages: the steps, the promise (htmx edits), RACI messages, the counterpart's link, the
review, the simplified form, the map; sponsors read, only staff write."""

import datetime

import pytest
from django.core import signing as django_signing
from django.urls import reverse

from liant.commitments import services, signing
from liant.commitments.models import Feedback, PromiseItem, RaciActivity, Review
from liant.commitments.tests.factories import service_setup


@pytest.fixture
def setup(organization):
    return service_setup(organization)


def _written(owner, setup):
    services.set_pair(
        owner, setup.interface, first=setup.first, second=setup.second, contact=setup.contact
    )
    services.add_item(owner, setup.interface, kind="expectation", text="Être <b>prévenus</b>.")
    return services.add_item(owner, setup.interface, kind="commitment", text="Signaler.")


def test_the_steps_page_and_its_forms(owner_client, setup):
    url = reverse("commitments:plan", args=[setup.provider.pk])
    page = owner_client.get(url)
    assert page.status_code == 200
    assert "Rassembler l’équipe" in page.content.decode()
    bad = owner_client.post(reverse("commitments:mission", args=[setup.provider.pk]), {})
    assert bad.status_code == 400 and "Écrivez la mission" in bad.content.decode()
    owner_client.post(
        reverse("commitments:mission", args=[setup.provider.pk]),
        {"mission_statement": "Expédier à l’heure."},
    )
    owner_client.post(
        reverse("commitments:gather", args=[setup.provider.pk]),
        {"gathered_on": "2026-03-02", "team_note": "Toute l’équipe"},
    )
    page = owner_client.get(url).content.decode()
    assert "Expédier à l’heure." in page and "02/03/2026" in page


def test_items_are_added_and_edited_in_place(owner_client, owner, setup):
    add = reverse("commitments:item_add", args=[setup.interface.pk])
    empty = owner_client.post(add, {"kind": "commitment", "text": " "}, HTTP_HX_REQUEST="true")
    assert "un engagement sans texte" in empty.content.decode()
    assert not PromiseItem.objects.exists()
    response = owner_client.post(
        add,
        {"kind": "commitment", "text": "Répondre <script>x</script>", "service_level": "2 jours"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'id="cell-' in body and "&lt;script&gt;" in body and "<script>x" not in body
    item = PromiseItem.objects.get()
    edit = reverse("commitments:item_edit", args=[setup.interface.pk, item.pk])
    assert "<textarea" in owner_client.get(edit, HTTP_HX_REQUEST="true").content.decode()
    saved = owner_client.post(
        edit, {"text": "Répondre vite", "service_level": ""}, HTTP_HX_REQUEST="true"
    )
    assert 'id="item-' in saved.content.decode()
    item.refresh_from_db()
    assert item.text == "Répondre vite"
    bad = owner_client.post(edit, {"text": ""}, HTTP_HX_REQUEST="true")
    assert "errorlist" in bad.content.decode()
    item.refresh_from_db()
    assert item.text == "Répondre vite"


def test_raci_page_says_what_is_wrong_and_keeps_nothing(owner_client, owner, setup):
    services.default_raci_actors(owner, setup.interface)
    a, b = setup.interface.service_promise.raci_actors.all()
    url = reverse("commitments:raci_row_add", args=[setup.interface.pk])
    response = owner_client.post(
        url, {"label": "Livrer", f"actor_{a.pk}": "A", f"actor_{b.pk}": "A"}
    )
    assert response.status_code == 400
    assert "Un seul responsable final (A)" in response.content.decode()
    assert not RaciActivity.objects.exists()
    response = owner_client.post(
        url, {"label": "Livrer", f"actor_{a.pk}": "AR", f"actor_{b.pk}": ""}, follow=True
    )
    body = response.content.decode()
    assert "Personne n’est consulté (C) ni informé (I)" in body
    assert RaciActivity.objects.count() == 1


def test_the_counterpart_answers_through_the_link(client, owner, setup):
    commitment = _written(owner, setup)
    token = signing.make_token(setup.interface.service_promise)
    url = reverse("commitments:feedback", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Être &lt;b&gt;prévenus&lt;/b&gt;." in page.content.decode()
    field = f"item-{commitment.pk}"
    bad = client.post(url, {f"{field}-verdict": "change"})
    assert bad.status_code == 400 and "Écrivez la formulation" in bad.content.decode()
    assert not Feedback.objects.exists()
    done = client.post(url, {f"{field}-verdict": "change", f"{field}-proposed_text": "Sous 2 h."})
    assert done.status_code == 200 and "Merci" in done.content.decode()
    assert Feedback.objects.get().proposed_text == "Sous 2 h."


def test_tampered_and_expired_links_get_a_clear_page(client, owner, setup, monkeypatch):
    commitment = _written(owner, setup)
    token = signing.make_token(setup.interface.service_promise)
    field = f"item-{commitment.pk}"
    tampered = reverse("commitments:feedback", args=[token[:-3] + "abc"])
    response = client.post(tampered, {f"{field}-verdict": "agree"})
    assert response.status_code == 404 and "Ce lien n’est pas valide" in response.content.decode()
    later = django_signing.time.time() + signing.MAX_AGE + 60
    monkeypatch.setattr(django_signing.time, "time", lambda: later)
    response = client.post(
        reverse("commitments:feedback", args=[token]), {f"{field}-verdict": "agree"}
    )
    assert response.status_code == 410 and "Ce lien a expiré" in response.content.decode()
    assert not Feedback.objects.exists()


def test_publication_and_a_review_with_a_rating_outside_the_scale(owner_client, owner, setup):
    _written(owner, setup)
    owner_client.post(reverse("commitments:publish", args=[setup.interface.pk]))
    version = setup.interface.service_promise.versions.get()
    url = reverse("commitments:review", args=[setup.interface.pk, version.pk])
    response = owner_client.post(
        url, {"held_on": "2026-09-01", "rating_0_provider": "kept", "rating_0_client": "super"}
    )
    assert response.status_code == 400
    assert "«\u00a0super\u00a0» n’est pas sur l’échelle" in response.content.decode()
    assert not Review.objects.exists()
    response = owner_client.post(
        url,
        {"held_on": "2026-09-01", "rating_0_provider": "kept", "rating_0_client": "not_kept",
         "comment_0_client": "Jamais prévenus"},
    )  # fmt: skip
    assert response.status_code == 302
    page = owner_client.get(reverse("commitments:promise", args=[setup.interface.pk]))
    assert "À retravailler depuis la dernière revue" in page.content.decode()
    assert "Jamais prévenus" in page.content.decode()


def test_sponsor_reads_but_cannot_write(client, owner, sponsor, setup):
    _written(owner, setup)
    version = services.publish(owner, setup.interface)
    client.force_login(sponsor.user)
    for url in (
        reverse("commitments:overview", args=[setup.interface.organization_id]),
        reverse("commitments:simplified", args=[setup.interface.organization_id]),
        reverse("commitments:plan", args=[setup.provider.pk]),
        reverse("commitments:promise", args=[setup.interface.pk]),
        reverse("commitments:raci", args=[setup.interface.pk]),
        reverse("commitments:review", args=[setup.interface.pk, version.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/feedback/" not in response.content.decode()  # the link is for the team
    add = reverse("commitments:item_add", args=[setup.interface.pk])
    assert client.post(add, {"kind": "commitment", "text": "x"}).status_code == 403
    review = reverse("commitments:review", args=[setup.interface.pk, version.pk])
    assert client.post(review, {"held_on": "2026-09-01"}).status_code == 403


def test_simplified_form_map_and_reminders(owner_client, owner, setup):
    _written(owner, setup)
    services.publish(owner, setup.interface, today=datetime.date(2025, 1, 1))
    org_pk = setup.interface.organization_id
    table = owner_client.get(reverse("commitments:simplified", args=[org_pk])).content.decode()
    assert "attend de nous" in table and "Signaler." in table and "hx-post" in table
    svg = owner_client.get(reverse("commitments:map", args=[org_pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"Logistique" in svg.content and b"#2a6f97" in svg.content  # published, not reviewed
    home = owner_client.get(reverse("core:home")).content.decode()
    assert "Revues des promesses de service" in home and "Logistique → ADV" in home


def test_the_pair_adopts_the_proposed_wording(owner_client, owner, setup):
    commitment = _written(owner, setup)
    adopt = reverse("commitments:item_adopt", args=[setup.interface.pk, commitment.pk])
    response = owner_client.post(adopt, follow=True)
    assert "Il n’y a pas de formulation proposée" in response.content.decode()
    promise = setup.interface.service_promise
    payload = signing.read_token(signing.make_token(promise))
    services.submit_feedback(
        payload, promise, {commitment.pk: {"verdict": "change", "proposed_text": "Sous 2 h."}}
    )
    page = owner_client.get(reverse("commitments:promise", args=[setup.interface.pk]))
    assert "Adopter cette formulation" in page.content.decode()
    response = owner_client.post(adopt, {"next": "https://evil.example/"})
    assert response["Location"].startswith(f"/promises/interfaces/{setup.interface.pk}/")
    commitment.refresh_from_db()
    assert commitment.text == "Sous 2 h."


def test_the_mission_page_leads_to_the_promises(owner_client, owner, setup):
    from liant.core.testing import MissionFactory

    mission = MissionFactory(organization=setup.interface.organization)
    page = owner_client.get(reverse("missions:detail", args=[mission.pk])).content.decode()
    assert "Promesses de service de cette organisation" not in page  # nothing started yet
    _written(owner, setup)
    services.publish(owner, setup.interface, today=datetime.date(2025, 1, 1))
    page = owner_client.get(reverse("missions:detail", args=[mission.pk])).content.decode()
    assert "Promesses de service de cette organisation" in page
    assert "Logistique → ADV" in page  # its review is late


def test_the_public_page_is_rate_limited(client):
    url = reverse("commitments:feedback", args=["forged"])
    statuses = [client.post(url).status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429
