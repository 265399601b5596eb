from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workspaces.models import Role


class InviteForm(forms.Form):
    # An email address only: a username field would tell the admin which names exist.
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "They get an email with a link to accept or decline (someone new also chooses "
            "a password). They join the workspace only if they accept."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.FACILITATOR)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JourneyTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    definition = forms.CharField(
        label=_("Definition"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One sentence: which moment of the customer's life this journey covers."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# How long an invitation (and a new account's set-password link) stays valid.
INVITATION_DAYS = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
