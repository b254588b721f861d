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
from .consult_input import (
    ConversationProblem,
    MomentWindow,
    ScheduledMoment,
    contact_moment_problem,
    conversation_model_problem,
    factor_flag_problem,
    missing_required_items,
    moment_window,
    required_items_problem,
    samenstarten_override_problem,
    second_consult_problem,
    suggest_contact_moment,
)
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
    referral_follow_up_due_on,
    referral_needs_follow_up,
    referrals_made_by,
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
    "ConversationProblem",
    "DimensionSuggestion",
    "DueMoment",
    "DueState",
    "Factor",
    "InformatiekaartInput",
    "ItemAnswer",
    "MomentWindow",
    "Policy",
    "ReferralAdvice",
    "SamenStartenSuggestion",
    "ScheduledMoment",
    "SignalenlijstAdvice",
    "VulnerabilitySuggestion",
    "advise_referral",
    "assess_signalenlijst",
    "birth_date_problem",
    "check_case_code",
    "check_signalenlijst_age",
    "contact_moment_problem",
    "conversation_model_problem",
    "due_date_problem",
    "factor_flag_problem",
    "first_half_year_moments",
    "grade_severity",
    "missing_required_items",
    "moment_state",
    "moment_window",
    "months_to_days",
    "normalise_case_code",
    "pregnancy_start",
    "rating_severity",
    "record_date_problem",
    "referral_follow_up_due_on",
    "referral_needs_follow_up",
    "referrals_made_by",
    "required_items_problem",
    "samenstarten_override_problem",
    "second_consult_problem",
    "suggest_contact_moment",
    "suggest_samenstarten",
    "suggest_vulnerability",
    "text_bound_problem",
    "validate_dimension_override",
    "worklist_birth_dates",
    "worklist_moments",
]
