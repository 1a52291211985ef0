"""Steering in a real browser: a consultant holds a milestone review (its agenda generated
from a late action, an obstacle raised, a decision recorded, the minutes closed), defines an
indicator, enters measurements (a wrong one is refused) and sees the chart; the sponsor reads
the portal."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.tenancy import Role
from liant.core.testing import PersonFactory, make_actor
from liant.steering.models import ActionPlan, Decision, Measurement, Obstacle, Review

from .factories import ActionFactory, ActionPlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    plan = ActionPlanFactory(
        mission__organization__workspace=consultant.workspace,
        mission__title="Accompagnement de la Direction des services législatifs",
    )
    now = timezone.now()
    ActionPlan.objects.filter(pk=plan.pk).update(
        status="validated", submitted_at=now, validated_at=now
    )
    org = plan.mission.organization
    owner = PersonFactory(organization=org, name="Nadia Benali")
    today = timezone.localdate()
    ActionFactory(
        plan=plan, title="Former les référents à l’outil de suivi", owner=owner,
        start_date=today - datetime.timedelta(days=60), due_date=today - datetime.timedelta(5),
        progress=40,
    )  # fmt: skip
    ActionFactory(
        plan=plan, title="Réécrire la procédure d’enregistrement", owner=owner,
        start_date=today - datetime.timedelta(days=10), due_date=today + datetime.timedelta(8),
    )  # fmt: skip
    sponsor = make_actor(consultant.workspace, Role.SPONSOR, organization=org)
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return {"mission": plan.mission, "plan": plan, "sponsor": sponsor}


def test_hold_a_review_and_chart_an_indicator(page, browser, live_server, world, screenshot):
    mission = world["mission"]
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("link", name="Pilotage").click()
    expect(page.get_by_role("heading", name="Pilotage", exact=True)).to_be_visible()

    # Prepare the review: its agenda lists the late action and the one due soon.
    page.get_by_role("link", name="Préparer un point d’étape").click()
    page.get_by_label("Titre").fill("Point d’étape de novembre")
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("ordre du jour est prêt")
    agenda = page.locator(".st-agenda li")
    expect(agenda).to_have_count(2)
    expect(agenda.first).to_contain_text("En retard")
    expect(agenda.first).to_contain_text("Former les référents")

    # An obstacle raised in the review.
    page.get_by_text("Soulever un obstacle").click()
    form = page.locator("#obstacles form")
    form.get_by_label("Obstacle").fill("Budget de formation non voté")
    form.get_by_label("Impact").select_option("high")
    form.get_by_label("Responsable").select_option(label="Nadia Benali")
    form.get_by_label("Former les référents à l’outil de suivi").check()
    form.get_by_role("button", name="Ajouter au registre").click()
    expect(page.locator(".messages")).to_contain_text("Obstacle ajouté au registre.")
    expect(page.locator("#obstacles")).to_contain_text("Budget de formation non voté")

    # A decision.
    page.get_by_text("Consigner une décision").click()
    form = page.locator("#decisions form")
    form.get_by_label("Décision").fill("Présenter le besoin de formation au bureau")
    form.get_by_label("Décidé par").fill("Comité de pilotage")
    form.get_by_role("button", name="Consigner la décision").click()
    expect(page.locator("#decisions")).to_contain_text("Présenter le besoin de formation")

    # Closing without minutes is refused; with minutes the review is held.
    page.get_by_role("button", name="Clôturer le point d’étape (tenu)").click()
    expect(page.locator(".messages")).to_contain_text("Rédigez le compte rendu")
    page.get_by_role("textbox", name="Compte rendu").fill(
        "Tour de table : la formation attend le budget."
    )
    page.get_by_role("button", name="Clôturer le point d’étape (tenu)").click()
    expect(page.locator(".messages")).to_contain_text("Point d’étape tenu.")
    expect(page.locator(".page-header .badge")).to_have_text("Tenu")
    screenshot("steering-review-held")
    review = Review.objects.get()
    assert review.status == Review.Status.HELD
    assert Obstacle.objects.get().raised_in_review == review
    assert Decision.objects.get().review == review

    # An indicator, entered by hand.
    page.get_by_role("link", name="Pilotage").first.click()
    page.get_by_role("link", name="Nouvel indicateur").click()
    page.get_by_label("Nom").fill("Amendements traités dans les délais")
    page.get_by_label("Type de valeur").select_option("percentage")
    page.get_by_label("Unité").fill("%")
    page.get_by_label("Valeur de départ").fill("62")
    page.get_by_label("Cible").fill("90")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Indicateur créé.")
    expect(page.get_by_test_id("indicator-status")).to_have_text("Pas encore de mesure")

    # A measurement of the wrong type: a clear message, nothing stored.
    page.get_by_label("Date").fill("2026-06-30")
    page.get_by_label("Valeur").fill("112")
    page.get_by_role("button", name="Enregistrer la mesure").click()
    expect(page.locator(".errorlist")).to_contain_text("entre 0 et 100")
    assert not Measurement.objects.exists()

    for date, value in (("2026-06-30", "64"), ("2026-07-31", "71,5"), ("2026-08-31", "76")):
        page.get_by_label("Date").fill(date)
        page.get_by_label("Valeur").fill(value)
        page.get_by_role("button", name="Enregistrer la mesure").click()
        expect(page.locator(".messages")).to_contain_text("Mesure enregistrée.")
    expect(page.get_by_test_id("indicator-status")).to_have_text("En progrès")
    chart = page.get_by_test_id("indicator-chart")
    expect(chart).to_have_js_property("naturalWidth", 720)  # the SVG loaded and rendered
    svg = page.request.get(chart.get_attribute("src")).text()
    assert "71,5 %" in svg and "Cible" in svg
    screenshot("steering-indicator-chart")
    assert [str(m.value) for m in Measurement.objects.order_by("date")] == [
        "64.0000",
        "71.5000",
        "76.0000",
    ]

    # A progress update published; the sponsor reads the portal with the chart.
    page.get_by_role("link", name="Pilotage").first.click()
    page.get_by_role("link", name="Rédiger un point d’avancement").click()
    page.get_by_label("Titre").fill("Les amendements sont traités plus vite")
    page.get_by_label("Texte").fill("76 % des amendements traités dans les délais en août.")
    page.get_by_label("Publier maintenant sur le portail du commanditaire").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Point d’avancement publié")
    screenshot("steering-home")

    sponsor_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    sponsor_context.add_cookies([session_cookie(world["sponsor"].user, live_server.url)])
    sponsor_page = sponsor_context.new_page()
    sponsor_page.goto(f"/missions/{mission.pk}/")
    sponsor_page.get_by_role("link", name="Portail d’avancement").click()
    expect(sponsor_page.locator(".st-update")).to_contain_text("plus vite")
    expect(sponsor_page.locator(".st-portal")).to_contain_text("Présenter le besoin")
    expect(sponsor_page.locator("img.st-chart")).to_have_js_property("naturalWidth", 720)
    sponsor_page.set_viewport_size({"width": 1280, "height": 860})
    sponsor_page.screenshot(path=str(ARTIFACTS / "steering-portal-sponsor.png"), full_page=True)
    sponsor_context.close()


def test_calendar_feed_created_read_and_revoked(page, live_server, world, screenshot):
    from icalendar import Calendar

    page.goto("/")
    page.get_by_role("link", name="Agenda").click()
    page.get_by_role("button", name="Créer un flux").click()
    expect(page.locator(".messages")).to_contain_text("Copiez son adresse maintenant")
    url = page.get_by_test_id("feed-url").input_value()
    assert url.startswith(live_server.url) and url.endswith(".ics")
    screenshot("steering-calendar-feed")
    feed = page.request.get(url)
    assert feed.status == 200
    summaries = [str(e["summary"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert "Échéance\xa0: Réécrire la procédure d’enregistrement" in summaries
    page.reload()
    expect(page.get_by_test_id("feed-url")).to_have_count(0)  # shown once
    page.get_by_role("button", name="Révoquer").click()
    expect(page.locator(".messages")).to_contain_text("Flux révoqué")
    gone = page.request.get(url)
    assert gone.status == 410 and "révoqué" in gone.text()
