"""Load the hub's approved outcomes matrix; afterwards it is edited as data."""

import json
from pathlib import Path

from django.db import migrations

MATRIX = Path(__file__).resolve().parent.parent / "content" / "outcomes_matrix.json"


def load(apps, schema_editor):
    Entry = apps.get_model("consultations", "OutcomesMatrixEntry")
    if Entry.objects.exists():
        return
    for position, item in enumerate(json.loads(MATRIX.read_text())["entries"]):
        Entry.objects.create(
            category=item["category"], route=item["route"], description=item["description"],
            is_default_for_category=item.get("default", False), position=position,
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
