"""core.inputs: the one check for text and JSON that a database or parser would choke on (T5.8;
ASVS 5.1.3 input validation, 5.1.4 structured data)."""

from __future__ import annotations

import pytest

from hechtwerk.core.inputs import MAX_JSON_DEPTH, UnsafeInputError, load_json, text_problem


@pytest.mark.parametrize("text", ["gewoon", "regel\nregel\r\n\tinspringen", "\u200fعربي", "😀"])
def test_it_lets_ordinary_text_through(text):
    assert text_problem(text) is None


@pytest.mark.parametrize("text", ["a\x00", "\ud800", "x\udfff", "\x1b[2J", "\x7f", "\x85"])
def test_it_names_unstorable_text(text):
    assert text_problem(text)


def test_it_parses_json_to_the_depth_limit_and_no_deeper():
    assert load_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None
    with pytest.raises(UnsafeInputError, match="genest"):
        load_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))
    with pytest.raises(UnsafeInputError, match="genest"):
        load_json(b"[" * 100_000 + b"]" * 100_000)


@pytest.mark.parametrize(
    "raw", [b'{"a": "\\u0000"}', b'{"\\ud800": 1}', b'["ok", {"b": ["\\udc00"]}]']
)
def test_it_refuses_nul_and_lone_surrogates_in_keys_and_values(raw):
    with pytest.raises(UnsafeInputError) as caught:
        load_json(raw)
    assert not caught.value.syntax


def test_it_accepts_a_surrogate_pair_and_marks_syntax_errors():
    assert load_json(b'"\\ud83d\\ude00"') == "😀"
    with pytest.raises(UnsafeInputError) as caught:
        load_json(b"{niet json")
    assert caught.value.syntax
    with pytest.raises(UnsafeInputError, match="UTF-8"):
        load_json(b"\xff\xfe")
