"""Words for the consult pages: the advice's short announcement and the history in item texts.

A user never reads an internal code (issue 12): stored answers and revisions hold codes, these
helpers turn them into the items' and options' texts at display time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.method.codes import DimensionStatus
from hechtwerk.signalling.models import ConsultRevision
from hechtwerk.signalling.rules import SignalenlijstAdvice

# ConsultRevision.change holds one of these codes; the page shows the words.
CHANGE_LABELS = {
    "correctie": gettext_lazy("Correctie van de antwoorden"),
    "dimensies": gettext_lazy("Dimensies vastgesteld"),
    "eengespreksmodel": gettext_lazy("Ééngespreksmodel vastgelegd"),
}


def advice_key(advice: SignalenlijstAdvice | None) -> str:
    """A short fingerprint of what the advice says, to tell whether it changed."""
    if advice is None:
        return ""
    statuses = "".join(s.status.value[0] for s in advice.dimensions)
    return f"{statuses}-{int(advice.discuss_with_parents)}{int(advice.offer_conversation_model)}"


def advice_announcement(advice: SignalenlijstAdvice | None) -> str:
    """One short sentence for the live region: what the advice now says."""
    if advice is None:
        return ""
    searching = [
        str(s.dimension.label) for s in advice.dimensions if s.status == DimensionStatus.SEARCHING
    ]
    if searching:
        sentence = _("Advies gewijzigd: %(dimensions)s zoekend; bied het ééngespreksmodel aan.") % {
            "dimensions": ", ".join(searching)
        }
    else:
        sentence = _("Advies gewijzigd: geen dimensie zoekend.")
    if advice.discuss_with_parents:
        sentence += " " + _("Bespreek de signalen met de ouders.")
    return sentence


def item_names(version: InstrumentVersion) -> dict[str, tuple[str, dict[str, str]]]:
    """{item code: (item text, {option code: option label})} of one instrument version."""
    return {
        item.code: (item.text, {option.code: option.label for option in item.options.all()})
        for item in version.items.prefetch_related("options")
    }


def revision_rows(
    revisions: Iterable[ConsultRevision], names: dict[str, tuple[str, dict[str, str]]]
) -> list[dict[str, Any]]:
    """Each earlier version with its change and answers in words."""
    rows = []
    for revision in revisions:
        answers = []
        for code, option in (revision.snapshot.get("answers") or {}).items():
            text, options = names.get(code, (code, {}))
            answers.append((text, options.get(option, option)))
        rows.append(
            {
                "revision": revision,
                "change": CHANGE_LABELS.get(revision.change, revision.change),
                "consult_date": revision.snapshot.get("consult_date", ""),
                "answers": answers,
            }
        )
    return rows
