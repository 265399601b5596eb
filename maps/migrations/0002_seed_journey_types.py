from django.db import migrations

# The four journey types of the method (domain.md), in the users' language.
JOURNEY_TYPES = [
    ("integration", "Intégration", "Le premier achat : le client découvre la marque et achète."),
    ("entretien", "Entretien", "Le service après-vente ou une question sur le produit."),
    ("utilisation", "Utilisation", "L'usage du produit au quotidien."),
    ("renouvellement", "Renouvellement", "Le remplacement d'un ancien produit."),
]


def seed(apps, schema_editor):
    JourneyType = apps.get_model("maps", "JourneyType")
    for position, (slug, name, definition) in enumerate(JOURNEY_TYPES):
        JourneyType.objects.update_or_create(
            slug=slug, defaults={"name": name, "definition": definition, "position": position}
        )


def unseed(apps, schema_editor):
    JourneyType = apps.get_model("maps", "JourneyType")
    JourneyType.objects.filter(slug__in=[slug for slug, _, _ in JOURNEY_TYPES], maps=None).delete()


class Migration(migrations.Migration):
    dependencies = [("maps", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
