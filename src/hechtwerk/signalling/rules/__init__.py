"""Pure decision functions of the signalling method (domain.md §2–§3).

No database, no models: typed inputs, results that explain themselves, and RULES_VERSION stored
with every derived result. Split by instrument; everything is importable from here.
"""

from .age import AgeCheck, check_signalenlijst_age
from .base import DEFAULT_POLICY, RULES_VERSION, Policy
from .bounds import (
    MAX_TEXT_LENGTH,
    birth_date_problem,
    due_date_problem,
    pregnancy_start,
    record_date_problem,
    text_bound_problem,
)
from .case_code import CASE_CODE_MAX_LENGTH, CaseCodeCheck, check_case_code, normalise_case_code
from .referral import InformatiekaartInput, ReferralAdvice, advise_referral
from .samenstarten import SamenStartenSuggestion, rating_severity, suggest_samenstarten
from .schedule import (
    CLASSIC_SCHEDULE,
    ContactMomentSpec,
    DueMoment,
    DueState,
    first_half_year_moments,
    moment_state,
    months_to_days,
    worklist_birth_dates,
    worklist_moments,
)
from .signalenlijst import (
    DimensionSuggestion,
    ItemAnswer,
    SignalenlijstAdvice,
    assess_signalenlijst,
    validate_dimension_override,
)
from .vulnerability import Factor, VulnerabilitySuggestion, grade_severity, suggest_vulnerability

__all__ = [
    "CASE_CODE_MAX_LENGTH",
    "CLASSIC_SCHEDULE",
    "DEFAULT_POLICY",
    "MAX_TEXT_LENGTH",
    "RULES_VERSION",
    "AgeCheck",
    "CaseCodeCheck",
    "ContactMomentSpec",
    "DimensionSuggestion",
    "DueMoment",
    "DueState",
    "Factor",
    "InformatiekaartInput",
    "ItemAnswer",
    "Policy",
    "ReferralAdvice",
    "SamenStartenSuggestion",
    "SignalenlijstAdvice",
    "VulnerabilitySuggestion",
    "advise_referral",
    "assess_signalenlijst",
    "birth_date_problem",
    "check_case_code",
    "check_signalenlijst_age",
    "due_date_problem",
    "first_half_year_moments",
    "grade_severity",
    "moment_state",
    "months_to_days",
    "normalise_case_code",
    "pregnancy_start",
    "rating_severity",
    "record_date_problem",
    "suggest_samenstarten",
    "suggest_vulnerability",
    "text_bound_problem",
    "validate_dimension_override",
    "worklist_birth_dates",
    "worklist_moments",
]
