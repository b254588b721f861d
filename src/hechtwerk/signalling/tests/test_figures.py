"""The team leader's figures: counts of the own organisation over a period, small numbers hidden,
no child on the page, a fixed number of queries, and one access event."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling import services
from hechtwerk.signalling.constants import ConversationModelStatus, ReferralDestination
from hechtwerk.signalling.figures import (
    Period,
    RawFigures,
    count_figures,
    default_period,
    present,
)
from hechtwerk.signalling.models import (
    Consult,
    DimensionAssessment,
    InformatiekaartCheck,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)
from hechtwerk.signalling.rules import DEFAULT_POLICY

from .factories import ChildFactory

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
HELD = ConversationModelStatus.HELD


def day(month: int, dom: int = 15) -> dt.date:
    return dt.date(2025, month, dom)


class Records:
    """Writes records straight into the tables, so each test states exactly what is counted."""

    def __init__(self, organisation, professional, version=None):
        self.organisation = organisation
        self.professional = professional
        self.version = version
        self.moments = {m.code: m for m in services.ensure_schedule(organisation)}

    def child(self, code=None, born=dt.date(2024, 12, 1), **kwargs):
        extra = {"case_code": code} if code else {}
        return ChildFactory(organisation=self.organisation, birth_date=born, **extra, **kwargs)

    def consult(self, child, on, *, searching=(), suggested=(), moment=None, **fields):
        if moment is None:
            # One counted consult per child and contact moment: a child's next consult gets
            # the first moment of the schedule it has none for yet.
            taken = set(
                Consult.objects.filter(child=child, entered_in_error=False).values_list(
                    "contact_moment__code", flat=True
                )
            )
            moment = next(code for code in self.moments if code not in taken)
        consult = Consult.objects.create(
            child=child,
            contact_moment=self.moments[moment],
            consult_date=on,
            professional=self.professional,
            instrument_version=self.version,
            **fields,
        )
        for dimension in Dimension:
            # `suggested`: zoekend suggested, not yet confirmed (so not counted).
            if dimension in searching:
                status, confirmed = DimensionStatus.SEARCHING, DimensionStatus.SEARCHING
            elif dimension in suggested:
                status, confirmed = DimensionStatus.SEARCHING, ""
            else:
                status, confirmed = DimensionStatus.POSITIVE, DimensionStatus.POSITIVE
            DimensionAssessment.objects.create(
                consult=consult,
                dimension=dimension,
                suggested_status=status,
                confirmed_status=confirmed,
                rules_version="test",
            )
        return consult

    def _record(self, model, child, **fields):
        return model.objects.create(child=child, professional=self.professional, **fields)

    def check(self, child, on, advise=False, **fields):
        return self._record(
            InformatiekaartCheck,
            child,
            checked_on=on,
            advise_referral=advise,
            rules_version="test",
            **fields,
        )

    def referral(self, child, on, destination=ReferralDestination.GENERAL_PRACTITIONER, **fields):
        return self._record(
            Referral, child, referred_on=on, destination=destination, reason="test", **fields
        )

    def samenstarten(self, child, on, overall, **fields):
        ratings = dict.fromkeys(
            ("parent_competence", "partner_role", "social_network", "events", "child_wellbeing"),
            overall,
        )
        return self._record(
            SamenStartenConversation,
            child,
            held_on=on,
            suggested_overall=overall,
            overall=overall,
            suggested_follow_up=SamenStartenFollowUp.NONE,
            follow_up=SamenStartenFollowUp.NONE,
            rules_version="test",
            **ratings,
            **fields,
        )

    def vulnerability(self, child, on, grade, **fields):
        return self._record(
            VulnerabilityAssessment,
            child,
            assessed_on=on,
            suggested_grade=grade,
            final_grade=grade,
            rules_version="test",
            **fields,
        )


@pytest.fixture
def own(nurse, version):
    return Records(nurse.organisation, nurse.user, version)


@pytest.fixture
def other(outsider, version):
    return Records(outsider.organisation, outsider.user, version)


def counted(records: Records, period: Period = YEAR_2025) -> RawFigures:
    return count_figures(
        records.organisation.pk,
        period,
        schedule=services.ensure_schedule(records.organisation),
        policy=DEFAULT_POLICY,
    )


def figures_page(client, **params):
    response = client.get(reverse("signalling:figures"), params)
    assert response.status_code == 200
    return response, response.content.decode()


def cell(body: str, label: str) -> str:
    """The first count in the row whose header is `label`."""
    match = re.search(
        rf'<th scope="row"[^>]*>{re.escape(label)}</th>\s*<td[^>]*>([^<]*)</td>', body
    )
    assert match, label
    return match.group(1)


def test_it_counts_the_organisations_own_records_in_the_period(own, other):
    anna, ben, cas = own.child(), own.child(), own.child()
    own.consult(anna, day(2), searching={Dimension.BALANCE, Dimension.COMFORT_ZONE})
    own.consult(
        anna,
        day(3),
        searching={Dimension.BALANCE},
        conversation_status=HELD,
        conversation_in_same_consult=True,
    )
    own.consult(
        ben,
        day(4),
        suggested={Dimension.BALANCE},
        conversation_status=ConversationModelStatus.OFFERED,
    )
    own.consult(ben, day(5), conversation_status=ConversationModelStatus.DECLINED)
    own.consult(cas, day(6), conversation_status=ConversationModelStatus.ACCEPTED)
    own.consult(cas, day(7), conversation_status=HELD, conversation_in_same_consult=False)
    # Not counted: in error, a child in error, before the period, another organisation.
    own.consult(cas, day(8), searching={Dimension.BALANCE}, entered_in_error=True)
    gone = own.child(entered_in_error=True)
    own.consult(gone, day(8), searching={Dimension.BALANCE})
    own.consult(anna, dt.date(2024, 12, 31), searching={Dimension.BALANCE})
    other.consult(other.child(), day(8), searching={Dimension.BALANCE}, conversation_status=HELD)

    own.check(anna, day(2), advise=True)
    own.check(ben, day(3))
    own.check(cas, day(3), advise=True, entered_in_error=True)
    other.check(other.child(), day(3), advise=True)
    own.referral(anna, day(2), started_on=day(3))
    own.referral(ben, day(2), completed_on=day(4))
    own.referral(cas, day(2), destination=ReferralDestination.YOUTH_MENTAL_HEALTH)
    own.referral(cas, day(2), entered_in_error=True)
    other.referral(other.child(), day(2))
    own.samenstarten(anna, day(2), SamenStartenRating.FINE)
    own.samenstarten(ben, day(2), SamenStartenRating.PROBLEM)
    other.samenstarten(other.child(), day(2), SamenStartenRating.PROBLEM)
    own.vulnerability(anna, day(2), VulnerabilityGrade.VULNERABLE)
    own.vulnerability(ben, day(2), VulnerabilityGrade.VULNERABLE, entered_in_error=True)

    raw = counted(own)

    assert (raw.children, raw.consults, raw.with_signalenlijst) == (3, 6, 6)
    assert raw.with_searching == 2
    assert raw.searching_by_dimension == {"balans": 2, "comfortzone": 1}
    assert raw.conversation_offered == 5
    assert raw.conversation_accepted == 3
    assert raw.conversation_declined == 1
    assert (raw.conversation_held_same, raw.conversation_held_later) == (1, 1)
    assert (raw.checks, raw.checks_advising_referral) == (2, 1)
    assert raw.referrals_made == {"huisarts": 2, "jeugd_ggz": 1}
    assert raw.referrals_started == {"huisarts": 2, "jeugd_ggz": 0}
    assert raw.referrals_completed == {"huisarts": 1, "jeugd_ggz": 0}
    assert raw.samenstarten_by_rating == {"prima": 1, "probleem": 1}
    assert raw.vulnerability_by_grade == {"kwetsbaar": 1}


def test_it_counts_records_on_the_first_and_last_day_of_the_period_only(own):
    child = own.child()
    for on in (
        dt.date(2025, 3, 31),
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 30),
        dt.date(2025, 5, 1),
    ):
        own.consult(child, on, searching={Dimension.ATTUNEMENT})
        own.referral(child, on)

    raw = counted(own, Period(dt.date(2025, 4, 1), dt.date(2025, 4, 30)))

    assert raw.consults == 2
    assert raw.searching_by_dimension == {"aansluiten": 2}
    assert raw.referrals_made == {"huisarts": 2}


def test_it_tells_which_young_children_have_a_contact_moment_overdue(own):
    on_time = own.child(born=dt.date(2025, 1, 1))
    own.consult(on_time, dt.date(2025, 1, 14), moment="huisbezoek_2w")
    own.consult(on_time, dt.date(2025, 1, 30), moment="4w")
    late = own.child(born=dt.date(2025, 1, 1))
    own.consult(late, dt.date(2025, 1, 14), moment="huisbezoek_2w")
    own.child(born=dt.date(2024, 6, 1))  # older than the first half year on 1 March
    own.child(born=dt.date(2025, 3, 2))  # born after that day

    raw = counted(own, Period(dt.date(2025, 1, 1), dt.date(2025, 3, 1)))

    assert (raw.young_up_to_date, raw.young_overdue) == (1, 1)


def test_it_withholds_a_dimension_zoekend_three_times_and_shows_five_times_as_five(
    client_for, team_leader, own
):
    for index in range(5):
        searching = {Dimension.BALANCE} | ({Dimension.ATTUNEMENT} if index < 3 else set())
        own.consult(own.child(), day(2), searching=searching)

    _response, body = figures_page(client_for(team_leader), start="2025-01-01", end="2025-12-31")

    assert cell(body, "Aansluiten") == "niet getoond"
    assert 'aria-describedby="cijfers-niet-getoond"' in body  # the cell points to the reason
    assert "aantallen van 1 tot en met 4 tonen we niet" in body
    assert cell(body, "Balans") == "5"
    assert cell(body, "Comfortzone") == "0"
    assert cell(body, "Consulten met ten minste één vastgestelde zoekende dimensie") == "5"


def test_it_withholds_a_second_count_beside_a_small_one_and_keeps_the_total():
    """T4.7: a small count is withheld, and so is one more count of its table, so that the
    total, shown, does not give it away."""
    raw = RawFigures(
        with_signalenlijst=40,
        with_searching=3,
        conversation_held_same=2,
        conversation_held_later=9,
        samenstarten_by_rating={"prima": 12, "aandachtspunten": 6, "probleem": 1},
        vulnerability_by_grade={"niet_kwetsbaar": 7, "kwetsbaar": 5},
    )

    figures = present(raw, YEAR_2025)

    held = {row.code: str(row.counts[0]) for row in figures.conversation.rows}
    # 2 + 9 = 11: with only the 2 withheld, 11 − 9 would give it away; so 9 is withheld too.
    assert (held["held_same"], held["held_later"], held["held"]) == (
        "niet getoond",
        "niet getoond",
        "11",
    )
    # 12 + 6 + 1 = 19: the 1 is withheld, and the smallest other count (6) with it.
    assert [str(row.counts[0]) for row in figures.samenstarten.rows] == [
        "12",
        "niet getoond",
        "niet getoond",
    ]
    assert str(figures.samenstarten.totals[0]) == "19"
    assert str(figures.vulnerability.totals[0]) == "12"
    assert figures.searching_percentage is None
    assert (
        present(
            RawFigures(
                consults_by_month={day(1, 1): 40},
                signalenlijst_by_month={day(1, 1): 40},
                searching_by_month={day(1, 1): 10},
            ),
            YEAR_2025,
        ).searching_percentage
        == 25
    )


def test_it_shows_the_trend_per_quarter_with_the_same_totals_as_the_summary(own):
    per_quarter = {1: 8, 4: 3, 7: 6, 10: 7}  # first month of the quarter: consults
    for month, n in per_quarter.items():
        for index in range(n):
            searching = {Dimension.BALANCE} if month == 1 and index < 4 else set()
            # A child of its own for each (one counted consult per child and moment).
            own.consult(own.child(), day(month + index % 3), searching=searching)

    figures = present(counted(own), YEAR_2025)

    rows = {row.label: [str(c) for c in row.counts] for row in figures.trend.rows}
    assert list(rows) == [f"{q}e kwartaal 2025" for q in (1, 2, 3, 4)]
    # Q2's 3 is withheld and, so that it cannot be recomputed from the total, Q3's 6 as well.
    assert [r[0] for r in rows.values()] == ["8", "niet getoond", "niet getoond", "7"]
    assert rows["1e kwartaal 2025"][2] == "niet getoond"  # 4 consults with a zoekende dimension
    # Nothing else in that column can be withheld beside the 4: its total is withheld instead.
    assert [str(c) for c in figures.trend.totals] == ["24", "24", "niet getoond"]
    assert str(figures.consults) == "24"
    assert figures.with_searching.withheld  # the summary never answers what the trend withholds


def test_it_shows_no_case_code_or_date_of_birth_of_any_child(client_for, team_leader, own):
    children = [own.child(code=f"GEHEIM-{n}", born=dt.date(2024, 11, n + 1)) for n in range(6)]
    for child in children:
        own.consult(child, day(2), searching={Dimension.BALANCE})
        own.referral(child, day(3))

    _response, body = figures_page(client_for(team_leader), start="2025-01-01", end="2025-12-31")

    assert cell(body, "Kinderen met een consult") == "6"
    for child in children:
        assert child.case_code not in body
        assert child.birth_date.strftime("%d-%m-%Y") not in body
        assert str(child.uuid) not in body


def test_it_reads_the_figures_in_the_same_number_of_queries_for_more_data(
    client_for, team_leader, own
):
    client = client_for(team_leader)
    params = {"start": "2025-01-01", "end": "2025-12-31"}
    own.consult(own.child(), day(2), searching={Dimension.BALANCE})
    client.get(reverse("signalling:figures"), params)  # the schedule and policy exist from now on
    with CaptureQueriesContext(connection) as few:
        figures_page(client, **params)
    for _n in range(8):
        child = own.child(born=dt.date(2025, 1, 1))
        own.consult(child, day(2), searching={Dimension.BALANCE}, conversation_status=HELD)
        own.check(child, day(2), advise=True)
        own.referral(child, day(2), started_on=day(3))
        own.samenstarten(child, day(2), SamenStartenRating.FINE)
        own.vulnerability(child, day(2), VulnerabilityGrade.VULNERABLE)
    with CaptureQueriesContext(connection) as more:
        figures_page(client, **params)

    assert len(more) == len(few)
    figure_queries = [q for q in more.captured_queries if "signalling_" in q["sql"]]
    assert len(figure_queries) <= 10


def test_it_writes_one_query_event_without_a_child(client_for, team_leader, own):
    own.consult(own.child(code="LOG-1"), day(2))

    figures_page(client_for(team_leader), start="2025-02-01", end="2025-03-31")

    event = AccessEvent.objects.get()
    assert event.action == AccessAction.QUERY
    assert event.data_category == "cijfers"
    assert event.client_ref == ""
    assert event.detail == {"period": "2025-02-01/2025-03-31"}


def test_it_shows_the_last_twelve_months_when_no_period_is_chosen(client_for, team_leader):
    response, body = figures_page(client_for(team_leader))

    period = default_period(dt.date.today())
    assert response.context["figures"].period == period
    assert (period.end - period.start).days in (364, 365)
    assert f'value="{period.start.isoformat()}"' in body
    assert AccessEvent.objects.get().detail == {"period": period.as_detail()}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2025-06-01", "end": "2025-05-31"}, "De einddatum ligt vóór de begindatum."),
        ({"start": "1 juni", "end": "2025-05-31"}, "Voer een geldige datum in."),
    ],
)
def test_it_explains_a_period_it_cannot_use_and_counts_nothing(
    client_for, team_leader, params, message
):
    response, body = figures_page(client_for(team_leader), **params)

    assert message in body
    assert response.context["figures"] is None
    assert not AccessEvent.objects.exists()


def test_it_offers_the_figures_in_the_team_leaders_menu(client_for, team_leader):
    body = client_for(team_leader).get(reverse("core:home")).content.decode()

    assert reverse("signalling:figures") in body


# -- the export -------------------------------------------------------------------------------


def test_it_lets_the_team_leader_download_the_figures_as_csv_and_logs_an_export(
    client_for, team_leader, own
):
    """T1.3: an export writes one EXPORT event (format and period, no child)."""
    for _n in range(6):
        own.consult(own.child(code=f"GEHEIM-{_n}"), day(2), searching={Dimension.BALANCE})
    own.consult(own.child(), day(3), searching={Dimension.ATTUNEMENT})

    response = client_for(team_leader).get(
        reverse("signalling:figures_export"),
        {"start": "2025-01-01", "end": "2025-12-31", "formaat": "csv"},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="cijfers-2025-01-01-tot-2025-12-31.csv"'
    )
    text = response.content.decode("utf-8-sig")
    assert "Balans;6" in text
    assert "Aansluiten;niet getoond" in text
    assert "GEHEIM" not in text
    event = AccessEvent.objects.get()
    assert event.action == AccessAction.EXPORT
    assert event.client_ref == ""
    assert event.detail == {"period": "2025-01-01/2025-12-31", "format": "csv"}


def test_it_downloads_the_figures_as_an_excel_workbook(client_for, team_leader, own):
    own.consult(own.child(), day(2))
    response = client_for(team_leader).get(
        reverse("signalling:figures_export"),
        {"start": "2025-01-01", "end": "2025-12-31", "formaat": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_it_sends_an_unknown_format_back_to_the_page_and_exports_nothing(client_for, team_leader):
    client = client_for(team_leader)
    response = client.get(
        reverse("signalling:figures_export"),
        {"start": "2025-01-01", "end": "2025-12-31", "formaat": "pdf"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signalling:figures"))
    assert not AccessEvent.objects.filter(action=AccessAction.EXPORT).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Kies CSV of Excel (XLSX)" in page


def test_it_shows_the_charts_with_their_tables_without_style_attributes(
    client_for, team_leader, own
):
    own.consult(own.child(), day(2), searching={Dimension.BALANCE})
    _response, body = figures_page(client_for(team_leader), start="2025-01-01", end="2025-12-31")
    assert body.count('role="img"') >= 2
    assert "Consulten per kwartaal" in body
    assert "style=" not in body.split("<main", 1)[-1]


def test_it_explains_withheld_values_once_on_the_page(client_for, team_leader, own):
    """T4.7: small numbers are withheld; the page says why in one sentence, not per table."""
    child = own.child()
    own.consult(child, day(2), searching={Dimension.BALANCE})
    own.check(child, day(2), advise=True)
    own.referral(child, day(2))
    own.samenstarten(child, day(2), SamenStartenRating.FINE)

    _response, body = figures_page(client_for(team_leader), start="2025-01-01", end="2025-12-31")

    assert body.count("tonen we niet") == 1
    assert 'aria-describedby="cijfers-niet-getoond"' in body
    assert 'id="cijfers-niet-getoond"' in body


def test_it_says_nothing_about_withheld_values_when_nothing_is_withheld(client_for, team_leader):
    _response, body = figures_page(client_for(team_leader), start="2025-01-01", end="2025-12-31")
    assert "tonen we niet" not in body


def test_it_exports_the_trend_per_quarter_for_the_team_leader(client_for, team_leader, own):
    for n in range(6):
        own.consult(own.child(), day(4 + n % 2))
    response = client_for(team_leader).get(
        reverse("signalling:figures_export"),
        {"start": "2025-01-01", "end": "2025-12-31", "formaat": "csv"},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Consulten per kwartaal" in text
    assert "2e kwartaal 2025;6;6;0" in text
