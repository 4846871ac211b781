"""Issue 12: `kg show ARTICLE` highlights every extracted mention in the article's text (terminal and HTML)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export.show import build, find, names_of, render_html

runner = CliRunner()
ARTICLE = "000_08de4698813bcd5b.txt#0"  # 中原区领导到区商务局调研: officials, titles, bylines, a visit


def _gold_entities(gold: dict) -> list[tuple[str, str]]:
    return ([("person", p["name"]) for p in gold["people"]] + [("organization", o) for o in gold["organizations"]]
            + [("place", x) for x in gold["places"]] + [("project", x) for x in gold["projects"]])


@pytest.fixture(scope="module")
def extractions(tmp_path_factory: pytest.TempPathFactory, extractions_records: list[dict]) -> Path:
    path = tmp_path_factory.mktemp("show") / "extractions.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extractions_records), "utf-8")
    return path


def test_kg_show_lists_every_gold_mention_of_a_seeds_article(extractions: Path, gold_records: list[dict],
                                                             tmp_path: Path) -> None:
    gold = next(g for g in gold_records if f"{g['file']}#{g['index']}" == ARTICLE)
    page = tmp_path / "show.html"
    result = runner.invoke(app, ["show", ARTICLE, "-x", str(extractions), "--html", str(page)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    listed = set(re.findall(r"│ (\w+)\s+│ (\S+)\s+│ (?:\d+|byline)\s+│", result.stdout))  # the highlights table
    marked = {(t, html.unescape(x)) for t, x in re.findall(
        r'<mark class="ent (\w+)" data-type="\w+" title="([^"]+)">', page.read_text("utf-8"))}
    for kind, name in _gold_entities(gold):
        assert (kind, name) in listed, f"{kind} {name} not in the terminal highlights"
        assert (kind, name) in marked, f"{kind} {name} not marked in the HTML page"
    for person in gold["people"]:  # titles as printed, e.g. 特色商业街区管委会主任
        for title in person["titles"]:
            assert any(kind == "title" and title in text for kind, text in listed), title


def test_show_highlights_every_gold_entity_the_extraction_found(extractions_records: list[dict],
                                                                gold_records: list[dict]) -> None:
    """Across the seeds: whatever the extraction found of the gold, the page highlights (nothing is lost)."""
    checked = 0
    for gold in gold_records:
        record = find(extractions_records, f"{gold['file']}#{gold['index']}")[0]
        names = names_of(record)
        shown = {(h.type, h.name) for h in build(record).highlights}
        covered = {h.name for h in build(record).highlights}
        for kind, name in _gold_entities(gold):
            if names.get(name) != kind:
                continue  # not extracted (or typed otherwise): extraction quality, not the viewer's
            inside_longer = any(name in text and name != text for text in covered)
            assert (kind, name) in shown or inside_longer, f"{ARTICLE}: {kind} {name} extracted but not highlighted"
            checked += 1
    assert checked >= 200


def test_show_page_is_offline_and_escapes_article_text() -> None:
    record = {"article_id": "x#1", "headline": "<script>alert(1)</script>", "file": "p.txt",
              "sentences": ["<script>alert(1)</script>", "区长王五<img src=x onerror=alert(2)>到区商务局调研。"],
              "people": [{"name": "王五", "titles": ["区长"], "role": "official"}], "organizations": ["区商务局"],
              "places": [], "projects": [], "relations": []}
    page = render_html(build(record))
    assert "<script" not in page and "<img" not in page and "&lt;img src=x" in page
    assert "http://" not in page and "https://" not in page and "src=" not in page.replace("src=x", "")


def test_show_refuses_ambiguous_or_unknown_articles(extractions: Path) -> None:
    result = runner.invoke(app, ["show", "中原区", "-x", str(extractions)])
    assert result.exit_code == 2 and "articles match" in result.output
    assert runner.invoke(app, ["show", "no such article", "-x", str(extractions)]).exit_code == 2
