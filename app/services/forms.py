"""What the printable forms of one application show (SPEC §5): read-only, plain data, no Qt.

`form_data` gathers the household, its members (full ID numbers: these forms stay inside the
office), the amount calculation with its breakdown, the latest investigation, the first-review
and confirmation opinions, and for a refused or rejected application the decision and reasons.
app.reports.forms lays it out; nothing here knows about pages.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import workflow as wf
from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.domain.standards import month_text
from app.errors import AppError
from app.models import Application, ApplicationTransition, Township
from app.models.uow import UnitOfWork
from app.reports.form_inputs import FormData, FormMember, FormPaper, Investigation, Opinion, Refusal
from app.services.applications import compute, load_application
from app.services.papers import application_papers

_S = wf.Step
FIRST_REVIEW_STEPS = (_S.FIRST_REVIEW_APPROVE, _S.FIRST_REVIEW_REJECT)
CONFIRM_STEPS = (_S.CONFIRM, _S.REJECT_CONFIRM, _S.COUNTY_CONFIRM, _S.COUNTY_REJECT)
REFUSAL_STEPS = (_S.REFUSE_ACCEPT, _S.FIRST_REVIEW_REJECT, _S.REJECT_CONFIRM, _S.COUNTY_REJECT)
NOTICE_START_STEPS = (_S.FIRST_REVIEW_APPROVE, _S.START_NOTICE)


def _opinion(t: ApplicationTransition) -> Opinion:
    data = json.loads(t.data)
    amount = data.get("amount_fen")
    return Opinion(t.step, wf.STEP_LABELS.get(wf.Step(t.step), t.step), t.actor, t.on, t.opinion,
                   format_fen(amount) if isinstance(amount, int) else None)


def _last(transitions: list[ApplicationTransition], steps: tuple[wf.Step, ...]) -> ApplicationTransition | None:
    wanted = {s.value for s in steps}
    return next((t for t in reversed(transitions) if t.step in wanted), None)


def _investigation(t: ApplicationTransition | None) -> Investigation | None:
    if t is None:
        return None
    data = json.loads(t.data)
    visit = data.get("visit_date")
    return Investigation(tuple(data.get("investigators") or ()), date.fromisoformat(visit) if visit else t.on,
                         data.get("findings", ""), data.get("data_check", ""), t.actor, t.on)


def _refusal(a: Application) -> Refusal | None:
    if a.state not in (wf.AppState.REFUSED.value, wf.AppState.REJECTED.value):
        return None
    t = _last(a.transitions, REFUSAL_STEPS)
    if t is None:
        return None
    papers = tuple(json.loads(t.data).get("missing_papers") or ())
    return Refusal(a.state, wf.STEP_LABELS[wf.Step(t.step)], t.opinion, t.on, t.actor, papers)


def _breakdown(lines: list[str], program_name: str, month: str) -> tuple[str, ...]:
    """The calculation lines a form prints: without the calc file's heading and defaults notes."""
    return tuple(line for line in lines if line != f"{program_name} {month}" and not line.startswith("未给出的参数"))


def _calc(s: Session, a: Application, month: str) -> tuple[bool | None, str | None, str | None, tuple[str, ...]]:
    try:
        result = compute(s, a, month)
    except AppError as exc:  # e.g. no standard in force that month: the form still prints
        return None, None, None, (f"无法计算：{exc.text}",)
    lines = _breakdown(result["lines"], PROGRAM_NAMES[a.program], month)
    return result["eligible"], result["per_capita_income"], result["amount"], lines


def form_data(uow: UnitOfWork, application_id: int, *, today: date | None = None) -> FormData:
    """Everything the review form, investigation record and rejection notice print."""
    with uow.read() as s:
        a = load_application(s, application_id)
        h, transitions = a.household, list(a.transitions)
        covered = set(json.loads(a.covered_member_ids))
        alive = [m for m in h.members if not m.removed]
        head = next((m for m in alive if m.relation == "本人"), alive[0] if alive else None)
        first = _last(transitions, FIRST_REVIEW_STEPS)
        calc_on = first.on if first is not None else (today or date.today())
        eligible, pci, computed, lines = _calc(s, a, month_text(calc_on))
        township = s.scalar(select(Township.name).limit(1)) or ""
        notice = _last(transitions, NOTICE_START_STEPS)
        ended = _last(transitions[transitions.index(notice):] if notice else [], (_S.NOTICE_END,))
        return FormData(
            application_id=a.id, township=township, village=h.village.name, address=h.address,
            hukou_type=h.hukou_type, phone=h.phone, applicant=head.name if head else "",
            applicant_id_number=head.id_number if head else "", program=a.program,
            program_name=PROGRAM_NAMES[a.program], state=a.state, applied_on=a.created_on,
            accepted_on=a.accepted_on,
            members=tuple(FormMember(m.name, m.relation, m.sex, m.birth_date, m.id_number,
                                     format_fen(m.monthly_income_fen), m.disability_grade, m.serious_illness,
                                     m.id in covered, m.labour_ability) for m in alive),
            household_income_yuan=format_fen(sum(m.monthly_income_fen for m in alive if m.id in covered)),
            deductions_yuan=format_fen(h.deductions_fen), calc_month=month_text(calc_on), eligible=eligible,
            per_capita_income_yuan=pci, computed_amount_yuan=computed, calc_lines=lines,
            amount_yuan=format_fen(a.amount_fen) if a.amount_fen is not None else None,
            investigation=_investigation(_last(transitions, (_S.RECORD_INVESTIGATION,))),
            first_review=_opinion(first) if first is not None else None,
            confirmation=_opinion(c) if (c := _last(transitions, CONFIRM_STEPS)) is not None else None,
            refusal=_refusal(a),
            papers=tuple(FormPaper(p.paper_type, p.attached_on, p.pages)
                         for p in application_papers(s, a.id, a.household_id)),
            notice_start=notice.on if notice is not None else None,
            notice_end=wf.notice_period(notice.on)[1] if notice is not None else None,
            notice_closed=ended is not None,
            objections=tuple(_opinion(t) for t in transitions if t.step == _S.NOTICE_OBJECTION.value),
        )

