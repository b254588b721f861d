"""Factories for signalling records, and small published instrument versions to answer."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping

import factory
from django.utils import timezone

from hechtwerk.accounts.models import Organisation, User
from hechtwerk.accounts.tests.factories import OrganisationFactory, UserFactory
from hechtwerk.instruments.constants import InstrumentKind, ItemKind, VersionStatus
from hechtwerk.instruments.models import AnswerOption, Instrument, InstrumentVersion, Item
from hechtwerk.method.codes import (
    RISK_GROUP,
    SIGNALENLIJST,
    VULNERABILITY_FACTORS,
    Dimension,
    FactorColumn,
    ParentItemAnswer,
    RiskItemAnswer,
)
from hechtwerk.signalling import services
from hechtwerk.signalling.models import Child, Consult, Referral

_counter = itertools.count(1)

# Two parent items per dimension (a1, a2 for aansluiten ...) and three risk items r1..r3.
PARENT_ITEMS = {d: (f"{d.value[:3]}1", f"{d.value[:3]}2") for d in Dimension}
RISK_ITEMS = ("r1", "r2", "r3")


def _version(code: str, kind: str) -> InstrumentVersion:
    instrument, _ = Instrument.objects.get_or_create(
        code=code, defaults={"name": f"Test {code}", "kind": kind}
    )
    return InstrumentVersion.objects.create(
        instrument=instrument, version=f"t{next(_counter)}", is_illustrative=True
    )


def _publish(version: InstrumentVersion) -> InstrumentVersion:
    # Items can only be added to a draft; publish once they are all there.
    InstrumentVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.PUBLISHED, published_at=timezone.now()
    )
    version.refresh_from_db()
    return version


def signalenlijst_version(*, required: bool = False) -> InstrumentVersion:
    """A published Signalenlijst: 10 parent items (two per dimension) and 3 risk items."""
    version = _version(SIGNALENLIJST, InstrumentKind.OBSERVATION_LIST)
    order = 0
    for dimension, codes in PARENT_ITEMS.items():
        for code in codes:
            order += 1
            item = Item.objects.create(
                version=version,
                code=code,
                text=f"Testitem {code}",
                kind=ItemKind.CHOICE,
                group=dimension.value,
                group_label=str(dimension.label),
                order=order,
                required=required,
            )
            AnswerOption.objects.bulk_create(
                AnswerOption(item=item, code=a.value, label=str(a.label), order=i)
                for i, a in enumerate(ParentItemAnswer)
            )
    for code in RISK_ITEMS:
        order += 1
        item = Item.objects.create(
            version=version,
            code=code,
            text=f"Risico {code}",
            kind=ItemKind.CHOICE,
            group=RISK_GROUP,
            group_label="Risico",
            order=order,
            required=required,
        )
        AnswerOption.objects.bulk_create(
            AnswerOption(item=item, code=a.value, label=str(a.label), order=i)
            for i, a in enumerate(RiskItemAnswer)
        )
    return _publish(version)


def factor_version() -> InstrumentVersion:
    """A published Kwetsbaarheid list: two factors per column."""
    version = _version(VULNERABILITY_FACTORS, InstrumentKind.FACTOR_LIST)
    for order, (column, code) in enumerate(
        (c, f"{c.value}_{n}") for c in FactorColumn for n in (1, 2)
    ):
        Item.objects.create(
            version=version,
            code=code,
            text=f"Factor {code}",
            kind=ItemKind.BOOLEAN,
            group=column.value,
            group_label=str(column.label),
            order=order,
        )
    return _publish(version)


def all_positive() -> dict[str, str]:
    answers = {
        code: ParentItemAnswer.POSITIVE.value for codes in PARENT_ITEMS.values() for code in codes
    }
    answers.update(dict.fromkeys(RISK_ITEMS, RiskItemAnswer.ABSENT.value))
    return answers


def answers_with(**overrides: str) -> dict[str, str]:
    answers = all_positive()
    answers.update(overrides)
    return answers


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    organisation = factory.SubFactory(OrganisationFactory)
    case_code = factory.Sequence(lambda n: f"JGZ-{n:05d}")
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    due_date = None

    class Params:
        unborn = factory.Trait(
            birth_date=None,
            due_date=factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60)),
        )


def make_consult(
    *,
    child: Child,
    actor: User | None = None,
    days_old: int = 28,
    moment_code: str = "4w",
    answers: Mapping[str, str] | None = None,
    version: InstrumentVersion | None = None,
) -> Consult:
    """A consult recorded through the service, so every derived result is as in real use."""
    assert child.birth_date is not None
    moments = {m.code: m for m in services.ensure_schedule(child.organisation)}
    return services.record_consult(
        actor=actor or UserFactory(),
        child=child,
        contact_moment=moments[moment_code],
        consult_date=child.birth_date + dt.timedelta(days=days_old),
        answers=all_positive() if answers is None else answers,
        instrument_version=version or InstrumentVersion.objects.current_for(SIGNALENLIJST),
    )


def make_referral(*, child: Child, actor: User | None = None, days_old: int = 0) -> Referral:
    """A referral made `days_old` days ago (the worklist lists it after the policy's
    referral_follow_up_days, 42 by default)."""
    return services.refer_child(
        actor=actor or UserFactory(),
        child=child,
        destination="jeugd_ggz",
        reason="Test",
        referred_on=timezone.localdate() - dt.timedelta(days=days_old),
    )


def jgz_child(organisation: Organisation, **kwargs: object) -> Child:
    return ChildFactory(organisation=organisation, **kwargs)
