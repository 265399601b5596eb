"""The evidence strips of the map page, one a stage, written in Python.

Each strip said three pluralised sentences through ``{% blocktranslate count %}``
and drew its bar through an ``{% include %}``: some forty variables and tags a
stage (docs/benchmarks.md, "Map page"). This writes the same HTML, each
sentence through ``ngettext`` as the tag did (the same messages), and the bar
from ``maps/_coverage_bar.html`` rendered once a render and filled with each
stage's shares. The map page's ``coverage`` partial calls it, so the page and
the fragments pushed live (``oob``) get this HTML.
"""

from __future__ import annotations

from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from maps.coverage import Coverage
from maps.page_urls import IdPattern

# ``data-*``: the counts the live script and the criteria panel read.
STRIP = (
    '<div id="coverage-{stage}" class="coverage" data-measured="{measured}"'
    ' data-observed="{observed}" data-total="{total}"{oob}>\n{content}</div>\n'
)
# What a sighted reader sees, then the guesses for screen readers only (the bar's track
# shows them).
TEXT = (
    '<p class="coverage-text">\n{measured}\n<span aria-hidden="true">·</span>\n{observed}\n'
    '<span class="visually-hidden">·\n{assumption}\n</span>\n</p>\n'
)


def _bar(measured: object, observed: object) -> str:
    return render_to_string("maps/_coverage_bar.html", {"measured": measured, "observed": observed})


class CoverageWriter:
    """Writes the evidence strips of one render of the map page."""

    def __init__(self) -> None:
        # Out of the f-string: xgettext does not read inside one.
        nothing = escape(gettext("Nothing here yet"))
        self.empty = f'<p class="coverage-text coverage-empty">{nothing}</p>\n'
        # The one bar template, filled with each stage's shares (whole percents).
        self.bar = IdPattern(_bar)

    def strip(self, stage_id: int, coverage: Coverage, *, oob: bool = False) -> SafeString:
        """A stage's strip: its counts in words and its bar, or that it has nothing yet."""
        total = coverage.total
        if total:
            measured, observed = coverage.measured, coverage.observed
            assumption = coverage.assumption
            content = TEXT.format(
                measured=ngettext(
                    "%(counter)s of %(total)s measured",
                    "%(counter)s of %(total)s measured",
                    measured,
                )
                % {"counter": measured, "total": total},
                observed=ngettext("%(counter)s observed", "%(counter)s observed", observed)
                % {"counter": observed},
                assumption=ngettext("%(counter)s assumption", "%(counter)s assumptions", assumption)
                % {"counter": assumption},
            ) + self.bar.fill(coverage.measured_share, coverage.observed_share)
        else:
            content = self.empty
        return SafeString(
            STRIP.format(
                stage=stage_id,
                measured=coverage.measured,
                observed=coverage.observed,
                total=total,
                oob=' hx-swap-oob="true"' if oob else "",
                content=content,
            )
        )
