from django.db import migrations


def load_builtin_templates(apps, schema_editor):
    from liant.missions.builtin import sync_builtin_templates

    sync_builtin_templates(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_builtin_templates, migrations.RunPython.noop),
    ]
