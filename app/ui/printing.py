"""Print preview and printing of the PDFs the app makes (rosters, notices, forms), inside the app.

The PDF pages are rendered by PDFium (pypdfium2) at the printer's resolution (capped, so a 50-page
roster does not need gigabytes) and drawn onto the printer's pages, so printing needs neither a
PDF viewer nor the system's print spooler to understand PDF. The preview dialog is Qt's own, with
its page setup and printer choice.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

MAX_DPI = 300
POINTS_PER_INCH = 72


def page_images(path: Path | bytes, dpi: int, limit: int | None = None) -> list[QImage]:
    """The PDF's pages (the first `limit`, or all) as images at `dpi` (a file path or the file's bytes;
    pages are small tables or scans: fine to hold in memory). A file PDFium cannot read raises
    pdfium.PdfiumError."""
    doc = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    try:
        out = []
        for n, page in enumerate(doc):
            if limit is not None and n >= limit:
                page.close()
                break
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
            out.append(image.copy())  # own the pixels before PDFium frees its bitmap
            page.close()
        return out
    finally:
        doc.close()


def pdf_page_layout(path: Path) -> QPageLayout:
    """The first page's size and orientation (a landscape roster stays landscape), no margins."""
    doc = pdfium.PdfDocument(str(path))
    try:
        width, height = doc[0].get_size()
    finally:
        doc.close()
    portrait = QSizeF(min(width, height), max(width, height))  # Qt's page sizes are portrait; turned below
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def print_pdf(printer: QPrinter, path: Path) -> int:
    """Draw every page of the PDF on `printer`, each scaled to fit its page; returns the page count."""
    dpi = min(printer.resolution(), MAX_DPI)
    images = page_images(path, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("打印机无法开始打印")
    try:
        for n, image in enumerate(images):
            if n:
                printer.newPage()
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            scaled = image.size().scaled(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.topLeft(), QSizeF(scaled)), image)
    finally:
        painter.end()
    return len(images)


def preview_dialog(parent: QWidget | None, path: Path) -> QPrintPreviewDialog:
    """Qt's print preview of the PDF at `path`, ready to exec()."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(pdf_page_layout(path))
    printer.setDocName(path.stem)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ref = printer  # the dialog does not own its printer: keep it alive as long as the dialog
    dialog.setWindowTitle(f"打印预览 - {path.name}")
    dialog.paintRequested.connect(lambda p: print_pdf(p, path))
    dialog.resize(1000, 800)
    return dialog
