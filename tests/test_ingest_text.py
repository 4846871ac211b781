"""Decoding and line joining."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.ingest.text import decode, normalize_width, paragraphs

PAGE = "中原区召开会议\n\n本报讯 5月7日上午,区委书记张三主持召开会议。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_decode_encodings(encoding: str) -> None:
    assert decode(PAGE.encode(encoding), "p.txt") == PAGE


def test_decode_traditional_characters_read_as_is() -> None:
    text = "區委書記張三到區商務局調研。"
    assert decode(text.encode("utf-8"), "t.txt") == text
    assert decode(text.encode("gb18030"), "t.txt") == text


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    (bytes([0xFF, 0x80, 0xFE, 0x81]) * 200, "cannot decode"),
])
def test_decode_rejects_bad_input_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data, "bad.txt")
    assert "bad.txt" in str(info.value) and reason in str(info.value)


def test_normalize_width_keeps_length() -> None:
    text = "ＡＢＣ，１２３（一期）：　完"
    assert normalize_width(text) == "ABC,123(一期): 完"
    assert len(normalize_width(text)) == len(text)


def test_broken_line_is_joined_mid_word() -> None:
    paras = paragraphs("乔耸提出,要全面提高思想认识。全\n\n区各级各类组织要以大局为出发点。\n")
    assert [p.text for p in paras] == ["乔耸提出,要全面提高思想认识。全区各级各类组织要以大局为出发点。"]


def test_headlines_and_complete_paragraphs_are_not_glued() -> None:
    paras = paragraphs("劳动最光荣 奋斗最幸福\n\n区政协举行集体学习\n\n本报讯 近日举行学习。\n\n记者 张三\n")
    assert [p.text for p in paras] == ["劳动最光荣 奋斗最幸福", "区政协举行集体学习", "本报讯 近日举行学习。", "记者 张三"]


def test_line_ending_with_comma_joins_next_even_when_short() -> None:
    paras = paragraphs("刘斌要求,各施工单位要把\n去年耽误的时间补回来。")
    assert [p.text for p in paras] == ["刘斌要求,各施工单位要把去年耽误的时间补回来。"]


def test_paragraph_offsets_point_into_the_original() -> None:
    text = "标题\n\n本报讯 正文,继续\n\n写完。"
    (title, body) = paragraphs(text)
    assert text[title.start:title.end] == "标题"
    assert text[body.start:body.start + 3] == "本报讯" and text[body.end - 1] == "。"
