"""The facilitator's pages and the participants' link, through HTTP."""

import pytest
from django.test import Client
from django.urls import reverse

from liant.charters import selectors, services
from liant.charters.models import Amendment, ClauseComment, ClauseVote, Document, Version
from liant.charters.views_contribute import cookie_name

from .conftest import clause_titled

pytestmark = pytest.mark.django_db


def detail_url(document):
    return reverse("charters:detail", args=[document.mission_id, document.pk])


def link(document, name="document", clause=None):
    args = [document.secret] + ([clause.pk] if clause is not None else [])
    return reverse(f"contribute:{name}", args=args)


def as_participant():
    """A fresh browser, without the facilitator's session."""
    return Client()


def test_facilitator_writes_v1_and_opens_it(owner_client, mission):
    url = reverse("charters:create", args=[mission.pk])
    response = owner_client.post(url, {"title": "Charte", "purpose": "Pourquoi"})
    document = Document.objects.get()
    assert response.url == detail_url(document)
    add = reverse("charters:clause_add", args=[mission.pk, document.pk])
    owner_client.post(add, {"title": "Messagerie", "text": "Pas de courriel après 20 h."})
    response = owner_client.post(add, {"title": "Vide", "text": "  "})
    assert response.status_code == 400
    assert "Rédigez le texte de la clause" in response.content.decode() or "Write the text" in (
        response.content.decode()
    )
    assert selectors.latest_version(document).clauses.count() == 1
    stage = reverse("charters:stage", args=[mission.pk, document.pk])
    owner_client.post(stage, {"action": "open", "closes_at": ""})
    document.refresh_from_db()
    assert document.stage == Document.Stage.CONSULTATION
    page = owner_client.get(detail_url(document)).content.decode()
    assert document.secret in page  # the participants' link is shown


def test_a_closing_date_in_the_past_is_refused_with_a_message(owner_client, charter):
    stage = reverse("charters:stage", args=[charter.mission_id, charter.pk])
    response = owner_client.post(stage, {"action": "open", "closes_at": "2020-01-01T10:00"})
    assert response.status_code == 400
    charter.refresh_from_db()
    assert charter.stage == Document.Stage.DRAFT


def test_the_draft_is_not_reachable_by_its_link(client, charter):
    assert client.get(link(charter)).status_code == 404


def test_participants_vote_comment_and_amend_by_the_link(client, open_charter):
    clause = clause_titled(open_charter, "Messagerie")
    page = client.get(link(open_charter))
    assert page.status_code == 200 and "Pas de courriel après 20 h." in page.content.decode()
    client.post(link(open_charter, "vote", clause), {"value": "agree"})
    key = client.cookies[cookie_name(open_charter)].value
    client.post(link(open_charter, "vote", clause), {"value": "disagree"})
    assert list(ClauseVote.objects.values_list("value", flat=True)) == ["disagree"]
    client.post(link(open_charter, "comment", clause), {"text": "Et les astreintes ?"})
    client.post(
        link(open_charter, "amend", clause),
        {"kind": "replace", "text": "Pas de courriel après 19 h.", "rationale": "Plus tôt"},
    )
    amendment = Amendment.objects.get()
    assert amendment.contributor.key.hex == key.replace("-", "")
    page = client.get(link(open_charter)).content.decode()
    assert "Et les astreintes ?" in page
    assert "En attente" in page


def test_bad_input_keeps_the_text_and_stores_nothing(client, open_charter):
    clause = clause_titled(open_charter, "Messagerie")
    response = client.post(
        link(open_charter, "amend", clause),
        {"kind": "replace", "text": "Mon texte à garder", "rationale": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mon texte à garder" in body
    assert not Amendment.objects.exists()
    response = client.post(link(open_charter, "vote", clause), {"value": "peut-être"})
    assert response.status_code == 400 and not ClauseVote.objects.exists()


def test_a_closed_window_refuses_a_vote_with_a_message(client, owner, open_charter):
    clause = clause_titled(open_charter, "Messagerie")
    services.close_participation(owner, open_charter)
    response = client.post(link(open_charter, "vote", clause), {"value": "agree"})
    assert response.status_code == 400
    assert "Participation is closed" in response.content.decode() or "clos" in (
        response.content.decode()
    )
    assert not ClauseVote.objects.exists()


def test_free_text_is_escaped_everywhere(owner_client, open_charter):
    client = as_participant()
    clause = clause_titled(open_charter, "Messagerie")
    evil = "<script>alert(1)</script>"
    client.post(link(open_charter, "comment", clause), {"text": evil})
    client.post(
        link(open_charter, "amend", clause),
        {"kind": "replace", "text": evil, "rationale": evil},
    )
    for body in (
        client.get(link(open_charter)).content.decode(),
        owner_client.get(detail_url(open_charter)).content.decode(),
    ):
        assert evil not in body and "&lt;script&gt;" in body


def test_anonymity(owner, owner_client, consultant, open_charter):
    """Participants never see who wrote what; facilitators see pseudonyms only, even for a
    staff member who took part with their account."""
    clause = clause_titled(open_charter, "Messagerie")
    staff_contributor = services.join(open_charter, user=consultant.user)
    services.comment(staff_contributor, clause, "Avis de la consultante")
    other = services.join(open_charter)
    services.comment(other, clause, "Avis anonyme")
    page = as_participant().get(link(open_charter)).content.decode()
    assert "Avis de la consultante" in page and "Avis anonyme" in page
    for secret in (
        consultant.user.full_name, consultant.user.email, "Contributeur", "Contributor",
        str(staff_contributor.key), str(other.key),
    ):  # fmt: skip
        assert secret not in page
    facilitator_page = owner_client.get(detail_url(open_charter)).content.decode()
    assert "Contributeur 1" in facilitator_page and "Contributeur 2" in facilitator_page
    assert consultant.user.full_name not in facilitator_page
    assert consultant.user.email not in facilitator_page


def test_decide_page_accepts_and_rejects_at_once(owner_client, open_charter):
    someone = services.join(open_charter)
    mail = clause_titled(open_charter, "Messagerie")
    visio = clause_titled(open_charter, "Visio")
    a = services.propose(someone, mail, kind="replace", text="Après 19 h.", rationale="r")
    b = services.propose(someone, visio, kind="delete", rationale="r")
    url = reverse("charters:decide", args=[open_charter.mission_id, open_charter.pk])
    refused = owner_client.post(url, {f"verdict-{a.pk}": "accept", f"verdict-{b.pk}": "reject"})
    assert refused.status_code == 400
    assert Version.objects.count() == 1
    body = refused.content.decode()
    assert f'name="verdict-{a.pk}" value="accept" checked' in body  # the choices are kept
    done = owner_client.post(
        url,
        {f"verdict-{a.pk}": "accept", f"verdict-{b.pk}": "reject", f"reason-{b.pk}": "Non"},
    )
    assert done.status_code == 302
    assert Version.objects.filter(document=open_charter).count() == 2


def test_compare_page_shows_the_word_diff(owner, owner_client, open_charter):
    someone = services.join(open_charter)
    mail = clause_titled(open_charter, "Messagerie")
    a = services.propose(
        someone, mail, kind="replace", text="Pas de courriel après 19 h.", rationale="r"
    )
    services.decide(owner, open_charter, [services.Decision(a, "accept")])
    url = reverse("charters:compare", args=[open_charter.mission_id, open_charter.pk])
    body = owner_client.get(url).content.decode()
    assert "<del>20</del><ins>19</ins>" in body
    v1, v2 = Version.objects.order_by("number")
    body = owner_client.get(url, {"old": v2.pk, "new": v1.pk}).content.decode()
    assert "<del>19</del><ins>20</ins>" in body


def test_published_page_for_sponsors(client, owner, sponsor, open_charter):
    client.force_login(sponsor.user)
    url = reverse("charters:published", args=[open_charter.mission_id])
    assert "Messagerie" not in client.get(url).content.decode()
    services.publish(owner, open_charter)
    body = client.get(url).content.decode()
    assert "Messagerie" in body and "Pas de courriel après 20 h." in body
    # The facilitator's page stays closed to sponsors.
    assert client.get(detail_url(open_charter)).status_code == 403


def test_comments_are_stored_once_per_post(client, open_charter):
    clause = clause_titled(open_charter, "Réunions")
    client.post(link(open_charter, "comment", clause), {"text": "Oui"})
    assert ClauseComment.objects.count() == 1


def test_pages_speak_english_too(client, owner_client, open_charter):
    client.cookies["django_language"] = "en"
    page = client.get(link(open_charter)).content.decode()
    assert "I agree" in page and "Propose an amendment" in page
    owner_client.cookies["django_language"] = "en"
    page = owner_client.get(detail_url(open_charter)).content.decode()
    assert "Close participation" in page and "Amendments to decide" in page


def test_clauses_of_a_frozen_version_cannot_be_edited(owner_client, open_charter):
    clause = clause_titled(open_charter, "Messagerie")
    args = [open_charter.mission_id, open_charter.pk, clause.pk]
    assert owner_client.get(reverse("charters:clause_edit", args=args)).status_code == 404
    response = owner_client.post(
        reverse("charters:clause_edit", args=args), {"title": "X", "text": "Y"}
    )
    assert response.status_code == 404
    assert owner_client.post(reverse("charters:clause_delete", args=args)).status_code == 404
    clause.refresh_from_db()
    assert clause.text == "Pas de courriel après 20 h."


def test_participants_never_see_the_amendments_of_others(client, open_charter):
    other = services.join(open_charter)
    services.propose(other, clause_titled(open_charter, "Visio"), kind="delete", rationale="Secret")
    page = as_participant().get(link(open_charter)).content.decode()
    assert "Secret" not in page and "En attente" not in page
