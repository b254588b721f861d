"""The worklist's facts about a child, kept on the child's row instead of derived per request.

A fact is a date or a flag that does not depend on today; the worklist compares the dates with
today when it reads them (a stored "overdue" would be wrong by tomorrow). Per child:

- `worklist_moment_due_on`: the date of birth plus the age of the earliest active
  first-half-year contact moment of the organisation's schedule that has neither a counted
  consult nor a counted note that it was not held (empty before birth or when none is open).
  The earliest open moment decides: a later one is due or overdue only after it is.
- `worklist_awaits_conversation`: the latest counted Signalenlijst consult (by date, then id)
  has a zoekende dimension and an ééngespreksmodel neither held nor declined.
- `worklist_referral_since`: the earliest day from which an open referral's follow-up counts:
  help neither started nor completed, and the referral date when nothing is known, or the day
  a waiting list was noted (declined or started elsewhere settle it).

`fact_values` gives the three as SQL expressions over the child's own rows, so refreshing one
child, an organisation or every child is one UPDATE statement. It takes the model classes as
arguments so the data migration can use its historical models.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

# The stored codes (constants.ConversationModelStatus, constants.ReferralFollowUpStatus) as
# plain strings: the historical models of a migration have no choices classes.
CONVERSATION_SETTLED = ("gevoerd", "afgeslagen")
FOLLOW_UP_NONE = ""
FOLLOW_UP_WAITING = "wachtlijst"

FACT_FIELDS = ("worklist_moment_due_on", "worklist_awaits_conversation", "worklist_referral_since")


class AddDays(Func):
    """date + n days, as a date (PostgreSQL adds an integer to a date; SQLite has date())."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra,
        )


def fact_values(
    *,
    consult: Any,
    contact_moment: Any,
    moment_not_held: Any,
    referral: Any,
    policy: Any,
    first_half_year_days: int,
) -> dict[str, Any]:
    """The three facts as expressions for Child.objects.update(**...). `first_half_year_days`
    is the default when the policy row does not exist yet."""
    half_year = Coalesce(
        Subquery(policy.objects.filter(pk=1).values("first_half_year_days")[:1]),
        Value(first_half_year_days),
    )
    held = consult.objects.filter(
        child_id=OuterRef(OuterRef("pk")), contact_moment_id=OuterRef("pk"), entered_in_error=False
    )
    noted = moment_not_held.objects.filter(
        child_id=OuterRef(OuterRef("pk")), contact_moment_id=OuterRef("pk"), entered_in_error=False
    )
    first_open = (
        contact_moment.objects.filter(
            organisation_id=OuterRef("organisation_id"), is_active=True, age_days__lte=half_year
        )
        .filter(~Exists(held), ~Exists(noted))
        .order_by("age_days")
        .annotate(due_on=AddDays(OuterRef("birth_date"), F("age_days")))
        .values("due_on")[:1]
    )
    latest_list = (
        consult.objects.filter(
            child_id=OuterRef("pk"), entered_in_error=False, instrument_version__isnull=False
        )
        .order_by("-consult_date", "-id")
        .annotate(
            waits=ExpressionWrapper(
                Q(has_searching_dimension=True) & ~Q(conversation_status__in=CONVERSATION_SETTLED),
                output_field=BooleanField(),
            )
        )
        .values("waits")[:1]
    )
    open_referral = (
        referral.objects.filter(
            child_id=OuterRef("pk"),
            entered_in_error=False,
            started_on__isnull=True,
            completed_on__isnull=True,
        )
        .annotate(
            since=Case(
                When(follow_up_status=FOLLOW_UP_NONE, then=F("referred_on")),
                When(follow_up_status=FOLLOW_UP_WAITING, then=F("follow_up_noted_on")),
                default=None,
                output_field=DateField(),
            )
        )
        .filter(since__isnull=False)
        .order_by("since")
        .values("since")[:1]
    )
    return {
        "worklist_moment_due_on": Subquery(first_open, output_field=DateField()),
        "worklist_awaits_conversation": Coalesce(
            Subquery(latest_list, output_field=BooleanField()), Value(False)
        ),
        "worklist_referral_since": Subquery(open_referral, output_field=DateField()),
    }
