"""The deck and the notices as PDF, through LibreOffice (`soffice --headless --convert-to pdf`).

`deck_to_pdf(pptx_bytes)` writes the deck into a temporary directory, converts it there with its
own throw-away LibreOffice profile (so it neither waits for nor disturbs a LibreOffice the user
has open) and returns the PDF's bytes. Without LibreOffice, the browser's print of the
presentation mode is the way to a PDF; `soffice_available()` tells the page which to offer.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from dashboard.errors import TuopinError

TIMEOUT_SECONDS = 180  # the first start of LibreOffice on a slow machine takes most of a minute
SOFFICE_NAMES = ("soffice", "libreoffice")
# The import filter by kind of document: without it LibreOffice opens a file it cannot read as
# plain text in Writer and "converts" that, so a broken deck would become a page of noise.
INPUT_FILTERS = {".pptx": "Impress MS PowerPoint 2007 XML", ".docx": "MS Word 2007 XML"}


class PdfConversionError(TuopinError):
    """LibreOffice is missing, or it did not turn the deck into a PDF."""


def soffice_path() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def soffice_available() -> bool:
    return soffice_path() is not None


def deck_to_pdf(pptx: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF bytes of a .pptx deck, one page per slide."""
    return office_to_pdf(pptx, ".pptx", timeout)


def office_to_pdf(document: bytes, suffix: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF bytes of an office document (`.pptx` deck, `.docx` notice) made by LibreOffice."""
    program = soffice_path()
    if program is None:
        raise PdfConversionError(
            "找不到 LibreOffice（soffice），无法转换为 PDF。请安装 LibreOffice"
            "（如 `apt-get install libreoffice-impress libreoffice-writer`），或在汇报模式中用浏览器的“打印”保存为 PDF。",
            "LibreOffice (soffice) was not found, so no PDF can be made. "
            "Install LibreOffice (e.g. `apt-get install libreoffice-impress libreoffice-writer`), or print the "
            "presentation mode to PDF from the browser.",
        )
    with tempfile.TemporaryDirectory(prefix="tuopin-pdf-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(document)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            f"--infilter={INPUT_FILTERS[suffix]}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            finished = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise PdfConversionError(
                f"LibreOffice 在 {timeout:.0f} 秒内未完成 PDF 转换。请稍后重试，"
                "或下载 .pptx 后在 PowerPoint/WPS 中另存为 PDF。",
                f"LibreOffice did not finish the PDF conversion within {timeout:.0f} s. "
                "Try again later, or download the .pptx and save it as PDF in PowerPoint/WPS.",
            ) from error
        result = work / "document.pdf"
        if finished.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            said = (finished.stderr or finished.stdout or "").strip()[-500:]
            raise PdfConversionError(
                f"LibreOffice 未能把文档转换为 PDF（退出码 {finished.returncode}）：{said}。"
                "请下载 .pptx 后在 PowerPoint/WPS 中另存为 PDF。",
                f"LibreOffice could not convert the document to PDF (exit code "
                f"{finished.returncode}): {said}. Download the .pptx and save it as PDF in "
                "PowerPoint/WPS.",
            )
        return result.read_bytes()
