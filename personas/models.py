from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from personas import photos
from workspaces.models import Workspace


class Segment(models.TextChoices):
    B2C = "b2c", _("B2C")
    B2B = "b2b", _("B2B")


class Persona(models.Model):
    """A typical customer profile, the first step of every workshop."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="personas", verbose_name=_("workspace")
    )
    name = models.CharField(_("name"), max_length=120)
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    segment = models.CharField(
        _("segment"), max_length=3, choices=Segment.choices, default=Segment.B2C
    )
    photo = models.ImageField(_("photo"), upload_to="personas/", blank=True)
    professional_situation = models.TextField(_("professional situation"), blank=True)
    family_situation = models.TextField(_("family situation"), blank=True)
    hobbies = models.TextField(_("passions and hobbies"), blank=True)
    consumption_habits = models.TextField(_("consumption habits and tastes"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    expectations = models.TextField(_("expectations"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    motivations = models.TextField(
        _("motivations"), blank=True, help_text=_("What drives them to buy, to stay.")
    )
    reluctances = models.TextField(
        _("reluctances"), blank=True, help_text=_("What holds them back: doubts, fears, habits.")
    )
    frictions = models.TextField(
        _("frictions"), blank=True, help_text=_("What may slow them down or disappoint them.")
    )
    quote = models.CharField(_("quote"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("personas:detail", args=[self.pk])

    # Photos: pages show them through ``photo_url`` (a view that checks access);
    # server-side renderers (the PDF) read the file at ``photo_path``.

    def photo_thumbnail(self, size: str = "page") -> str | None:
        """The stored name of the photo's thumbnail (sizes in ``personas.photos.THUMBNAILS``)."""
        return photos.thumbnail(self.photo.name, size) if self.photo.name else None

    def photo_path(self, size: str = "page") -> str | None:
        """The thumbnail's file on disk, for the PDF export; None without a photo."""
        name = self.photo_thumbnail(size)
        return self.photo.storage.path(name) if name else None

    def photo_url(self, size: str = "card") -> str | None:
        if not self.photo.name:
            return None
        # The photo's own name changes with every upload: browsers never show a stale one.
        version = self.photo.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return f"{reverse('personas:photo', args=[self.pk, size])}?v={version}"

    @property
    def photo_card_url(self) -> str | None:
        return self.photo_url("card")

    @property
    def photo_page_url(self) -> str | None:
        return self.photo_url("page")


# The persona sheet's free texts, in the model's order: the form bounds their
# length, the library searches them, the PDF prints the filled ones. Read from
# the model, so a new text field reaches all of them.
TEXT_FIELDS: tuple[str, ...] = tuple(
    field.name for field in Persona._meta.fields if isinstance(field, models.TextField)
)
# Everything a person fills in on the sheet, the photo aside: what a JSON export carries.
SHEET_FIELDS: tuple[str, ...] = ("name", "age", "segment", *TEXT_FIELDS, "quote")
