"""The HTML viewer: bounded, reproducible, offline, escaped — and usable, checked in headless Chromium.

Set ``KG_SCREENSHOTS=docs`` to refresh the README's screenshots (default view, a search,
a focus view of data/raw) while the browser tests run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.export.files import write_node_link
from kg.export.html import render, select, write_html
from kg.graph import build_graph

XSS = "<img src=x onerror=alert(1)>"
SCRIPT_CLOSE = "</script><script>window.pwned=1</script>"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENSHOTS = os.environ.get("KG_SCREENSHOTS")
LEADER = "Person:中原区:李晓雷"


def hostile_records(extractions_records: list[dict]) -> list[dict]:
    evil = {"article_id": "evil#0", "district": "中原区", "date": "2023-01-01", "headline": SCRIPT_CLOSE,
            "people": [{"name": XSS, "titles": [SCRIPT_CLOSE], "role": "official"}],
            "organizations": [], "places": [], "projects": ["恶意" + XSS + "项目"],
            "relations": [{"type": "INSPECTED", "source": XSS, "target": "恶意" + XSS + "项目", "sentence": 1}],
            "mentions": [], "sentences": [SCRIPT_CLOSE, XSS + "调研了项目。" + SCRIPT_CLOSE]}
    return [*extractions_records, evil]


def synthetic(n_nodes: int, n_edges: int, seed: int = 3) -> nx.MultiDiGraph:
    """People inspecting projects in two districts, with random edges between any two nodes."""
    import random

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    labels = ["Person", "Organization", "Place", "Project"]
    for i in range(n_nodes):
        g.add_node(f"N{i}", label=labels[i % 4], name=f"实体{i}", district="中原区" if i % 2 else "二七区",
                   articles=[], aliases=[])
    for j in range(n_edges):
        u, v = rng.randrange(n_nodes), rng.randrange(n_nodes)
        g.add_edge(f"N{u}", f"N{v}", key=f"k{j}", type="INSPECTED", edge_key=f"k{j}", articles=[],
                   first_seen=f"2023-0{1 + j % 9}-1{j % 10}", last_seen=None, weight=1)
    return g


@pytest.fixture(scope="module")
def graph(extractions_records: list[dict]) -> nx.MultiDiGraph:
    return build_graph(extractions_records)


def reporters(g: nx.MultiDiGraph) -> set[str]:
    return {u for u, _, d in g.edges(data=True) if d["type"] == "REPORTED"}


def test_page_has_no_external_reference(graph: nx.MultiDiGraph) -> None:
    page = render(select(graph))
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=\"(https?:)?//", page, re.IGNORECASE)
    assert "bootstrap" not in page.lower()
    assert '<html lang="zh-CN">' in page


def test_hostile_strings_stay_inside_json(extractions_records: list[dict]) -> None:
    page = render(select(build_graph(hostile_records(extractions_records))), title=XSS)
    assert XSS not in page and SCRIPT_CLOSE not in page


def test_select_focus_and_caps(graph: nx.MultiDiGraph) -> None:
    ego = select(graph, focus="李晓雷", hops=1)
    assert LEADER in ego and ego.number_of_nodes() < graph.number_of_nodes()
    top = select(graph, max_nodes=20)
    assert top.number_of_nodes() == 20
    few = select(graph, max_edges=15)
    assert few.number_of_edges() == 15
    with pytest.raises(KeyError):
        select(graph, focus="无此人")
    for bad in (0, -5):
        with pytest.raises(ValueError, match="--max-nodes"):
            select(graph, max_nodes=bad)
        with pytest.raises(ValueError, match="--max-edges"):
            select(graph, max_edges=bad)
    with pytest.raises(ValueError, match="ISO"):
        select(graph, since="2023/01/01")


def test_cli_caps_are_checked(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    source = write_node_link(graph, tmp_path / "graph.json")
    runner = CliRunner()
    for args in (["--max-nodes", "0"], ["--max-nodes", "-1"], ["--max-edges", "0"], ["--since", "2023/1/1"]):
        result = runner.invoke(app, ["html", str(source), "-o", str(tmp_path / "x.html"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert not (tmp_path / "x.html").exists()
    result = runner.invoke(app, ["html", str(source), "-o", str(tmp_path / "x.html"), "--focus", "刘斌", "--hops", "2",
                                 "--max-nodes", "30", "--max-edges", "60"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "x.html").read_text("utf-8")
    assert 0 < page.count('"physics": false, "shape"') <= 30


def test_reporters_stay_out_of_focus_and_overview(graph: nx.MultiDiGraph) -> None:
    """Issue 12: ``--focus 刘斌 --hops 2`` pulled in 212 of 217 nodes through a reporter and articles."""
    assert reporters(graph)
    ego = select(graph, focus="刘斌", hops=2)
    assert not reporters(graph) & set(ego)
    assert ego.number_of_nodes() < graph.number_of_nodes() / 3
    assert not reporters(graph) & set(select(graph))
    assert reporters(graph) <= set(select(graph, reporters=True))


def test_select_by_district_and_period(graph: nx.MultiDiGraph) -> None:
    erqi = select(graph, district="二七区")
    assert erqi.number_of_nodes() > 0
    assert {d.get("district") for _, d in erqi.nodes(data=True)} <= {"二七区", None, ""}
    period = select(graph, since="2023-02-11", until="2023-02-11")
    assert period.number_of_edges() > 0
    assert all(d["first_seen"] <= "2023-02-11" <= (d["last_seen"] or d["first_seen"])
               for _, _, d in period.edges(data=True))


def test_select_is_bounded_on_a_large_graph() -> None:
    g = synthetic(20_000, 100_000)
    sub = select(g, max_nodes=300, max_edges=1000)
    assert sub.number_of_nodes() == 300 and sub.number_of_edges() <= 1000
    page = render(sub)
    assert page.count('"kind": "INSPECTED"') == sub.number_of_edges()


def test_same_input_gives_the_same_html_byte_for_byte(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    source = write_node_link(graph, tmp_path / "graph.json")
    code = ("import sys; from pathlib import Path; from kg.export.files import read_node_link; "
            "from kg.export.html import write_html; "
            "write_html(read_node_link(Path(sys.argv[1])), Path(sys.argv[2]), title='t')")
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"page{seed}.html"
        subprocess.run([sys.executable, "-c", code, str(source), str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Debian chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1400,900", "--hide-scrollbars",
                 f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    yield driver
    driver.quit()


def open_page(browser, path: Path, timeout: float = 60.0) -> float:
    """Load a page and wait for the viewer; the seconds it took (printed, never asserted)."""
    started = time.monotonic()
    browser.get(path.as_uri())
    while not browser.execute_script("return window.kgReady === true"):
        if time.monotonic() - started > timeout:
            raise AssertionError("viewer did not become ready")
        time.sleep(0.05)
    return time.monotonic() - started


def shot(browser, name: str) -> None:
    """Save a README screenshot when KG_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        time.sleep(0.3)
        browser.save_screenshot(str(Path(SCREENSHOTS) / name))


VISIBLE_NODES = "return nodes.get({filter: n => !n.hidden})"
VISIBLE_EDGES = "return edges.get({filter: e => !e.hidden})"
ON_SCREEN = """
const c = document.querySelector('#mynetwork canvas').getBoundingClientRect();
const ids = nodes.get({filter: n => !n.hidden}).map(n => n.id);
const pos = network.getPositions(ids);
return ids.filter(id => { const p = network.canvasToDOM(pos[id]);
  return p.x < -1 || p.y < -1 || p.x > c.width + 1 || p.y > c.height + 1; }).length;
"""


@pytest.fixture(scope="module")
def data_raw_page(browser, graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_html(graph, tmp_path_factory.mktemp("viewer") / "graph.html", title="kg: data/raw")


def test_default_view_is_a_readable_overview(browser, data_raw_page: Path, graph: nx.MultiDiGraph) -> None:
    open_page(browser, data_raw_page)
    shown = browser.execute_script(VISIBLE_NODES)
    kinds = {n["kind"] for n in shown}
    print(f"default view: {len(shown)} of {graph.number_of_nodes()} nodes, kinds {sorted(kinds)}")
    assert 10 <= len(shown) <= 80
    assert kinds <= {"Person", "Project", "Visit", "Meeting"} and "Person" in kinds
    if any(d["label"] == "Visit" for _, d in graph.nodes(data=True)):  # visits as events (kg.events)
        assert "Visit" in kinds
    assert not reporters(graph) & {n["id"] for n in shown}
    label_px = browser.execute_script("return kgSettings.fontSize * network.getScale()")
    print(f"label size at default zoom: {label_px:.1f} px")
    assert label_px >= 12
    assert browser.execute_script(ON_SCREEN) == 0
    panel, canvas = browser.execute_script(
        "return [document.getElementById('kg-panel').getBoundingClientRect().toJSON(),"
        " document.querySelector('#mynetwork canvas').getBoundingClientRect().toJSON()]")
    assert panel["right"] <= canvas["left"] + 1 and canvas["width"] > 600
    panel_text = browser.execute_script("return document.getElementById('kg-panel').innerText")
    for word in ("地区", "时间轴", "节点类型", "关系类型", "官员", "项目", "视察", "全部日期"):
        assert word in panel_text
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}", d)
               for d in browser.execute_script("return kgSettings.dates"))
    external = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('file:') && !n.startsWith('data:'))")
    assert external == []
    shot(browser, "viewer-default.png")


def test_search_lists_every_match_of_names_titles_and_aliases(browser, data_raw_page: Path,
                                                             graph: nx.MultiDiGraph) -> None:
    open_page(browser, data_raw_page)
    shown = select(graph)
    li = {n for n, d in shown.nodes(data=True) if "李" in d["name"]}
    assert len(li) >= 3
    found = browser.execute_script("return kgSearch('李')")
    assert set(found) == li
    assert browser.execute_script("return document.querySelectorAll('#kg-results li').length") == len(li)
    chiefs = {u for u, _, d in shown.edges(data=True) if d["type"] == "HOLDS_TITLE" and "区长" in d.get("title", "")}
    assert LEADER in chiefs
    found = browser.execute_script("return kgSearch('区长')")
    assert chiefs <= set(found)
    alias = next((n, a) for n, d in shown.nodes(data=True) for a in d.get("aliases") or ()
                 if a not in d["name"] and not any(a in e["name"] for e in shown.nodes.values()))
    assert alias[0] in browser.execute_script("return kgSearch(arguments[0])", alias[1])
    browser.execute_script("kgSearch('李')")
    shot(browser, "viewer-search.png")


def test_focus_is_highlighted_with_its_neighbourhood(browser, data_raw_page: Path) -> None:
    open_page(browser, data_raw_page)
    assert browser.execute_script("return kgSearch('李晓雷')")[0] == LEADER
    node = browser.execute_script("return nodes.get(arguments[0])", LEADER)
    assert node["focused"] and not node["hidden"] and node["borderWidth"] > 1
    assert browser.execute_script("return network.getSelectedNodes()") == [LEADER]
    shown = {n["id"]: n for n in browser.execute_script(VISIBLE_NODES)}
    near = {n for n in shown if not shown[n]["dimmed"]}
    assert {"Organization", "Article"} & {shown[n]["kind"] for n in near}  # one click shows the rest
    assert browser.execute_script(ON_SCREEN.replace("!n.hidden", "!n.hidden && !n.dimmed")) == 0
    print(f"focus view: {len(near)} nodes, label size "
          f"{browser.execute_script('return kgSettings.fontSize * network.getScale()'):.1f} px")
    assert "职务" in browser.execute_script("return document.getElementById('kg-detail').textContent")
    shot(browser, "viewer-focus.png")
    browser.execute_script("kgClearFocus()")
    assert not browser.execute_script("return nodes.get(arguments[0]).focused", LEADER)


def test_filters_refit_and_hide_nodes_left_without_edges(browser, data_raw_page: Path) -> None:
    open_page(browser, data_raw_page)
    before = browser.execute_script("return network.getScale()")
    browser.execute_script("const s = document.getElementById('kg-district'); s.value = '二七区';"
                           "s.dispatchEvent(new Event('change'))")
    shown = browser.execute_script(VISIBLE_NODES)
    assert shown and {n["cluster"] for n in shown} == {"二七区"}
    assert browser.execute_script(ON_SCREEN) == 0
    assert browser.execute_script("return network.getScale()") > before  # fewer nodes, zoomed in to them
    browser.execute_script("const s = document.getElementById('kg-district'); s.value = '';"
                           "s.dispatchEvent(new Event('change'))")
    assert any(n["kind"] == "Project" for n in browser.execute_script(VISIBLE_NODES))
    browser.execute_script("document.querySelectorAll('.kg-rel[value=INSPECTED], .kg-rel[value=VISITED]')"
                           ".forEach(c => { if (c.checked) { c.click(); } })")
    shown = browser.execute_script(VISIBLE_NODES)
    assert not any(n["kind"] == "Project" for n in shown)  # projects were only inspected (visited)
    edges = browser.execute_script(VISIBLE_EDGES)
    ends = {e["from"] for e in edges} | {e["to"] for e in edges}
    assert {n["id"] for n in shown} == ends
    browser.execute_script("document.querySelector('.kg-type[value=Organization]').click();"
                           "document.querySelector('.kg-rel[value=HOLDS_TITLE]').click()")
    assert any(n["kind"] == "Organization" for n in browser.execute_script(VISIBLE_NODES))
    assert browser.execute_script(ON_SCREEN) == 0


def test_timeline_replays_facts_by_date(browser, data_raw_page: Path) -> None:
    open_page(browser, data_raw_page)
    dates = browser.execute_script("return kgSettings.dates")
    assert len(dates) >= 3
    full = browser.execute_script("return kgApplyFilters()")
    counts = []
    for i in range(len(dates)):
        browser.execute_script("kgTimeline(arguments[0])", i)
        edges = browser.execute_script(VISIBLE_EDGES)
        assert all(0 <= e["date"] <= i for e in edges)
        assert dates[i] in browser.execute_script("return document.getElementById('kg-time-label').textContent")
        counts.append(len(edges))
    assert counts == sorted(counts) and counts[-1] > counts[0]
    started = browser.execute_script(  # ▶ starts a replay at the first date; a second click stops it
        "const b = document.getElementById('kg-play'); b.click();"
        "const v = document.getElementById('kg-time').value; b.click(); return v")
    assert started == "0"
    browser.execute_script("kgTimeline(arguments[0])", len(dates))
    assert browser.execute_script("return document.getElementById('kg-time-label').textContent") == "全部日期"
    assert len(browser.execute_script(VISIBLE_NODES)) == full


def test_hostile_page_in_chromium(browser, tmp_path: Path, extractions_records: list[dict]) -> None:
    g = build_graph(hostile_records(extractions_records))
    page = write_html(g, tmp_path / "graph.html", title="测试 " + XSS)
    open_page(browser, page)
    assert browser.execute_script("return kgSearch('恶意')")
    assert browser.execute_script("return window.pwned === undefined && document.querySelectorAll('img').length === 0")
    assert XSS in browser.execute_script("return document.getElementById('kg-panel').textContent")


def test_large_graph_draws(browser, tmp_path: Path) -> None:
    g = synthetic(5000, 10000)
    page = write_html(g, tmp_path / "big.html", max_nodes=5000, max_edges=10000)
    elapsed = open_page(browser, page)
    assert browser.execute_script("return [nodes.length, edges.length]") == [5000, 10000]
    assert browser.execute_script("return kgSearch('实体4999')")[0] == "N4999"
    print(f"5,000 nodes / 10,000 edges: ready {elapsed:.1f} s after load")
