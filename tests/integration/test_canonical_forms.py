"""One person, one spelling (SPEC §2): at every entry, in the database's own constraints, and in the
migration that brings stored data to the canonical form."""

import sqlite3
from datetime import date

import openpyxl
import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select, text

from app.domain.legacy import COLUMNS
from app.domain.registry import HouseholdInput, MemberInput
from app.errors import Conflict, ImportRejected, MigrationDuplicateId
from app.models import Case, Household, Member
from app.models.db import make_engine
from app.models.migrate import HEAD_REVISION, alembic_config, current_revision, migrate
from app.models.uow import UnitOfWork
from app.services import audit, integrity
from app.services.auth import login
from app.services.checks import run_checks
from app.services.households import history, household_snapshot, register_household, update_household
from app.services.legacy_io import import_legacy
from app.services.township import init_township
from tests.conftest import PASSWORD, dump_content
from tests.e2e.test_cli import run
from tests.unit.test_canonical import spellings

LIU = "43090219560412005X"  # 刘建国
LIU_FULL = "４３０９０２１９５６０４１２００５ｘ"
WANG = "430902194501010013"  # 王桂英
CHEN = "11010519491231002X"  # 陈秀兰


def _household(name, number, *, village="东风村", **fields):
    return HouseholdInput(village=village, members=[MemberInput(name, number, "本人")], **fields)


def _counts(path):
    with sqlite3.connect(path) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


# ---- the household service ------------------------------------------------------------------------

def test_the_full_width_id_of_a_registered_person_is_refused_naming_his_household(db_ctx, clerk):
    hid = register_household(db_ctx.uow, clerk, _household("刘建国", LIU))
    before = dump_content(db_ctx.db_path)
    with pytest.raises(Conflict) as err:
        register_household(db_ctx.uow, clerk, _household("刘健国", "４３０９０２１９５６０４１２００５Ｘ", village="西湖村"))
    assert f"身份证号 {LIU} 已是 东风村 刘建国 户（户 {hid}）的成员，一人只能属于一户" in err.value.text
    assert err.value.exit_code == 3
    assert dump_content(db_ctx.db_path) == before


def test_adding_a_spaced_variant_to_another_household_is_refused(db_ctx, clerk):
    register_household(db_ctx.uow, clerk, _household("刘建国", LIU))
    other = register_household(db_ctx.uow, clerk, _household("王桂英", WANG, village="西湖村"))
    data = HouseholdInput(village="西湖村", members=[MemberInput("王桂英", WANG, "本人"),
                                                    MemberInput("刘建国", "430902 19560412 005x", "其他")])
    before = dump_content(db_ctx.db_path)
    with pytest.raises(Conflict, match="已是 东风村 刘建国 户"):
        update_household(db_ctx.uow, clerk, other, data)
    assert dump_content(db_ctx.db_path) == before


def test_what_a_clerk_types_is_stored_in_its_canonical_form(db_ctx, clerk):
    data = HouseholdInput(village=" 东风村\u3000", address="东风村３组 ", phone="１３９ ０７３７ ００１１",
                          bank_account="6228 4800\u30001234 5678 901", members=[
                              MemberInput("\u3000刘建国 ", LIU_FULL, "本人")])
    hid = register_household(db_ctx.uow, clerk, data)
    with sqlite3.connect(db_ctx.db_path) as conn:
        assert conn.execute("SELECT address, phone, bank_account FROM household WHERE id = ?", (hid,)).fetchone() == (
            "东风村3组", "13907370011", "6228480012345678901")
        assert conn.execute("SELECT name, id_number, name_initials FROM member").fetchall() == [("刘建国", LIU, "ljg")]
        assert conn.execute("SELECT name FROM village").fetchall() == [("东风村",)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=spellings())
def test_any_spelling_of_a_registered_id_is_refused_in_a_second_household(registered, case):
    uow, clerk, households = registered
    stored, spelled = case
    before = _member_count(uow)
    with pytest.raises(Conflict) as err:
        register_household(uow, clerk, _household("某人", spelled, village="西湖村"))
    assert f"身份证号 {stored} 已是 东风村 户主{stored[-4:]} 户（户 {households[stored]}）" in err.value.text
    assert _member_count(uow) == before


@pytest.fixture
def registered(db_ctx, clerk, fixtures_dir):
    """Every valid fixture number, registered in ASCII as the head of its own household."""
    import json

    from app.domain.ids import normalize_id

    valid = json.loads((fixtures_dir / "id_numbers.json").read_text(encoding="utf-8"))["valid"]
    households = {}
    for raw in valid:
        stored = normalize_id(raw).number
        households[stored] = register_household(db_ctx.uow, clerk, _household(f"户主{stored[-4:]}", stored))
    return db_ctx.uow, clerk, households


def _member_count(uow):
    with uow.read() as s:
        return len(s.scalars(select(Member.id)).all())


# ---- the legacy import, the external list ---------------------------------------------------------

def _roster(path, rows):
    """A roster in the SPEC §7 template: one head per household, as an office would type it."""
    wb = openpyxl.Workbook()
    wb.active.append(list(COLUMNS))
    for village, no, name, number, program, account in rows:
        row = dict.fromkeys(COLUMNS)
        row.update({"村(社区)": village, "户编号": no, "姓名": name, "身份证号": number, "与户主关系": "本人",
                    "救助类别": program, "银行账号": account})
        if program != "无":
            row.update({"纳入年月": "2020-01", "月救助金(元)": 500})
        wb.active.append([row[c] for c in COLUMNS])
    wb.save(path)
    return path


def test_an_import_holding_a_person_already_registered_under_a_full_width_id_writes_nothing(db_ctx, admin, tmp_path):
    import_legacy(db_ctx.uow, admin, _roster(tmp_path / "a.xlsx", [("东风村", "H1", "刘建国", LIU, "农村特困", "")]))
    before = _counts(db_ctx.db_path)
    again = _roster(tmp_path / "b.xlsx", [("西湖村", "H9", "王桂英", WANG, "无", ""),
                                          ("西湖村", "H10", "刘建国", LIU_FULL, "农村低保", "")])
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, again)
    assert [(p.row, p.column) for p in err.value.problems] == [(3, "身份证号")]
    assert f"{LIU} 已是库中户 1 的成员" in err.value.text
    assert _counts(db_ctx.db_path) == before


def test_an_imported_account_and_its_payee_account_are_stored_compact(db_ctx, admin, tmp_path):
    import_legacy(db_ctx.uow, admin, _roster(tmp_path / "a.xlsx", [
        ("东风村", "H1", "刘建国", LIU_FULL, "农村特困", "６２２８４８００１２３４")]))
    with db_ctx.uow.read() as s:
        assert s.scalars(select(Member.id_number)).all() == [LIU]
        assert s.scalars(select(Household.bank_account)).all() == ["622848001234"]
        assert s.scalars(select(Case.payee_account)).all() == ["622848001234"]


def test_the_cli_import_of_a_full_width_duplicate_exits_3_and_writes_nothing(tmp_path):
    db = tmp_path / "t.db"
    assert run(tmp_path, "--db", str(db), "init", "--township-code", "430902101", "--township-name", "测试镇",
               "--admin", "admin").returncode == 0
    first = _roster(tmp_path / "a.xlsx", [("东风村", "H1", "刘建国", LIU, "无", "")])
    assert run(tmp_path, "--db", str(db), "--user", "admin", "household", "import", str(first)).returncode == 0
    before = _counts(db)
    again = _roster(tmp_path / "b.xlsx", [("西湖村", "H2", "刘建国", "430902 19560412 005x", "无", "")])
    done = run(tmp_path, "--db", str(db), "--user", "admin", "household", "import", str(again))
    assert done.returncode == 3, done.stderr
    assert "E_IMPORT_INVALID" in done.stderr and f"第 2 行「身份证号」：{LIU} 已是库中户 1 的成员" in done.stderr
    assert _counts(db) == before


def test_an_external_list_matches_a_full_width_id(db_ctx, admin, tmp_path):
    import_legacy(db_ctx.uow, admin, _roster(tmp_path / "a.xlsx", [("东风村", "H1", "刘建国", LIU, "农村特困", "")]))
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "事项", "日期"])
    wb.active.append(["刘建国\u3000", "４３０９０２ １９５６０４１２ ００５ｘ", "死亡", "２０２０-１２-０１"])
    wb.save(tmp_path / "deaths.xlsx")
    hits = [h for h in run_checks(db_ctx.uow, tmp_path / "deaths.xlsx", today=date(2021, 1, 20))
            if h.kind == "比对：死亡人员"]
    assert [(h.household_id, "名单姓名" in h.description) for h in hits] == [(1, False)]


# ---- the database itself --------------------------------------------------------------------------

MEMBER_SQL = ("INSERT INTO member (household_id, name, name_initials, id_number, birth_date, sex, relation, "
              "co_resident, labour_ability, disability_category, disability_grade, serious_illness, student, "
              "selfcare_items_failed, removed) VALUES (?, '某人', '', ?, '1956-04-12', '男', '其他', 1, '', '', 0, 0, 0, 0, ?)")


@pytest.mark.parametrize("number", [LIU_FULL, LIU.lower(), "430902 19560412005X", "43090219560412005", "４３０９０２１９５６０４１２００５X"])
def test_the_database_refuses_an_id_not_in_stored_form(db_ctx, clerk, number):
    hid = register_household(db_ctx.uow, clerk, _household("王桂英", WANG))
    with sqlite3.connect(db_ctx.db_path) as conn, pytest.raises(sqlite3.IntegrityError, match="ck_member_id_number_stored"):
        conn.execute(MEMBER_SQL, (hid, number, 0))


def test_the_database_keeps_one_person_in_one_household(db_ctx, clerk):
    register_household(db_ctx.uow, clerk, _household("刘建国", LIU))
    other = register_household(db_ctx.uow, clerk, _household("王桂英", WANG))
    with sqlite3.connect(db_ctx.db_path) as conn:
        conn.execute(MEMBER_SQL, (other, LIU, 1))  # a removed member keeps its row
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: member.id_number"):
            conn.execute(MEMBER_SQL, (other, LIU, 0))


# ---- the migration --------------------------------------------------------------------------------

def _stored_as_before(uow, household_id, *, ids=None, **fields):
    """Write values as the code before 0007 stored them (typed spellings kept) and audit it as it did."""
    with uow.begin() as s:
        h = s.get(Household, household_id)
        for f, v in fields.items():
            setattr(h, f, v)
        for m in h.members:
            m.id_number = (ids or {}).get(m.id_number, m.id_number)
        s.flush()
        audit.append(s, "clerk", "household.update", "household", h.id, after=household_snapshot(h), household_id=h.id)


def _case_as_before(uow, household_id, account):
    """The case table of 0006 lacks the later columns, so the row is read and written without the ORM; the
    snapshot is the one case_snapshot gave then."""
    with uow.begin() as s:
        row = s.execute(text("SELECT id, household_id, program, start_month, end_month, amount_fen, status, "
                             "support_mode, payee_name, end_reason FROM assistance_case WHERE household_id = :h"),
                        {"h": household_id}).mappings().one()
        s.execute(text("UPDATE assistance_case SET payee_account = :a WHERE id = :i"), {"a": account, "i": row["id"]})
        members = s.scalars(text("SELECT member_id FROM case_member WHERE case_id = :i ORDER BY member_id"),
                            {"i": row["id"]}).all()
        after = {**{k: row[k] for k in ("id", "household_id", "program", "start_month", "end_month", "amount_fen",
                                        "status", "support_mode", "payee_name")},
                 "payee_account": account, "end_reason": row["end_reason"], "members": list(members)}
        audit.append(s, "clerk", "case.update", "case", row["id"], after=after, household_id=household_id)


@pytest.fixture
def old_db(tmp_path):
    path, uow = make_old_db(tmp_path)
    yield path, uow
    uow.engine.dispose()


def make_old_db(tmp_path):
    """A township database at revision 0006 with three households registered through the services (of
    today, at the head revision, then taken down to 0006: today's models need today's columns)."""
    path = tmp_path / "old.db"
    config = alembic_config(f"sqlite:///{path}")
    command.upgrade(config, "head")
    engine = make_engine(str(path))
    uow = UnitOfWork(engine)
    init_township(uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
    admin = login(uow, "admin", PASSWORD)
    import_legacy(uow, admin, _roster(tmp_path / "a.xlsx", [
        ("东风村", "H1", "刘建国", LIU, "农村特困", "622848001234"), ("西湖村", "H2", "王桂英", WANG, "无", "")]))
    register_household(uow, admin, HouseholdInput(village="东风村", members=[
        MemberInput("陈秀兰", CHEN, "本人", incomes={"工资性": 50000}), MemberInput("陈小", "43090220100101001X", "子")]))
    engine.dispose()
    command.downgrade(config, "0006")
    return path, UnitOfWork(make_engine(str(path)))


def _upgrade(path, tmp_path):
    engine = make_engine(str(path))
    try:
        migrate(engine, backup_dir=tmp_path / "backups")
        return current_revision(engine)
    finally:
        engine.dispose()


def test_the_upgrade_puts_stored_values_in_canonical_form_and_keeps_the_audit_clean(old_db, tmp_path):
    path, uow = old_db
    _stored_as_before(uow, 1, ids={LIU: "４３０９０２ １９５６０４１２ ００５ｘ"}, bank_account="6228 4800 1234",
                      phone="１３９ ０７３７ ００１１")
    _case_as_before(uow, 1, "6228 4800 1234")
    _stored_as_before(uow, 3, ids={CHEN: CHEN.lower()}, address=" 东风村３组\u3000")
    uow.engine.dispose()
    incomes = _counts(path)["income"], _counts(path)["case_member"]

    assert _upgrade(path, tmp_path) == HEAD_REVISION
    with sqlite3.connect(path) as conn:
        assert [n for (n,) in conn.execute("SELECT id_number FROM member ORDER BY id")] == [
            LIU, WANG, CHEN, "43090220100101001X"]
        assert conn.execute("SELECT bank_account, phone FROM household WHERE id = 1").fetchone() == (
            "622848001234", "13907370011")
        assert conn.execute("SELECT address FROM household WHERE id = 3").fetchone() == ("东风村3组",)
        assert conn.execute("SELECT payee_account FROM assistance_case").fetchall() == [("622848001234",)]
        assert (conn.execute("SELECT count(*) FROM income").fetchone()[0],
                conn.execute("SELECT count(*) FROM case_member").fetchone()[0]) == incomes  # not cascaded away
        index = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'uq_member_active_id_number'").fetchone()[0]
        assert "WHERE removed = 0" in index
        assert "ck_member_id_number_stored" in conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'member'").fetchone()[0]
    engine = make_engine(str(path))
    assert integrity.verify(UnitOfWork(engine)) == []  # the changes were audited, the chain holds
    assert [e.action for e in history(UnitOfWork(engine), 1)][-2:] == ["household.canonical_forms",
                                                                       "case.canonical_forms"]
    engine.dispose()


def test_the_upgrade_does_not_bless_a_household_edited_behind_the_programs_back(old_db, tmp_path):
    path, uow = old_db
    uow.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE household SET bank_account = '6228 9999' WHERE id = 2")
    _upgrade(path, tmp_path)
    engine = make_engine(str(path))
    found = integrity.verify(UnitOfWork(engine))
    engine.dispose()
    assert [(f.what, f.object_id) for f in found] == [("家庭", 2)]


def test_an_upgrade_that_would_make_two_members_one_person_is_refused_and_changes_nothing(old_db, tmp_path):
    path, uow = old_db
    _stored_as_before(uow, 3, ids={CHEN: "４３０９０２ １９５６０４１２ ００５ｘ"})  # 陈秀兰 typed as 刘建国's number
    uow.engine.dispose()
    before = dump_content(path)
    with pytest.raises(MigrationDuplicateId) as err:
        _upgrade(path, tmp_path)
    assert err.value.code == "E_MIGRATION_DUPLICATE_ID"
    assert "户 1「刘建国」与户 3「陈秀兰」是同一人" in err.value.text and "未做任何修改" in err.value.text
    assert dump_content(path) == before
    assert list((tmp_path / "backups").glob("old-pre-migrate-*.db"))  # and the copy was made first


def test_opening_such_a_database_tells_the_user_why_without_a_traceback(old_db, tmp_path):
    path, uow = old_db
    _stored_as_before(uow, 2, ids={WANG: "430902 19450101 0013"})
    _stored_as_before(uow, 3, ids={CHEN: WANG})
    uow.engine.dispose()
    before = dump_content(path)
    done = run(tmp_path, "--db", str(path), "check")
    assert done.returncode == 1
    assert "E_MIGRATION_DUPLICATE_ID" in done.stderr and "户 2「王桂英」与户 3「陈秀兰」是同一人" in done.stderr
    assert "Traceback" not in done.stderr and "E_INTERNAL" not in done.stderr
    assert dump_content(path) == before
