"""The sync and county commands end to end through `jiuzhu` (exit codes and output of SPEC §9)."""

import json


def test_the_whole_exchange_through_the_commands(jiuzhu, clerk, submitted, tmp_path):
    stick, county_db = tmp_path / "stick", f"sqlite:///{tmp_path / 'c.db'}"
    stick.mkdir()
    assert jiuzhu("sync", "keygen", "--out", tmp_path / "T.pub")[0] == 0
    assert jiuzhu("county", "init", "--db", county_db, "--out", tmp_path / "C.pub", "--code", "430902")[0] == 0
    assert jiuzhu("county", "register", tmp_path / "T.pub", "--township-code", "430902101")[0] == 0
    assert jiuzhu("sync", "trust-county", tmp_path / "C.pub")[0] == 0
    code, out, _ = jiuzhu("sync", "export", "--out", stick, user="clerk")
    batch = out.strip()
    assert code == 0 and batch.endswith("jiuzhu-430902101-data-000001.zip")
    assert jiuzhu("county", "verify", batch)[0] == 0
    code, out, _ = jiuzhu("county", "ingest", batch)
    assert code == 0 and "回执" in out
    assert jiuzhu("county", "ingest", batch)[0] == 0  # the same batch again: a no-op
    code, out, _ = jiuzhu("county", "status", "--json")
    town = json.loads(out)["townships"][0]
    assert (town["last_sequence"], town["submitted_applications"]) == (1, 1)
    code, out, _ = jiuzhu("county", "decide", "--all-pending", "--confirm", "--on", "2020-10-20", "--out", stick)
    assert code == 0
    code, out, _ = jiuzhu("sync", "import", out.strip(), user="clerk")
    assert code == 0 and "已办理 1 件" in out
    receipt = next(stick.glob("*receipt-000001-accepted.zip"))
    assert jiuzhu("sync", "import", receipt, user="clerk")[0] == 0


def test_a_damaged_batch_exits_4_with_the_error_code_in_chinese(jiuzhu, household, tmp_path):
    stick, county_db = tmp_path / "stick", f"sqlite:///{tmp_path / 'c.db'}"
    stick.mkdir()
    jiuzhu("sync", "keygen", "--out", tmp_path / "T.pub")
    jiuzhu("county", "init", "--db", county_db, "--out", tmp_path / "C.pub")
    jiuzhu("county", "register", tmp_path / "T.pub", "--township-code", "430902101")
    jiuzhu("sync", "trust-county", tmp_path / "C.pub")
    path = tmp_path / "cut.zip"
    path.write_bytes(open(jiuzhu("sync", "export", "--out", stick)[1].strip(), "rb").read()[:-40])
    code, out, err = jiuzhu("county", "ingest", path)
    assert (code, out) == (4, "") and "E_SYNC_ZIP" in err and "批次文件结构不合格" in err


def test_decide_without_a_choice_is_a_usage_error(jiuzhu, tmp_path):
    jiuzhu("county", "init", "--db", f"sqlite:///{tmp_path / 'c.db'}", "--out", tmp_path / "C.pub")
    assert jiuzhu("county", "decide", "--all-pending", "--out", tmp_path)[0] == 3
