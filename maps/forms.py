from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maps import persona_curves
from maps.figures import format_number, parse_number, parse_unit
from maps.frameworks import FRAMEWORK_CHOICES
from maps.models import (
    Action,
    Card,
    Cause,
    Emotion,
    Evidence,
    JourneyMap,
    JourneyType,
    Lane,
    LaneKind,
    Stage,
    Touchpoint,
    Unit,
)
from personas.models import Persona

MAX_TEXT = settings.PARCOURS_MAX_TEXT


def bounded_textarea(rows: int = 3) -> dict:
    """Model TextFields have no length; forms bound them so a runaway paste gets a message."""
    return {"max_length": MAX_TEXT, "widget": forms.Textarea(attrs={"rows": rows})}


class MapChoiceField(forms.ModelChoiceField):
    """A stage or lane among this map's own (the queryset says which). The one the edited
    item is in already, read with it, is taken as read: an edit that keeps its cell
    asks the database nothing more."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = None

    def to_python(self, value):
        current = self.current
        if current is not None and str(value) == str(current.pk):
            return current
        return super().to_python(value)


def https_links(db_field, **kwargs):
    """A link typed without a scheme (a source's "example.org/study") is taken as https://."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class FigureNumberField(forms.Field):
    """A number as people type it: "4,7", "1 200", "-3" (``maps.figures.parse_number``);
    shown back in the reader's language. Rounded to the four decimals a card keeps."""

    default_error_messages = {"invalid": _("Write a number, for example 42 or 4,7.")}
    MAX_LENGTH = 30

    def __init__(self, **kwargs):
        for unused in ("max_digits", "decimal_places", "max_length", "empty_value"):
            kwargs.pop(unused, None)
        attrs = {"inputmode": "decimal", "maxlength": str(self.MAX_LENGTH)}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value)
        return value

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        number = parse_number(text[: self.MAX_LENGTH + 1])
        if number is None or len(text) > self.MAX_LENGTH:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number.quantize(Decimal("0.0001")).normalize() if number % 1 else number


class UnitField(forms.TypedChoiceField):
    """A unit from the list; a unit typed by hand ("jours", "%") is read as the list's."""

    def to_python(self, value):
        value = super().to_python(value)
        if value and value not in Unit.values:
            return parse_unit(value) or value
        return value


def evidence_widgets(form: forms.ModelForm) -> None:
    """The evidence level as three radios, the source's date as a date picker."""
    evidence = form.fields["evidence"]
    evidence.widget = forms.RadioSelect(choices=Evidence.choices)
    evidence.initial = Evidence.ASSUMPTION
    form.fields["source_date"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    form.fields["source_url"].widget.attrs.setdefault("placeholder", "https://")


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, so a stale save is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # Fields a request may leave out (a quick add, "turn into an action", an older tab):
    # left out or empty, they keep the item's value, or take the model's default.
    KEPT_WHEN_EMPTY: tuple[str, ...] = ()

    def __init__(self, *args, journey_map=None, **kwargs):
        self.journey_map = journey_map
        if journey_map is not None:
            # Several inline item forms can be open on one page: ids must not collide.
            name = self._meta.model._meta.model_name
            pk = getattr(kwargs.get("instance"), "pk", None) or "new"
            kwargs.setdefault("auto_id", f"{name}-{pk}-%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # A browser would silently cut a long paste at maxlength; the server
            # keeps the whole draft and says the text is too long instead.
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.pop("maxlength", None)
        for name in self.KEPT_WHEN_EMPTY:
            self.fields[name].required = False
        for name, field in self.fields.items():
            if isinstance(field, MapChoiceField) and self.instance.pk is not None:
                relation = self.instance._meta.get_field(name)
                if relation.is_cached(self.instance):
                    field.current = getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        for name in self.KEPT_WHEN_EMPTY:
            if cleaned.get(name) in (None, ""):
                if self.instance.pk is not None:
                    cleaned[name] = getattr(self.instance, name)
                else:
                    cleaned[name] = self._meta.model._meta.get_field(name).default
        return cleaned

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # Chosen among this map's own: the model's foreign-key check would only read
        # them again.
        exclude.update(
            name for name, field in self.fields.items() if isinstance(field, MapChoiceField)
        )
        return exclude


class MapScopeForm(VersionedForm):
    targets = forms.CharField(label=_("Targets"), required=False, **bounded_textarea(2))
    offers = forms.CharField(label=_("Offers"), required=False, **bounded_textarea(2))

    class Meta:
        model = JourneyMap
        fields = ["title", "targets", "offers", "journey_type", "personas"]
        widgets = {
            "journey_type": forms.RadioSelect,
            "personas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journey_type"].queryset = JourneyType.objects.filter(
            Q(workspace__isnull=True) | Q(workspace=workspace)
        )
        self.fields["journey_type"].empty_label = None
        self.fields["personas"].queryset = workspace.personas.all()


class MapCreateForm(MapScopeForm):
    framework = forms.ChoiceField(
        label=_("Start from"),
        choices=FRAMEWORK_CHOICES,
        required=False,
        initial="5",
        widget=forms.RadioSelect,
    )

    class Meta(MapScopeForm.Meta):
        pass


class StageForm(VersionedForm):
    class Meta:
        model = Stage
        fields = ["name"]


class TouchpointForm(VersionedForm):
    KEPT_WHEN_EMPTY = ("evidence",)
    action = forms.CharField(
        label=_("What the customer does"), required=False, **bounded_textarea(2)
    )
    emotion = forms.TypedChoiceField(
        label=_("Emotion"),
        choices=Emotion.choices,
        coerce=int,
        initial=Emotion.NEUTRAL,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Touchpoint
        formfield_callback = https_links
        fields = [
            "channel",
            "action",
            "emotion",
            "feeling",
            "moment_of_truth",
            *Touchpoint.EVIDENCE_FIELDS,
            "stage",
        ]
        field_classes = {"stage": MapChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = self.journey_map.stages.all()
        self.fields["stage"].empty_label = None
        evidence_widgets(self)
        self.persona_fields = self._add_persona_fields()

    # One emotion per persona, on a map with several ------------------------------

    def _add_persona_fields(self) -> list[tuple[str, Persona]]:
        """A choice per persona of the map (two or more): "as the map" or −2…+2."""
        personas = persona_curves.map_personas(self.journey_map)
        if not personas.multi:
            return []
        added = []
        for persona in personas.all:
            name = persona_field_name(persona.pk)
            self.fields[name] = forms.TypedChoiceField(
                label=persona.name,
                choices=[("", _("As the map")), *Emotion.choices],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=persona_curves.own_entry(self.instance, persona.pk)
                if self.instance.pk is not None
                else None,
            )
            added.append((name, persona))
        return added

    def persona_choices(self) -> list:
        """The bound fields of the personas' emotions, for the template."""
        return [self[name] for name, _persona in self.persona_fields]

    def clean(self):
        cleaned = super().clean()
        entries = dict(self.instance.persona_emotions or {})
        for name, persona in self.persona_fields:
            # Left out of the request (a quick add, a tab opened before the persona
            # joined the map): the persona keeps its entry.
            if name not in self.data or name in self.errors:
                continue
            entries = persona_curves.with_entry(entries, persona.pk, cleaned.get(name))
        # Entries of personas taken off the map are kept, unchecked and unshown: putting
        # the persona back brings them back. What was sent is checked whole.
        ids = self._persona_ids()
        sent = {key: value for key, value in entries.items() if key in {str(pk) for pk in ids}}
        try:
            persona_curves.validate_entries(sent, ids)
        except forms.ValidationError as error:
            self.add_error(None, error)
        self.instance.persona_emotions = entries
        return cleaned

    def _persona_ids(self) -> set[int]:
        return persona_curves.map_personas(self.journey_map).ids


def persona_field_name(persona_id: int) -> str:
    return f"persona_emotion_{persona_id}"


class LaneForm(VersionedForm):
    class Meta:
        model = Lane
        fields = ["kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned = super().clean()
        # A lane without a title is named after its kind.
        if not cleaned.get("title") and cleaned.get("kind"):
            cleaned["title"] = str(LaneKind(cleaned["kind"]).label)
        return cleaned


class CardForm(VersionedForm):
    KEPT_WHEN_EMPTY = ("evidence", "higher_is_better")
    text = forms.CharField(label=_("Text"), **bounded_textarea(3))
    higher_is_better = forms.TypedChoiceField(
        label=_("Which way is ahead"),
        choices=[(True, _("Higher is better")), (False, _("Lower is better"))],
        coerce=lambda value: value in (True, "True", "true", "1"),
        widget=forms.RadioSelect,
    )
    unit = UnitField(
        label=_("Unit"),
        choices=[("", _("No unit")), *Unit.choices],
        required=False,
        empty_value="",
        error_messages={"invalid_choice": _("Unknown unit “%(value)s”: pick one from the list.")},
    )

    class Meta:
        model = Card
        formfield_callback = https_links
        fields = [
            "text",
            "cause",
            "value",
            "unit",
            "target",
            "higher_is_better",
            "period",
            "figure",
            *Card.EVIDENCE_FIELDS,
            "stage",
            "lane",
        ]
        field_classes = {
            "stage": MapChoiceField,
            "lane": MapChoiceField,
            "value": FigureNumberField,
            "target": FigureNumberField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = self.journey_map.stages.all()
        self.fields["stage"].empty_label = None
        self.fields["lane"].queryset = self.journey_map.lanes.all()
        self.fields["cause"].choices = [("", _("Unknown")), *Cause.choices]
        self.fields["lane"].empty_label = None
        evidence_widgets(self)


class ActionForm(VersionedForm):
    # Turning a card into an action may send only its title and card (the vote's results do).
    KEPT_WHEN_EMPTY = ("impact", "effort", "status")
    description = forms.CharField(label=_("Details"), required=False, **bounded_textarea(2))

    class Meta:
        model = Action
        fields = [*Action.CONTENT_FIELDS, "source_card"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # Set by "turn into an action" (a card's button, the vote's results), kept on edit.
            "source_card": forms.HiddenInput,
        }
        help_texts = {"owner": _("Who takes it on: a name is enough.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a card of this map: an id from another map is refused like an unknown one.
        self.fields["source_card"].queryset = Card.objects.filter(journey_map=self.journey_map)
        self.fields["source_card"].error_messages["invalid_choice"] = _(
            "This card is not on this map (it may have been deleted)."
        )


# The lanes whose cards a dot-voting round may put on the ballot.
VOTABLE_LANES = [LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES]


class DotRoundForm(forms.Form):
    lane_kinds = forms.MultipleChoiceField(
        label=_("Cards to vote on"),
        choices=[(kind.value, kind.label) for kind in VOTABLE_LANES],
        widget=forms.CheckboxSelectMultiple,
        initial=[kind.value for kind in VOTABLE_LANES],
    )
    dots_each = forms.IntegerField(
        label=_("Dots each"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("Leave empty for a quarter of the post-its, and at least three dots."),
    )
    stacking = forms.BooleanField(label=_("Several dots on one card"), required=False)


class SnapshotForm(forms.Form):
    """A snapshot taken by hand: its name."""

    name = forms.CharField(label=_("Name"), max_length=120, strip=True)
