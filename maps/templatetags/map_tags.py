from django import template

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
