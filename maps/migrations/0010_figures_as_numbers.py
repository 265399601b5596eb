"""Metrics cards' figures typed as text ("42 %", "4,7 / 5") become a number and a unit;
a figure that says more than that ("1 sur 4") stays as text."""

from django.db import migrations


def figures_as_numbers(apps, schema_editor):
    from maps.figures import parse_figure

    Card = apps.get_model("maps", "Card")
    for card in Card.objects.exclude(figure="").filter(value__isnull=True).iterator():
        parsed = parse_figure(card.figure)
        if parsed is not None:
            card.value, card.unit = parsed
            card.figure = ""
            card.save(update_fields=["value", "unit", "figure"])


class Migration(migrations.Migration):
    dependencies = [("maps", "0009_method_evidence_figures_personas")]

    operations = [migrations.RunPython(figures_as_numbers, migrations.RunPython.noop)]
