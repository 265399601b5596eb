from collections.abc import Iterable

from django import template

from personas.models import Persona, Segment

register = template.Library()

# The method advises B2C teams to work with three personas at most.
ADVISED_B2C_PERSONAS = 3


@register.filter
def b2c_over_advice(personas: Iterable[Persona]) -> bool:
    """More B2C personas than the method advises; counts in Python, so prefetched rows serve."""
    return sum(1 for persona in personas if persona.segment == Segment.B2C) > ADVISED_B2C_PERSONAS
