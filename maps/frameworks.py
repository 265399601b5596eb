"""Stage frameworks a new map can start from (domain.md, "Stage frameworks")."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maps.models import LaneKind

FRAMEWORKS = {
    "3": [_("Acquisition"), _("Retention"), _("Loyalty")],
    "4": [
        _("Need and information search"),
        _("Comparison of offers"),
        _("Decision"),
        _("Post-purchase loyalty"),
    ],
    "5": [
        _("Awareness"),
        _("Consideration"),
        pgettext_lazy("stage", "Purchase"),
        _("Loyalty"),
        _("Recommendation"),
    ],
    "6": [
        _("Realisation"),
        _("Research"),
        _("Reflection"),
        pgettext_lazy("stage", "Purchase"),
        _("Use"),
        _("Advocacy"),
    ],
}

FRAMEWORK_CHOICES = [
    ("5", _("5 stages: awareness, consideration, purchase, loyalty, recommendation")),
    ("3", _("3 stages: acquisition, retention, loyalty")),
    ("4", _("4 stages: need, comparison, decision, loyalty")),
    ("6", _("6 stages: realisation, research, reflection, purchase, use, advocacy")),
    ("", _("Empty map: I build my own stages")),
]

# Lanes every framework starts with; an empty map starts with none. What works sits
# between what hurts and what to do about it: the method asks for both sides.
STARTER_LANES = [
    LaneKind.THOUGHTS,
    LaneKind.PAIN_POINTS,
    LaneKind.STRENGTHS,
    LaneKind.OPPORTUNITIES,
]
