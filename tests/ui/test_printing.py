"""Printing inside the app: the PDF's pages go to the printer, in their own orientation."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from app.ui.printing import page_images, pdf_page_layout, preview_dialog, print_pdf


def _pdf(path: Path, pages: int, size=A4) -> Path:
    c = canvas.Canvas(str(path), pagesize=size)
    for n in range(pages):
        c.rect(50, 50, size[0] - 100, size[1] - 100, fill=1)  # a black box: something to see on the page
        c.drawString(60, 60, f"page {n + 1}")
        c.showPage()
    c.save()
    return path


def _pdf_printer(out: Path, layout: QPageLayout) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setPageLayout(layout)
    return printer


def test_every_page_is_printed_in_the_documents_orientation(qapp, tmp_path):
    source = _pdf(tmp_path / "roster.pdf", 3, landscape(A4))
    layout = pdf_page_layout(source)
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert print_pdf(_pdf_printer(tmp_path / "printed.pdf", layout), source) == 3
    printed = PdfReader(tmp_path / "printed.pdf").pages
    assert len(printed) == 3 and float(printed[0].mediabox.width) > float(printed[0].mediabox.height)


def test_pages_render_with_ink_where_the_pdf_has_it(qapp, tmp_path):
    (image,) = page_images(_pdf(tmp_path / "one.pdf", 1), dpi=72)
    assert (image.width(), image.height()) in ((595, 842), (596, 842))  # PDFium rounds 595.28 up
    assert image.pixelColor(300, 400).lightness() < 50 and image.pixelColor(10, 10).lightness() > 200


def test_the_preview_dialog_keeps_its_printer(qtbot, tmp_path):
    dialog = preview_dialog(None, _pdf(tmp_path / "a.pdf", 2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.printer_ref.pageLayout().orientation() == QPageLayout.Orientation.Portrait
