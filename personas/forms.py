from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from personas import photos
from personas.models import TEXT_FIELDS, Persona, Segment

MAX_TEXT = settings.PARCOURS_MAX_TEXT

# How the form and the detail page group the fields: the order of a workshop's
# persona sheet, from who they are to what holds them back.
FIELDSETS: list[tuple[str | Promise, tuple[str, ...]]] = [
    (_("Identity"), ("name", "age", "segment", "quote")),
    (_("Situation"), ("professional_situation", "family_situation")),
    (_("Habits"), ("hobbies", "consumption_habits")),
    (_("Needs and goals"), ("needs", "expectations", "goals")),
    (_("Motivations and reluctances"), ("motivations", "reluctances")),
    (_("Frictions"), ("frictions",)),
]


class PersonaForm(forms.ModelForm):
    segment = forms.ChoiceField(
        label=_("Segment"),
        choices=[
            (Segment.B2C, _("B2C: private customers")),
            (Segment.B2B, _("B2B: companies and professionals")),
        ],
        initial=Segment.B2C,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Persona
        fields = [name for _legend, names in FIELDSETS for name in names]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_FIELDS},
        }
        help_texts = {
            "name": _("Required. A first name is enough, e.g. “Nell”."),
            "age": _("In years, from 0 to 120."),
            "quote": _("A sentence they could say, in their own words."),
            "professional_situation": _("Job, employer, working hours, income…"),
            "family_situation": _("Partner, children, where and with whom they live…"),
            "hobbies": _("What they do and love outside work."),
            "consumption_habits": _("Where, when and how they buy; the brands they like."),
            "needs": _("One per line: the first lines show on the persona's card."),
            "expectations": _("What they expect from the company at each contact."),
            "goals": _("What they want to achieve."),
            "frictions": _(
                "What may slow them down or disappoint them: waiting, lost time, money, "
                "too many choices…"
            ),
        }

    def __init__(self, *args, **kwargs):
        # Labels stand on their own line, in bold: no "Name:" colon.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["age"].widget.attrs["max"] = 120
        for name in (*TEXT_FIELDS, "quote"):
            field = self.fields[name]
            # Model TextFields have no length: the form bounds them.
            if name in TEXT_FIELDS:
                field.max_length = MAX_TEXT
                field.validators.append(MaxLengthValidator(MAX_TEXT))
            # No maxlength attribute: the browser would silently cut a long paste,
            # whereas the server keeps the whole draft and says what is too long.
            field.widget.attrs.pop("maxlength", None)

    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, 10 MB at most. Location and camera details are removed."),
        widget=forms.FileInput(attrs={"accept": photos.ACCEPT_ATTRIBUTE}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def fieldsets(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        sets = [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]
        # The photo belongs with who the persona is; "remove" is drawn beside it.
        sets[0][1].append(self["photo_upload"])
        return sets

    def clean_photo_upload(self) -> photos.Photo | None:
        """The re-encoded photo, or None; checked before anything is written."""
        upload = self.cleaned_data.get("photo_upload")
        if not upload:
            return None
        try:
            return photos.process_upload(upload)
        except photos.PhotoRefused as refused:
            raise forms.ValidationError(str(refused)) from None


class PersonaEditForm(PersonaForm):
    """Carries the version the user started from, so a stale save is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
