"""Keys: private files 0600 in the data folder, public files with recomputed ids and fingerprints."""

import json
import re
import stat

import pytest

from app.errors import PermissionDenied
from app.services.exchange.keyring import key_infos, keygen, trust_county
from app.sync import keys
from app.sync.errors import KeyProblem


def test_keygen_keeps_private_keys_0600_in_the_data_folder_and_writes_the_public_file(db_ctx, admin, tmp_path):
    info = keygen(db_ctx.uow, admin, tmp_path / "T.pub")
    private = sorted((tmp_path / "home" / "keys").iterdir())
    assert [p.name for p in private] == ["township-430902101.age", "township-430902101.signing.pem"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in private)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", info.fingerprint) and info.created
    public = (tmp_path / "T.pub").read_text()
    assert "PRIVATE" not in public and "AGE-SECRET-KEY" not in public
    assert keys.read_public(tmp_path / "T.pub").fingerprint == info.fingerprint


def test_keygen_again_keeps_the_same_key(db_ctx, admin, tmp_path):
    first = keygen(db_ctx.uow, admin, tmp_path / "a.pub")
    again = keygen(db_ctx.uow, admin, tmp_path / "b.pub")
    assert (again.key_id, again.created) == (first.key_id, False)


def test_only_an_admin_manages_keys(db_ctx, clerk, tmp_path):
    with pytest.raises(PermissionDenied):
        keygen(db_ctx.uow, clerk, tmp_path / "T.pub")


def test_a_public_key_file_whose_key_was_swapped_is_refused(db_ctx, admin, tmp_path):
    keygen(db_ctx.uow, admin, tmp_path / "T.pub")
    other, _ = keys.generate("township", "430902101", "x", tmp_path / "other")
    data = json.loads((tmp_path / "T.pub").read_text())
    data["encryption_recipient"] = other.public.recipient
    (tmp_path / "bad.pub").write_text(json.dumps(data))
    with pytest.raises(KeyProblem, match="指纹"):
        keys.read_public(tmp_path / "bad.pub")


def test_a_private_key_readable_by_others_is_refused(db_ctx, admin, tmp_path):
    keygen(db_ctx.uow, admin, tmp_path / "T.pub")
    (tmp_path / "home" / "keys" / "township-430902101.signing.pem").chmod(0o644)
    with pytest.raises(KeyProblem, match="0600"):
        keys.load("township", "430902101", "测试镇")


def test_the_township_cannot_trust_a_township_key_as_the_county(db_ctx, admin, tmp_path):
    keygen(db_ctx.uow, admin, tmp_path / "T.pub")
    with pytest.raises(KeyProblem, match="县级"):
        trust_county(db_ctx.uow, admin, tmp_path / "T.pub")


def test_fingerprints_are_listed_for_comparison(db_ctx, admin, linked, tmp_path):
    infos = {k.role: k for k in key_infos(db_ctx.uow)}
    assert infos["county"].fingerprint == keys.read_public(tmp_path / "C.pub").fingerprint
    assert infos["township"].fingerprint == keys.read_public(tmp_path / "T.pub").fingerprint


def test_the_county_refuses_a_key_file_for_another_township_code(county, tmp_path):
    from app.county.admin import register_township

    pair, _ = keys.generate("township", "430902101", "测试镇", tmp_path / "k")
    keys.write_public(pair.public, tmp_path / "T.pub")
    with pytest.raises(KeyProblem, match="430902101"):
        register_township(county, tmp_path / "T.pub", "430902102")
