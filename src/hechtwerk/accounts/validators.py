"""Password rules beyond Django's own: no words that an attacker would try first (ASVS 6.2.11)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTEXT_WORDS = ("hechtwerk", "hechting", "jgz", "ggd", "kinderleven", "consultatiebureau")
# Words of an organisation name shorter than this are too common to refuse ("de", "van", "regio").
MIN_ORGANISATION_WORD = 5


def _organisation_words(user: Any) -> set[str]:
    """Distinctive words from the names of the user's own organisations."""
    if user is None or getattr(user, "pk", None) is None or not hasattr(user, "memberships"):
        return set()
    names = user.memberships.values_list("organisation__name", flat=True)
    return {
        word
        for name in names
        for word in re.split(r"\W+", name.lower())
        if len(word) >= MIN_ORGANISATION_WORD
    }


class ContextWordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        for word in (*CONTEXT_WORDS, *sorted(_organisation_words(user))):
            if word in lowered:
                raise ValidationError(
                    _("Het wachtwoord mag het woord ‘%(word)s’ niet bevatten."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _(
            "Het wachtwoord mag geen woorden uit de context van dit platform of de naam van je "
            "organisatie bevatten."
        )
