"""Fixtures shared by the map tests, beside the project's (tests/conftest.py)."""

import pytest

from personas.models import Persona


@pytest.fixture
def ludovic(workspace, journey_map):
    """A second persona on ``journey_map``: it now draws one curve per persona."""
    persona = Persona.objects.create(workspace=workspace, name="Ludovic", age=41)
    journey_map.personas.add(persona)
    return persona
