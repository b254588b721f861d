"""Case codes stored NFKC-normalised and trimmed (rules.case_code), where that is safe.

A code is rewritten only when its normalised form differs and no other child of the same
organisation already has that form (ignoring case); a code that would collide is left as it is
and must be corrected by hand (the signalling README says how). Codes that break the newer rules
(names, BSN, other characters) cannot be rewritten automatically either and are left alone: the
rule applies to new and imported children.
"""

from __future__ import annotations

import unicodedata

from django.db import migrations


def normalise(apps, schema_editor):
    Child = apps.get_model("signalling", "Child")
    taken: dict[int, set[str]] = {}
    for organisation_id, code in Child.objects.values_list("organisation_id", "case_code"):
        taken.setdefault(organisation_id, set()).add(code.lower())
    for child in Child.objects.only("pk", "organisation_id", "case_code").iterator():
        normalised = unicodedata.normalize("NFKC", child.case_code).strip()
        if normalised == child.case_code or not normalised:
            continue
        codes = taken[child.organisation_id]
        if normalised.lower() in codes:
            continue  # would collide with another child's code: leave for a person to decide
        codes.discard(child.case_code.lower())
        codes.add(normalised.lower())
        Child.objects.filter(pk=child.pk).update(case_code=normalised)


class Migration(migrations.Migration):
    dependencies = [("signalling", "0005_consult_has_searching_dimension")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
