"""export_pdf, export_map and import_map: the exports from the command line."""

import json

import pytest
from django.core.management import CommandError, call_command

from maps.models import JourneyMap
from tests.maps.pdf_text import page_sizes_mm, pages_text


def test_export_pdf_writes_the_chosen_paper_and_layout(journey_map, tmp_path):
    output = tmp_path / "carte.pdf"
    call_command(
        "export_pdf", journey_map.pk, "-o", str(output), "--paper", "A4", "--tile",
        "--sections", "cover,grid",
    )  # fmt: skip
    content = output.read_bytes()
    assert page_sizes_mm(content) == [(297, 210), (297, 210)]
    assert "Pas de pain ce soir !" in " ".join(pages_text(content))


def test_export_pdf_refuses_an_unknown_section_or_map(journey_map, tmp_path):
    with pytest.raises(CommandError, match="sections"):
        call_command("export_pdf", journey_map.pk, "-o", str(tmp_path / "x.pdf"), "--sections", "x")
    with pytest.raises(CommandError, match="No map"):
        call_command("export_pdf", 999_999, "-o", str(tmp_path / "x.pdf"))


def test_export_map_and_import_map_make_a_copy(journey_map, owner, workspace, tmp_path):
    output = tmp_path / "carte.json"
    call_command("export_map", journey_map.pk, "-o", str(output))
    assert json.loads(output.read_text())["map"]["title"] == "Nell achète une baguette"
    call_command("import_map", str(output), "--workspace", workspace.pk, "--user", "owner")
    copy = JourneyMap.objects.exclude(pk=journey_map.pk).get()
    assert copy.title == f"{journey_map.title} (copie)"
    assert copy.cards.get().text == "Pas de pain ce soir !"


def test_import_map_refuses_a_bad_file_and_creates_nothing(owner, workspace, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "parcours.journey-map", "schema_version": 1, "map": []}')
    with pytest.raises(CommandError, match=r"Nothing imported: map ?: "):
        call_command("import_map", str(bad), "--workspace", workspace.pk, "--user", "owner")
    assert not JourneyMap.objects.exists()


def test_import_map_runs_with_the_user_s_rights(marketer, journey_map, workspace, tmp_path):
    output = tmp_path / "carte.json"
    call_command("export_map", journey_map.pk, "-o", str(output))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_map", str(output), "--workspace", workspace.pk, "--user", "marketer")
    assert JourneyMap.objects.count() == 1
