"""The one table model: a column list over ColumnsTableModel, with lazy block loading as an option;
every list of the UI is one of them and behaves as a Qt model."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

import app.ui.models
from app.domain.indicators import Indicators
from app.domain.papers import PaperType
from app.domain.registry import MemberInput
from app.services.audit import HistoryEntry
from app.services.checks import Hit
from app.services.monitoring import ImportRow
from app.services.monitoring_handle import WarningRow
from app.services.monitoring_scan import RegisterRow
from app.services.stats import ProgramStats
from app.services.users import AuditRow, UserStatusRow
from app.ui.models.applications_table import (
    ApplicationsTableModel,
    GrantsTableModel,
    PlainTableModel,
    TransitionsTableModel,
)
from app.ui.models.audit_table import AuditTableModel, BackupsTableModel, UsersTableModel
from app.ui.models.base import CENTER, KEY_ROLE, LEFT, RIGHT, SORT_ROLE, Column, ColumnsTableModel
from app.ui.models.checks_table import ChecksTableModel
from app.ui.models.grid_table import GridTableModel
from app.ui.models.households_table import HouseholdHistoryTableModel, HouseholdsTableModel
from app.ui.models.members_table import MembersTableModel
from app.ui.models.monitor_table import (
    HouseholdWarningsTableModel,
    ImportsTableModel,
    RegisterTableModel,
    WarningsTableModel,
)
from app.ui.models.papers_table import PaperTypesTableModel
from app.ui.models.stats_table import YearTableModel
from app.ui.models.sync_table import BatchHistoryTableModel, HeldDecisionsTableModel
from tests.ui.test_applications_page import GRANTS, TRANSITIONS
from tests.ui.test_applications_page import ROWS as APPLICATIONS
from tests.ui.test_households_page import ROWS as HOUSEHOLDS
from tests.ui.test_rosters_page import MODELS as ROSTER_MODELS
from tests.ui.test_sync_page import HELD, HISTORY

DISPLAY, TOOLTIP, ALIGN = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole
UI = Path(__file__).resolve().parents[2] / "app" / "ui"


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    fen: int | None
    on: date


ITEMS = [Item(1, "张三", 67000, date(2020, 1, 2)), Item(2, "李四", None, date(2019, 5, 6))]
COLUMNS = (
    Column("姓名", "name"),
    Column("金额(元)", "fen", align=RIGHT, display=lambda v: "" if v is None else f"{v / 100:.2f}",
           foreground=lambda r: QColor("#c0392b") if r.fen is None else None),
    Column("日期", lambda r: r.on.isoformat(), sort=lambda r: r.on, tooltip=lambda r: f"登记于 {r.on:%Y年}",
           bold=lambda r: r.id == 1),
    Column("编号", "id", align=CENTER, editable=True),
)


def items_model() -> ColumnsTableModel:
    return ColumnsTableModel(ITEMS, columns=COLUMNS, context="ItemsTableModel")


@pytest.mark.parametrize(("row", "col", "role", "expected"), [
    (0, 0, DISPLAY, "张三"),
    (0, 1, DISPLAY, "670.00"),
    (1, 1, DISPLAY, ""),
    (0, 2, DISPLAY, "2020-01-02"),
    (0, 3, DISPLAY, "1"),
    (0, 0, TOOLTIP, "张三"),
    (1, 2, TOOLTIP, "登记于 2019年"),
    (0, 1, SORT_ROLE, 67000),
    (1, 1, SORT_ROLE, None),
    (1, 2, SORT_ROLE, date(2019, 5, 6)),
    (0, 3, SORT_ROLE, 1),
    (0, 0, ALIGN, int(LEFT)),
    (0, 1, ALIGN, int(RIGHT)),
    (0, 3, ALIGN, int(CENTER)),
    (1, 0, KEY_ROLE, 2),
    (0, 0, Qt.ItemDataRole.ForegroundRole, None),
    (0, 0, Qt.ItemDataRole.FontRole, None),
    (1, 2, Qt.ItemDataRole.FontRole, None),
])
def test_a_cell_shows_what_its_column_says(row, col, role, expected):
    model = items_model()
    assert model.data(model.index(row, col), role) == expected


def test_colours_come_as_brushes_and_bold_as_a_font():
    model = items_model()
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole).color().name() == "#c0392b"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.FontRole).bold()


def test_headers_are_translated_titles_and_rows_are_numbered():
    model = items_model()
    assert model.headers() == ["姓名", "金额(元)", "日期", "编号"]
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["1", "2", None]
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_only_editable_columns_are_editable():
    model = items_model()
    assert [bool(model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable) for c in range(4)] == \
        [False, False, False, True]


def test_set_rows_replaces_the_rows_and_out_of_range_cells_are_empty():
    model = items_model()
    model.set_rows(ITEMS[1:])
    assert model.rowCount() == 1 and model.row_at(0).name == "李四"
    assert model.data(model.index(0, 9)) is None and model.data(model.createIndex(5, 0)) is None


class Fetcher:
    """Rows of ids 0..n-1 with id 7 gone; remembers each block asked for."""

    def __init__(self) -> None:
        self.blocks: list[list[int]] = []

    def __call__(self, ids: list[int]) -> list[Item]:
        self.blocks.append(list(ids))
        return [Item(i, f"户{i}", i * 100, date(2020, 1, 1)) for i in reversed(ids) if i != 7]


def lazy_model(n: int = 450) -> tuple[ColumnsTableModel, Fetcher]:
    model, fetch = ColumnsTableModel(columns=COLUMNS), Fetcher()
    model.set_ids(list(range(n)), fetch)
    return model, fetch


def test_lazy_rows_are_fetched_a_block_at_a_time_when_first_shown():
    model, fetch = lazy_model()
    assert model.rowCount() == 450 and fetch.blocks == []
    assert model.data(model.index(0, 0)) == "户0"
    assert model.data(model.index(199, 0)) == "户199"
    assert [len(b) for b in fetch.blocks] == [200]
    assert model.data(model.index(449, 0)) == "户449"
    assert [(b[0], len(b)) for b in fetch.blocks] == [(0, 200), (400, 50)]


def test_a_lazy_row_key_needs_no_fetch_and_a_row_gone_since_listed_shows_nothing():
    model, fetch = lazy_model()
    assert model.data(model.index(300, 0), KEY_ROLE) == 300 and fetch.blocks == []
    assert model.data(model.index(7, 0)) is None
    with pytest.raises(KeyError):
        model.row_at(7)
    assert model.data(model.index(8, 0)) == "户8" and len(fetch.blocks) == 1


def test_set_rows_after_lazy_mode_forgets_the_fetch():
    model, fetch = lazy_model()
    model.set_rows(ITEMS)
    assert model.rowCount() == 2 and model.row_key(1) == 2 and fetch.blocks == []


def test_the_households_table_fetches_its_rows_in_blocks_of_200(qtmodeltester):
    asked: list[int] = []
    model = HouseholdsTableModel()
    model.set_ids([r.id for r in HOUSEHOLDS] * 150, lambda ids: asked.append(len(ids)) or HOUSEHOLDS)
    assert model.household_id(1) == 2 and asked == []
    assert model.data(model.index(0, 5)) == "670.00" and asked == [200]
    qtmodeltester.check(model)


# -- every concrete model --------------------------------------------------------------------
WHEN = datetime(2020, 10, 20, 8, 30, tzinfo=UTC)
FIGURES = Indicators(12, Decimal("16.5"), Decimal("49"), Decimal("463.33"), 2270300, 198, 588)
WARNINGS = [WarningRow(1, "income", "收入超标", "待核实", "张三", "430902********0013", 1, date(2020, 10, 1),
                       date(2020, 10, 31), "月收入高于标准", True),
            WarningRow(2, "death", "死亡", "不符合", "李四", "430902********002X", None, date(2020, 9, 1),
                       date(2020, 9, 30), "", False, reason="已核实")]


def _members() -> MembersTableModel:
    model = MembersTableModel()
    model.load([MemberInput(name="张三丰", id_number="430902194501010013", relation="本人")])
    model.add_member()
    return model


def _backups(tmp_path: Path) -> BackupsTableModel:
    for name in ("a.db", "b.db"):
        (tmp_path / name).write_bytes(b"x" * 2048)
    return BackupsTableModel([tmp_path / "a.db", tmp_path / "b.db", tmp_path / "gone.db"])


FACTORIES = [
    lambda _t: HouseholdsTableModel(HOUSEHOLDS),
    lambda _t: HouseholdHistoryTableModel([
        HistoryEntry(WHEN, "clerk", "household.create", "household", None,
                     {"members": [{"id": 1, "name": "张三丰", "relation": "本人"}]}, ""),
        HistoryEntry(WHEN, "clerk", "case.change", "case", {"amount_fen": 100}, {"amount_fen": 200}, "调整")]),
    lambda _t: AuditTableModel([AuditRow(1, WHEN, "clerk", "household.create", "新建家庭", "户 1", 1, "前 → 后", ""),
                                AuditRow(2, WHEN, "admin", "user.add", "添加用户", "clerk", None, "", "")]),
    lambda _t: UsersTableModel([UserStatusRow(1, "admin", "admin", "管理员", True, None),
                                UserStatusRow(2, "clerk", "clerk", "经办人", True, datetime(2020, 1, 1, 8)),
                                UserStatusRow(3, "old", "clerk", "经办人", False, None)]),
    _backups,
    *(lambda _t, m=m: m for m in ROSTER_MODELS),
    lambda _t: ApplicationsTableModel(APPLICATIONS),
    lambda _t: TransitionsTableModel(TRANSITIONS),
    lambda _t: GrantsTableModel(GRANTS, {1: "张三丰"}),
    lambda _t: PlainTableModel(("项目", "金额"), [("城市低保", "580.00"), ("农村低保", "460.00")], numeric=(1,)),
    lambda _t: BatchHistoryTableModel(HISTORY),
    lambda _t: HeldDecisionsTableModel(HELD),
    lambda _t: WarningsTableModel(WARNINGS),
    lambda _t: RegisterTableModel([RegisterRow("430902********0013", "张三", 1, "青山村", [("低保边缘", "2020-01")]),
                                   RegisterRow("430902********002X", "李四", None, "", [])]),
    lambda _t: ImportsTableModel([ImportRow(1, "残疾人", "残联.xlsx", "ab" * 32, 12, "Sheet1", "clerk",
                                            datetime(2020, 10, 1, 9, 0))]),
    lambda _t: HouseholdWarningsTableModel([("收入超标", "张三", "待核实", ""), ("死亡", "李四", "不符合", "已核实")]),
    lambda _t: ChecksTableModel([Hit("dup:1-2", "银行账号重复", 1, "共用账号", "青山村 张三丰"),
                                 Hit("review:3", "复核逾期", None, "应复核", handled=True, handled_by="clerk")]),
    lambda _t: GridTableModel(["列", "文件中写的"], [["性别", "男"], ["关系"]]),
    lambda _t: YearTableModel([ProgramStats("urban_dibao", "城市低保", FIGURES, FIGURES, None, 1, 0),
                               ProgramStats("total", "合计", FIGURES, FIGURES, None, 1, 0)]),
    lambda _t: _members(),
    lambda _t: PaperTypesTableModel([PaperType("申请书", True), PaperType("低保边缘证明", False, builtin=False)]),
]


@pytest.mark.parametrize("make", FACTORIES)
def test_every_model_is_a_well_behaved_qt_model(qtmodeltester, tmp_path, make):
    model = make(tmp_path)
    assert model.rowCount() >= 1
    qtmodeltester.check(model)


def _all_subclasses(cls: type) -> set[type]:
    return {c for sub in cls.__subclasses__() for c in (sub, *_all_subclasses(sub))}


def test_every_concrete_model_is_checked_above(tmp_path):
    for info in pkgutil.iter_modules(app.ui.models.__path__):
        importlib.import_module(f"app.ui.models.{info.name}")
    checked = {type(make(tmp_path)) for make in FACTORIES}
    assert {c for c in _all_subclasses(ColumnsTableModel) if c.__module__.startswith("app.")} == checked


def _bases(node: ast.ClassDef) -> set[str]:
    return {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}


def test_the_column_model_is_the_only_direct_qt_item_model_and_models_live_in_ui_models():
    qt_models = {"QAbstractTableModel", "QAbstractItemModel", "QAbstractListModel", "QStandardItemModel"}
    direct, outside = [], []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            where = f"{path.relative_to(UI)}:{node.name}"
            if _bases(node) & qt_models and where != "models/base.py:ColumnsTableModel":
                direct.append(where)
            if node.name.endswith("TableModel") and path.parent.name != "models":
                outside.append(where)
    assert direct == [] and outside == []
