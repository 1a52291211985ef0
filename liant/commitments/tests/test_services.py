"""Services of the method: items, pairs, link signing and expiry, publication and review."""

import datetime

import pytest
from django.core import signing as django_signing
from django.core.exceptions import PermissionDenied, ValidationError

from liant.commitments import selectors, services, signing
from liant.commitments.models import (
    Feedback,
    PromiseItem,
    PromiseVersion,
    Review,
    ReviewRating,
)
from liant.commitments.tests.factories import service_setup
from liant.core.tenancy import Role
from liant.core.testing import OrganizationFactory, make_actor


@pytest.fixture
def setup(organization):
    return service_setup(organization)


def _written(owner, setup):
    services.set_pair(
        owner, setup.interface, first=setup.first, second=setup.second, contact=setup.contact
    )
    expectation = services.add_item(
        owner, setup.interface, kind="expectation", text="Être prévenus des retards."
    )
    commitment = services.add_item(
        owner, setup.interface, kind="commitment", text="Signaler les ruptures.",
        service_level="sous 4 heures ouvrées",
    )  # fmt: skip
    return expectation, commitment


def test_a_commitment_without_text_is_refused(owner, setup):
    with pytest.raises(ValidationError) as error:
        services.add_item(owner, setup.interface, kind="commitment", text="   ")
    assert "un engagement sans texte" in " ".join(error.value.messages)
    assert not PromiseItem.objects.exists()


def test_a_pair_is_two_people_of_the_provider(owner, setup):
    with pytest.raises(ValidationError):
        services.set_pair(owner, setup.interface, first=setup.first, second=setup.first)
    with pytest.raises(ValidationError):
        services.set_pair(owner, setup.interface, first=setup.first, second=setup.contact)
    with pytest.raises(ValidationError):  # the contact belongs to the client unit
        services.set_pair(
            owner, setup.interface, first=setup.first, second=setup.second, contact=setup.second
        )
    promise = services.set_pair(
        owner, setup.interface, first=setup.first, second=setup.second, contact=setup.contact
    )
    assert promise.has_pair and promise.contact == setup.contact


def test_sponsors_and_other_workspaces_cannot_write(owner, setup, sponsor):
    with pytest.raises(PermissionDenied):
        services.add_item(sponsor, setup.interface, kind="commitment", text="x")
    stranger = make_actor(role=Role.OWNER)
    with pytest.raises(PermissionDenied):
        services.add_item(stranger, setup.interface, kind="commitment", text="x")
    assert not PromiseItem.objects.exists()


def test_the_link_round_trips_and_names_its_promise(owner, setup):
    _written(owner, setup)
    promise = setup.interface.service_promise
    payload = signing.read_token(signing.make_token(promise))
    assert (payload.promise_id, payload.workspace_id) == (promise.pk, promise.workspace_id)
    assert selectors.promise_by_link(payload) == promise


def test_a_tampered_link_is_refused(owner, setup):
    _written(owner, setup)
    token = signing.make_token(setup.interface.service_promise)
    forged = django_signing.dumps({"w": 1, "p": 999}, salt="another salt")
    for bad in (token[:-2] + "xy", token.replace(":", "", 1), forged, "nonsense"):
        with pytest.raises(signing.BadLink):
            signing.read_token(bad)


def test_an_old_link_has_expired(owner, setup, monkeypatch):
    _written(owner, setup)
    token = signing.make_token(setup.interface.service_promise)
    later = django_signing.time.time() + signing.MAX_AGE + 60
    monkeypatch.setattr(django_signing.time, "time", lambda: later)
    with pytest.raises(signing.ExpiredLink):
        signing.read_token(token)


def test_feedback_is_stored_per_item_and_bad_answers_store_nothing(owner, setup):
    expectation, commitment = _written(owner, setup)
    promise = setup.interface.service_promise
    payload = signing.read_token(signing.make_token(promise))
    with pytest.raises(ValidationError):  # a change without its wording
        services.submit_feedback(
            payload, promise,
            {expectation.pk: {"verdict": "agree"}, commitment.pk: {"verdict": "change"}},
        )  # fmt: skip
    assert not Feedback.objects.exists()
    services.submit_feedback(
        payload, promise,
        {expectation.pk: {"verdict": "agree"},
         commitment.pk: {"verdict": "change", "proposed_text": "Sous 2 heures."}},
    )  # fmt: skip
    assert selectors.latest_feedback(commitment).proposed_text == "Sous 2 heures."
    # A link for another workspace's promise cannot write here.
    other = service_setup(OrganizationFactory())
    with pytest.raises(PermissionDenied):
        services.submit_feedback(payload, other.interface, {})


def test_add_months_keeps_the_day_or_the_month_end():
    assert services.add_months(datetime.date(2026, 3, 15), 6) == datetime.date(2026, 9, 15)
    assert services.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert services.add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)


def test_publication_schedules_the_review_six_months_later(owner, setup):
    with pytest.raises(ValidationError):  # nothing to promise yet
        services.publish(owner, setup.interface)
    assert not PromiseVersion.objects.exists()
    _written(owner, setup)
    version = services.publish(owner, setup.interface, today=datetime.date(2026, 8, 31))
    assert version.number == 1 and version.review_due == datetime.date(2027, 2, 28)
    assert version.commitments[0]["service_level"] == "sous 4 heures ouvrées"
    assert services.publish(owner, setup.interface).number == 2


def test_calendar_items_and_reminders(owner, setup, sponsor):
    _written(owner, setup)
    version = services.publish(owner, setup.interface, today=datetime.date(2026, 1, 10))
    items = selectors.calendar_items(owner, datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))
    assert items == [
        {
            "title": "Revue de la promesse de service\u00a0: Logistique → ADV",
            "date": datetime.date(2026, 7, 10),
            "url": f"/promises/interfaces/{setup.interface.pk}/versions/{version.pk}/review/",
        }
    ]
    assert (
        selectors.calendar_items(owner, datetime.date(2026, 8, 1), datetime.date(2026, 9, 1)) == []
    )
    assert (
        len(
            selectors.calendar_items(sponsor, datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))
        )
        == 1
    )
    stranger = make_actor(role=Role.OWNER)
    assert (
        selectors.calendar_items(stranger, datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))
        == []
    )
    assert list(selectors.due_reviews(owner)) == [version]  # overdue (its date has passed)


def test_a_review_rates_every_commitment_on_both_sides(owner, setup):
    _written(owner, setup)
    version = services.publish(owner, setup.interface)
    with pytest.raises(ValidationError) as error:
        services.record_review(
            owner, version, held_on=datetime.date(2026, 9, 1),
            ratings={(0, "provider"): ("kept", ""), (0, "client"): ("excellent", "")},
        )  # fmt: skip
    assert "n’est pas sur l’échelle" in " ".join(error.value.messages)
    assert not Review.objects.exists() and not ReviewRating.objects.exists()
    review = services.record_review(
        owner, version, held_on=datetime.date(2026, 9, 1),
        ratings={(0, "provider"): ("kept", ""), (0, "client"): ("partly", "Souvent le lendemain")},
        summary="Préciser le canal.",
    )  # fmt: skip
    assert review.outcome == Review.Outcome.PARTLY
    row = selectors.interface_rows([setup.interface])[0]
    assert row.last_review == review
    assert selectors.review_lessons(row)[0]["text"] == "Signaler les ruptures."
    assert selectors.edge_outcomes(setup.interface.organization)[setup.interface.pk] == "partly"
    services.publish(owner, setup.interface)  # the next version takes the lessons in
    assert selectors.review_lessons(selectors.interface_rows([setup.interface])[0]) == []
    with pytest.raises(ValidationError):  # a version is reviewed once
        services.record_review(
            owner, version, held_on=datetime.date(2026, 9, 1),
            ratings={(0, "provider"): ("kept", ""), (0, "client"): ("kept", "")},
        )  # fmt: skip


def test_steps_follow_what_was_produced(owner, setup):
    unit = setup.provider
    steps = {s.key: s.status for s in selectors.plan_steps(unit, None, [])}
    assert steps["gather"] == "todo" and steps["clients"] == "todo"
    services.record_gathering(owner, unit, gathered_on=datetime.date(2026, 3, 1))
    services.set_mission_statement(owner, unit, "Expédier à l’heure.")
    _written(owner, setup)
    plan = selectors.plan_of(unit)
    rows = selectors.interface_rows(selectors.provider_interfaces(unit))
    steps = {s.key: s.status for s in selectors.plan_steps(unit, plan, rows)}
    assert steps == {
        "gather": "done", "mission": "done", "clients": "done", "image": "todo",
        "pairs": "done", "items": "done", "feedback": "todo", "promise": "todo", "review": "todo",
    }  # fmt: skip


def test_the_image_board_and_its_groups(owner, setup, organization):
    from liant.workshops.models import Card, Cluster
    from liant.workshops.services import join

    with pytest.raises(ValidationError):
        services.import_image_categories(owner, services.plan_for(owner, setup.provider))
    plan = services.create_image_board(owner, setup.provider)
    board = plan.image_board
    assert [c.title for c in board.columns.all()] == [
        "Ce que nous aimerions que les autres équipes disent de notre service",
        "Ce que nous n’aimerions pas que les autres équipes disent de notre service",
    ]
    with pytest.raises(ValidationError):  # no group yet
        services.import_image_categories(owner, plan)
    column = board.columns.first()
    cluster = Cluster.objects.create(
        workspace=owner.workspace, board=board, column=column, title="Fiabilité"
    )
    Card.objects.create(
        workspace=owner.workspace, board=board, column=column, cluster=cluster,
        author=join(plan.image_workshop), text="On peut compter sur eux.",
    )  # fmt: skip
    categories = services.import_image_categories(owner, plan)
    assert [(c.title, c.cards) for c in categories] == [("Fiabilité", ["On peut compter sur eux."])]
    with pytest.raises(ValidationError):  # one board per unit
        services.create_image_board(owner, setup.provider)


def test_only_the_latest_version_is_due(owner, setup):
    _written(owner, setup)
    services.publish(owner, setup.interface, today=datetime.date(2026, 1, 10))
    latest = services.publish(owner, setup.interface, today=datetime.date(2026, 2, 10))
    items = selectors.calendar_items(owner, datetime.date(2026, 7, 1), datetime.date(2026, 8, 31))
    assert [item["date"] for item in items] == [datetime.date(2026, 8, 10)]
    assert list(selectors.due_reviews(owner)) == [latest]
