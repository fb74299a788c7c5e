"""The deck as PDF (LibreOffice) and every chart as PNG (Kaleido), for the demo's 2018H1.

LibreOffice, poppler-utils and Chromium are installed here and in CI: these tests fail, not
skip, when they are missing. The files are kept under test-output/exports/ for people to look at.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from dashboard.evaluation.deck import build_deck
from dashboard.evaluation.figures import compute
from dashboard.evaluation.images import chart_images
from dashboard.evaluation.pdf import PdfConversionError, deck_to_pdf
from dashboard.evaluation.period import parse_period, resolve
from dashboard.evaluation.slides import build_slides
from tests.evaluation.expected import DECK_TITLES as TITLES

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-output" / "exports"
# Slide 2 one chart; 3 households and people; 4 the map and the bars; 5, 6, 7 one each.
CHART_FILES = [
    "02-headline.png",
    "03-exits-by-year.png",
    "03-exits-by-year-2.png",
    "04-remaining-map.png",
    "04-remaining-by-unit.png",
    "05-industry-items.png",
    "06-programs.png",
    "07-visits-by-month.png",
]


@pytest.fixture(scope="module")
def slides(demo_db):
    figures = compute(demo_db.run, resolve(parse_period("2018H1"), demo_db.snapshots), None)
    return build_slides(figures, "zh", {"problems": "产业增收不明显", "next_steps": "压实责任"})


@pytest.fixture(scope="module")
def pdf_file(slides):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "evaluation_2018H1.pdf"
    path.write_bytes(deck_to_pdf(build_deck(slides)))
    return path


@pytest.fixture(scope="module")
def chart_zip(slides, demo_dir):
    data = chart_images(slides, demo_dir, "zh")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "charts_2018H1.zip").write_bytes(data)
    return zipfile.ZipFile(io.BytesIO(data))


def pdf_info(path: Path) -> dict[str, str]:
    said = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in said.stdout.splitlines() if ":" in line)
    )


def test_pdf_has_one_landscape_page_per_slide(pdf_file):
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    info = pdf_info(pdf_file)
    assert int(info["Pages"]) == len(TITLES)
    width, height = map(float, re.match(r"([\d.]+) x ([\d.]+)", info["Page size"]).groups())
    assert round(width / height, 2) == round(16 / 9, 2)


def test_pdf_pages_carry_the_slide_titles_in_order(pdf_file):
    for number, title in enumerate(TITLES, 1):
        page_text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf_file), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert title in re.sub(r"\s+", "", page_text), f"page {number}"


def test_pdf_without_libreoffice_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice on PATH
    with pytest.raises(PdfConversionError) as raised:
        deck_to_pdf(b"not read")
    assert "LibreOffice" in raised.value.message_zh and "打印" in raised.value.message_zh
    assert "print" in raised.value.message_en


def test_pdf_of_a_broken_deck_is_an_error_for_people(tmp_path):
    with pytest.raises(PdfConversionError) as raised:
        deck_to_pdf(b"this is not a PowerPoint file")
    assert "PDF" in raised.value.message_zh and "PDF" in raised.value.message_en


def test_zip_has_one_png_per_chart(chart_zip):
    assert chart_zip.namelist() == CHART_FILES


def test_every_png_is_a_real_picture_with_content(chart_zip):
    for name in chart_zip.namelist():
        data = chart_zip.read(name)
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert len(data) > 40_000, name
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            assert width == 2400, name  # 1200 px at scale 2
            assert height in (1350, 1600), name
            # Not a blank canvas: many distinct colours (bars, text, map fills).
            colours = image.convert("RGB").resize((300, 200)).getcolors(maxcolors=100_000)
            assert len(colours) > 50, name


def test_png_titles_are_drawn_and_a_chinese_font_is_there_for_them(chart_zip):
    """The theme names Noto Sans CJK SC first; Chromium (Kaleido) draws with it when installed.
    Glyphs against boxes is for the eye: see test-output/exports/charts_2018H1.zip."""
    with Image.open(io.BytesIO(chart_zip.read("05-industry-items.png"))) as image:
        title_band = image.convert("L").crop((600, 0, 1800, 110))
        dark = sum(title_band.histogram()[:128])
    assert dark > 2_000  # the title 2017年以来各品目资金占比 is drawn
    fonts = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True
    ).stdout
    assert "Noto Sans CJK SC" in fonts
