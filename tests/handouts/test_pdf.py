"""The printed handout, read back with pdftotext: both languages side by side or one alone,
the organization's name and the adoption date, nobody's personal data; too long is refused."""

import subprocess

import pytest

from handouts import pdf
from tests.factories.handouts import adopted

pytestmark = pytest.mark.django_db


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def version(coordinator, settings):
    settings.ORGANIZATION_NAME = "Elm Street Mutual Aid"
    return adopted(by=coordinator)


def test_the_bilingual_sheet_has_both_languages_the_name_and_the_date(version, tmp_path):
    data, per_sheet = pdf.handout_pdf(version)
    text = _text(data, tmp_path)
    assert per_sheet == 4  # a short text: four copies a sheet
    assert text.count("Our points of unity") == 4
    assert text.count("Nuestros puntos de unidad") == 4
    assert "Nobody is asked for ID" in text and "A nadie se le pide" in text
    assert "ELM STREET MUTUAL AID" in text
    assert "Adopted by the general body on" in text
    assert "version 1" in text


def test_a_single_language_sheet_has_that_language_only(version, tmp_path):
    text = _text(pdf.handout_pdf(version, ("es",))[0], tmp_path)
    assert "Nuestros puntos de unidad" in text and "Our points of unity" not in text
    text = _text(pdf.handout_pdf(version, ("en",))[0], tmp_path)
    assert "Our points of unity" in text and "Nuestros puntos" not in text


def test_no_member_or_voter_appears_on_the_sheet(version, coordinator, tmp_path):
    text = _text(pdf.handout_pdf(version)[0], tmp_path)
    assert coordinator.email not in text and coordinator.display_name not in text


def test_a_longer_text_gets_fewer_copies_and_one_too_long_is_refused(coordinator):
    paragraph = "We organize where we live and work, and we keep each other fed. " * 3
    longer = adopted(by=coordinator, body_en="\n\n".join([paragraph] * 3))
    assert pdf.copies_per_sheet(longer) in (2, 3)
    too_long = adopted(by=coordinator, body_en="\n\n".join([paragraph] * 20))
    assert pdf.copies_per_sheet(too_long) is None
    with pytest.raises(pdf.TooLong, match="too long for one half-letter page"):
        pdf.handout_pdf(too_long)


def test_a_combined_sheet_holds_several_handouts(coordinator, tmp_path):
    first = adopted(by=coordinator)
    second = adopted(
        by=coordinator,
        title_en="We will never ask for ID",
        title_es="Nunca pediremos identificación",
        body_en="Nobody needs papers to get food here.",
        body_es="Nadie necesita papeles para recibir comida aquí.",
    )
    text = _text(pdf.combined_pdf([first, second]), tmp_path)
    assert "Our points of unity" in text and "We will never ask for ID" in text
    assert "Nunca pediremos identificación" in text
