from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def refuse_doubles(apps, schema_editor):
    """The constraint cannot be made while a child has two counted consults for one moment (two
    saves that raced before it existed): name them, so a professional can mark one as entered in
    error, instead of failing with the database's message."""
    consult = apps.get_model("signalling", "Consult")
    doubles = list(
        consult.objects.using(schema_editor.connection.alias)
        .filter(entered_in_error=False)
        .values("child_id", "contact_moment_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("child_id", "contact_moment_id")[:20]
    )
    if doubles:
        raise RuntimeError(
            "Some children have more than one counted consult for the same contact moment "
            f"(child id, contact moment id: {doubles}). Mark all but one of each as entered in "
            "error, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0003_scoring_points_pass_mark"),
        ("signalling", "0009_child_worklist_facts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_doubles, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="consult",
            name="consult_moment_counted",
        ),
        migrations.AddConstraint(
            model_name="consult",
            constraint=models.UniqueConstraint(
                condition=models.Q(("entered_in_error", False)),
                fields=("contact_moment", "child"),
                name="one_counted_consult_per_moment",
                violation_error_message=(
                    "Voor dit contactmoment is al een consult vastgelegd; open dat consult om het "
                    "aan te vullen of te corrigeren."
                ),
            ),
        ),
    ]
