"""The fast parse of payload lines (strictjson.canonical_lines via receive.body_records) takes only
canonical lines and gives exactly what the strict line-by-line parse gives; every other body is
decided by the strict parse, with the same records or the same refusal and message as before."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync.errors import RecordRefused
from app.sync.receive import MAX_LINE_BYTES, _records, body_records
from app.sync.strictjson import canonical, canonical_lines


def strict(body: bytes) -> object:
    """What the strict parse alone does with a body: its records, or the refusal and its message."""
    try:
        return _records("members", body.split(b"\n"))
    except RecordRefused as exc:
        return ("refused", exc.code, exc.text)


def received(body: bytes) -> object:
    try:
        return body_records("members", body).records
    except RecordRefused as exc:
        return ("refused", exc.code, exc.text)


CANONICAL = [
    b'{"a":1}',
    b'{"a":1}\n{"b":[1,2,{"c":null}],"d":true}',
    '{"name":"张三","note":"引号\\"和反斜杠\\\\ 换行\\n"}'.encode(),
    b'{"big":123456789012345678901234567890,"neg":-5,"zero":0}',
    b'{"a":{}}\n{"b":[]}',
]


@pytest.mark.parametrize("body", CANONICAL)
def test_canonical_lines_take_the_fast_path_and_keep_their_text(body):
    payload = body_records("members", body)
    assert payload.lines == body.decode().split("\n")
    assert payload.records == strict(body)
    assert [canonical(r).decode() for r in payload.records] == payload.lines


REFUSED = [
    (b'{"a":1,"a":2}', "键「a」重复"),
    (b'{"a":1}\n{"b":{"c":1,"c":1}}', "第 2 条记录：键「c」重复"),
    (b'{"a":NaN}', "不允许 NaN"),
    (b'{"a":Infinity}', "不允许 Infinity"),
    (b'{"a":-Infinity}', "不允许 -Infinity"),
    (b'{"a":12.5}', "不允许小数「12.5」"),
    (b'{"a":1e3}', "不允许小数「1e3」"),
    (b'{"a":1.0}', "不允许小数「1.0」"),
    (b'[1,2]', "不是对象"),
    (b'"text"', "不是对象"),
    (b'{"a":1}\n', "JSON 格式错误"),  # an empty line
    (b'{"a":1} {"b":2}', "JSON 格式错误"),
    (b'{"a":1},{"b":2}', "JSON 格式错误"),
    (b'{"a":1}\n{"b":[3\n4]}', "第 2 条记录：JSON 格式错误"),  # lines that only parse when joined
    (b'{"a":1},{"b":2}\n{"c":[3\n4]}', "第 1 条记录：JSON 格式错误"),  # as many values as lines, joined
    (b'\xef\xbb\xbf{"a":1}', "不允许 BOM"),
    (b'{"a":"\xff"}', "不是 UTF-8"),
    (b'{"a":"\x01"}', "JSON 格式错误"),  # a raw control character
    (b"[" * 100_000 + b"]" * 100_000, "嵌套过深"),
]


@pytest.mark.parametrize(("body", "message"), REFUSED)
def test_what_the_strict_parse_refuses_is_refused_with_its_message(body, message):
    outcome = received(body)
    assert outcome == strict(body)
    assert outcome[0] == "refused" and outcome[1] == "E_SYNC_RECORD" and message in outcome[2]


ACCEPTED_NOT_CANONICAL = [
    b'{"b":1,"a":2}',  # keys out of order
    b'{"a": 1}',  # a space
    b' {"a":1} ',
    b'{"a":"\\u4e2d"}',  # an escape canonical JSON does not use
    b'{"a":"\\/"}',
    b'{"a":-0}',
    b'{"a":1}\n{"b": 2}',  # one line of several
]


@pytest.mark.parametrize("body", ACCEPTED_NOT_CANONICAL)
def test_valid_lines_that_are_not_canonical_are_still_accepted_by_the_strict_parse(body):
    payload = body_records("members", body)
    assert payload.lines is None and payload.records == strict(body)
    assert canonical_lines(body) is None


def test_a_line_over_the_size_cap_is_refused_as_before(monkeypatch):
    monkeypatch.setattr("app.sync.receive.MAX_LINE_BYTES", 20)
    body = b'{"a":1}\n{"b":"' + b"x" * 30 + b'"}'
    outcome = received(body)
    assert outcome == strict(body) and "members 第 2 条记录过大" in outcome[2]
    assert MAX_LINE_BYTES == 64 * 1024 * 1024


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12)
WRITERS = [
    lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")),  # canonical
    lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":")),  # keys as they come
    lambda v: json.dumps(v, sort_keys=True),  # spaces, \u escapes
    lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("}", ',"k":0}', 1),
    lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace(":", ":[", 1),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=4),
                          st.sampled_from(range(len(WRITERS)))), min_size=1, max_size=4))
def test_any_body_gets_exactly_what_the_strict_parse_gives(lines):
    body = "\n".join(WRITERS[w](v) for v, w in lines).encode("utf-8", "surrogatepass")
    assert received(body) == strict(body)
