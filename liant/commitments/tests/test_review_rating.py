"""The client contact's rating at the six-month review, through a signed, expiring link
(issue 6): each commitment on the reviews' scale with a comment; an out-of-scale rating, a
tampered or expired link, a review already held → a clear page and nothing stored; the pair
sees the ratings in the review, where they pre-fill the client's side."""

import pytest
from django.core import signing as django_signing
from django.urls import reverse

from liant.commitments import services, signing
from liant.commitments.models import CounterpartRating, Review
from liant.commitments.tests.factories import service_setup


@pytest.fixture
def version(owner, organization):
    setup = service_setup(organization)
    services.set_pair(
        owner, setup.interface, first=setup.first, second=setup.second, contact=setup.contact
    )
    services.add_item(owner, setup.interface, kind="expectation", text="Être prévenus.")
    services.add_item(owner, setup.interface, kind="commitment", text="Livrer <b>à 10 h</b>.")
    services.add_item(owner, setup.interface, kind="commitment", text="Prévenir des retards.")
    return services.publish(owner, setup.interface)


def link(version) -> str:
    return reverse("commitments:review_rating", args=[signing.make_review_token(version)])


def review_url(version) -> str:
    return reverse("commitments:review", args=[version.promise.interface_id, version.pk])


def test_the_contact_rates_each_commitment_and_the_pair_sees_it(client, owner_client, version):
    page = client.get(link(version))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Livrer &lt;b&gt;à 10 h&lt;/b&gt;." in body and "Être prévenus" not in body
    done = client.post(
        link(version),
        {"rating_0": "kept", "rating_1": "partly", "comment_1": "Deux oublis <i>en mai</i>"},
    )
    assert done.status_code == 200 and "Merci" in done.content.decode()
    rows = list(CounterpartRating.objects.order_by("commitment_index"))
    assert [(r.rating, r.respondent) for r in rows] == [
        ("kept", "Emma Roux"),
        ("partly", "Emma Roux"),
    ]
    review = owner_client.get(review_url(version)).content.decode()
    assert "Deux oublis &lt;i&gt;en mai&lt;/i&gt;" in review
    # The client's side of the review form starts from the contact's ratings.
    assert '<option value="partly" selected>' in review
    # Answering again replaces the earlier answer.
    client.post(link(version), {"rating_0": "not_kept", "rating_1": "kept"})
    assert list(CounterpartRating.objects.values_list("rating", flat=True)) == [
        "not_kept",
        "kept",
    ]


def test_an_out_of_scale_or_missing_rating_stores_nothing(client, version):
    response = client.post(link(version), {"rating_0": "super", "rating_1": "kept"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "«\u00a0super\u00a0» n’est pas sur l’échelle" in body
    assert "rien n’a encore été enregistré" in body
    response = client.post(link(version), {"rating_0": "kept"})
    assert response.status_code == 400
    assert "Évaluez cet engagement" in response.content.decode()
    assert not CounterpartRating.objects.exists()


def test_tampered_expired_and_closed_links_get_a_clear_page(client, owner, version, monkeypatch):
    token = signing.make_review_token(version)
    data = {"rating_0": "kept", "rating_1": "kept"}
    tampered = reverse("commitments:review_rating", args=[token[:-3] + "abc"])
    response = client.post(tampered, data)
    assert response.status_code == 404 and "Ce lien n’est pas valide" in response.content.decode()
    # A feedback link (another salt) does not open the review's page.
    feedback = signing.make_token(version.promise)
    response = client.get(reverse("commitments:review_rating", args=[feedback]))
    assert response.status_code == 404
    services.record_review(
        owner, version, held_on=version.review_due,
        ratings={(i, side): ("kept", "") for i in (0, 1) for side in ("provider", "client")},
    )  # fmt: skip
    response = client.post(reverse("commitments:review_rating", args=[token]), data)
    assert response.status_code == 410 and "Cette revue est close" in response.content.decode()
    Review.objects.all().delete()
    later = django_signing.time.time() + signing.MAX_AGE + 60
    monkeypatch.setattr(django_signing.time, "time", lambda: later)
    response = client.post(reverse("commitments:review_rating", args=[token]), data)
    assert response.status_code == 410 and "Ce lien a expiré" in response.content.decode()
    assert not CounterpartRating.objects.exists()


def test_the_link_is_shown_to_the_team_only(client, owner_client, sponsor, version):
    page = owner_client.get(review_url(version)).content.decode()
    assert "/promises/review/" in page
    client.force_login(sponsor.user)
    page = client.get(review_url(version)).content.decode()
    assert "/promises/review/" not in page
