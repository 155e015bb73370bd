"""Township export: sequence and chain, incremental and full batches, what a lost stick reveals,
and a full or read-only stick that fails cleanly without using up the sequence number."""

import errno
import os

import pytest
from sqlalchemy import select

from app.domain.registry import HouseholdInput, MemberInput
from app.models import SyncBatch
from app.services.exchange.export import export_batch
from app.services.households import register_household
from app.sync import atomic
from app.sync.batch import MANIFEST, open_zip
from app.sync.errors import KeyProblem, ManifestRefused, StickError
from app.sync.receive import check_files, decrypt, open_envelope
from app.sync.strictjson import loads_strict, sha256_hex
from tests.conftest import dump_content
from tests.sync.conftest import ACCOUNT, ID_HEAD, ID_SPOUSE, NAME_HEAD, NAME_SPOUSE, PHONE


def manifest(path) -> dict:
    return loads_strict(open_zip(path.read_bytes())[MANIFEST], ManifestRefused, "manifest")


def records(county, path) -> dict:
    from app.county.admin import find_township_key

    with county.db.uow.read() as s:
        env = open_envelope(path.read_bytes(), find_key=find_township_key(s), me=county.keys.public)
    check_files(env)
    return decrypt(env, county.keys)


def test_sequences_start_at_1_and_chain_by_the_previous_manifest_hash(export, household):
    one, two = manifest(export()), manifest(export())
    assert (one["sequence"], one["previous_manifest_sha256"], two["sequence"]) == (1, "", 2)


def test_the_chain_links_each_manifest_to_the_one_before(export, household):
    first = export()
    second = export()
    assert manifest(second)["previous_manifest_sha256"] == sha256_hex(open_zip(first.read_bytes())[MANIFEST])
    assert manifest(second)["audit_head"]["id"] > manifest(first)["audit_head"]["id"]


def test_an_incremental_batch_carries_only_what_changed(db_ctx, clerk, export, household, linked):
    first = records(linked, export())
    assert [len(first[k]) for k in ("households", "members")] == [1, 2]
    other = register_household(db_ctx.uow, clerk, HouseholdInput(village="新市社区", members=[
        MemberInput("王五", "430902198001010015", "本人")]))
    second = records(linked, export())
    assert [h["id"] for h in second["households"]] == [other] and "applications" not in second


def test_a_full_batch_carries_everything_again(db_ctx, clerk, export, household, linked):
    export()
    full = export(full=True)
    assert manifest(full)["full"] is True and manifest(full)["period"]["after"] == 0
    assert len(records(linked, full)["members"]) == 2


def test_no_id_number_name_account_or_phone_appears_in_the_clear(export, household, submitted):
    path = export()
    data = path.read_bytes()
    for secret in (ID_HEAD, ID_SPOUSE, ID_HEAD[-8:], NAME_HEAD, NAME_SPOUSE, ACCOUNT, PHONE, "新市社区"):
        for encoding in ("utf-8", "utf-16-le", "gbk"):
            assert secret.encode(encoding) not in data, secret
        assert secret not in path.name
    assert all("payload/" in n or n.startswith("manifest") for n in open_zip(data))


def _sequences(db_ctx) -> list[int]:
    with db_ctx.uow.read() as s:
        return list(s.scalars(select(SyncBatch.sequence).where(SyncBatch.direction == "out")))


class Stick:
    """Makes the target folder misbehave, and only it: the database and key files work as usual."""

    def __init__(self, folder, monkeypatch) -> None:
        self.folder, self.fds, self.real_open = str(folder), set(), atomic.os.open
        monkeypatch.setattr(atomic.os, "open", self.open)

    def open(self, path, flags, *args):
        fd = self.real_open(path, flags, *args)
        if str(path).startswith(self.folder):
            self.fds.add(fd)
        return fd

    def fail(self, monkeypatch, name: str, err: int) -> None:
        real = getattr(atomic.os, name)

        def failing(fd, *args):
            if fd in self.fds:
                raise OSError(err, os.strerror(err))
            return real(fd, *args)

        monkeypatch.setattr(atomic.os, name, failing)


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_stick_fails_cleanly_and_leaves_the_sequence_unused(db_ctx, clerk, linked, household, outdir,
                                                                 monkeypatch, failing):
    before = dump_content(db_ctx.db_path)
    with monkeypatch.context() as m:
        Stick(outdir, m).fail(m, failing, errno.ENOSPC)
        with pytest.raises(StickError, match="空间不足"):
            export_batch(db_ctx.uow, clerk, outdir)
    assert list(outdir.iterdir()) == [] and dump_content(db_ctx.db_path) == before
    assert export_batch(db_ctx.uow, clerk, outdir).sequence == 1


def _read_only(m, outdir) -> None:
    real_open = atomic.os.open

    def read_only(path, flags, *args):
        if str(path).startswith(str(outdir)) and flags & os.O_WRONLY:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    m.setattr(atomic.os, "open", read_only)


def test_a_read_only_stick_fails_cleanly_and_leaves_the_sequence_unused(db_ctx, clerk, linked, household, outdir,
                                                                      monkeypatch):
    before = dump_content(db_ctx.db_path)
    outdir.chmod(0o555)
    with monkeypatch.context() as m:
        if os.geteuid() == 0:  # root ignores permissions: make the target behave like a read-only mount
            _read_only(m, outdir)
        with pytest.raises(StickError, match="只读"):
            export_batch(db_ctx.uow, clerk, outdir)
    outdir.chmod(0o755)
    assert list(outdir.iterdir()) == [] and dump_content(db_ctx.db_path) == before
    assert export_batch(db_ctx.uow, clerk, outdir).sequence == 1 and _sequences(db_ctx) == [1]


def test_a_stick_that_gives_back_other_bytes_is_caught_by_the_re_read(db_ctx, clerk, linked, household, outdir,
                                                                      monkeypatch):
    real = atomic.Path.read_bytes

    def corrupt(self):
        data = real(self)
        return data[:-1] + b"\1" if str(self).startswith(str(outdir)) else data

    with monkeypatch.context() as m:
        m.setattr(atomic.Path, "read_bytes", corrupt)
        with pytest.raises(StickError, match="回读"):
            export_batch(db_ctx.uow, clerk, outdir)
    assert list(outdir.iterdir()) == [] and _sequences(db_ctx) == []


def test_export_needs_the_county_key_trusted_first(db_ctx, clerk, admin, household, outdir, tmp_path):
    from app.services.exchange.keyring import keygen

    keygen(db_ctx.uow, admin, tmp_path / "T.pub")
    with pytest.raises(KeyProblem, match="trust-county"):
        export_batch(db_ctx.uow, clerk, outdir)
