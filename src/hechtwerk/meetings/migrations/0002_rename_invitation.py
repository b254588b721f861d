from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    """`Invitation` becomes `MeetingInvitation`: accounts has an `Invitation` of its own."""

    dependencies = [
        ("meetings", "0001_planner_models"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RenameModel("Invitation", "MeetingInvitation")]
