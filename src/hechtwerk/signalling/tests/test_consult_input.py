"""Issue 12: the consult screen in words, input that cannot go wrong, one form below the advice.

Rules are tested directly, services through their refusals, pages through the test client.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hechtwerk.method.codes import Dimension, DimensionStatus, FactorColumn
from hechtwerk.signalling import services
from hechtwerk.signalling.constants import ConversationModelStatus
from hechtwerk.signalling.models import Consult, SamenStartenConversation
from hechtwerk.signalling.rules import (
    CLASSIC_SCHEDULE,
    ScheduledMoment,
    assess_signalenlijst,
    contact_moment_problem,
    conversation_model_problem,
    factor_flag_problem,
    missing_required_items,
    moment_window,
    samenstarten_override_problem,
    suggest_contact_moment,
)
from hechtwerk.signalling.rules.signalenlijst import ItemAnswer
from hechtwerk.signalling.services import FactorInput, SignallingError

from .factories import (
    PARENT_ITEMS,
    ChildFactory,
    all_positive,
    answers_with,
    factor_version,
    make_consult,
    signalenlijst_version,
)

pytestmark = pytest.mark.django_db

ATT1, ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]
AGES = [spec.age_days for spec in CLASSIC_SCHEDULE]
SCHEDULE = [ScheduledMoment(spec.code, spec.age_days) for spec in CLASSIC_SCHEDULE]
# A code as the interface must never show it: lower-case words joined by an underscore.
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture
def child(nurse):
    return ChildFactory(
        organisation=nurse.organisation, birth_date=timezone.localdate() - dt.timedelta(days=60)
    )


# -- rules ----------------------------------------------------------------------------------------


def test_it_refuses_a_two_year_consult_for_an_eight_week_old():
    birth = dt.date(2026, 1, 1)
    two_years = next(s for s in CLASSIC_SCHEDULE if s.code == "2j")
    problem = contact_moment_problem(
        moment_label="2 jaar",
        moment_age_days=two_years.age_days,
        schedule_ages=AGES,
        birth_date=birth,
        consult_date=birth + dt.timedelta(weeks=8),
    )
    assert problem is not None
    assert "2 jaar" in problem
    assert "8 weken" in problem


def test_it_accepts_a_late_moment_until_the_next_one_is_due():
    # 8 weeks = 56 days; the 3-month moment is at 91 days.
    assert moment_window(56, AGES).earliest == 29
    assert moment_window(56, AGES).latest == 90
    birth = dt.date(2026, 1, 1)
    for days in (29, 56, 70, 90):
        assert (
            contact_moment_problem(
                moment_label="8 weken",
                moment_age_days=56,
                schedule_ages=AGES,
                birth_date=birth,
                consult_date=birth + dt.timedelta(days=days),
            )
            is None
        )


def test_it_suggests_the_moment_that_fits_the_age_and_is_still_open():
    assert suggest_contact_moment(SCHEDULE, 57) == "8w"
    # 57 days also fits 3 months (from the day after 8 weeks): the open one is offered.
    assert suggest_contact_moment(SCHEDULE, 57, recorded_codes={"8w"}) == "3m"
    assert suggest_contact_moment(SCHEDULE, 0) == "huisbezoek_2w"


def test_it_counts_niet_beoordeeld_as_an_answer_and_an_empty_item_not():
    items = [("a1", True), ("a2", True), ("r1", False)]
    assert missing_required_items(items, {"a1"}) == ("a2",)
    assert missing_required_items(items, {"a1", "a2"}) == ()


def test_it_refuses_niet_gewenst_together_with_gevoerd():
    problem = conversation_model_problem(
        status="afgeslagen", held_on=None, in_same_consult=True, held_status="gevoerd"
    )
    assert problem is not None
    assert problem.field == "in_same_consult"
    assert (
        conversation_model_problem(
            status="afgeslagen",
            held_on=dt.date(2026, 1, 1),
            in_same_consult=False,
            held_status="gevoerd",
        ).field
        == "held_on"
    )  # type: ignore[union-attr]


def test_it_refuses_urgent_without_the_factor():
    assert "Schulden" in (factor_flag_problem(label="Schulden", present=False, urgent=True) or "")
    assert factor_flag_problem(label="Schulden", present=True, urgent=True) is None


def test_it_wants_a_reason_for_a_samenstarten_result_other_than_suggested():
    args = {"suggested_overall": "prima", "suggested_follow_up": "geen"}
    assert samenstarten_override_problem(**args, overall="probleem", follow_up="", reason="")
    assert not samenstarten_override_problem(**args, overall="probleem", follow_up="", reason="x")
    assert not samenstarten_override_problem(**args, overall="prima", follow_up="", reason="")


def test_it_names_items_by_their_text_in_the_explanation():
    answers = [
        ItemAnswer("risico_zorgen", "risico", "aanwezig", label="Ouders maken zich zorgen"),
        ItemAnswer("aan1", "aansluiten", "nog_niet_positief", label="Oogcontact met de baby"),
    ]
    advice = assess_signalenlijst(answers)
    text = " ".join(advice.explanation) + advice.suggestion_for(Dimension.ATTUNEMENT).explanation
    assert "Ouders maken zich zorgen" in text
    assert "Oogcontact met de baby" in text
    assert "risico_zorgen" not in text
    assert "aan1" not in text


# -- services (so the API refuses the same) -------------------------------------------------------


def test_it_refuses_a_second_consult_for_the_same_moment_and_names_the_first(nurse, child, version):
    first = make_consult(child=child, actor=nurse.user, moment_code="8w", days_old=56)
    with pytest.raises(SignallingError) as raised:
        make_consult(child=child, actor=nurse.user, moment_code="8w", days_old=58)
    assert raised.value.field == "contact_moment"
    assert raised.value.extra["existing_consult"] == str(first.uuid)
    assert Consult.objects.filter(child=child).count() == 1


def test_it_refuses_a_signalenlijst_with_a_required_item_open(nurse, child):
    version = signalenlijst_version(required=True)
    answers = all_positive()
    del answers[ATT2]
    with pytest.raises(SignallingError) as raised:
        make_consult(child=child, actor=nurse.user, answers=answers, version=version)
    assert raised.value.field == f"item_{ATT2}"
    assert f"Testitem {ATT2}" in raised.value.message
    # "niet beoordeeld" is an answer.
    consult = make_consult(
        child=child,
        actor=nurse.user,
        answers=answers_with(**{ATT2: "niet_beoordeeld"}),
        version=version,
    )
    assert consult.pk


def test_it_makes_signalenlijst_choice_items_required_unless_told(nurse):
    from hechtwerk.instruments.demo import ensure_illustrative_instruments
    from hechtwerk.method.codes import SIGNALENLIJST

    versions = ensure_illustrative_instruments(actor=None)
    items = versions[SIGNALENLIJST].items.all()
    assert items.exists()
    assert all(item.required for item in items if item.kind == "choice")


def test_it_refuses_an_urgent_mark_without_the_factor(nurse, child):
    version = factor_version()
    item = version.items.get(code=f"{FactorColumn.MEDICAL_RISK.value}_1")
    with pytest.raises(SignallingError) as raised:
        services.assess_vulnerability(
            actor=nurse.user,
            child=child,
            assessed_on=timezone.localdate(),
            factors=[FactorInput(item=item, urgent=True, present=False)],
            balance_kept=True,
            instrument_version=version,
        )
    assert raised.value.field == f"factor_{item.code}"


def test_it_refuses_a_samenstarten_departure_without_a_reason(nurse, child):
    ratings = dict.fromkeys(services.SAMENSTARTEN_FIELDS, "prima")
    with pytest.raises(SignallingError) as raised:
        services.record_samenstarten(
            actor=nurse.user,
            child=child,
            held_on=timezone.localdate(),
            ratings=ratings,
            overall="probleem",
        )
    assert raised.value.field == "override_reason"
    stored = services.record_samenstarten(
        actor=nurse.user,
        child=child,
        held_on=timezone.localdate(),
        ratings=ratings,
        overall="probleem",
        override_reason="Moeder gaf aan dat het thuis zwaar is",
    )
    assert SamenStartenConversation.objects.get(pk=stored.pk).override_reason


# -- pages ----------------------------------------------------------------------------------------


def test_it_fills_in_the_moment_and_today_from_the_childs_age(client_for, nurse, child, version):
    page = client_for(nurse).get(reverse("signalling:consult_create", args=[child.uuid]))
    body = page.content.decode()
    assert re.search(r'<option value="8w" selected>', body)
    assert f'value="{timezone.localdate().isoformat()}"' in body


def test_it_refuses_the_wrong_moment_on_the_page_and_keeps_the_answers(
    client_for, nurse, child, version
):
    data = {"contact_moment": "2j", "consult_date": str(timezone.localdate())}
    data |= {f"item_{code}": option for code, option in all_positive().items()}
    page = client_for(nurse).post(reverse("signalling:consult_create", args=[child.uuid]), data)
    body = page.content.decode()
    assert page.status_code == 200
    assert "past niet bij de leeftijd" in body
    assert re.search(rf'name="item_{ATT1}" value="positief"[^>]*checked', body)
    assert not Consult.objects.filter(child=child).exists()


def test_it_links_to_the_consult_already_recorded_for_the_moment(client_for, nurse, child, version):
    first = make_consult(child=child, actor=nurse.user, moment_code="8w", days_old=56)
    data = {"contact_moment": "8w", "consult_date": str(timezone.localdate())}
    data |= {f"item_{code}": option for code, option in all_positive().items()}
    page = client_for(nurse).post(reverse("signalling:consult_create", args=[child.uuid]), data)
    assert reverse("signalling:consult_detail", args=[first.uuid]) in page.content.decode()


def test_it_shows_a_saved_consult_in_words_not_codes(client_for, nurse, child, version):
    consult = make_consult(
        child=child,
        actor=nurse.user,
        answers=answers_with(**{ATT1: "nog_niet_positief", "r1": "aanwezig"}),
    )
    services.correct_consult(
        actor=nurse.user,
        consult=consult,
        expected_version=consult.version,
        contact_moment=consult.contact_moment,
        consult_date=consult.consult_date,
        answers=answers_with(**{ATT1: "nog_niet_positief", "r1": "aanwezig"}),
    )
    page = client_for(nurse).get(reverse("signalling:consult_detail", args=[consult.uuid]))
    body = page.content.decode()
    assert f"Testitem {ATT1}" in body
    assert "Risico r1" in body
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    visible = re.sub(r"<[^>]+>", " ", main)
    assert not CODE.findall(visible), CODE.findall(visible)
    assert f"{ATT1}=" not in visible  # the revision lists answers in words


def test_it_keeps_the_conversation_typed_when_a_dimension_is_refused(
    client_for, nurse, child, version
):
    consult = make_consult(
        child=child, actor=nurse.user, answers=answers_with(**{ATT1: "nog_niet_positief"})
    )
    data = {
        "version": consult.version,
        "status": ConversationModelStatus.HELD,
        "in_same_consult": "on",
        **{f"status_{d.value}": DimensionStatus.POSITIVE for d in Dimension},
    }
    # Aansluiten overridden without a reason: refused, and the conversation choice is still there.
    page = client_for(nurse).post(
        reverse("signalling:consult_dimensions", args=[consult.uuid]), data
    )
    body = page.content.decode()
    assert "geef een reden op" in body
    assert re.search(r'value="gevoerd"[^>]*checked', body)
    consult.refresh_from_db()
    assert consult.conversation_status != ConversationModelStatus.HELD
    data[f"reason_{Dimension.ATTUNEMENT.value}"] = "Bij doorvragen ging het goed"
    client_for(nurse).post(reverse("signalling:consult_dimensions", args=[consult.uuid]), data)
    consult.refresh_from_db()
    assert consult.conversation_status == ConversationModelStatus.HELD
    assert consult.dimensions.get(dimension=Dimension.ATTUNEMENT).confirmed_status == "positief"


def test_it_refuses_niet_gewenst_with_gevoerd_on_the_page(client_for, nurse, child, version):
    consult = make_consult(child=child, actor=nurse.user)
    data = {
        "version": consult.version,
        "status": ConversationModelStatus.DECLINED,
        "in_same_consult": "on",
        **{f"status_{d.value}": DimensionStatus.POSITIVE for d in Dimension},
    }
    page = client_for(nurse).post(
        reverse("signalling:consult_dimensions", args=[consult.uuid]), data
    )
    assert "gevoerd in dit consult" in page.content.decode()
    consult.refresh_from_db()
    assert consult.conversation_status != ConversationModelStatus.DECLINED


def test_it_announces_a_changed_advice_once_in_one_sentence(client_for, nurse, version):
    data = {"instrument_version": str(version.uuid)}
    data |= {
        f"item_{code}": option
        for code, option in answers_with(**{ATT1: "nog_niet_positief"}).items()
    }
    client = client_for(nurse)
    first = client.post(reverse("signalling:consult_advice"), data, HTTP_HX_REQUEST="true")
    body = first.content.decode()
    announcement = re.search(r'id="advies-melding"[^>]*>([^<]*)<', body).group(1)  # type: ignore[union-attr]
    assert announcement.startswith("Advies gewijzigd")
    assert len(announcement) < 140
    key = re.search(r'name="advies_was" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
    again = client.post(
        reverse("signalling:consult_advice"), data | {"advies_was": key}, HTTP_HX_REQUEST="true"
    )
    assert re.search(r'id="advies-melding"[^>]*></p>', again.content.decode())
