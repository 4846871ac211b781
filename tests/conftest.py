"""Shared fixtures: repository paths and a CLI runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx
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


@pytest.fixture
def odd_graph() -> nx.MultiDiGraph:
    """A graph of awkward property values for the stores: lists of strings (empty, holding the separator), numbers,
    mixed lists, maps, a relationship of ≈ 240 KB."""
    g = nx.MultiDiGraph()
    odd = {"names": ["甲", "乙 · 丙"], "one": ["solo"], "none": [], "blank": ["a", ""], "sep": ["a\x1eb", "c"],
           "nums": [1, 2], "mixed": [1, "a"], "meta": {"k": [1]}, "flag": True, "x": 1.5, "big": 2 ** 62,
           "`q`": "back`tick", "quote": '"\\\n'}
    g.add_node("Person:a", label="Person", name="甲", **odd)
    g.add_node("Person:b", label="Person", name="乙", aliases=[])
    g.add_node("Article:1", label="Article", headline="标题")
    g.add_edge("Person:a", "Article:1", type="MENTIONED_IN", edge_key="MENTIONED_IN|Person:a|Article:1|", **odd)
    g.add_edge("Person:b", "Article:1", type="MENTIONED_IN", edge_key="MENTIONED_IN|Person:b|Article:1|",
               articles=["1"])
    g.add_edge("Person:a", "Person:b", type="CO_OCCURS", edge_key="CO_OCCURS|Person:a|Person:b|", weight=2)
    # ≈ 240 KB: the batch endpoint writes an edge within one 64 KiB page; this one goes through Cypher
    g.add_edge("Person:b", "Person:a", type="CO_OCCURS", edge_key="CO_OCCURS|Person:b|Person:a|",
               sentences=[f"第{i}句：区委书记到项目现场调研，察看了建设进度。" for i in range(4000)])
    return g
