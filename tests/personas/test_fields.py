"""The persona's fields are listed once, in ``personas.models``; the rest reads them."""

from personas.forms import FIELDSETS, PersonaForm
from personas.models import SHEET_FIELDS, TEXT_FIELDS, Persona


def test_the_text_fields_are_the_sheets_free_texts_in_order():
    assert TEXT_FIELDS == (
        "professional_situation",
        "family_situation",
        "hobbies",
        "consumption_habits",
        "needs",
        "expectations",
        "goals",
        "motivations",
        "reluctances",
        "frictions",
    )


def test_the_sheet_holds_every_field_a_person_fills_in():
    typed = {
        field.name
        for field in Persona._meta.fields
        if field.editable and not field.primary_key and field.name not in {"workspace", "photo"}
    }
    assert set(SHEET_FIELDS) == typed
    assert len(SHEET_FIELDS) == len(typed)


def test_the_form_places_each_sheet_field_in_exactly_one_fieldset():
    placed = [name for _legend, names in FIELDSETS for name in names]
    assert sorted(placed) == sorted(SHEET_FIELDS)
    assert set(SHEET_FIELDS) <= set(PersonaForm.base_fields)
