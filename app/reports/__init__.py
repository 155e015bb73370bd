"""Report writers: PDFs (reportlab) and spreadsheets (openpyxl). Nothing here touches the database."""
