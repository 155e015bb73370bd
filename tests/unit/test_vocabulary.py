"""The domain's one vocabulary: programs and their families, roster line kinds, roles, audit labels."""

import ast
from datetime import date
from pathlib import Path

import pytest

from app.domain.audit_labels import ACTION_LABELS, action_label
from app.domain.lifecycle import EVENT_KINDS
from app.domain.monitoring import STEPS as MONITOR_STEPS
from app.domain.programs import ALL_PROGRAMS, CASE_PROGRAMS, PROGRAM_NAMES, family, is_dibao, programs_of
from app.domain.roles import CLERK_ROLES, COUNTY, ROLE_LABELS, ROLES, Actor, require_role
from app.domain.roster_lines import CASE_MONTH_KINDS, CASE_PAID_KINDS, COUNTED_KINDS, LineKind
from app.domain.workdays import WorkCalendar
from app.domain.workflow import (
    STEP_ROLES,
    TRANSITIONS,
    AppSnapshot,
    AppState,
    Step,
    apply_step,
    available_steps,
)
from app.errors import InvalidInput, PermissionDenied
from app.services.users import REVEAL_FIELDS


@pytest.mark.parametrize(("program", "expected"), [
    ("urban_dibao", "dibao"), ("rural_dibao", "dibao"), ("urban_tekun", "tekun"), ("rural_tekun", "tekun"),
    ("temporary", "temporary"), ("price_subsidy", "price_subsidy"),
])
def test_family_of_every_program(program, expected):
    assert family(program) == expected
    assert is_dibao(program) == (expected == "dibao")


def test_the_table_above_names_every_program():
    assert set(ALL_PROGRAMS) == set(PROGRAM_NAMES)


def test_an_unknown_program_has_no_family_and_is_not_dibao():
    with pytest.raises(InvalidInput):
        family("dibao")
    assert not is_dibao("") and not is_dibao("None")


def test_programs_come_in_roster_order_case_programs_first():
    assert ALL_PROGRAMS == (*CASE_PROGRAMS, "temporary", "price_subsidy")
    assert list(PROGRAM_NAMES) == list(ALL_PROGRAMS)


def test_programs_of_a_family():
    assert programs_of("dibao") == ("urban_dibao", "rural_dibao")
    assert programs_of("tekun") == ("urban_tekun", "rural_tekun")


# the texts stored in roster_line.kind and carried in sync batches: they must never change
@pytest.mark.parametrize(("kind", "stored"), [
    (LineKind.REGULAR, "正常"), (LineKind.BACK_PAY, "补发"), (LineKind.SUSPENDED, "停发"),
    (LineKind.ADJUSTMENT, "调整"), (LineKind.TEMPORARY, "临时救助"), (LineKind.PRICE_SUBSIDY, "价格补贴"),
])
def test_line_kind_is_its_stored_text(kind, stored):
    assert kind == stored and kind.value == stored and f"{kind}" == stored
    assert LineKind(stored) is kind


def test_every_line_kind_is_in_the_table_above():
    assert len(LineKind) == 6


@pytest.mark.parametrize(("kinds", "expected"), [
    (COUNTED_KINDS, ("正常", "临时救助", "价格补贴")),
    (CASE_MONTH_KINDS, ("正常", "补发")),
    (CASE_PAID_KINDS, ("正常", "补发", "调整", "价格补贴")),
])
def test_groups_of_line_kinds(kinds, expected):
    assert tuple(kinds) == expected


# ---- roles ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("role", "label"), [
    ("clerk", "经办人"), ("reviewer", "审核人"), ("admin", "管理员"), ("county", "县级民政"),
    ("county_clerk", "县级经办人"), ("county_reviewer", "县级审核人"),
])
def test_role_labels(role, label):
    assert ROLE_LABELS[role] == label
    assert Actor(1, "某人", role).role_label == label


def test_user_accounts_hold_the_office_roles_only():
    assert ROLES == {"clerk": "经办人", "reviewer": "审核人", "admin": "管理员"}
    assert CLERK_ROLES == ("clerk", "reviewer", "admin")
    assert set(ROLE_LABELS) == {*ROLES, COUNTY, "county_clerk", "county_reviewer"}  # the last two: county users


def test_every_role_a_step_needs_has_a_label():
    assert {r for roles in STEP_ROLES.values() for r in roles} <= set(ROLE_LABELS)


def test_the_county_actor():
    county = Actor.county("某县民政局")
    assert (county.user_id, county.name, county.role, county.role_label) == (0, "县级民政（某县民政局）", "county",
                                                                               "县级民政")


def test_a_refusal_names_the_roles_by_label():
    with pytest.raises(PermissionDenied, match="王五（经办人）不能执行此操作，需要审核人、管理员角色"):
        require_role(Actor(3, "王五", "clerk"), "reviewer", "admin")


_S = Step
STEPS_OF_ROLE = {
    "clerk": {_S.ACCEPT, _S.REFUSE_ACCEPT, _S.START_INVESTIGATION, _S.RECORD_INVESTIGATION, _S.START_NOTICE,
              _S.NOTICE_OBJECTION, _S.NOTICE_END, _S.WITHDRAW, _S.SUBMIT_TO_COUNTY},
    "reviewer": {_S.FIRST_REVIEW_APPROVE, _S.FIRST_REVIEW_REJECT, _S.CONFIRM, _S.REJECT_CONFIRM, _S.SUBMIT_TO_COUNTY},
    "admin": set(),
    "county": {_S.COUNTY_CONFIRM, _S.COUNTY_REJECT},
    "county_clerk": set(),  # county users decide in the county database; the township takes COUNTY_* steps
    "county_reviewer": set(),  # for them as Actor.county when the decision batch arrives
}


@pytest.mark.parametrize("role", list(ROLE_LABELS))
@pytest.mark.parametrize("step", list(Step))
def test_the_one_actor_takes_the_steps_of_its_role(role, step):
    sources, _ = TRANSITIONS[step]
    app = AppSnapshot(state=sorted(sources)[0], program="urban_dibao")
    assert (step in available_steps(app, Actor(7, "某人", role), delegated=True)) == (step in STEPS_OF_ROLE[role])


@pytest.mark.parametrize("role", ["clerk", "admin", "county"])
def test_a_step_of_another_role_is_refused_with_the_labels(role):
    app = AppSnapshot(state=AppState.INVESTIGATED, program="urban_dibao")
    with pytest.raises(PermissionDenied, match="「初审同意」只能由审核人办理，某人不能办理"):
        apply_step(app, Step.FIRST_REVIEW_APPROVE, Actor(7, "某人", role), on=date(2020, 10, 9), delegated=True,
                   calendar=WorkCalendar(), today=date(2020, 10, 9), data={"amount_fen": 100})


# ---- audit labels --------------------------------------------------------------------------------
APP = Path(__file__).resolve().parents[2] / "app"


def _literal_actions() -> set[str]:
    """Every action key written as text in an audit.append(session, actor, action, ...) call under app/."""
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit" and len(node.args) > 2):
                continue
            action = node.args[2]
            choices = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
            found |= {c.value for c in choices if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return found


def test_the_scan_finds_the_actions_services_write():
    assert {"household.create", "roster.confirm", "user.enable", "user.disable", "sync.export"} <= _literal_actions()


# the actions built from a variable: f"application.{step}", f"case.{kind}", f"monitor.{step}", f"reveal.{field}", papers
BUILT_ACTIONS = (
    {f"application.{step.value}" for step in Step} | {f"case.{kind}" for kind in EVENT_KINDS}
    | {f"monitor.{step}" for step in MONITOR_STEPS} | {f"reveal.{field}" for field in REVEAL_FIELDS}
    | {"paper.rotate", "paper.remove"}
)


@pytest.mark.parametrize("action", sorted(_literal_actions() | BUILT_ACTIONS))
def test_every_audit_action_has_a_label(action):
    assert ACTION_LABELS.get(action, "") not in ("", action)
    assert action_label(action) == ACTION_LABELS[action]


@pytest.mark.parametrize(("action", "label"), [
    ("household.create", "新建家庭"), ("case.change", "调整金额"), ("case.terminate", "终止救助"), ("case.review", "复核"),
    ("application.first_review_approve", "初审同意"), ("reveal.id_number", "显示完整身份证号"),
    ("monitor.verify", "开始核实预警"),
])
def test_audit_labels(action, label):
    assert action_label(action) == label


def test_an_action_without_a_label_shows_as_itself():
    assert action_label("something.new") == "something.new"
