"""`roster export --xlsx` masks ID numbers and accounts (SPEC §10, issue 13); the bank file stays full.

The full form is for a reviewer or an administrator who asks for it (`--full`), and is audited;
a clerk asking for it is refused (exit 4) and nothing is written.
"""

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.registry import HouseholdInput, MemberInput
from app.errors import PermissionDenied
from app.models import AuditRecord, Household, Member
from app.reports.roster_xlsx import ROSTER_COLUMNS
from app.services.cases import create_case_in
from app.services.households import register_household
from app.services.roster_export import export_roster
from app.services.rosters import confirm_rosters, generate_rosters
from tests.conftest import PASSWORD

HEAD, ACCOUNT = "430902194501010013", "6228000011112222333"


@pytest.fixture
def paid(db_ctx, admin, clerk, reviewer):
    hid = register_household(db_ctx.uow, clerk, HouseholdInput(
        village="东风村", hukou_type="城镇", bank_name="中国农业银行", bank_account=ACCOUNT, members=[
            MemberInput("张三丰", HEAD, "本人"), MemberInput("李四娘", "11010519491231002X", "配偶")]))
    with db_ctx.uow.begin() as s:
        members = list(s.scalars(select(Member).where(Member.household_id == hid)))
        create_case_in(s, admin, s.get(Household, hid), "urban_dibao", "2020-11", 50000, members,
                       payee_name="张三丰", payee_account=ACCOUNT)
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")


def _line(path, column):
    """The first roster line's value in `column`, and every text in the workbook."""
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    texts = {str(v) for row in rows for v in row if v is not None}
    return rows[2][ROSTER_COLUMNS.index(column)], texts


def test_clerk_gets_masked_ids_and_accounts(db_ctx, clerk, paid, tmp_path):
    export_roster(db_ctx.uow, clerk, "2020-12", xlsx=tmp_path / "r.xlsx")
    (id_cell, texts), (account, _) = _line(tmp_path / "r.xlsx", "身份证号"), _line(tmp_path / "r.xlsx", "账号")
    assert (id_cell, account) == ("430902********0013", "***************2333")
    assert not any(HEAD in t or ACCOUNT in t for t in texts)


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewer_or_admin_asking_for_the_full_form_gets_it_and_it_is_audited(db_ctx, paid, tmp_path, who, request):
    actor = request.getfixturevalue(who)
    export_roster(db_ctx.uow, actor, "2020-12", xlsx=tmp_path / "r.xlsx", full=True)
    assert _line(tmp_path / "r.xlsx", "身份证号")[0] == HEAD and _line(tmp_path / "r.xlsx", "账号")[0] == ACCOUNT
    with db_ctx.uow.read() as s:
        actors = list(s.scalars(select(AuditRecord.actor).where(AuditRecord.action == "roster.export_full")))
    assert actors and set(actors) == {who}


def test_clerk_asking_for_the_full_form_is_refused_and_nothing_is_written(db_ctx, clerk, paid, tmp_path):
    with pytest.raises(PermissionDenied):
        export_roster(db_ctx.uow, clerk, "2020-12", xlsx=tmp_path / "r.xlsx", full=True)
    assert not (tmp_path / "r.xlsx").exists()


def test_cli_full_flag_for_a_clerk_exits_4(db_ctx, clerk, paid, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    argv = ["--db", str(db_ctx.db_path), "--user", "clerk", "roster", "export", "--month", "2020-12",
            "--xlsx", str(tmp_path / "r.xlsx")]
    assert main([*argv, "--full"]) == 4
    assert "E_PERMISSION" in capsys.readouterr().err and not (tmp_path / "r.xlsx").exists()
    assert main(argv) == 0
    assert _line(tmp_path / "r.xlsx", "身份证号")[0] == "430902********0013"


def test_cli_full_flag_with_the_bank_file_is_refused(db_ctx, paid, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    code = main(["--db", str(db_ctx.db_path), "--user", "reviewer", "roster", "export", "--month", "2020-12",
                 "--bank", str(tmp_path / "b.xlsx"), "--full"])
    assert code == 3 and "--full" in capsys.readouterr().err


def test_bank_file_keeps_full_ids_and_accounts(db_ctx, clerk, paid, tmp_path):
    export_roster(db_ctx.uow, clerk, "2020-12", bank=tmp_path / "b.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "b.xlsx").active.iter_rows(values_only=True))
    assert (rows[1][3], rows[1][5]) == (HEAD, ACCOUNT)
