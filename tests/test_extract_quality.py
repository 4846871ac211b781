"""Extraction quality on devB (90 real articles of 87 sites): a ratchet and well-formed mentions.

devB lives in ../shared (never copied here); the tests skip when it is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.evaluate import load_docs, score
from kg.extract import Extractor
from kg.ingest import read_inputs
from kg.models import Article
from tests.conftest import ROOT

DEVB = ROOT.parent / "shared" / "gold" / "devB"

# Ratchet: the levels reached on devB (raise them as extraction improves). The bars are
# ENTITIES .85, RELATIONS .75, person .95, person+title .88, organization .80, place .80,
# project .70, INSPECTED .75, ATTENDED .70.
RATCHET = {"ENTITIES": 0.87, "RELATIONS": 0.865, "person": 0.965, "person+title": 0.93, "organization": 0.835,
           "place": 0.80, "project": 0.71, "INSPECTED": 0.82, "ACCOMPANIED": 0.915, "CHAIRED": 0.965,
           "ATTENDED": 0.85, "REPORTED": 0.94}

#: The ill-formed shapes issue #9 lists: a verb or clause glued into a name, page chrome, determiners.
ILL_FORMED = [
    re.compile(r"^(?:感受|锚定|这与|一些|正文|要闻|首先)"),
    re.compile(r"首先代表|政务要闻|既定项目"),
    re.compile(r"[,，。;；!?！？]"),
]

pytestmark = pytest.mark.skipif(not (DEVB / "articles.jsonl").exists(), reason="../shared/gold/devB not present")


@pytest.fixture(scope="module")
def devb_records() -> list[dict]:
    extractor = Extractor.from_config()
    articles = [a for a in read_inputs([str(DEVB / "articles.jsonl")]) if isinstance(a, Article)]
    assert len(articles) == 90
    return [extractor(a).to_dict() for a in articles]


def test_devb_meets_the_ratchet(devb_records: list[dict], tmp_path: Path) -> None:
    pred: dict[str, list[dict]] = {}
    for rec in devb_records:
        pred.setdefault(str(rec["id"]), []).append(rec)
    fields = score(load_docs(DEVB / "gold.jsonl"), pred)["fields"]
    below = {f: round(fields[f]["f1"], 3) for f, bar in RATCHET.items() if fields[f]["f1"] < bar}
    assert not below, f"devB F1 fell below the ratchet: {below}"


def test_no_ill_formed_mentions_on_devb(devb_records: list[dict]) -> None:
    bad = []
    for rec in devb_records:
        names = [p["name"] for p in rec["people"]] + rec["organizations"] + rec["places"] + rec["projects"]
        names += [t for p in rec["people"] for t in p["titles"]]
        names += [r["target"] for r in rec["relations"] if r["type"] == "INSPECTED"]
        bad += [(rec["id"], n) for n in names if any(p.search(n) for p in ILL_FORMED)]
    assert not bad, json.dumps(bad[:20], ensure_ascii=False)


def test_person_names_are_names(devb_records: list[dict]) -> None:
    for rec in devb_records:
        for person in rec["people"]:
            assert 2 <= len(person["name"].replace(" ", "")) <= 10, person  # 古丽努尔·阿布勒 too
            assert re.fullmatch(r"[\u4e00-\u9fff·]+|[A-Z][a-zA-Z'. -]+", person["name"].replace(" ", "")), person
