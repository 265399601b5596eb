from django import template
from django.utils import formats

register = template.Library()


@register.filter
def signed(value: int) -> str:
    """Emotion scores read as +2, +1, 0, −1, −2."""
    value = int(value)
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "0"


@register.filter
def signed_mean(value: float) -> str:
    """A group's mean score, one decimal, signed like the scores: +1,5 / −0,5 / 0,0."""
    rounded = round(float(value), 1)
    text = formats.number_format(abs(rounded), 1)
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"−{text}"
    return text
