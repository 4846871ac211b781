"""The --model path: shipped model, local folder, HanLP id under HANLP_HOME, fail fast offline."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from kg.errors import ModelNotFoundError
from kg.extract.hanlp_ner import SHIPPED_MODEL, load_tagger, resolve_model_path

PRETRAINED = "MSRA_NER_ELECTRA_SMALL_ZH"


def test_shipped_model_tags() -> None:
    tagger = load_tagger()
    spans = tagger([list("区委书记张三到区商务局调研。")])[0]
    assert all(len(span) == 4 for span in spans)


def test_pretrained_id_missing_offline_fails_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANLP_HOME", str(tmp_path))
    started = time.monotonic()
    with pytest.raises(ModelNotFoundError, match="not available offline"):
        resolve_model_path(PRETRAINED)
    assert time.monotonic() - started < 2


def test_pretrained_id_found_under_hanlp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANLP_HOME", str(tmp_path))
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model_path(PRETRAINED)
    expected = Path(str(info.value).split("expected it unpacked at ")[1].split(" (HANLP_HOME")[0])
    shutil.copytree(SHIPPED_MODEL, expected)  # a stand-in model where HanLP would unpack the real one
    assert resolve_model_path(PRETRAINED) == expected
    assert load_tagger(PRETRAINED) is not None


def test_local_folder_and_bad_folder(tmp_path: Path) -> None:
    assert resolve_model_path(str(SHIPPED_MODEL)) == SHIPPED_MODEL
    with pytest.raises(ModelNotFoundError, match="config.json"):
        resolve_model_path(str(tmp_path))
    with pytest.raises(ModelNotFoundError, match="neither"):
        resolve_model_path("no-such-model")


def test_cli_reports_missing_model_with_exit_4(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "1", "text": "区委书记张三到区商务局调研。"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(src), "--model", str(tmp_path / "none")])
    assert result.exit_code == 4
