"""Figures for the coalition on a hand-counted fixture: meetings held, participants by profession
and by domain, agreements made and done; small numbers withheld (T4.7), the export logged (T1.3).

The fixture, within the last twelve months:
- meeting A, 30 days ago, attendance recorded: present 6 JGZ, 5 welzijn, 2 wijkteam; one more
  wijkteam said yes but was absent (not counted); 7 agreements, 5 of them done;
- meeting B, 60 days ago, no attendance yet: 5 verloskundigen said yes (counted), one buurtgezin
  said no and one waits on the waiting list (neither counted); 5 agreements, 2 done.
Outside: a meeting two years ago (8 JGZ, 3 agreements), a meeting next month (planned, not held),
and a meeting of another coalition (9 JGZ).

By hand: held 2 (withheld: 1–4). Professions: JGZ 6, welzijn 5, wijkteam 2 (withheld),
verloskundige 5 (withheld as well: otherwise 18 − 6 − 5 gives the 2 away), total 18. Domains:
medical 11, social 7, informal 0, total 18. Agreements: done 7, open 5, made 12.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent
from hechtwerk.meetings.models import Agreement, Meeting, MeetingInvitation
from hechtwerk.meetings.views import FIGURES_DATA_CATEGORY

pytestmark = pytest.mark.django_db

_numbers = count()


def _meeting(organisation, days_from_today: int, title: str) -> Meeting:
    return Meeting.objects.create(
        organisation=organisation,
        title=title,
        date=timezone.localdate() + dt.timedelta(days=days_from_today),
        starts_at=dt.time(13, 0),
    )


def _people(
    meeting: Meeting, n: int, profession: str, domain: str, answer: str = "ja", **fields
) -> None:
    for _i in range(n):
        MeetingInvitation.objects.create(
            meeting=meeting,
            email=f"p{next(_numbers)}@example.org",
            invited_on=meeting.date - dt.timedelta(weeks=7),
            profession=profession,
            domain=domain,
            answer=answer,
            **fields,
        )


def _agreements(meeting: Meeting, made: int, done: int) -> None:
    for i in range(made):
        Agreement.objects.create(
            meeting=meeting,
            who="Wijkteam",
            what=f"Afspraak {i}",
            done_at=timezone.now() if i < done else None,
        )


@pytest.fixture
def counted(organiser, other_jgz):
    coalition = organiser.organisation
    a = _meeting(coalition, -30, "A")
    _people(a, 6, "jgz", "medisch", attended=True)
    _people(a, 5, "welzijn", "sociaal", attended=True)
    _people(a, 2, "wijkteam", "sociaal", attended=True)
    _people(a, 1, "wijkteam", "sociaal", attended=False)
    _agreements(a, 7, 5)
    b = _meeting(coalition, -60, "B")
    _people(b, 5, "verloskundige", "medisch")
    _people(b, 1, "buurtgezin", "informeel", answer="nee")
    _people(b, 1, "buurtgezin", "informeel", waiting_position=1)
    _agreements(b, 5, 2)
    old = _meeting(coalition, -730, "Oud")
    _people(old, 8, "jgz", "medisch")
    _agreements(old, 3, 3)
    _meeting(coalition, 30, "Gepland")
    from hechtwerk.accounts.constants import OrganisationKind
    from hechtwerk.accounts.models import Organisation

    elsewhere = Organisation.objects.create(name="Coalitie Elders", kind=OrganisationKind.COALITION)
    _people(_meeting(elsewhere, -10, "Elders"), 9, "jgz", "medisch")
    return coalition


def _row(table, code):
    return next(row for row in table.rows if row.code == code)


def test_it_counts_the_coalitions_meetings_by_hand_and_withholds_small_numbers(
    client_for, organiser, counted
):
    page = client_for(organiser).get(reverse("meetings:figures"))
    assert page.status_code == 200
    shown = page.context["figures"]
    held = _row(shown.meetings, "held").counts[0]
    assert held.withheld  # 2 meetings: a small number
    assert _row(shown.meetings, "planned").counts[0].value == 0  # next month is not in the period
    professions = shown.professions
    assert _row(professions, "jgz").counts[0].value == 6
    assert _row(professions, "welzijn").counts[0].value == 5
    assert _row(professions, "wijkteam").counts[0].withheld
    assert _row(professions, "verloskundige").counts[0].withheld  # complementary
    assert _row(professions, "buurtgezin").counts[0].value == 0  # the no and the waiting one
    assert professions.totals[0].value == 18
    domains = shown.domains
    assert [_row(domains, d).counts[0].value for d in ("medisch", "sociaal", "informeel")] == [
        11,
        7,
        0,
    ]
    assert domains.totals[0].value == 18
    agreements = shown.agreements
    assert _row(agreements, "done").counts[0].value == 7
    assert _row(agreements, "open").counts[0].value == 5
    assert agreements.totals[0].value == 12
    text = page.content.decode()
    assert "niet getoond" in text
    assert "aantallen van 1 tot en met 4 tonen we niet" in text


def test_it_counts_a_planned_meeting_when_the_period_reaches_it(client_for, organiser, counted):
    today = timezone.localdate()
    page = client_for(organiser).get(
        reverse("meetings:figures"),
        {"start": (today - dt.timedelta(days=800)).isoformat(), "end": "2099-12-31"},
    )
    shown = page.context["figures"]
    assert _row(shown.meetings, "held").counts[0].value is None  # 3: still small
    assert _row(shown.professions, "jgz").counts[0].value == 14  # with the old meeting's 8


def test_it_shows_another_coalition_only_its_own_figures(client_for, make_persona, counted):
    from hechtwerk.accounts.constants import Role
    from hechtwerk.accounts.models import Organisation

    elsewhere = Organisation.objects.get(name="Coalitie Elders")
    stranger = make_persona(Role.COALITION_ORGANISER, elsewhere)
    shown = client_for(stranger).get(reverse("meetings:figures")).context["figures"]
    assert _row(shown.professions, "jgz").counts[0].value == 9
    assert shown.professions.totals[0].value == 9
    assert _row(shown.professions, "welzijn").counts[0].value == 0


def test_it_downloads_the_figures_as_csv_with_the_same_withheld_cells_and_logs_it(
    client_for, organiser, counted
):
    response = client_for(organiser).get(reverse("meetings:figures_export"), {"formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "cijfers-bijeenkomsten-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_label = {row[0]: row[1:] for row in rows if row}
    assert by_label["JGZ-professional"] == ["6"]
    assert by_label["Sociaal wijkteam"] == ["niet getoond"]
    assert by_label["Verloskundige"] == ["niet getoond"]
    assert by_label["Gehouden"] == ["niet getoond"]
    assert by_label["Afgerond"] == ["7"]
    assert AccessEvent.objects.filter(
        action=AccessAction.EXPORT, data_category=FIGURES_DATA_CATEGORY
    ).exists()


def test_it_downloads_an_excel_file(client_for, organiser, counted):
    response = client_for(organiser).get(reverse("meetings:figures_export"), {"formaat": "xlsx"})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_it_refuses_a_period_that_ends_before_it_starts_with_a_dutch_message(
    client_for, organiser, counted
):
    page = client_for(organiser).get(
        reverse("meetings:figures"), {"start": "2025-05-01", "end": "2025-01-01"}
    )
    assert page.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in page.content.decode()
    bad = client_for(organiser).get(
        reverse("meetings:figures_export"), {"start": "gisteren", "end": "", "formaat": "csv"}
    )
    assert bad.status_code == 400
