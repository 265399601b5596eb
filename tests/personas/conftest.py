import pytest
from django.utils import translation

from personas.models import Persona, Segment

LONG_TEXTS = (
    "professional_situation",
    "family_situation",
    "hobbies",
    "consumption_habits",
    "needs",
    "expectations",
    "goals",
    "motivations",
    "reluctances",
    "frictions",
)


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English source text, whatever catalogues exist."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def persona_data() -> dict[str, str]:
    """Every field of the persona form, as a browser posts it."""
    return {
        "name": "Ludovic",
        "age": "29",
        "segment": Segment.B2C,
        "quote": "Je veux courir sans me ruiner.",
        "professional_situation": "Comptable à Bordeaux",
        "family_situation": "En couple, sans enfant",
        "hobbies": "Course à pied, cinéma",
        "consumption_habits": "Compare en ligne, essaie en boutique",
        "needs": "Des chaussures confortables\nUn budget maîtrisé",
        "expectations": "Un échange simple si la paire ne va pas",
        "goals": "Courir un semi-marathon",
        "motivations": "Se sentir en forme\nRejoindre le club du quartier",
        "reluctances": "Peur de se blesser, prix des chaussures",
        "frictions": "Trop de modèles, vendeurs pressés",
    }


def _edit_data(persona: Persona, **changes) -> dict[str, str]:
    """The edit form of ``persona`` as loaded, with ``changes`` typed into it."""
    data = {
        "name": persona.name,
        "age": "" if persona.age is None else str(persona.age),
        "segment": persona.segment,
        "quote": persona.quote,
        **{name: getattr(persona, name) for name in LONG_TEXTS},
        "version": str(persona.version),
    }
    data.update({key: str(value) for key, value in changes.items()})
    return data


@pytest.fixture
def edit_data():
    """Builds the POST of an edit form: ``edit_data(persona, name="New")``."""
    return _edit_data


@pytest.fixture
def b2b_persona(workspace) -> Persona:
    return Persona.objects.create(
        workspace=workspace,
        name="Agnès",
        age=51,
        segment=Segment.B2B,
        quote="Mon temps est compté.",
        needs="Un devis rapide\nUn interlocuteur unique",
        goals="Réduire les coûts d'achat",
    )


@pytest.fixture
def foreign_persona(other_workspace) -> Persona:
    return Persona.objects.create(
        workspace=other_workspace, name="Zoé", quote="Secret du concurrent"
    )


@pytest.fixture
def no_workspace_client(db, client, django_user_model):
    """Logged in, but a member of no workspace."""
    user = django_user_model.objects.create_user(username="newcomer", password="x")
    client.force_login(user)
    return client
