"""The illustrative demo instruments: published, marked as placeholders, shaped as the rules need."""

from __future__ import annotations

from collections import Counter

import pytest

from hechtwerk.instruments.constants import ItemKind, VersionStatus
from hechtwerk.instruments.demo import DEMO_SOURCE, ensure_illustrative_instruments
from hechtwerk.instruments.models import InstrumentVersion, Item
from hechtwerk.method.codes import (
    INFORMATIEKAART,
    RISK_GROUP,
    SAMENSTARTEN,
    SIGNALENLIJST,
    VULNERABILITY_FACTORS,
    Dimension,
    FactorColumn,
    ParentItemAnswer,
    ReferralCriterion,
    RiskItemAnswer,
    SamenStartenDomain,
    SamenStartenFollowUp,
    SamenStartenRating,
)

pytestmark = pytest.mark.django_db


def _options(item: Item) -> list[str]:
    return list(item.options.values_list("code", flat=True))


def test_it_loads_four_published_illustrative_instruments_once():
    first = ensure_illustrative_instruments()
    again = ensure_illustrative_instruments()
    assert {k: v.pk for k, v in first.items()} == {k: v.pk for k, v in again.items()}
    assert InstrumentVersion.objects.count() == 4
    for code, version in first.items():
        assert InstrumentVersion.objects.current_for(code) == version
        assert version.status == VersionStatus.PUBLISHED
        assert version.is_illustrative
        assert version.source == DEMO_SOURCE
        assert all(
            t.startswith("Voorbeeld –") for t in version.items.values_list("text", flat=True)
        )


def test_it_shapes_the_signalenlijst_as_ten_parent_items_and_three_risk_items():
    version = ensure_illustrative_instruments()[SIGNALENLIJST]
    items = list(version.items.all())
    assert len(items) == 13
    groups = Counter(item.group for item in items)
    assert groups == {**{d.value: 2 for d in Dimension}, RISK_GROUP: 3}
    for item in items:
        expected = RiskItemAnswer if item.group == RISK_GROUP else ParentItemAnswer
        assert _options(item) == list(expected.values)
        if item.group != RISK_GROUP:
            assert item.group_label == Dimension(item.group).label


def test_it_shapes_samenstarten_informatiekaart_and_vulnerability_factors():
    versions = ensure_illustrative_instruments()
    samen = {item.code: item for item in versions[SAMENSTARTEN].items.all()}
    for domain in SamenStartenDomain:
        assert samen[domain.value].group == domain.value
        assert _options(samen[domain.value]) == list(SamenStartenRating.values)
    assert _options(samen["totaal"]) == list(SamenStartenRating.values)
    assert _options(samen["vervolg"]) == list(SamenStartenFollowUp.values)
    assert samen["plan"].kind == ItemKind.TEXT

    kaart = {item.code: item.kind for item in versions[INFORMATIEKAART].items.all()}
    assert kaart == {
        ReferralCriterion.REGULATION_PROBLEMS.value: ItemKind.BOOLEAN,
        ReferralCriterion.WORRY_OR_OVERLOAD.value: ItemKind.BOOLEAN,
        ReferralCriterion.DYSFUNCTIONAL_PATTERN.value: ItemKind.BOOLEAN,
        "aantal_stressfactoren": ItemKind.INTEGER,
    }

    factors = versions[VULNERABILITY_FACTORS].items.all()
    per_column = Counter(item.group for item in factors)
    assert set(per_column) == set(FactorColumn.values)
    assert all(5 <= n <= 6 for n in per_column.values())
    assert {item.kind for item in factors} == {ItemKind.BOOLEAN}
