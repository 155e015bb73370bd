"""Opening the GUI on a damaged database offers the newest good backup; a second instance is refused."""

from app.bootstrap import data_dir
from app.domain.registry import HouseholdInput, MemberInput
from app.services.backup import create_backup
from app.services.households import register_household
from app.services.queries import household_rows
from app.ui.app import _open


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
