"""Printable forms of an application: built through the services, read back from the PDF."""

from datetime import date

import pytest
from pypdf import PdfReader

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import Conflict
from app.reports.forms import investigation_form_pdf, rejection_notice_pdf, review_form_pdf
from app.services.applications import create_application, take_step
from app.services.forms import form_data
from app.services.households import register_household
from app.services.standards import DELEGATED_KEY, set_setting

INVESTIGATION = {"investigators": ["clerk", "王调查"], "visit_date": "2020-09-29",
                 "findings": "家中无劳动力，收入低", "data_check": "比对无异常"}


@pytest.fixture
def household(db_ctx, clerk):
    return register_household(db_ctx.uow, clerk, HouseholdInput(
        village="新市社区", hukou_type="城镇", address="新市社区幸福路 8 号", phone="13800000000", members=[
            MemberInput("张三丰", "430902194501010013", "本人", incomes={"工资性": 20000}),
            MemberInput("李四娘", "11010519491231002X", "配偶", disability_grade=2)]))


@pytest.fixture
def pending(db_ctx, admin, clerk, reviewer, household):
    """An urban dibao application investigated, approved at first review, publicly noticed."""
    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 28))
    take_step(db_ctx.uow, clerk, app_id, "start_investigation", on=date(2020, 9, 29))
    take_step(db_ctx.uow, clerk, app_id, "record_investigation", on=date(2020, 9, 30), data=INVESTIGATION)
    take_step(db_ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9), opinion="同意")
    take_step(db_ctx.uow, clerk, app_id, "notice_end", on=date(2020, 10, 16))
    return app_id


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_form_data_carries_the_household_the_amount_and_the_opinions(db_ctx, pending):
    data = form_data(db_ctx.uow, pending)
    assert (data.township, data.village, data.applicant, data.program_name) == ("测试镇", "新市社区", "张三丰", "城市低保")
    assert data.members[0].id_number == "430902194501010013"  # internal forms show the full number
    assert (data.household_income_yuan, data.computed_amount_yuan, data.amount_yuan) == ("200.00", "960.00", "960.00")
    assert data.investigation.investigators == ("clerk", "王调查")
    assert (data.first_review.actor, data.first_review.on, data.confirmation) == ("reviewer", date(2020, 10, 9), None)
    assert data.refusal is None


def test_review_form_shows_applicant_program_amount_and_investigators(db_ctx, pending, tmp_path):
    path = review_form_pdf(form_data(db_ctx.uow, pending), tmp_path / "review.pdf")
    text = _text(path)
    for expected in ("最低生活保障审核确认表", "张三丰", "城市低保", "960.00", "补差", "clerk、王调查",
                     "家中无劳动力", "初审同意", "经办人", "第 1 页 共"):
        assert expected in text, expected


def test_investigation_form_has_the_visit_findings_and_two_signature_slots(db_ctx, pending, tmp_path):
    text = _text(investigation_form_pdf(form_data(db_ctx.uow, pending), tmp_path / "visit.pdf"))
    for expected in ("入户调查表", "张三丰", "城市低保", "2020 年 9 月 29 日", "调查人 1：clerk", "调查人 2：王调查",
                     "比对无异常", "申请人（签字或按手印）", "第 1 页 共"):
        assert expected in text, expected


def test_rejection_notice_gives_reasons_and_both_appeal_routes(db_ctx, pending, reviewer, tmp_path):
    take_step(db_ctx.uow, reviewer, pending, "reject_confirm", on=date(2020, 10, 19), opinion="有隐瞒收入")
    text = _text(rejection_notice_pdf(form_data(db_ctx.uow, pending), tmp_path / "notice.pdf"))
    for expected in ("不予确认通知书", "张三丰", "城市低保", "有隐瞒收入", "行政复议", "60 日", "6 个月",
                     "行政诉讼", "测试镇人民政府（盖章）", "2020 年 10 月 19 日", "第 1 页 共"):
        assert expected in text, expected
    assert "430902194501010013" not in text  # the notice goes to the applicant: no ID numbers


def test_refusal_to_accept_is_noticed_with_its_reason(db_ctx, clerk, household, tmp_path):
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "refuse_accept", on=date(2020, 9, 28), opinion="材料不全",
              data={"missing_papers": ["户口簿", "收入证明"]})
    data = form_data(db_ctx.uow, app_id)
    assert (data.refusal.decision, data.refusal.reason, data.refusal.on) == ("不予受理", "材料不全", date(2020, 9, 28))
    text = _text(rejection_notice_pdf(data, tmp_path / "refused.pdf"))
    # the papers checklist (none attached) comes first, then what the clerk added, each once
    assert data.refusal.missing_papers == ("申请书", "家庭经济状况核对授权书", "身份证", "户口簿", "收入证明")
    assert "不予受理通知书" in text and "身份证、户口簿、收入证明" in text.replace("\n", "") and "行政复议" in text


def test_no_rejection_notice_for_an_application_still_in_progress(db_ctx, pending, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(Conflict, match="不予受理或不予确认"):
        rejection_notice_pdf(form_data(db_ctx.uow, pending), out / "notice.pdf")
    assert not out.exists() or list(out.iterdir()) == []  # nothing written, no temp file left


def test_forms_print_before_the_investigation_with_blanks_to_fill_in(db_ctx, clerk, household, tmp_path):
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    data = form_data(db_ctx.uow, app_id, today=date(2020, 9, 25))
    assert data.investigation is None and data.first_review is None
    text = _text(investigation_form_pdf(data, tmp_path / "blank.pdf"))
    assert "调查人 1：" in text and "调查人 2：" in text and "张三丰" in text


def test_the_notice_period_is_the_same_on_the_review_form_the_notice_and_the_case_dialog(
        db_ctx, clerk, reviewer, household, admin, tmp_path):
    """公示 from 10-09 covers 10-09 to 10-15 (7 calendar days), even when it is ended later (10-16)."""
    from app.services.application_queries import application_detail
    from app.services.notices import pending_rows

    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 28))
    take_step(db_ctx.uow, clerk, app_id, "start_investigation", on=date(2020, 9, 29))
    take_step(db_ctx.uow, clerk, app_id, "record_investigation", on=date(2020, 9, 30), data=INVESTIGATION)
    take_step(db_ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9), opinion="同意")
    (row,) = pending_rows(db_ctx.uow)
    assert (row.start, row.end) == (date(2020, 10, 9), date(2020, 10, 15))
    take_step(db_ctx.uow, clerk, app_id, "notice_end", on=date(2020, 10, 16))
    assert application_detail(db_ctx.uow, app_id).notice_period == (date(2020, 10, 9), date(2020, 10, 15))
    text = _text(review_form_pdf(form_data(db_ctx.uow, app_id), tmp_path / "review.pdf"))
    assert "2020 年 10 月 9 日 至 2020 年 10 月 15 日" in text and "公示期满无异议" in text
