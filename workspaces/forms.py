from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from workspaces.models import Role


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("Email address or username"),
        max_length=254,
        help_text=_(
            "Someone new gets an account and an email with a link to choose their password. "
            "Someone who already has an account joins at once."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.FACILITATOR)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_who(self) -> str:
        who = self.cleaned_data["who"].strip()
        user_model = get_user_model()
        existing = (
            user_model.objects.filter(username__iexact=who).first()
            or user_model.objects.filter(email__iexact=who).order_by("pk").first()
        )
        if existing is not None:
            self.existing_user = existing
            return who
        self.existing_user = None
        try:
            validate_email(who)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("No account has this username. To invite someone new, enter their email address.")
            ) from None
        return who


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


# How long an invitation's set-password link stays valid, for the email's wording.
INVITATION_DAYS = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
