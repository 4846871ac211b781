"""Reading inputs: bad files never lose the rest of the batch."""

from __future__ import annotations

import io
import json
from pathlib import Path

from kg.ingest import IngestOptions, read_inputs
from kg.models import Article, Rejection

GOOD = "区领导调研\n\n本报讯 近日,副区长王五到区商务局调研。\n\n记者 李四\n"


def _split(items: list) -> tuple[list[Article], list[Rejection]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Rejection)]


def test_bad_inputs_are_reported_and_others_processed(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "c_undecodable.txt").write_bytes(bytes([0xFF, 0x80, 0xFE, 0x81]) * 300)
    (tmp_path / "d_big.txt").write_text("本报讯 会议召开。\n" * 700_000, encoding="utf-8")
    (tmp_path / "e_gbk.txt").write_bytes(GOOD.encode("gbk"))
    (tmp_path / "f_bom.txt").write_bytes(GOOD.encode("utf-8-sig"))
    (tmp_path / "g.jsonl").write_text(
        '{"id": "r1", "text": "区委书记张三到区商务局调研。", "date": "2023-05-07"}\n'
        "{not json\n"
        '{"id": "r3"}\n'
        '["a list"]\n', encoding="utf-8")
    articles, rejections = _split(list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")])))
    assert sorted(a.id for a in articles) == ["e_gbk.txt#区领导调研-3cf091", "f_bom.txt#区领导调研-3cf091", "r1"]
    reasons = {(Path(r.source).name, r.line): r.reason for r in rejections}
    assert reasons[("a_empty.txt", None)] == "empty file"
    assert "binary" in reasons[("b_binary.txt", None)]
    assert "cannot decode" in reasons[("c_undecodable.txt", None)]
    assert "over the limit" in reasons[("d_big.txt", None)]
    assert "malformed JSON" in reasons[("g.jsonl", 2)]
    assert "text" in reasons[("g.jsonl", 3)]
    assert "not a JSON object" in reasons[("g.jsonl", 4)]
    assert "no such file" in reasons[("missing.txt", None)]
    assert len(rejections) == 8


def test_jsonl_record_keeps_its_id_and_uses_metadata_year(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "x-9", "title": "区领导调研", "text": "5月7日上午,区委书记张三到区商务局调研。",
                                "date": "2023-01-01", "district": "二七区", "url": "http://e/1"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = list(read_inputs([str(path)]))
    assert (art.id, art.headline, art.date, art.district, art.url) == (
        "x-9", "区领导调研", "2023-05-07", "二七区", "http://e/1")


def test_stdin_jsonl() -> None:
    stdin = io.StringIO('{"id": "s1", "text": "区委书记张三到区商务局调研。"}\n')
    (art,) = list(read_inputs(["-"], stdin=stdin))
    assert art.id == "s1"


def test_default_year_from_options(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("区里召开会议\n\n本报讯 5月7日上午,区里召开会议。\n", encoding="utf-8")
    (art,) = list(read_inputs([str(tmp_path)], IngestOptions(default_year=2021)))
    assert art.date == "2021-05-07"
