"""Keeping the worklist's facts (models.facts) true: every write they depend on refreshes them.

A write to one child's records refreshes that child in the same transaction (one UPDATE); a
change of an organisation's schedule refreshes its children, a change of the policy's first
half year every child. `manage.py refresh_worklist_facts` does the latter by hand.
"""

from __future__ import annotations

from django.db import transaction

from hechtwerk.accounts.models import Organisation
from hechtwerk.signalling.models import Child

# One child's facts after a write to its consults, notes, referrals or dates: one UPDATE compiled
# once per process, the same the child's own save() runs.
from hechtwerk.signalling.models.children import child_facts_statement, refresh_child_facts

__all__ = ["child_facts_statement", "refresh_child_facts", "refresh_worklist_facts"]


@transaction.atomic
def refresh_worklist_facts(*, organisation: Organisation | None = None) -> int:
    """The facts of an organisation's children (every child when None): after a change of its
    schedule of contact moments or of the policy. Returns the number of children refreshed."""
    children = Child.objects.all()
    if organisation is not None:
        children = children.filter(organisation=organisation)
    return children.refresh_worklist_facts()
