"""Password rules beyond Django's own: no words that an attacker would try first (ASVS 6.2.11)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTEXT_WORDS = ("hechtwerk", "hechting", "jgz", "ggd", "kinderleven", "consultatiebureau")


class ContextWordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        for word in CONTEXT_WORDS:
            if word in lowered:
                raise ValidationError(
                    _("Het wachtwoord mag het woord ‘%(word)s’ niet bevatten."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Het wachtwoord mag geen woorden uit de context van dit platform bevatten.")
