"""Importing base areas from a CSV: parents named anywhere in the file or already in Basework,
per-row errors, atomic and idempotent; and the grievance import pointing at it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import BaseArea
from core import crypto
from investigation.importing import preview_base_areas
from investigation.ranking import _VERSION
from tests.factories.accounts import UserFactory
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import BaseAreaFactory, category

pytestmark = pytest.mark.django_db

IMPORT = "investigation:base_area_import"
SAMPLE = Path(settings.BASE_DIR) / "docs" / "base-areas-import-sample.csv"


def _upload(client, text: str, **headers):
    upload = SimpleUploadedFile("areas.csv", text.encode(), content_type="text/csv")
    return client.post(reverse(IMPORT), {"file": upload}, **headers)


def _import(client, text: str):
    """Upload, then confirm the preview's token: what one click on "Import" does."""
    token = _upload(client, text).context["confirm"]["token"].value()
    return client.post(reverse(IMPORT), {"token": token})


def _tree() -> set[tuple[str, str, str | None]]:
    return {
        (a.name, a.kind, a.parent.name if a.parent else None)
        for a in BaseArea.objects.select_related("parent")
    }


def _problems(preview) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.message) for e in preview.errors]


def test_a_clean_file_creates_the_tree_with_parents_named_above_below_or_already_there(
    as_investigator,
):
    BaseAreaFactory(name="Chelsea", kind=BaseArea.Kind.NEIGHBOURHOOD, parent=None)
    text = (
        "Name,Kind,Parent\n"
        "120 Sumner Street,building,  sumner street block \n"  # its parent comes later
        "East Boston,Neighborhood,\n"
        "Sumner Street block,Other,EAST BOSTON\n"
        "88 Meridian Street,Building,Meridian Street block\n"
        "Meridian Street block,other,East Boston\n"  # parent defined earlier
        "FreshPak warehouse,Workplace,east boston\n"
        "Chelsea High,school,Chelsea\n"  # an area already in Basework
    )
    response = _upload(as_investigator, text)
    preview = response.context["preview"]
    assert preview.errors == [] and preview.skipped == []
    # Parents before children: each row's parent is in Basework or created on an earlier row.
    created_lines = []
    for row in preview.rows:
        assert row["parent_line"] is None or row["parent_line"] in created_lines
        created_lines.append(row["line"])
    assert sorted(created_lines) == [2, 3, 4, 5, 6, 7, 8]

    response = _import(as_investigator, text)
    assert response.status_code == 302
    assert response["Location"] == reverse("investigation:base_area_list")
    assert _tree() == {
        ("Chelsea", "neighbourhood", None),
        ("Chelsea High", "school", "Chelsea"),
        ("East Boston", "neighbourhood", None),
        ("Sumner Street block", "other", "East Boston"),
        ("Meridian Street block", "other", "East Boston"),
        ("120 Sumner Street", "building", "Sumner Street block"),
        ("88 Meridian Street", "building", "Meridian Street block"),
        ("FreshPak warehouse", "workplace", "East Boston"),
    }


def test_every_bad_row_is_listed_with_its_line_and_column_and_nothing_is_saved(
    as_investigator,
):
    for block in ("Block A", "Block B"):
        BaseAreaFactory(name="Building 1", parent=BaseAreaFactory(name=block))
    long_name = "x" * 121
    text = (
        "name,kind,parent\n"
        ",building,\n"  # 2: no name
        f"{long_name},building,\n"  # 3: too long
        "Tower,castle,\n"  # 4: unknown kind
        "Shed,,\n"  # 5: no kind
        "Annex,building,Nowhere\n"  # 6: unknown parent
        "Flat 3,building,building 1\n"  # 7: two areas are called Building 1
        "North,other,South\n"  # 8 and 9: a loop
        "South,other,North\n"
        "Selfie,building,selfie\n"  # 10: its own parent
        "Park,other,\n"  # 11
        "park,other,\n"  # 12: named twice at the top level
        "Good Street,other,\n"  # 13: fine on its own
    )
    before = set(BaseArea.objects.values_list("pk", flat=True))
    response = _upload(as_investigator, text)
    preview = response.context["preview"]
    kinds = "neighbourhood, building, workplace, school, other"
    assert _problems(preview) == [
        (2, "name", "A name is required."),
        (3, "name", "Keep the name under 120 characters."),
        (4, "kind", f"“castle” is not one of: {kinds}."),
        (5, "kind", f"A kind is required: one of {kinds}."),
        (6, "parent", "No base area is called “Nowhere”, in Basework or in this file."),
        (
            7,
            "parent",
            "More than one base area is called “building 1”: give them different names so "
            "that the parent is clear.",
        ),
        (8, "parent", "The parents go round in a loop: North → South → North."),
        (9, "parent", "The parents go round in a loop: South → North → South."),
        (10, "parent", "A base area cannot be part of itself."),
        (12, "name", "Line 11 already has an area called “park” in the same place."),
    ]
    assert "confirm" not in response.context
    body = response.content.decode()
    assert "10 problems: nothing was imported." in body
    assert "The parents go round in a loop: North → South → North." in body

    # A confirmation forged from the same file is refused just the same.
    response = as_investigator.post(reverse(IMPORT), {"token": crypto.encrypt(text)})
    assert response.status_code == 422
    assert set(BaseArea.objects.values_list("pk", flat=True)) == before


def test_an_area_named_twice_under_one_parent_in_the_file_is_an_error(as_investigator):
    text = (
        "name,kind,parent\n"
        "East Boston,neighbourhood,\n"
        "120 Sumner Street,building,East Boston\n"
        "120 sumner street ,building,east boston\n"
        "120 Sumner Street,building,\n"  # the same name elsewhere (top level) is another area
    )
    preview = _upload(as_investigator, text).context["preview"]
    assert _problems(preview) == [
        (4, "name", "Line 3 already has an area called “120 sumner street” in the same place.")
    ]
    assert BaseArea.objects.count() == 0


def test_a_loop_longer_than_two_and_the_rows_within_it_are_refused(as_investigator):
    text = "name,kind,parent\nA,other,C\nB,other,A\nC,other,B\nD,building,B\nE,building,\n"
    preview = _upload(as_investigator, text).context["preview"]
    # D lies within the loop: the problem is reported on the loop's lines only.
    assert _problems(preview) == [
        (2, "parent", "The parents go round in a loop: A → C → B → A."),
        (3, "parent", "The parents go round in a loop: B → A → C → B."),
        (4, "parent", "The parents go round in a loop: C → B → A → C."),
    ]
    assert preview.rows == []


def test_an_area_already_under_the_same_parent_is_skipped_and_a_second_import_creates_nothing(
    as_investigator,
):
    text = SAMPLE.read_text()
    assert _import(as_investigator, text).status_code == 302
    first = _tree()
    assert len(first) == 8

    response = _upload(as_investigator, text)
    preview = response.context["preview"]
    assert preview.errors == [] and preview.rows == []
    assert [(s.line, s.message) for s in preview.skipped] == [
        (line, "Already in Basework: skipped.") for line in range(2, 10)
    ]
    assert "confirm" not in response.context
    assert "Every area in the file is already in Basework" in response.content.decode()

    # The first preview's button clicked again: nothing new, said so.
    token = crypto.encrypt(text)
    response = as_investigator.post(reverse(IMPORT), {"token": token}, follow=True)
    assert "Every area in the file is already in Basework: none imported." in (
        response.content.decode()
    )
    assert _tree() == first and BaseArea.objects.count() == 8


def test_a_file_that_grows_imports_only_its_new_rows(as_investigator):
    east = BaseAreaFactory(name="East Boston", kind=BaseArea.Kind.NEIGHBOURHOOD, parent=None)
    block = BaseAreaFactory(name="Sumner Street block", kind=BaseArea.Kind.OTHER, parent=east)
    # The same name in another place is another area, not this one.
    BaseAreaFactory(name="120 Sumner Street", parent=None)
    text = (
        "nombre,tipo,parte_de\n"
        "east boston,neighbourhood,\n"
        "Sumner Street Block,building,East Boston\n"  # kind differs: still skipped, unchanged
        "120 Sumner Street,building,Sumner Street block\n"
    )
    preview = _upload(as_investigator, text).context["preview"]
    assert [s.line for s in preview.skipped] == [2, 3]
    assert [(r["name"], r["parent"], r["parent_line"]) for r in preview.rows] == [
        ("120 Sumner Street", block, None)
    ]
    _import(as_investigator, text)
    assert BaseArea.objects.get(name="120 Sumner Street", parent=block).kind == "building"
    assert BaseArea.objects.filter(name="120 Sumner Street").count() == 2
    block.refresh_from_db()
    assert block.kind == "other"


def test_a_name_shared_by_an_area_in_basework_and_a_new_row_is_ambiguous(as_investigator):
    BaseAreaFactory(name="Building 1", parent=BaseAreaFactory(name="Block A"))
    text = (
        "name,kind,parent\n"
        "Block B,other,\n"
        "Building 1,building,Block B\n"
        "Apartment 4,other,Building 1\n"
    )
    preview = _upload(as_investigator, text).context["preview"]
    assert [(e.line, e.column) for e in preview.errors] == [(4, "parent")]
    assert "More than one base area is called “Building 1”" in preview.errors[0].message


def test_the_import_moves_the_ranking_to_a_new_version(as_investigator):
    cache.set(_VERSION, 5, None)
    _import(as_investigator, "name,kind,parent\nEast Boston,neighbourhood,\n")
    assert cache.get(_VERSION) > 5


def test_the_preview_reads_the_areas_once_and_survives_deep_nesting(
    django_assert_num_queries,
):
    BaseAreaFactory(name="Top", parent=None)
    # Deeper than Python's recursion limit, listed innermost first.
    depth = 1500
    lines = [f"Level {n},other,Level {n - 1}" for n in range(depth, 0, -1)]
    text = "name,kind,parent\n" + "\n".join(lines).replace("Level 0", "Top") + "\n"
    with django_assert_num_queries(1):
        preview = preview_base_areas(text)
    assert preview.errors == []
    assert [r["name"] for r in preview.rows] == [f"Level {n}" for n in range(1, depth + 1)]
    assert preview.rows[0]["parent"].name == "Top"


def test_the_sample_file_imports_cleanly_and_then_the_grievance_sample_knows_its_areas(
    as_investigator,
):
    response = _upload(as_investigator, SAMPLE.read_text())
    preview = response.context["preview"]
    assert preview.errors == [] and len(preview.rows) == 8
    parents = {r["name"]: r["parent_line"] for r in preview.rows}
    # A parent defined later in the file (line 4) and one defined earlier (line 3).
    assert parents["Maverick Square Apartments"] == 4
    assert parents["Sumner Street block"] == 3
    assert as_investigator.get(reverse("investigation:base_area_import_sample")).status_code == 200
    _import(as_investigator, SAMPLE.read_text())

    ContactFactory(name="Rosa", phone="617-555-0142")
    for name in ("Repairs", "Rent", "Unpaid wages", "Police"):
        category(name)
    grievances = (Path(settings.BASE_DIR) / "docs" / "grievances-import-sample.csv").read_text()
    upload = SimpleUploadedFile("g.csv", grievances.encode(), content_type="text/csv")
    preview = as_investigator.post(
        reverse("investigation:grievance_import"), {"file": upload}
    ).context["preview"]
    assert preview.errors == [] and preview.unknown_areas == []


def test_the_base_area_list_links_to_the_import(as_investigator):
    body = as_investigator.get(reverse("investigation:base_area_list")).content.decode()
    assert f'href="{reverse(IMPORT)}"' in body


@pytest.mark.parametrize("client_name", ["as_member", "as_driver", "as_lead"])
def test_members_drivers_and_leads_may_not_import_base_areas(request, client_name):
    client = request.getfixturevalue(client_name)
    text = "name,kind,parent\nEast Boston,neighbourhood,\n"
    assert client.get(reverse(IMPORT)).status_code == 403
    assert _upload(client, text).status_code == 403
    assert client.post(reverse(IMPORT), {"token": crypto.encrypt(text)}).status_code == 403
    assert client.get(reverse("investigation:base_area_import_sample")).status_code == 403
    assert BaseArea.objects.count() == 0


def test_the_spanish_ui_reads_spanish_headers_and_kinds_and_answers_in_spanish(client):
    client.force_login(
        UserFactory(email="ines.es@example.org", is_investigator=True, language="es")
    )
    text = (
        "Nombre,Tipo,Parte_de\n"
        "East Boston,Barrio,\n"
        "Torre,Edificio,East Boston\n"
        ",edificio,\n"
        "Choza,castillo,\n"
        "Anexo,escuela,Ninguna\n"
        "Norte,otro,Norte\n"
    )
    response = _upload(client, text)
    preview = response.context["preview"]
    assert _problems(preview) == [
        (4, "name", "Hace falta un nombre."),
        (
            5,
            "kind",
            "“castillo” no es uno de estos valores: "
            "neighbourhood, building, workplace, school, other.",
        ),
        (
            6,
            "parent",
            "Ninguna área de base se llama “Ninguna”, ni en Basework ni en este archivo.",
        ),
        (7, "parent", "Un área de base no puede ser parte de sí misma."),
    ]
    body = response.content.decode()
    assert "Importar áreas de base de una hoja de cálculo" in body
    assert "no se importó nada" in body


# --- the grievance import naming areas not yet in Basework ------------------------------------


def test_the_grievance_import_names_each_unknown_area_once_and_links_to_the_base_area_import(
    as_investigator,
):
    BaseAreaFactory(name="Broadway Towers")
    category("Rent")
    text = (
        "base_area,category,date\n"
        "Broadway Towers,Rent,2025-03-03\n"
        "Maverick Square,Rent,2025-03-04\n"
        "maverick square,Rent,2025-03-05\n"
        "FreshPak warehouse,Rent,2025-03-06\n"
    )
    upload = SimpleUploadedFile("g.csv", text.encode(), content_type="text/csv")
    response = as_investigator.post(reverse("investigation:grievance_import"), {"file": upload})
    preview = response.context["preview"]
    assert preview.unknown_areas == ["Maverick Square", "FreshPak warehouse"]
    # The per-row errors stay, one on each line naming an unknown area.
    assert [(e.line, e.column) for e in preview.errors] == [
        (3, "base_area"),
        (4, "base_area"),
        (5, "base_area"),
    ]
    body = response.content.decode()
    assert "These base areas are not in Basework yet: Maverick Square, FreshPak warehouse." in body
    assert f'<a href="{reverse(IMPORT)}">Import the base areas</a>' in body


def test_a_grievance_import_with_every_area_known_says_nothing_about_base_areas(
    as_investigator,
):
    BaseAreaFactory(name="Broadway Towers")
    category("Rent")
    upload = SimpleUploadedFile(
        "g.csv", b"base_area,category,date\nBroadway Towers,Rent,2025-03-03\n"
    )
    response = as_investigator.post(reverse("investigation:grievance_import"), {"file": upload})
    assert response.context["preview"].unknown_areas == []
    assert reverse(IMPORT) not in response.content.decode()
