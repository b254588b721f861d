"""The signalling API: everything the signalling pages do, with the same rules, access checks
and access-log lines (the pages' scoped loads, the services, the write-outcome mechanism).

- `children`: register, read, correct dates, search; the worklist; the contact moments.
- `consults`: record (JSON or FHIR QuestionnaireResponse), read, correct, dimensions,
  ééngespreksmodel.
- `records`: Informatiekaart check, referral and follow-up, SamenStarten, vulnerability, and
  entered in error for every kind.
- `history`: the whole history as JSON or FHIR Bundle, and the Bundle's import.

Another organisation's child or record is a 404 with a denied access-log line; a stale version
is a 409 with `current_version`; every error has the API's one shape (`hechtwerk.core.errors`).
"""

from ninja import Router

from . import children, consults, history, records

router = Router(tags=["signalering"])
# history first: its POST /signalling/children/import must come before /children/{child_id}.
for part in (history, children, consults, records):
    router.add_router("/", part.router)

__all__ = ["router"]
