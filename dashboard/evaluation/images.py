"""A PNG of every chart of the evaluation's slides, packed in one .zip.

The figures are those /present draws (dashboard/charts/evaluation.py builds them from the
slides' ChartSpecs, and the village map from the boundary file); Kaleido renders them offline
with the system Chromium, in the theme's fonts (Noto Sans CJK SC first, so Chinese is drawn, not
boxes). Files are named by slide number and what they show: `03-exits-by-year.png`,
`03-exits-by-year-2.png`, `04-remaining-map.png`.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.charts import evaluation as charts
from dashboard.errors import TuopinError
from dashboard.evaluation.figures import map_layers
from dashboard.evaluation.slides import Slide
from dashboard.i18n import text

WIDTH = 1200
HEIGHT = 675  # 16:9, like the deck
MAP_HEIGHT = 800
SCALE = 2


class ChartImageError(TuopinError):
    """Kaleido (or the Chromium it drives) could not render the charts."""


def chart_name(query: str) -> str:
    """`evaluation_exits_by_year` -> `exits-by-year`."""
    return query.removeprefix("evaluation_").replace("_", "-") or "chart"


def slide_figures(
    slides: list[Slide], data_dir: Path | None = None, lang: str = "zh"
) -> Iterator[tuple[str, go.Figure]]:
    """(file name, figure) of every chart on the slides, in slide order; the map only when
    `data_dir` is given and holds a usable boundary file."""

    for number, slide in enumerate(slides, 1):
        used: dict[str, int] = {}

        def name(stem: str, number: int = number, used: dict[str, int] = used) -> str:
            used[stem] = used.get(stem, 0) + 1
            suffix = "" if used[stem] == 1 else f"-{used[stem]}"
            return f"{number:02d}-{stem}{suffix}.png"

        if data_dir is not None and slide.map_values is not None and not slide.map_values.empty:
            layers = map_layers(Path(data_dir), slide.map_values)
            if layers is not None:
                figure = charts.remaining_map(
                    layers[0],
                    layers[1],
                    slide.map_values,
                    text("slide.remaining.series", lang),
                    "—",
                )
                figure.update_layout(width=WIDTH, height=MAP_HEIGHT)
                yield name(f"{slide.key}-map"), figure
        for spec in slide.charts:
            figure = charts.spec_figure(spec, height=HEIGHT)
            figure.update_layout(width=WIDTH)
            yield name(chart_name(spec.query or slide.key)), figure


def chart_images(slides: list[Slide], data_dir: Path | None = None, lang: str = "zh") -> bytes:
    """The .zip bytes holding one PNG per chart of the slides.

    All figures go to Kaleido in one `plotly.io.write_images` call: one Chromium for the lot
    (a browser per figure takes several seconds each), and nothing shared between sessions.
    """
    named = list(slide_figures(slides, data_dir, lang))
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="tuopin-png-") as folder:
        paths = [Path(folder) / file_name for file_name, _figure in named]
        try:
            pio.write_images(
                [figure for _name, figure in named],
                paths,
                format="png",
                scale=SCALE,
                # Kaleido's batch ignores the layout's size: hand it over explicitly.
                width=[figure.layout.width or WIDTH for _name, figure in named],
                height=[figure.layout.height or HEIGHT for _name, figure in named],
            )
        except Exception as error:  # Kaleido without a browser raises several kinds
            raise ChartImageError(
                f"无法生成图表图片（Kaleido/Chromium）：{error}。请安装 Chromium"
                "（如 `apt-get install chromium`），或在图表上用“下载为 PNG”逐个保存。",
                f"The chart images could not be made (Kaleido/Chromium): {error}. Install "
                "Chromium (e.g. `apt-get install chromium`), or save each chart with its "
                "'download as PNG'.",
            ) from error
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for path in paths:
                archive.write(path, path.name)
    return buffer.getvalue()
