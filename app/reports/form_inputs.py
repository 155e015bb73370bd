"""What a printable application form shows (SPEC §5), as plain data: the input of app.reports.forms,
filled by app.services.forms.form_data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.programs import family


@dataclass(frozen=True)
class FormMember:
    name: str
    relation: str
    sex: str
    birth_date: date
    id_number: str  # in full: internal forms only, never a public notice
    income_yuan: str  # monthly, all categories
    disability_grade: int  # 0 = none
    serious_illness: bool
    covered: bool
    labour_ability: str = ""


@dataclass(frozen=True)
class Opinion:
    """One recorded decision step: its label, who took it, when, the opinion and any amount."""

    step: str
    label: str  # 初审同意 / 审核确认 / 不予确认 ...
    actor: str
    on: date
    opinion: str
    amount_yuan: str | None = None


@dataclass(frozen=True)
class Investigation:
    investigators: tuple[str, ...]
    visit_date: date
    findings: str
    data_check: str
    recorded_by: str
    recorded_on: date


@dataclass(frozen=True)
class Refusal:
    """Why and when an application was refused (不予受理) or rejected (不予确认 / 初审不同意)."""

    decision: str  # the state it ended in: 不予受理 or 不予确认
    step_label: str  # the step that decided: 不予受理 / 初审不同意 / 不予确认 / 县级不予确认
    reason: str
    on: date
    actor: str
    missing_papers: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormPaper:
    """One attached paper as the forms list it (SPEC §14: type, date, pages; never its content)."""

    paper_type: str
    attached_on: date
    pages: int


@dataclass(frozen=True)
class FormData:
    application_id: int
    township: str
    village: str
    address: str
    hukou_type: str
    phone: str
    applicant: str
    applicant_id_number: str
    program: str  # key: urban_dibao ...
    program_name: str  # 城市低保 ...
    state: str
    applied_on: date
    accepted_on: date | None
    members: tuple[FormMember, ...]
    household_income_yuan: str  # monthly income of the members the calculation counts
    deductions_yuan: str  # 刚性支出 per month (dibao)
    calc_month: str  # YYYY-MM of the calculation: the first-review month, else the printing month
    eligible: bool | None  # None: the calculation could not be made (see calc_lines)
    per_capita_income_yuan: str | None
    computed_amount_yuan: str | None
    calc_lines: tuple[str, ...]
    amount_yuan: str | None  # proposed at first review, then as confirmed
    investigation: Investigation | None
    first_review: Opinion | None
    confirmation: Opinion | None
    refusal: Refusal | None
    notice_start: date | None
    notice_end: date | None  # the period's last day (start + 6), as on the notice itself
    notice_closed: bool  # the 公示 was ended (期满)
    objections: tuple[Opinion, ...]
    papers: tuple[FormPaper, ...] = ()  # attached to the application, its investigation, its household

    @property
    def family(self) -> str:
        """dibao or tekun."""
        return family(self.program)

    @property
    def covered_count(self) -> int:
        return sum(1 for m in self.members if m.covered)
