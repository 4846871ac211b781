"""Shared fixtures: repository paths and a CLI runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "data" / "gold" / "seeds_gold.jsonl"
REFERENCE_SCORER = ROOT.parent / "shared" / "tools" / "kg_score.py"


@pytest.fixture(scope="session")
def gold_records() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor

    return Extractor.from_config()


@pytest.fixture(scope="session")
def extractions_records(extractor) -> list[dict]:
    from kg.ingest import read_inputs
    from kg.models import Article

    return [extractor(a).to_dict() for a in read_inputs([str(RAW)]) if isinstance(a, Article)]
