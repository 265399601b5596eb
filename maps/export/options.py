"""What a PDF export can be asked for: paper, layout and sections.

The section list is a table, so that a later section (the action plan) is one
more row here and one more partial in the print template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Landscape sizes in millimetres.
PAPERS: dict[str, tuple[int, int]] = {
    "A4": (297, 210),
    "A3": (420, 297),
    "A1": (841, 594),
    "A0": (1189, 841),
}
PAPER_CHOICES = [
    ("A4", _("A4 (deck, office printer)")),
    ("A3", _("A3")),
    ("A1", _("A1 poster")),
    ("A0", _("A0 poster")),
]
DEFAULT_PAPER = "A3"

FIT = "fit"
TILE = "tile"
LAYOUT_CHOICES = [
    (FIT, _("Fit every stage on the page width")),
    (TILE, _("Tile wide maps across pages, titles repeated")),
]


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise


SECTIONS: tuple[Section, ...] = (
    Section("cover", _("Cover: title, scope, journey type, personas, date, participants")),
    Section("personas", _("One page per persona")),
    Section("grid", _("The map: stages, touchpoints, lanes and cards")),
    Section("curve", _("The emotion curve, aligned with the stages")),
    Section("pain_points", _("Pain points by cause")),
    Section("actions", _("The action plan, by priority (when the map has one)")),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)


@dataclass(frozen=True)
class PdfOptions:
    paper: str = DEFAULT_PAPER
    layout: str = FIT
    sections: tuple[str, ...] = SECTION_KEYS
    # "What changed since …": the map's snapshot to compare the map with, if any.
    since: int | None = None

    def __post_init__(self):
        if self.paper not in PAPERS:
            raise ValueError(f"unknown paper {self.paper!r}")
        if self.layout not in (FIT, TILE):
            raise ValueError(f"unknown layout {self.layout!r}")
        unknown = set(self.sections) - set(SECTION_KEYS)
        if unknown or not self.sections:
            raise ValueError(f"unknown or no sections: {sorted(unknown)}")
        # One order whatever order they were asked in: the same PDF, the same cache entry.
        object.__setattr__(self, "sections", tuple(k for k in SECTION_KEYS if k in self.sections))

    @property
    def tiled(self) -> bool:
        return self.layout == TILE

    @property
    def size_mm(self) -> tuple[int, int]:
        return PAPERS[self.paper]

    def slug(self) -> str:
        """Short and stable: names the file and keys the cache."""
        since = f"-since{self.since}" if self.since else ""
        return f"{self.paper}-{self.layout}-{'.'.join(self.sections)}{since}"

    def query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {
            "paper": self.paper,
            "layout": self.layout,
            "sections": list(self.sections),
        }
        if self.since:
            query["since"] = str(self.since)
        return query


class PdfOptionsForm(forms.Form):
    paper = forms.ChoiceField(
        label=_("Paper (landscape)"),
        choices=PAPER_CHOICES,
        initial=DEFAULT_PAPER,
        widget=forms.RadioSelect,
    )
    layout = forms.ChoiceField(
        label=_("Wide maps"), choices=LAYOUT_CHOICES, initial=FIT, widget=forms.RadioSelect
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        choices=[(section.key, section.label) for section in SECTIONS],
        initial=list(SECTION_KEYS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one section to print.")},
    )

    since = forms.TypedChoiceField(
        label=_("What changed since…"),
        help_text=_("A snapshot of the map: the PDF ends with what changed since then."),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, snapshots=(), fits=None, **kwargs):
        super().__init__(*args, **kwargs)
        # maps.export.preview.FitPreview by paper: what "fit" gives on each, said beside it.
        self.fits = fits or {}
        choices: list[tuple[object, str]] = [("", _("Nothing: no such section"))]
        for snapshot in snapshots:
            taken = date_format(snapshot.created_at, "SHORT_DATE_FORMAT")
            choices.append((snapshot.pk, f"{snapshot.name} · {taken}"))
        self.fields["since"].choices = choices
        if len(choices) == 1:
            del self.fields["since"]  # no snapshot: nothing to offer

    def papers(self) -> list[tuple[object, object]]:
        """Each paper's radio button beside its "fit" preview (None when there is none)."""
        return [(choice, self.fits.get(choice.data["value"])) for choice in self["paper"]]

    def options(self) -> PdfOptions:
        data = self.cleaned_data
        return PdfOptions(
            paper=data["paper"],
            layout=data["layout"],
            sections=data["sections"],
            since=data.get("since"),
        )
