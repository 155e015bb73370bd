"""StandardsPage (系统设置 - 保障标准): effective-dated standards, the county's delegation of
confirmation, price-subsidy months and the holiday table. Administrators edit; everyone else
sees the same figures read-only (the services refuse a non-admin in any case)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.money import format_fen
from app.domain.programs import AREA_NAMES, FAMILY_NAMES
from app.domain.roles import Actor
from app.errors import InvalidInput
from app.services.holiday_notice import read_notice_xlsx, record_notice
from app.services.standards import (
    DELEGATED_KEY,
    add_holiday,
    add_standard,
    is_delegated,
    list_standards,
    price_subsidy_months,
    propose_price_subsidy,
    set_price_subsidy,
    set_setting,
    work_calendar,
)
from app.ui import prompts
from app.ui.models.applications_table import PlainTableModel
from app.ui.township_settings_box import TownshipSettingsBox
from app.ui.widgets import DateEdit, MessageLabel, make_table

# (family, area) in the order the programs are named everywhere
STANDARD_KINDS = tuple((family, area) for family in FAMILY_NAMES for area in AREA_NAMES)
HOLIDAY_KINDS = {"holiday": "放假", "workday": "调休上班"}


def _standard_name(family: str, area: str) -> str:
    return AREA_NAMES[area] + FAMILY_NAMES[family]


def _month_edit() -> QDateEdit:
    today = date.today()
    return DateEdit(QDate(today.year, today.month, 1), display_format="yyyy-MM")


def _table(model: PlainTableModel, widths: tuple[int, ...]) -> QTableView:
    return make_table(model, widths, sortable=False, numbered=False, single=False, alternating=False, row_height=24)


def _month_text(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM")


class StandardsPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.is_admin = actor.role == "admin"
        self.message_label = MessageLabel()
        self.readonly_label = QLabel(self.tr("只有管理员可以修改标准和设置，您（{0}）只能查看。").format(actor.role_label))
        self.readonly_label.setStyleSheet("color: #777;")
        self.readonly_label.setVisible(not self.is_admin)

        grid = QGridLayout()
        grid.addWidget(self._standards_box(), 0, 0, 2, 1)
        grid.addWidget(self._delegation_box(), 0, 1)
        grid.addWidget(self._subsidy_box(), 1, 1)
        grid.addWidget(self._holiday_box(), 2, 0, 1, 2)
        self.settings_box = TownshipSettingsBox(ctx, actor, self)
        grid.addWidget(self.settings_box, 0, 2, 3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.readonly_label)
        layout.addLayout(grid, 1)
        layout.addWidget(self.message_label)
        for w in self.findChildren(QWidget):  # read-only for everyone else; the services refuse them anyway
            if isinstance(w, (QLineEdit, QComboBox, QDateEdit, QCheckBox, QPushButton)):
                w.setEnabled(self.is_admin)
        self.refresh()

    # -- sections ----------------------------------------------------------------------------
    def _standards_box(self) -> QGroupBox:
        self.standards_model = PlainTableModel(("项目", "标准（元/人/月）", "起始月份"), numeric=(1,), parent=self)
        self.standards_table = _table(self.standards_model, (110, 130))
        self.program_combo = QComboBox()
        for family, area in STANDARD_KINDS:
            self.program_combo.addItem(_standard_name(family, area), (family, area))
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(self.tr("元/人/月"))
        self.standard_month_edit = _month_edit()
        self.add_standard_button = QPushButton(self.tr("新增标准"))
        self.add_standard_button.clicked.connect(self.add_standard)
        return self._box(self.tr("保障标准"), self.standards_table,
                         (self.program_combo, self.amount_edit, QLabel(self.tr("起始：")), self.standard_month_edit,
                          self.add_standard_button),
                         self.tr("新标准从起始月份起计算；之前的月份仍用原标准。"))

    def _delegation_box(self) -> QGroupBox:
        self.delegated_check = QCheckBox(self.tr("县级民政已委托本乡镇审核确认低保、特困"))
        self.delegated_check.toggled.connect(self.set_delegated)
        box = QGroupBox(self.tr("审核确认委托"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.delegated_check)
        note = QLabel(self.tr("委托后，审核人可在本乡镇作出确认决定，办理期限为 20 个工作日；"
                              "未委托时须报县确认（30 个工作日）。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        return box

    def _subsidy_box(self) -> QGroupBox:
        self.subsidy_model = PlainTableModel(("月份", "城市（元/人）", "农村（元/人）"), numeric=(1, 2), parent=self)
        self.subsidy_table = _table(self.subsidy_model, (90, 110))
        self.subsidy_month_edit = _month_edit()
        self.subsidy_urban_edit = QLineEdit()
        self.subsidy_urban_edit.setPlaceholderText(self.tr("城市 元/人"))
        self.subsidy_rural_edit = QLineEdit()
        self.subsidy_rural_edit.setPlaceholderText(self.tr("农村 元/人"))
        self.add_subsidy_button = QPushButton(self.tr("新增"))
        self.add_subsidy_button.clicked.connect(self.add_subsidy)
        self.cpi_edit = QLineEdit()
        self.cpi_edit.setPlaceholderText(self.tr("CPI 涨幅 %"))
        self.cpi_edit.setAccessibleName(self.tr("CPI 涨幅 %"))
        self.cpi_edit.setMaximumWidth(90)
        self.propose_button = QPushButton(self.tr("按 CPI 测算"))
        self.propose_button.clicked.connect(self.propose_subsidy)
        return self._box(self.tr("价格临时补贴发放月份"), self.subsidy_table,
                         (self.subsidy_month_edit, self.cpi_edit, self.propose_button, self.subsidy_urban_edit,
                          self.subsidy_rural_edit, self.add_subsidy_button),
                         self.tr("测算：当月低保标准 × CPI 涨幅，取整到元；可修改后再新增。"))

    def _holiday_box(self) -> QGroupBox:
        self.holiday_model = PlainTableModel(("日期", "类型"), parent=self)
        self.holiday_table = _table(self.holiday_model, (110,))
        today = date.today()
        self.holiday_date_edit = DateEdit(QDate(today.year, today.month, today.day))
        self.holiday_kind_combo = QComboBox()
        for key, label in HOLIDAY_KINDS.items():
            self.holiday_kind_combo.addItem(label, key)
        self.holiday_note_edit = QLineEdit()
        self.holiday_note_edit.setPlaceholderText(self.tr("说明，如 2026 年春节"))
        self.add_holiday_button = QPushButton(self.tr("添加"))
        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.import_notice_button = QPushButton(self.tr("导入年度放假通知…"))
        self.import_notice_button.clicked.connect(self.import_notice)
        self.coverage_label = QLabel()
        self.coverage_label.setStyleSheet("color: #555;")
        box = self._box(self.tr("节假日表（补充法定节假日库未覆盖的年份）"), self.holiday_table,
                        (self.holiday_date_edit, self.holiday_kind_combo, self.holiday_note_edit,
                         self.add_holiday_button, self.import_notice_button))
        box.layout().addWidget(self.coverage_label)
        return box

    @staticmethod
    def _box(title: str, table: QTableView, inputs: tuple[QWidget, ...], note: str = "") -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        for w in inputs:
            row.addWidget(w)
        layout.addLayout(row)
        if note:
            label = QLabel(note)
            label.setStyleSheet("color: #555;")
            layout.addWidget(label)
        return box

    # -- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        standards = sorted(list_standards(self.ctx.uow), key=lambda r: (
            STANDARD_KINDS.index((r.program, r.area)), r.effective_month), reverse=False)
        self.standards_model.set_rows([(_standard_name(r.program, r.area), format_fen(r.amount_fen),
                                        r.effective_month) for r in standards])
        self.subsidy_model.set_rows([(m, format_fen(u), format_fen(r)) for m, u, r in
                                     reversed(price_subsidy_months(self.ctx.uow))])
        with self.ctx.uow.read() as s:  # read through the services' helpers; no query here
            calendar, delegated = work_calendar(s), is_delegated(s)
        days = [(d, "holiday") for d in calendar.extra_holidays] + [(d, "workday") for d in calendar.extra_workdays]
        next_year = date.today().year + 1
        self.coverage_label.setText(self.tr("{0} 年节假日：{1}。导入的 xlsx 为三列：日期、类型（放假/调休上班）、说明。").format(
            next_year, self.tr("已录入") if calendar.covers(next_year) else self.tr("尚未录入，跨年期限按周一至周五估算")))
        self.holiday_model.set_rows([(d.isoformat(), HOLIDAY_KINDS[k]) for d, k in sorted(days, reverse=True)])
        self.delegated_check.blockSignals(True)
        self.delegated_check.setChecked(delegated)
        self.delegated_check.blockSignals(False)

    def _call(self, work, done_text: str) -> bool:
        """Run a service call; its refusal (wrong role, bad input) is shown under the page."""
        ok, _result = self.message_label.attempt(work)
        self.refresh()  # a refused toggle of the delegation box goes back to the stored value
        if ok:
            self.message_label.show_text(done_text, error=False)
        return ok

    def add_standard(self) -> bool:
        family, area = self.program_combo.currentData()
        amount, month = self.amount_edit.text().strip(), _month_text(self.standard_month_edit)
        done = self._call(lambda: add_standard(self.ctx.uow, self.actor, program=family, area=area,
                                               amount_yuan=amount, effective_month=month),
                          self.tr("已新增 {0} 标准 {1} 元，自 {2} 起").format(self.program_combo.currentText(),
                                                                        amount, month))
        if done:
            self.amount_edit.clear()
        return done

    def set_delegated(self, delegated: bool) -> bool:
        text = self.tr("已设为：县级已委托审核确认") if delegated else self.tr("已设为：未委托，须报县确认")
        return self._call(lambda: set_setting(self.ctx.uow, self.actor, DELEGATED_KEY, bool(delegated)), text)

    def add_subsidy(self) -> bool:
        month = _month_text(self.subsidy_month_edit)
        urban, rural = self.subsidy_urban_edit.text().strip(), self.subsidy_rural_edit.text().strip()
        return self._call(lambda: set_price_subsidy(self.ctx.uow, self.actor, month, urban, rural),
                          self.tr("已登记 {0} 价格临时补贴").format(month))

    def propose_subsidy(self) -> bool:
        month = _month_text(self.subsidy_month_edit)
        ok, proposed = self.message_label.attempt(
            lambda: propose_price_subsidy(self.ctx.uow, month, self.cpi_edit.text()))
        if ok:
            urban, rural = proposed
            self.subsidy_urban_edit.setText(format_fen(urban))
            self.subsidy_rural_edit.setText(format_fen(rural))
            self.message_label.show_text(self.tr("{0} 测算：城市 {1} 元/人，农村 {2} 元/人").format(
                month, format_fen(urban), format_fen(rural)), error=False)
        return ok

    def import_notice(self) -> bool:
        """The State Council's yearly notice from an xlsx, the whole year in one go."""
        path = prompts.current().open_file(self, self.tr("导入年度放假通知"))
        if path is None:
            return False

        def work() -> str:
            days = read_notice_xlsx(path)
            years = sorted({d.day.year for d in days})
            if len(years) != 1:
                raise InvalidInput(f"一个通知只能包含一个年份的日期，文件中有：{'、'.join(map(str, years)) or '无'}")
            count = record_notice(self.ctx.uow, self.actor, years[0], days)
            return self.tr("已录入 {0} 年节假日安排 {1} 天，该年的办理期限按此计算").format(years[0], count)

        ok, text = self.message_label.attempt(work)
        self.refresh()
        if ok:
            self.message_label.show_text(text, error=False)
        return ok

    def add_holiday(self) -> bool:
        day = self.holiday_date_edit.date().toPython()
        kind = self.holiday_kind_combo.currentData()
        return self._call(lambda: add_holiday(self.ctx.uow, self.actor, day, kind, self.holiday_note_edit.text()),
                          self.tr("已登记 {0} 为{1}").format(day.isoformat(), self.holiday_kind_combo.currentText()))


def make_standards_page(window) -> StandardsPage:
    """Factory for MainWindow's "settings" area."""
    return StandardsPage(window.ctx, window.actor, window)
