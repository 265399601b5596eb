"""What a workshop guest may call themselves.

A display name is shown beside everything its guest changes, so it must not pass
for someone else's: not a member of the map's workspace (username or full name),
not another guest of the same workshop. Names are compared by a key that ignores
case, spaces, punctuation and look-alike forms of the same letter (Unicode NFKC:
"Ｍａｒｉｅ" is "Marie").

Invisible and control characters are refused, not stripped: right-to-left
overrides reorder what others read, zero-width characters make two names that
look alike compare different, and control characters have no business on a
name tag. Refusing tells the person what happened; stripping would silently show
a name other than the one they typed. The cost: a name written with a zero-width
joiner (some emoji sequences, Persian's ZWNJ) must be typed without it.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Control, format (bidi overrides, zero-width), private use, surrogates, unassigned.
REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}


def clean(name: str) -> str:
    """Spaces collapsed, composed form (NFC); raises ``ValidationError`` for hidden characters."""
    if any(unicodedata.category(char) in REFUSED_CATEGORIES for char in name):
        raise ValidationError(
            _(
                "Your name contains invisible or control characters (such as right-to-left "
                "or zero-width marks). Type it with letters, digits and punctuation only."
            )
        )
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise ValidationError(_("Type the name the others will see."))
    if not key(name):
        raise ValidationError(_("Your name needs at least one letter or digit."))
    return name


def key(name: str) -> str:
    """What two names must differ by: letters and digits, case and width folded."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(char for char in folded if char.isalnum())


def taken_keys(workshop, user) -> set[str]:
    """Names this user may not take on the workshop's map: its workspace members' and its
    other guests'."""
    members = get_user_model().objects.filter(
        memberships__workspace_id=workshop.journey_map.workspace_id
    )
    names = set()
    for member in members.only("username", "first_name", "last_name"):
        names.add(member.get_username())
        names.add(member.get_full_name())
    guests = workshop.guests.filter(token=workshop.token)
    if user is not None and user.is_authenticated:
        guests = guests.exclude(user=user)
    names.update(guests.values_list("display_name", flat=True))
    return {key(name) for name in names} - {""}


def check_not_taken(name: str, workshop, user) -> None:
    if key(name) in taken_keys(workshop, user):
        raise ValidationError(
            _(
                "Someone on this map already goes by this name. Add an initial or choose "
                "another name, so that everyone knows who changed what."
            )
        )
