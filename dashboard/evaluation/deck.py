"""The evaluation as a PowerPoint deck: 16:9, native editable charts, Chinese in the `a:ea` slot.

Charts are python-pptx chart objects (their data lives in an embedded workbook, so a click in
PowerPoint or WPS opens it for editing), not pictures; only the village map is an image,
rendered offline by Kaleido with the system Chromium (when it cannot run, the bar chart beside
it stands alone). Every run of text, in the slides, the tables, the charts and the notes, names
EAST_ASIAN_FONT in its east-Asian slot: python-pptx only sets the Latin one, and without `a:ea`
PowerPoint and LibreOffice may pick a font without Chinese glyphs (boxes). Where Microsoft
YaHei is missing (Linux, WPS on some machines) the application substitutes its own CJK font:
LibreOffice maps it to Noto Sans CJK through fontconfig, WPS to its bundled 微软雅黑 equivalent.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from dashboard.charts.evaluation import remaining_map
from dashboard.evaluation.figures import map_layers
from dashboard.evaluation.slides import ChartSpec, Kpi, Slide
from dashboard.i18n import text

LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Microsoft YaHei"  # 微软雅黑: on every Windows PowerPoint and in WPS
SLIDE_WIDTH = Inches(13.333)  # 16:9
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.5)
TITLE_LAYOUT = 0  # the default template's "Title Slide"
TITLE_ONLY_LAYOUT = 5  # "Title Only": every other slide, so its title is a real title
ACCENT = RGBColor(0xC8, 0x10, 0x2E)
MUTED = RGBColor(0x59, 0x59, 0x59)
CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar_horizontal": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "doughnut": XL_CHART_TYPE.DOUGHNUT,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
}
SERIES_COLORS = ("2E7D5B", "3A5A8C", "E5A04B", "8E6C8A", "C8102E", "7BA23F")
_TEXT_PROPERTY_TAGS = (qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr"))
_AFTER_EA = ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")

MapRenderer = Callable[[Slide], bytes | None]
log = logging.getLogger(__name__)


def build_deck(slides: list[Slide], map_png: MapRenderer | None = None) -> bytes:
    """The .pptx bytes of the slides; `map_png(slide)` gives the map image of a slide or None."""
    presentation = Presentation()
    presentation.slide_width = SLIDE_WIDTH
    presentation.slide_height = SLIDE_HEIGHT
    for slide in slides:
        if slide.key == "title":
            _title_slide(presentation, slide)
        else:
            image = map_png(slide) if (map_png and slide.map_values is not None) else None
            _content_slide(presentation, slide, image)
    for pptx_slide in presentation.slides:
        _set_east_asian_fonts(pptx_slide)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def write_deck(slides: list[Slide], path: Path, map_png: MapRenderer | None = None) -> Path:
    path = Path(path)
    path.write_bytes(build_deck(slides, map_png))
    return path


# -------------------------------------------------------------------- slides
def _title_slide(presentation, slide: Slide) -> None:
    page = presentation.slides.add_slide(presentation.slide_layouts[TITLE_LAYOUT])
    page.shapes.title.text = slide.title
    title_paragraph = page.shapes.title.text_frame.paragraphs[0]
    title_paragraph.runs[0].font.size = Pt(40)
    title_paragraph.runs[0].font.bold = True
    title_paragraph.runs[0].font.color.rgb = ACCENT
    subtitle = page.placeholders[1]
    subtitle.text = slide.subtitle
    for line in slide.bullets:
        paragraph = subtitle.text_frame.add_paragraph()
        paragraph.text = line
    for paragraph in subtitle.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(20)
            run.font.color.rgb = MUTED
    _notes(page, slide)


def _content_slide(presentation, slide: Slide, map_image: bytes | None) -> None:
    page = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
    title = page.shapes.title
    title.left, title.top, title.width, title.height = (
        MARGIN,
        Inches(0.25),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(0.9),
    )
    title.text = slide.title
    run = title.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold, run.font.color.rgb = Pt(32), True, ACCENT
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    top = Inches(1.1)
    if slide.subtitle:
        _text_box(
            page, MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, Inches(0.4), [slide.subtitle], 16, MUTED
        )
        top += Inches(0.45)
    if slide.kpis:
        _kpi_row(page, slide.kpis, top)
        top += Inches(1.35)
    if slide.bullets:
        _text_box(page, MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, Inches(0.45), slide.bullets, 16)
        top += Inches(0.5)
    bottom = SLIDE_HEIGHT - Inches(0.35)
    width = SLIDE_WIDTH - 2 * MARGIN
    blocks: list[object] = []
    if map_image:
        blocks.append(map_image)
    blocks += slide.charts
    if blocks:
        gap = Inches(0.3)
        block_width = int((width - gap * (len(blocks) - 1)) / len(blocks))
        for index, block in enumerate(blocks):
            left = MARGIN + index * (block_width + gap)
            if isinstance(block, bytes):
                _picture(page, block, left, top, block_width, bottom - top)
            else:
                _chart(page, block, left, top, block_width, bottom - top)
    if slide.table:
        _table(page, slide.table, MARGIN, top, width)
    if slide.sections:
        column_width = int((width - Inches(0.4)) / len(slide.sections))
        for index, (heading, lines) in enumerate(slide.sections):
            left = MARGIN + index * (column_width + Inches(0.4))
            box = _text_box(
                page, left, top, column_width, Inches(0.5), [heading], 22, ACCENT, bold=True
            )
            box.text_frame.word_wrap = True
            _text_box(
                page,
                left,
                top + Inches(0.6),
                column_width,
                bottom - top - Inches(0.6),
                [f"{number}. {line}" for number, line in enumerate(lines, 1)],
                18,
            )
    _notes(page, slide)


def _kpi_row(page, kpis: list[Kpi], top: int) -> None:
    count = len(kpis)
    gap = Inches(0.2)
    width = int((SLIDE_WIDTH - 2 * MARGIN - gap * (count - 1)) / count)
    for index, kpi in enumerate(kpis):
        left = MARGIN + index * (width + gap)
        box = page.shapes.add_textbox(left, top, width, Inches(1.25))
        frame = box.text_frame
        frame.word_wrap = True
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xF4, 0xF1, 0xEA)
        frame.paragraphs[0].text = kpi.label
        frame.paragraphs[0].runs[0].font.size = Pt(14 if count > 4 else 16)
        frame.paragraphs[0].runs[0].font.color.rgb = MUTED
        value = frame.add_paragraph()
        value.text = kpi.value
        value.runs[0].font.size = Pt(_fitting_size(kpi.value, width, 26 if count > 4 else 30))
        value.runs[0].font.bold = True
        if kpi.detail:
            detail = frame.add_paragraph()
            detail.text = kpi.detail
            detail.runs[0].font.size = Pt(12)
            detail.runs[0].font.color.rgb = MUTED


def _fitting_size(value: str, width: int, largest: int, smallest: int = 14) -> int:
    """The largest point size up to `largest` at which `value` fits on one line of a box
    `width` EMU wide (a province's "1,317,827 · 237,730.65 万元" does not at 30 pt): a CJK
    character is about 1 em wide, a bold digit or Latin letter up to 0.72 em."""
    ems = sum(1.0 if ord(character) >= 0x2E80 else 0.72 for character in value)
    usable = width / 12_700 - 20  # EMU per point; the text box's inner margins
    return int(max(smallest, min(largest, usable / ems))) if ems else largest


def _text_box(page, left, top, width, height, lines, size, color=None, bold=False):
    box = page.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            if color is not None:
                run.font.color.rgb = color
    return box


def _chart(page, spec: ChartSpec, left, top, width, height) -> None:
    if not spec.categories:
        # Nothing paid in the window (a period after 2020 has no campaign payments): a chart
        # with no category is no chart (python-pptx refuses it), so its title says "—".
        _text_box(page, left, top, width, Inches(1.0), [spec.title, "—"], 16, MUTED)
        return
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = list(spec.shown_categories())  # a line's hidden point named on its axis
    for series in spec.series:
        data.add_series(series.name, _chart_values(series, spec.kind))
    frame = page.shapes.add_chart(CHART_TYPES[spec.kind], left, top, width, height, data)
    chart = frame.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = spec.title
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    chart.font.size = Pt(12)
    chart.has_legend = len(spec.series) > 1 or spec.kind == "doughnut"
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    _label_points(plot.data_labels, spec)
    if spec.kind != "doughnut":
        ticks = chart.value_axis.tick_labels  # 1,000,000 on the axis, not 1000000
        ticks.number_format = spec.number_format
        ticks.number_format_is_linked = False
        for index, series in enumerate(plot.series):
            color = RGBColor.from_string(SERIES_COLORS[index % len(SERIES_COLORS)])
            if spec.kind == "line":
                series.format.line.color.rgb = color
                series.format.line.width = Pt(2.5)
                series.smooth = False
            else:
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = color
        if spec.kind in ("bar", "stacked"):
            plot.gap_width = 60
    if spec.kind == "bar_horizontal":
        chart.category_axis.reverse_order = True  # first category on top, as on the page
    _label_hidden_points(plot, spec)


def _label_points(labels, spec: ChartSpec) -> None:
    """How a chart's (or one series') data labels read: percentages on a doughnut, the spec's
    number format elsewhere, outside the end of a bar."""
    labels.font.size = Pt(11)
    if spec.kind == "doughnut":
        labels.number_format = "0%"
        labels.number_format_is_linked = False
        labels.show_percentage = True
        labels.show_value = False
        return
    labels.number_format = spec.number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    if spec.kind in ("bar", "bar_horizontal"):
        labels.position = XL_LABEL_POSITION.OUTSIDE_END


def _chart_values(series, kind: str) -> list[float | None]:
    """The series' numbers for the chart's workbook. A visitor's hidden point is a bar of no
    height (0), not an empty cell: LibreOffice draws no label on an empty cell, and the point's
    "<5" label needs a place to stand. A line keeps its gap (a 0 would be a false dip; its
    label is in the file but not drawn, so its category says it: `ChartSpec.shown_categories`).
    """
    return [
        (0.0 if kind != "line" and series.hidden_at(index) else None)
        if value is None
        else float(value)
        for index, value in enumerate(series.values)
    ]


def _label_hidden_points(plot, spec: ChartSpec) -> None:
    """A visitor's hidden point ("<5", "×") has no value in the chart's data (no bar, nothing
    summed): a label of its own says what it is, where a missing point would say nothing.

    A point's own label gives its series a label list of its own, which would switch the
    plot's labels off for the series' other points: that list is set up as the plot's.
    """
    for chart_series, series in zip(plot.series, spec.series, strict=True):
        if not series.hidden:
            continue
        _label_points(chart_series.data_labels, spec)
        for index, _value in enumerate(series.values):
            label = series.hidden_at(index)
            if label is None:
                continue
            point_label = chart_series.points[index].data_label
            point_label.has_text_frame = True
            point_label.text_frame.text = label
            if spec.kind in ("bar", "bar_horizontal"):
                point_label.position = XL_LABEL_POSITION.INSIDE_BASE


def _picture(page, image: bytes, left, top, width, height) -> None:
    picture = page.shapes.add_picture(io.BytesIO(image), left, top)
    # Fit inside the block, keeping the image's proportions.
    scale = min(width / picture.width, height / picture.height)
    picture.width, picture.height = (
        Emu(int(picture.width * scale)),
        Emu(int(picture.height * scale)),
    )


def _table(page, rows: list[tuple[str, str]], left, top, width) -> None:
    shape = page.shapes.add_table(len(rows), 2, left, top, width, Inches(0.5) * len(rows))
    table = shape.table
    table.columns[0].width = int(width * 0.75)
    table.columns[1].width = width - int(width * 0.75)
    for row_index, (label, value) in enumerate(rows):
        for column_index, cell_text in enumerate((label, value)):
            cell = table.cell(row_index, column_index)
            cell.text = cell_text
            run = cell.text_frame.paragraphs[0].runs[0]
            run.font.size = Pt(18)
            if column_index == 1:
                cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def _notes(page, slide: Slide) -> None:
    page.notes_slide.notes_text_frame.text = "\n".join(line for line in slide.notes if line)


# -------------------------------------------------------------------- fonts
def _set_east_asian_fonts(page) -> None:
    """Name LATIN_FONT and EAST_ASIAN_FONT on every run of a slide, its charts and its notes."""
    trees = [page.shapes._spTree]
    for shape in page.shapes:
        if shape.has_chart:
            trees.append(shape.chart._chartSpace)
    if page.has_notes_slide:
        trees.append(page.notes_slide.shapes._spTree)
    for tree in trees:
        for run in tree.iter(qn("a:r")):
            if run.find(qn("a:rPr")) is None:
                run.insert(0, OxmlElement("a:rPr"))
        for properties in tree.iter(*_TEXT_PROPERTY_TAGS):
            set_fonts(properties)


def set_fonts(properties) -> None:
    """Give one `a:rPr` / `a:defRPr` a Latin and an east-Asian typeface, in schema order."""
    latin = properties.find(qn("a:latin"))
    if latin is None:
        latin = OxmlElement("a:latin")
        following = [properties.find(qn(tag)) for tag in ("a:ea", *_AFTER_EA)]
        anchor = next((element for element in following if element is not None), None)
        if anchor is not None:
            anchor.addprevious(latin)
        else:
            properties.append(latin)
    latin.set("typeface", latin.get("typeface") or LATIN_FONT)
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = OxmlElement("a:ea")
        latin.addnext(east_asian)
    east_asian.set("typeface", EAST_ASIAN_FONT)


def map_renderer(data_dir: Path, lang: str = "zh") -> MapRenderer:
    """A MapRenderer drawing the remaining-by-village map offline to PNG with Kaleido.

    It returns None (and the slide keeps its bar chart alone) when the data directory has no
    usable boundary file, or when Kaleido or Chromium cannot run on this machine.
    """

    def render(slide: Slide) -> bytes | None:
        values = slide.map_values
        if values is None or values.empty:
            return None
        layers = map_layers(data_dir, values, slide.map_villages)
        if layers is None:
            return None
        boundaries, water = layers
        figure = remaining_map(
            boundaries,
            water,
            values,
            text("slide.remaining.series", lang),
            "—",
        )
        try:
            return figure.to_image(format="png", width=900, height=700, scale=2)
        except Exception as error:  # Kaleido without a browser raises several kinds
            log.warning("map image not rendered (Kaleido/Chromium): %s", error)
            return None

    return render
