"""The RACI rules: exactly one A, at least one R (errors); many R, no C/I (warnings)."""

import pytest
from django.core.exceptions import ValidationError

from liant.commitments import raci, services
from liant.commitments.models import RaciActivity, RaciCell
from liant.commitments.tests.factories import service_setup


@pytest.mark.parametrize(
    ("letters", "problems"),
    [
        (["A", "R", "C"], 0),
        (["AR", "I"], 0),
        (["A", "A", "R"], 1),  # two A
        (["R", "C"], 1),  # no A
        (["A", "C"], 1),  # no R
        (["", "C", "I"], 2),  # neither
        (["AR", "A"], 1),  # A+R counts as an A
    ],
)
def test_row_errors(letters, problems):
    assert len(raci.row_errors(letters)) == problems


def test_row_warnings():
    assert raci.row_warnings(["A", "R", "C"]) == []
    assert len(raci.row_warnings(["A", "R"])) == 1  # nobody consulted or informed
    assert len(raci.row_warnings(["A", "R", "R", "R", "I"])) == 1  # many R
    assert "3" in raci.row_warnings(["A", "R", "R", "R", "I"])[0]


def test_two_accountable_stores_nothing_and_says_why(owner, organization):
    setup = service_setup(organization)
    services.default_raci_actors(owner, setup.interface)
    a, b = setup.interface.service_promise.raci_actors.all()
    with pytest.raises(ValidationError) as error:
        services.save_raci_row(
            owner, setup.interface, label="Livrer", letters={a.pk: "A", b.pk: "A"}
        )
    assert "Un seul responsable final (A) par activité" in " ".join(error.value.messages)
    assert not RaciActivity.objects.exists() and not RaciCell.objects.exists()


def test_a_valid_row_is_saved_with_its_warnings(owner, organization):
    setup = service_setup(organization)
    services.default_raci_actors(owner, setup.interface)
    a, b = setup.interface.service_promise.raci_actors.all()
    activity, warnings = services.save_raci_row(
        owner, setup.interface, label="Livrer", letters={a.pk: "AR", b.pk: ""}
    )
    assert {c.letter for c in activity.cells.all()} == {"AR"}
    assert warnings == [raci.row_warnings(["AR"])[0]]
    # Editing it into an invalid row keeps the old letters.
    with pytest.raises(ValidationError):
        services.save_raci_row(
            owner, setup.interface, label="Livrer", letters={a.pk: "C"}, activity=activity
        )
    assert [c.letter for c in activity.cells.all()] == ["AR"]


def test_a_letter_outside_raci_is_refused(owner, organization):
    setup = service_setup(organization)
    services.default_raci_actors(owner, setup.interface)
    a, b = setup.interface.service_promise.raci_actors.all()
    with pytest.raises(ValidationError):
        services.save_raci_row(owner, setup.interface, label="X", letters={a.pk: "Z", b.pk: "R"})
    assert not RaciActivity.objects.exists()
