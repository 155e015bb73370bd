"""统计分析 page: indicators of a chosen month and the xlsx export."""

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app.services.auth import add_user, login
from app.services.legacy_io import import_legacy
from app.services.rosters import confirm_rosters, generate_rosters
from app.ui.stats_page import StatsPage
from tests.conftest import fixtures_missing
from tests.ui.conftest import FIXTURES, PASSWORD, choose


@pytest.fixture
def paid_december(ctx, actor):
    if fixtures_missing("legacy/roster_valid.xlsx"):
        pytest.skip("../shared/fixtures is absent")
    import_legacy(ctx.uow, actor, FIXTURES / "roster_valid.xlsx")
    for name, role in (("clerk", "clerk"), ("reviewer", "reviewer")):
        add_user(ctx.uow, actor, name, role, PASSWORD)
    generate_rosters(ctx.uow, login(ctx.uow, "clerk", PASSWORD), "2020-12")
    confirm_rosters(ctx.uow, login(ctx.uow, "reviewer", PASSWORD), "2020-12")


def _row(page, name):
    model = page.model
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == name:
            return [model.index(r, c).data() for c in range(model.columnCount())]
    raise AssertionError(name)


def test_the_page_shows_a_months_indicators_and_exports_them(qtbot, ctx, actor, paid_december, sync_ops,
                                                            fake_prompts, tmp_path):
    page = StatsPage(ctx, actor)
    qtbot.addWidget(page)
    choose(qtbot, page.month_combo, 12)
    assert _row(page, "城市低保")[1:5] == ["16.00", "49.00", "463.33", "22703.00"]
    fake_prompts.files.append(tmp_path / "指标.xlsx")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    cells = [c for row in openpyxl.load_workbook(tmp_path / "指标.xlsx").active.iter_rows(values_only=True)
             for c in row if c is not None]
    assert "城市低保" in cells and fake_prompts.messages[-1][0] == "info"
