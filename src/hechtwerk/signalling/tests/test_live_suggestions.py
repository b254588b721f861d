"""SamenStarten and vulnerability show the rules' suggestion before saving; a child added in error
is marked with a reason and leaves the worklist while staying in the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hechtwerk.signalling.models import (
    Child,
    SamenStartenConversation,
    VulnerabilityAssessment,
)

from .factories import ChildFactory, factor_version, make_consult, signalenlijst_version

pytestmark = pytest.mark.django_db

RATED = {
    "parent_competence": "prima",
    "partner_role": "prima",
    "social_network": "aandachtspunten",
    "events": "prima",
    "child_wellbeing": "prima",
}


def test_it_suggests_the_samenstarten_whole_and_follow_up_live(client_for, nurse):
    response = client_for(nurse).post(reverse("signalling:samenstarten_advice"), RATED)
    html = response.content.decode()
    assert "Goed met aandachtspunten" in html
    assert "Extra huisbezoek" in html
    assert "Sociaal netwerk" in html  # the domain that drives it
    assert "<html" not in html  # a partial for htmx, not a page


def test_it_names_the_domains_still_to_rate(client_for, nurse):
    partial = {"parent_competence": "probleem", "partner_role": "prima"}
    html = client_for(nurse).post(reverse("signalling:samenstarten_advice"), partial)
    text = html.content.decode()
    assert "Sociaal netwerk" in text
    assert "Voorgesteld totaaloordeel" not in text


def test_it_updates_the_samenstarten_suggestion_without_saving(client_for, nurse):
    child = ChildFactory(organisation=nurse.organisation)
    url = reverse("signalling:samenstarten_create", args=[child.uuid])
    data = RATED | {"held_on": str(dt.date.today()), "parent_competence": "probleem"}
    response = client_for(nurse).post(url, data | {"preview": "1"})
    assert response.status_code == 200
    assert "Verwijzing" in response.content.decode()
    assert not SamenStartenConversation.objects.exists()
    response = client_for(nurse).post(url, data)
    saved = SamenStartenConversation.objects.get()
    assert (saved.overall, saved.follow_up) == ("probleem", "verwijzing")


def test_it_suggests_a_vulnerability_grade_with_its_driving_factors_live(client_for, nurse):
    factor_version()
    data = {"factor_medisch_1": "on", "urgent_medisch_1": "on", "balance_kept": "on"}
    html = client_for(nurse).post(reverse("signalling:vulnerability_advice"), data)
    text = html.content.decode()
    assert "Zeer kwetsbaar" in text
    assert "Factor medisch_1" in text  # the driving factor by its text
    calm = client_for(nurse).post(
        reverse("signalling:vulnerability_advice"), {"balance_kept": "on"}
    )
    assert "Niet kwetsbaar" in calm.content.decode()


def test_it_shows_the_vulnerability_suggestion_on_preview_and_saves_it(client_for, nurse):
    factor_version()
    child = ChildFactory(organisation=nurse.organisation)
    url = reverse("signalling:vulnerability_create", args=[child.uuid])
    data = {
        "assessed_on": str(dt.date.today()),
        "factor_sociaal_1": "on",
        "factor_sociaal_2": "on",
        "balance_kept": "on",
    }
    preview = client_for(nurse).post(url, data | {"preview": "1"})
    assert "Potentieel kwetsbaar" in preview.content.decode()
    assert not VulnerabilityAssessment.objects.exists()
    client_for(nurse).post(url, data)
    assert VulnerabilityAssessment.objects.get().final_grade == "potentieel_kwetsbaar"


@pytest.fixture
def overdue_child(nurse) -> Child:
    signalenlijst_version()
    return ChildFactory(
        organisation=nurse.organisation,
        case_code="FOUT-1",
        birth_date=dt.date.today() - dt.timedelta(days=60),
    )


def test_it_marks_a_child_entered_in_error_and_takes_it_off_the_worklist(
    client_for, nurse, overdue_child
):
    client = client_for(nurse)
    assert "FOUT-1" in client.get(reverse("signalling:worklist")).content.decode()
    url = reverse("signalling:mark_in_error", args=["kind", overdue_child.uuid])
    assert "verkeerde dossiercode" in client.get(url).content.decode()
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    response = client.post(url, {"reason": "Dubbel aangemaakt."})
    assert response.url == reverse("signalling:child_detail", args=[overdue_child.uuid])
    overdue_child.refresh_from_db()
    assert overdue_child.entered_in_error
    assert overdue_child.error_reason == "Dubbel aangemaakt."
    page = client.get(response.url).content.decode()
    assert "als onjuist ingevoerd gemarkeerd" in page
    assert "Dubbel aangemaakt." in page
    assert "FOUT-1" not in client.get(reverse("signalling:worklist")).content.decode()


def test_it_adds_nothing_to_a_child_in_error(nurse, overdue_child):
    from hechtwerk.signalling import services

    services.mark_entered_in_error(actor=nurse.user, record=overdue_child, reason="Dubbel.")
    with pytest.raises(services.SignallingError, match="onjuist ingevoerd"):
        make_consult(child=overdue_child, actor=nurse.user)


def test_it_hides_another_organisations_child_from_marking(client_for, outsider, overdue_child):
    url = reverse("signalling:mark_in_error", args=["kind", overdue_child.uuid])
    assert client_for(outsider).post(url, {"reason": "x"}).status_code == 404
    overdue_child.refresh_from_db()
    assert not overdue_child.entered_in_error
