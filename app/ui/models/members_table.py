"""The household dialog's member table model: the one table model with editable columns over the member inputs.

One row is one member as typed (`MemberDraft`: raw text for the ID and the incomes, so a wrong
character stays visible with a message instead of vanishing). Birth date and sex are derived from
the ID number as it is typed and are read-only columns. The column list (`COLUMNS`) says what
each column holds and how it is edited (the model's base columns are made from it); the delegate
and the view are in ui/members_view.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.domain import canonical
from app.domain.ids import normalize_id
from app.domain.money import format_fen, yuan_to_fen
from app.domain.registry import INCOME_CATEGORIES, LABOUR_ABILITIES, RELATIONS, MemberInput
from app.errors import IdNumberError
from app.ui.models.base import CENTER, FLAGS, RIGHT, Column, ColumnsTableModel, Index

Problem = tuple[str, str]
DISABILITY_CATEGORIES = ("", "视力", "听力", "言语", "肢体", "智力", "精神", "多重")
GRADES = ("无", "一级", "二级", "三级", "四级")  # index = grade 0-4
PROBLEM_BRUSH = QBrush(QColor("#f9d6d2"))
DERIVED_BRUSH = QBrush(QColor("#f2f2f2"))


@dataclass(frozen=True)
class MemberColumn:
    key: str
    header: str
    width: int
    kind: str  # text | id | derived | choice | check | count | money
    choices: tuple[str, ...] = ()


COLUMNS: tuple[MemberColumn, ...] = (
    MemberColumn("name", QT_TRANSLATE_NOOP("HouseholdDialog", "姓名"), 80, "text"),
    MemberColumn("id_number", QT_TRANSLATE_NOOP("HouseholdDialog", "身份证号"), 160, "id"),
    MemberColumn("birth_date", QT_TRANSLATE_NOOP("HouseholdDialog", "出生日期"), 84, "derived"),
    MemberColumn("sex", QT_TRANSLATE_NOOP("HouseholdDialog", "性别"), 40, "derived"),
    MemberColumn("relation", QT_TRANSLATE_NOOP("HouseholdDialog", "与户主关系"), 86, "choice", RELATIONS),
    MemberColumn("co_resident", QT_TRANSLATE_NOOP("HouseholdDialog", "共同生活"), 60, "check"),
    MemberColumn("labour_ability", QT_TRANSLATE_NOOP("HouseholdDialog", "劳动能力"), 88, "choice", LABOUR_ABILITIES),
    MemberColumn("disability_category", QT_TRANSLATE_NOOP("HouseholdDialog", "残疾类别"), 70, "choice",
           DISABILITY_CATEGORIES),
    MemberColumn("disability_grade", QT_TRANSLATE_NOOP("HouseholdDialog", "残疾等级"), 60, "choice", GRADES),
    MemberColumn("serious_illness", QT_TRANSLATE_NOOP("HouseholdDialog", "重病"), 40, "check"),
    MemberColumn("student", QT_TRANSLATE_NOOP("HouseholdDialog", "在校生"), 50, "check"),
    MemberColumn("selfcare_items_failed", QT_TRANSLATE_NOOP("HouseholdDialog", "自理缺失项"), 72, "count"),
) + tuple(MemberColumn(cat, f"{cat}收入", 80, "money") for cat in INCOME_CATEGORIES)  # yuan per month
COLUMN = {c.key: i for i, c in enumerate(COLUMNS)}
ID_COLUMN, NAME_COLUMN = COLUMN["id_number"], COLUMN["name"]
LAST_COLUMN = len(COLUMNS) - 1
ALIGN = {"money": RIGHT, "derived": CENTER, "count": CENTER}
GRID_COLUMNS = tuple(Column(c.header, c.key, width=c.width, align=ALIGN.get(c.kind, Qt.AlignmentFlag(0)),
                            editable=c.kind not in ("derived", "check")) for c in COLUMNS)


def header(column: int) -> str:
    return QCoreApplication.translate("HouseholdDialog", COLUMNS[column].header)


@dataclass
class MemberDraft:
    """One member line as typed; `incomes` holds the yuan text per category."""

    relation: str
    name: str = ""
    id_number: str = ""  # canonical (id_text) but not yet validated
    co_resident: bool = True
    labour_ability: str = ""
    disability_category: str = ""
    disability_grade: int = 0
    serious_illness: bool = False
    student: bool = False
    selfcare_items_failed: int = 0
    incomes: dict[str, str] = field(default_factory=lambda: dict.fromkeys(INCOME_CATEGORIES, ""))
    death_date: date | None = None  # kept as loaded; not edited here
    member_id: int | None = None
    id_touched: bool = False  # an ID problem is shown once 18 characters are typed or the cell is left

    @classmethod
    def of(cls, m: MemberInput) -> MemberDraft:
        return cls(relation=m.relation, name=m.name, id_number=m.id_number, co_resident=m.co_resident,
                   labour_ability=m.labour_ability, disability_category=m.disability_category,
                   disability_grade=m.disability_grade, serious_illness=m.serious_illness, student=m.student,
                   selfcare_items_failed=m.selfcare_items_failed, death_date=m.death_date, member_id=m.id,
                   incomes={c: format_fen(m.incomes[c]) if m.incomes.get(c) else "" for c in INCOME_CATEGORIES},
                   id_touched=True)

    def id_info(self):  # noqa: ANN201 - IdInfo or None
        try:
            return normalize_id(self.id_number)
        except IdNumberError:
            return None

    def id_problem(self) -> str | None:
        """The ID number's problem once it is worth showing (typed out or left), else None."""
        if not self.id_number or (len(self.id_number) < 18 and not self.id_touched):
            return None
        try:
            normalize_id(self.id_number)
        except IdNumberError as exc:
            return str(exc.params["detail"])
        return None

    def money_problems(self) -> dict[str, str]:
        """Category -> reason for each income that is not a valid amount (a minus sign, letters ...)."""
        out = {}
        for cat, typed in self.incomes.items():
            try:
                yuan_to_fen(canonical.compact(typed))
            except ValueError as exc:
                out[cat] = str(exc)
        return out

    def to_input(self) -> MemberInput:
        incomes = {}
        for cat, typed in self.incomes.items():
            try:
                fen = yuan_to_fen(canonical.compact(typed))
            except ValueError:
                continue  # reported by money_problems
            if fen:
                incomes[cat] = fen
        return MemberInput(
            name=canonical.text(self.name), id_number=self.id_number, relation=self.relation,
            co_resident=self.co_resident, labour_ability=self.labour_ability,
            disability_category=canonical.text(self.disability_category), disability_grade=self.disability_grade,
            serious_illness=self.serious_illness, student=self.student,
            selfcare_items_failed=self.selfcare_items_failed, death_date=self.death_date, incomes=incomes,
            id=self.member_id)

    def state(self) -> tuple:
        """Everything the clerk can change, to tell whether the form was edited."""
        return (self.relation, self.name, self.id_number, self.co_resident, self.labour_ability,
                self.disability_category, self.disability_grade, self.serious_illness, self.student,
                self.selfcare_items_failed, tuple(self.incomes.values()))


class MembersTableModel(ColumnsTableModel):
    """Editable rows of MemberDraft; `edited` fires after every change a person makes."""

    COLUMNS = GRID_COLUMNS
    context = "HouseholdDialog"
    edited = Signal()

    def __init__(self, parent=None) -> None:  # noqa: ANN001 - any QObject
        super().__init__(None, parent)

    @property
    def drafts(self) -> list[MemberDraft]:
        return self._rows

    # -- Qt model API ---------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and COLUMNS[index.column()].kind == "check":
            return FLAGS | Qt.ItemFlag.ItemIsUserCheckable
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        d, col = self.drafts[index.row()], COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._value(d, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "check":
            return Qt.CheckState.Checked if getattr(d, col.key) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = self.columns()[index.column()].align
            return int(align) if align else None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            problem = self.cell_problem(index.row(), index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem
            return PROBLEM_BRUSH if problem else (DERIVED_BRUSH if col.kind == "derived" else None)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{header(index.column())} {self._value(d, col, False) or ''}".strip()
        return None

    def _value(self, d: MemberDraft, col: MemberColumn, edit: bool):  # noqa: ANN202 - str or int
        if col.kind == "money":
            return d.incomes[col.key]
        if col.key in ("birth_date", "sex"):
            info = d.id_info()
            return "" if info is None else (info.birth_date.isoformat() if col.key == "birth_date" else info.sex)
        if col.key == "disability_grade":
            return d.disability_grade if edit else GRADES[d.disability_grade] if 0 <= d.disability_grade < 5 else ""
        if col.kind == "check":
            return None
        value = getattr(d, col.key)
        return value if edit else str(value)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802, ANN001
        if not index.isValid():
            return False
        d, col = self.drafts[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "check":
            setattr(d, col.key, Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role != Qt.ItemDataRole.EditRole or col.kind in ("derived", "check"):
            return False
        elif col.kind == "money":
            d.incomes[col.key] = str(value)
        elif col.kind == "id":
            d.id_number = canonical.id_text(value)
        elif col.key in ("disability_grade", "selfcare_items_failed"):
            setattr(d, col.key, int(value))
        else:
            setattr(d, col.key, str(value))
        last = ID_COLUMN + 2 if col.kind == "id" else index.column()  # the ID also changes birth date and sex
        self.dataChanged.emit(index, self.index(index.row(), max(last, index.column())))
        self.edited.emit()
        return True

    # -- the dialog's API -----------------------------------------------------------------------
    def cell_problem(self, row: int, column: int) -> str | None:
        d, col = self.drafts[row], COLUMNS[column]
        if col.kind == "id":
            return d.id_problem()
        if col.kind == "money":
            return d.money_problems().get(col.key)
        return None

    def touch_id(self, row: int) -> None:
        """The ID cell was left: from now on its problem is shown even if it is short."""
        if 0 <= row < len(self.drafts) and not self.drafts[row].id_touched:
            self.drafts[row].id_touched = True
            self.dataChanged.emit(self.index(row, ID_COLUMN), self.index(row, ID_COLUMN))
            self.edited.emit()

    def next_relation(self) -> str:
        taken = {d.relation for d in self.drafts}
        return next(r for r in ("本人", "配偶", "子") if r not in taken or r == "子")

    def add_member(self, relation: str | None = None) -> int:
        row = len(self.drafts)
        self.beginInsertRows(QModelIndex(), row, row)
        self.drafts.append(MemberDraft(relation=relation or self.next_relation()))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_member(self, row: int) -> None:
        if 0 <= row < len(self.drafts):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.drafts[row]
            self.endRemoveRows()
            self.edited.emit()

    def load(self, members: list[MemberInput]) -> None:
        self.set_rows([MemberDraft.of(m) for m in members])

    def member_inputs(self) -> tuple[list[MemberInput], list[Problem]]:
        """The members as MemberInput, and the amounts that are not amounts (named by row and column)."""
        problems = [(f"成员第 {i} 行「{cat}收入」", reason)
                    for i, d in enumerate(self.drafts, start=1) for cat, reason in d.money_problems().items()]
        return [d.to_input() for d in self.drafts], problems

    def live_problems(self) -> list[Problem]:
        """What is shown while typing: ID numbers typed out or left, and every amount that is not one."""
        out: list[Problem] = []
        for i, d in enumerate(self.drafts, start=1):
            problem = d.id_problem()
            if problem:
                out.append((f"成员第 {i} 行「身份证号」", problem))
            out += [(f"成员第 {i} 行「{cat}收入」", reason) for cat, reason in d.money_problems().items()]
        return out

    def state(self) -> tuple:
        return tuple(d.state() for d in self.drafts)
