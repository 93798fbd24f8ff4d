import uuid

from django.db import migrations, models


def version_the_started_worlds(apps, schema_editor):
    World = apps.get_model("game", "World")
    for pk in World.objects.filter(state__isnull=False).values_list("pk", flat=True):
        World.objects.filter(pk=pk).update(state_version=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("game", "0002_reflection"),
    ]

    operations = [
        migrations.AddField(
            model_name="world",
            name="state_version",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(version_the_started_worlds, migrations.RunPython.noop),
    ]
