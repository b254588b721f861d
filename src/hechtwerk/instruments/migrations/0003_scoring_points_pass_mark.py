from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0002_version_retired_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrumentversion",
            name="pass_mark",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="cesuur (punten)"
            ),
        ),
        migrations.AddField(
            model_name="answeroption",
            name="points",
            field=models.SmallIntegerField(blank=True, null=True, verbose_name="punten"),
        ),
    ]
