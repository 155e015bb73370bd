"""Opening the GUI on a damaged database offers the newest good backup; a second instance is refused."""

import pytest

from app.bootstrap import _started, open_database, start_quick_check
from app.domain.registry import HouseholdInput, MemberInput
from app.errors import DatabaseError
from app.paths import data_dir
from app.services.backup import create_backup
from app.services.households import register_household
from app.services.queries import household_rows
from app.ui.app import _open, start_daily_backup


def _damage(path):
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xde\xad\xbe\xef" * 999  # the schema page after the 100-byte file header
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_replaced_by_the_newest_good_backup(ctx, actor, fake_prompts):
    register_household(ctx.uow, actor, HouseholdInput(village="东风村", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    create_backup(ctx.db_path, data_dir())
    ctx.close()
    _damage(ctx.db_path)
    fake_prompts.confirmations.append(True)
    opened = _open(ctx.db_path)
    assert opened is not None and fake_prompts.messages[0][0] == "confirm"
    assert "数据库已损坏" in fake_prompts.messages[0][1]
    new_ctx, lock = opened
    assert [r.head_name for r in household_rows(new_ctx.uow)] == ["张三丰"]
    new_ctx.close()
    lock.release()


def test_the_check_started_before_the_imports_refuses_a_damaged_file(ctx):
    ctx.close()
    _damage(ctx.db_path)
    start_quick_check(ctx.db_path)  # what `jiuzhu` does before loading Qt and SQLAlchemy
    with pytest.raises(DatabaseError, match="不是有效的数据库文件|完整性检查未通过"):
        open_database(ctx.db_path)
    assert not _started  # the verdict is used once: the next open checks the file again


def test_a_good_file_checked_early_opens_and_the_next_open_checks_again(ctx, actor):
    register_household(ctx.uow, actor, HouseholdInput(village="东风村", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    ctx.close()
    start_quick_check(ctx.db_path)
    again = open_database(ctx.db_path)
    assert [r.head_name for r in household_rows(again.uow)] == ["张三丰"]
    again.close()
    _damage(ctx.db_path)
    with pytest.raises(DatabaseError):
        open_database(ctx.db_path)


def test_a_damaged_database_is_not_opened_when_the_clerk_declines(ctx, actor, fake_prompts):
    create_backup(ctx.db_path, data_dir())
    ctx.close()
    _damage(ctx.db_path)
    fake_prompts.confirmations.append(False)
    assert _open(ctx.db_path) is None
    assert fake_prompts.messages[-1][0] == "error"


def test_a_second_instance_on_the_same_file_is_told_so(ctx, fake_prompts):
    first = _open(ctx.db_path)
    try:
        assert _open(ctx.db_path) is None
        assert "另一个" in fake_prompts.messages[-1][2]
    finally:
        first[0].close()
        first[1].release()


def test_the_daily_backup_runs_beside_the_login_and_is_a_good_copy(ctx, actor):
    register_household(ctx.uow, actor, HouseholdInput(village="东风村", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    start_daily_backup(ctx.db_path).join()
    made = list((data_dir() / "backups").glob(f"{ctx.db_path.stem}-daily-*.db"))
    assert len(made) == 1
    copy = open_database(made[0])
    assert [r.head_name for r in household_rows(copy.uow)] == ["张三丰"]
    copy.close()
    start_daily_backup(ctx.db_path).join()  # once a day
    assert len(list((data_dir() / "backups").glob(f"{ctx.db_path.stem}-daily-*.db"))) == 1
