"""The initial catalogue against the seed documents (001, 002, 003)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hechtwerk.catalogue.constants import AlternativeField, EvidenceLevel
from hechtwerk.catalogue.models import Intervention, MatchingRule, Revision, Theme
from hechtwerk.catalogue.services import load_catalogue
from hechtwerk.method.ages import (
    months,
    pregnancy_week_to_days,
    up_to_and_including_year,
    weeks,
    years,
)

pytestmark = pytest.mark.django_db

SEEDS = Path("/work/shared/seeds")

# slug → (phrase of the seed document that states the age, expected from, expected to)
AGE_WINDOWS = {
    "centeringparenting": ("vanaf 4 weken tot 1 jaar", weeks(4), years(1)),
    "zbk": ("vanaf 20 weken zwangerschap", pregnancy_week_to_days(20), 0),
    "een-kindje-krijgen": ("vanaf 20 \nweken zwangerschap", pregnancy_week_to_days(20), 0),
    "voorzorg": ("(-9 maanden - 2 jaar)", months(-9), years(2)),
    "samenstarten": ("tussen 0 - 4 jaar", 0, years(4)),
    "stevig-ouderschap": ("(-5 maanden – 2,5 jaar)", months(-5), years(2.5)),
    "vipp-sd": ("1 tot en met 6 jaar", years(1), up_to_and_including_year(6)),
    "k-vht": ("kinderen tot 4 jaar", 0, years(4)),
    "shantala": ("tussen 0 – 9 maanden", 0, months(9)),
    "werkwijze-kuipers": ("pasgeboren baby tot 1 jaar", 0, years(1)),
}
ALTERNATIVE_AGES = {
    "vipp-sd": ("1 tot en met 3 jaar", years(1), up_to_and_including_year(3)),
    "shantala": ("6 \nweken tot 9 maanden", weeks(6), months(9)),
    "stevig-ouderschap": ("vanaf 16 weken \nzwangerschap", pregnancy_week_to_days(16), years(2)),
}


def _seed_text() -> str:
    files = sorted(SEEDS.glob("00[123]_*.txt"))
    if not files:
        pytest.skip("seed documents not available here")
    return " ".join(" ".join(f.read_text().split()) for f in files)


def _norm(phrase: str) -> str:
    return " ".join(phrase.split())


def test_it_loads_every_intervention_the_seed_documents_name(catalogue):
    names = {i.name for i in catalogue.values()}
    for expected in (
        "CenteringParenting",
        "Zwanger, Bevallen, een Kind (ZBK)",
        "E-learning ‘Een kindje krijgen’",
        "Kijkeenbaby-films",
        "Workshop ‘Moeder/Vader worden’",
        "BewustZwanger (app)",
        "Informatiekaart ‘Signaleren en ondersteunen ouder-kindrelatie’",
        "VoorZorg",
        "SamenStarten",
        "Stevig Ouderschap",
        "Kortdurende video-hometraining (K-VHT)",
        "Shantala Babymassage Individueel",
        "Werkwijze Kuipers",
        "Basic Trust",
        "Differentiatie- en fasetherapie",
        "Theraplay",
        "MBT (mentaliseren)",
        "Het Begint Bij Mij (oudertraining)",
    ):
        assert expected in names
    assert any(n.startswith("VIPP-SD") for n in names)
    assert any(n.startswith("VIPP (") for n in names)
    assert len(catalogue) == 20


@pytest.mark.parametrize(("slug", "expected"), sorted(AGE_WINDOWS.items()))
def test_it_stores_each_age_window_as_the_seed_states_it(catalogue, slug, expected):
    phrase, low, high = expected
    assert _norm(phrase) in _seed_text(), f"the seed text does not say {phrase!r}"
    intervention = catalogue[slug]
    assert (intervention.age_from_days, intervention.age_to_days) == (low, high)


def test_it_places_the_windows_on_the_right_days():
    # The conventions themselves, so that a change in them shows up here.
    assert pregnancy_week_to_days(20) == -140
    assert weeks(6) == 42
    assert months(9) == 274
    assert years(2) == 730
    assert months(-9) == -274


@pytest.mark.parametrize(("slug", "expected"), sorted(ALTERNATIVE_AGES.items()))
def test_it_keeps_the_other_age_a_source_gives_with_its_source(catalogue, slug, expected):
    phrase, low, high = expected
    assert _norm(phrase) in _seed_text()
    alternatives = catalogue[slug].age_alternatives()
    assert [(a.low, a.high) for a in alternatives] == [(low, high)]
    assert "beschrijving" in alternatives[0].source
    assert "samenvatting" in catalogue[slug].age_source or slug == "stevig-ouderschap"


def test_it_keeps_both_visit_counts_of_stevig_ouderschap(catalogue):
    stevig = catalogue["stevig-ouderschap"]
    assert (stevig.contacts_min, stevig.contacts_max) == (10, 14)
    [alternative] = stevig.contacts_alternatives()
    assert "4 prenatale" in alternative.text
    assert "6 tot 10 postnatale" in alternative.text
    assert alternative.source != stevig.contacts_source


def test_it_names_no_age_where_the_source_names_none(catalogue):
    for slug in ("basic-trust", "theraplay", "mbt", "het-begint-bij-mij"):
        assert not catalogue[slug].has_age_window
        assert catalogue[slug].age_text


def test_it_records_kuipers_as_not_assessed_by_the_national_databank(catalogue):
    kuipers = catalogue["werkwijze-kuipers"]
    assert kuipers.evidence_level == EvidenceLevel.NOT_ASSESSED
    assert "niet ingediend" in kuipers.evidence_source
    assert kuipers.provider_claim  # its own claim is shown apart, never as a rating


@pytest.mark.parametrize(
    ("slug", "level"),
    [
        ("zbk", EvidenceLevel.WELL_FOUNDED),
        ("een-kindje-krijgen", EvidenceLevel.WELL_FOUNDED),
        ("voorzorg", EvidenceLevel.GOOD_INDICATIONS),
        ("samenstarten", EvidenceLevel.WELL_FOUNDED),
        ("stevig-ouderschap", EvidenceLevel.FIRST_INDICATIONS),
        ("vipp-sd", EvidenceLevel.STRONG_INDICATIONS),
        ("k-vht", EvidenceLevel.WELL_FOUNDED),
        ("shantala", EvidenceLevel.WELL_FOUNDED),
        ("centeringparenting", EvidenceLevel.NOT_ASSESSED),
    ],
)
def test_it_stores_the_evidence_level_document_003_gives(catalogue, slug, level):
    assert catalogue[slug].evidence_level == level
    assert catalogue[slug].evidence_source


def test_it_stores_contacts_and_their_length(catalogue):
    assert (catalogue["voorzorg"].contacts_min, catalogue["voorzorg"].contacts_max) == (64, 64)
    assert catalogue["shantala"].contact_minutes == 90
    assert catalogue["het-begint-bij-mij"].contact_minutes == 180
    [five] = catalogue["het-begint-bij-mij"].contacts_alternatives()
    assert (five.low, five.high) == (5, 5)


def test_it_loads_twice_without_duplicates_and_keeps_a_beheerders_edit(catalogue):
    voorzorg = catalogue["voorzorg"]
    Intervention.objects.filter(pk=voorzorg.pk).update(name="VoorZorg (aangepast)")
    counts = (Intervention.objects.count(), Theme.objects.count(), MatchingRule.objects.count())
    result = load_catalogue()
    assert result.created == 0
    assert (
        Intervention.objects.count(),
        Theme.objects.count(),
        MatchingRule.objects.count(),
    ) == counts
    assert Intervention.objects.get(pk=voorzorg.pk).name == "VoorZorg (aangepast)"


def test_it_overwrites_from_the_seed_on_request_and_keeps_the_change_in_history(catalogue):
    voorzorg = catalogue["voorzorg"]
    Intervention.objects.filter(pk=voorzorg.pk).update(name="Iets anders")
    result = load_catalogue(update=True)
    assert result.updated == 1
    assert Intervention.objects.get(pk=voorzorg.pk).name == "VoorZorg"
    latest = Revision.objects.filter(intervention=voorzorg).first()
    assert latest.changes["name"] == ["Iets anders", "VoorZorg"]
    assert AlternativeField.AGE in {a.field for a in catalogue["shantala"].alternatives.all()}
