"""Writes of the signalling app: typed `verb_noun` functions, one error type (SignallingError)."""

from hechtwerk.signalling.models import SAMENSTARTEN_FIELDS

from .children import ensure_schedule, register_child, update_child_dates
from .common import ConsultConflictError, SignallingError, current_policy
from .consults import (
    ConversationInput,
    ResolvedAnswers,
    confirm_dimensions,
    consult_inputs,
    correct_consult,
    current_signalenlijst,
    record_consult,
    record_conversation_model,
    resolve_answers,
    review_consult,
    signalenlijst_items,
)
from .followup import (
    FactorInput,
    assess_vulnerability,
    check_informatiekaart,
    mark_entered_in_error,
    mark_moment_not_held,
    record_referral_follow_up,
    record_samenstarten,
    refer_child,
)
from .history_import import import_child_history
from .worklist_facts import refresh_child_facts, refresh_worklist_facts

__all__ = [
    "SAMENSTARTEN_FIELDS",
    "ConsultConflictError",
    "ConversationInput",
    "FactorInput",
    "ResolvedAnswers",
    "SignallingError",
    "assess_vulnerability",
    "check_informatiekaart",
    "confirm_dimensions",
    "consult_inputs",
    "correct_consult",
    "current_policy",
    "current_signalenlijst",
    "ensure_schedule",
    "import_child_history",
    "mark_entered_in_error",
    "mark_moment_not_held",
    "record_consult",
    "record_conversation_model",
    "record_referral_follow_up",
    "record_samenstarten",
    "refer_child",
    "refresh_child_facts",
    "refresh_worklist_facts",
    "register_child",
    "resolve_answers",
    "review_consult",
    "signalenlijst_items",
    "update_child_dates",
]
