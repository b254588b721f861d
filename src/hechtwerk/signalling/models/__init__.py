"""Signalling records: children, consults, dimensions, referrals, SamenStarten, vulnerability."""

from .base import InErrorMarkable, sees_children
from .children import Child, ChildQuerySet
from .consults import (
    Consult,
    ConsultQuerySet,
    ConsultRevision,
    DimensionAssessment,
    SignalenlijstAnswer,
)
from .followup import (
    SAMENSTARTEN_FIELDS,
    ChildRecordQuerySet,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
    VulnerabilityFactor,
)
from .policy import ContactMoment, SignallingPolicy

__all__ = [
    "SAMENSTARTEN_FIELDS",
    "Child",
    "ChildQuerySet",
    "ChildRecordQuerySet",
    "Consult",
    "ConsultQuerySet",
    "ConsultRevision",
    "ContactMoment",
    "DimensionAssessment",
    "InErrorMarkable",
    "InformatiekaartCheck",
    "MomentNotHeld",
    "Referral",
    "SamenStartenConversation",
    "SignalenlijstAnswer",
    "SignallingPolicy",
    "VulnerabilityAssessment",
    "VulnerabilityFactor",
    "sees_children",
]
