"""Reading a CSV of figures: columns in French or English, every bad row refused with its
row number and why, and the file bounded by size, rows and encoding."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from maps import figures_import
from maps.figures_import import FileRefused, parse

STAGES = [(1, "Besoin"), (2, "Achat"), (3, "Fidélisation")]
HEADER_FR = "étape;indicateur;valeur;unité;cible;date;source;période"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def refusals(parsed) -> list[tuple[int | None, str]]:
    return [(r.line, r.message) for r in parsed.refusals]


def test_a_french_excel_file_reads_with_semicolons_bom_and_decimal_commas():
    raw = "\ufeff".encode() + csv_bytes(
        HEADER_FR,
        "Achat;Attente en caisse;4,5;min;3;02/10/2026;Ticket de caisse;T3 2026",
        "fidélisation;NPS;+32;NPS;40;2026-09-15;Enquête;",
        ";;;;;;;",  # a blank row, as spreadsheets leave at the end
    )
    parsed = parse(raw, STAGES)
    assert parsed.ok
    first, second = parsed.rows
    assert (first.line, first.stage_id, first.metric) == (2, 2, "Attente en caisse")
    assert (first.value, first.unit, first.target) == (Decimal("4.5"), "minutes", Decimal("3"))
    assert first.source_date == date(2026, 10, 2)
    assert (first.source, first.period) == ("Ticket de caisse", "T3 2026")
    # Stage names match without case or accents.
    assert (second.stage_id, second.value, second.unit) == (3, Decimal("32"), "nps")


def test_an_english_file_reads_with_commas_and_columns_in_any_order():
    raw = csv_bytes(
        "Value,Metric,Stage,Unit,Target,Source,Link",
        '"1 200",Visits,Besoin,,,Analytics,https://example.org/report',
        "42 %,Conversion,Achat,,50,,",
    )
    parsed = parse(raw, STAGES)
    assert parsed.ok, refusals(parsed)
    visits, conversion = parsed.rows
    assert (visits.value, visits.unit, visits.link) == (
        Decimal("1200"),
        "count",
        "https://example.org/report",
    )
    # A value written with its unit, the unit cell empty.
    assert (conversion.value, conversion.unit) == (Decimal("42"), "percent")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Livraison;Délai;3;j;;;;", "Unknown stage “Livraison”"),
        ("Achat;Délai;trois;j;;;;", "The value “trois” is not a number"),
        ("Achat;Délai;3;semaines;;;;", "Unknown unit “semaines”"),
        ("Achat;Délai;3;j;cinq;;;", "The target “cinq” is not a number"),
        ("Achat;Délai;3;j;;31/02/2026;;", "The date “31/02/2026” is not a date"),
        ("Achat;Délai;3;j;;2026-13-01;;", "The date “2026-13-01” is not a date"),
        ("Achat;=HYPERLINK(1);3;j;;;;", "starts like a spreadsheet formula"),
        ("Achat;Délai;=1+1;j;;;;", "starts like a spreadsheet formula"),
        ("Achat;Délai;3;j;;;@SUM(A1);", "starts like a spreadsheet formula"),
        ("Achat;Délai;3;j;;;-cmd;", "starts like a spreadsheet formula"),
        ("Achat;" + "x" * 201 + ";3;j;;;;", "The metric is too long (201 characters, at most 200)"),
        ("Achat;Délai;3;j;;;" + "s" * 201 + ";", "The source is too long"),
        ("Achat;;3;j;;;;", "The metric is missing"),
        ("Achat;Délai;;j;;;;", "The value is missing"),
    ],
)
def test_a_bad_row_is_refused_with_its_number_and_why(row, reason):
    raw = csv_bytes(HEADER_FR, "Achat;Attente;4;min;;;;", row)
    with translation.override("en"):
        parsed = parse(raw, STAGES)
    assert len(parsed.rows) == 1  # the good row is read, but the file is not ok
    assert not parsed.ok
    [(line, message)] = refusals(parsed)
    assert line == 3
    assert reason in message


def test_negative_and_signed_numbers_are_not_formulas():
    raw = csv_bytes(HEADER_FR, "Achat;Écart;-3,5;%;+2;;;", "Achat;Baisse;-3 %;;;;;")
    parsed = parse(raw, STAGES)
    assert parsed.ok, refusals(parsed)
    assert (parsed.rows[1].value, parsed.rows[1].unit) == (Decimal("-3"), "percent")
    assert (parsed.rows[0].value, parsed.rows[0].target) == (Decimal("-3.5"), Decimal("2"))


def test_every_bad_row_is_listed_not_only_the_first():
    raw = csv_bytes(
        HEADER_FR,
        "Livraison;Délai;3;j;;;;",
        "Achat;Délai;x;j;;;;",
        "Achat;Attente;4;min;;;;",
        "Achat;attente;5;min;;;;",
    )
    with translation.override("fr"):
        parsed = parse(raw, STAGES)
    assert [line for line, _message in refusals(parsed)] == [2, 3, 5]
    assert "Même étape et même indicateur que la ligne 4" in refusals(parsed)[2][1]


def test_a_bad_link_is_refused():
    raw = csv_bytes("stage,metric,value,link", "Achat,Visits,3,javascript:alert(1)")
    with translation.override("en"):
        parsed = parse(raw, STAGES)
    assert "is not a web address" in parsed.refusals[0].message


def test_a_tab_or_carriage_return_at_the_start_of_a_cell_is_refused():
    raw = csv_bytes("stage,metric,value", 'Achat,"\tVisits",3', 'Achat,"\rVisits",3')
    with translation.override("en"):
        parsed = parse(raw, STAGES)
    assert [r.line for r in parsed.refusals] == [2, 3]
    assert all("formula" in r.message for r in parsed.refusals)


def test_a_file_in_windows_1252_is_refused_and_says_how_to_save_it():
    raw = csv_bytes(HEADER_FR, "Achat;Durée;3;j;;;;", encoding="cp1252")
    with translation.override("en"), pytest.raises(FileRefused, match=r"not in UTF-8.*CSV UTF-8"):
        parse(raw, STAGES)


def test_a_file_in_utf_16_is_refused():
    raw = csv_bytes("stage,metric,value", "Achat,Durée,3", encoding="utf-16")
    with translation.override("en"), pytest.raises(FileRefused, match="UTF-16"):
        parse(raw, STAGES)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("étape;indicateur;unité", r"lacks the column\(s\) value"),
        ("étape;indicateur;valeur;couleur", "Unknown column “couleur”"),
        ("étape;indicateur;valeur;value", "appears twice"),
    ],
)
def test_a_bad_header_refuses_the_file(header, reason):
    raw = csv_bytes(header, "Achat;Durée;3;x")
    with translation.override("en"), pytest.raises(FileRefused, match=reason):
        parse(raw, STAGES)


def test_an_empty_file_or_a_header_alone_is_refused():
    with translation.override("en"):
        with pytest.raises(FileRefused, match="empty"):
            parse(b"", STAGES)
        with pytest.raises(FileRefused, match="no figures"):
            parse(csv_bytes("stage,metric,value"), STAGES)


def test_a_thousand_rows_are_read_and_ten_thousand_refused_at_once():
    rows = [f"Achat;Indicateur {n};{n};%;;;;" for n in range(10_000)]
    assert len(parse(csv_bytes(HEADER_FR, *rows[:1000]), STAGES).rows) == 1000
    with translation.override("en"), pytest.raises(FileRefused, match="more than 1,000 rows"):
        parse(csv_bytes(HEADER_FR, *rows), STAGES)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.PARCOURS_MAX_IMPORT_MB = 1
    raw = csv_bytes("stage,metric,value", *["Achat,x,1"] * 120_000)
    assert len(raw) > 1024 * 1024
    with translation.override("en"), pytest.raises(FileRefused, match="at most 1 MB"):
        parse(raw, STAGES)


def test_an_unclosed_quote_is_a_clear_refusal():
    raw = csv_bytes("stage,metric,value", 'Achat,"Visits,3', "Achat,Other,4")
    with translation.override("en"), pytest.raises(FileRefused, match="cannot be read as CSV"):
        parse(raw, STAGES)


def test_two_stages_of_the_same_name_cannot_be_told_apart():
    parsed = parse(csv_bytes("stage,metric,value", "Achat,x,1"), [(1, "Achat"), (2, "achat")])
    assert (
        "Several stages" in parsed.refusals[0].message or "Plusieurs" in parsed.refusals[0].message
    )


def test_the_example_file_reads_back_on_the_map_it_was_made_for():
    for language in ("fr", "en"):
        with translation.override(language):
            example = figures_import.example_csv(["Besoin", "Achat"])
        parsed = parse(example.encode(), STAGES)
        assert parsed.ok, refusals(parsed)
        assert [row.stage_name for row in parsed.rows] == ["Besoin", "Achat", "Achat"]


def test_rows_survive_the_session_as_json():
    import json

    parsed = parse(csv_bytes(HEADER_FR, "Achat;Attente;4,5;min;3;02/10/2026;Caisse;T3"), STAGES)
    row = parsed.rows[0]
    data = json.loads(json.dumps(row.to_data()))
    assert figures_import.FigureRow.from_data(data) == row
