"""The HTML viewer: offline, escaped, searchable — checked in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.export.html import render, select, write_html
from kg.graph import build_graph

XSS = "<img src=x onerror=alert(1)>"
SCRIPT_CLOSE = "</script><script>window.pwned=1</script>"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: Set KG_SCREENSHOT=docs/viewer.png to refresh the README's screenshot.
SCREENSHOT = os.environ.get("KG_SCREENSHOT")


def hostile_records(extractions_records: list[dict]) -> list[dict]:
    evil = {"article_id": "evil#0", "district": "中原区", "date": "2023-01-01", "headline": SCRIPT_CLOSE,
            "people": [{"name": XSS, "titles": [SCRIPT_CLOSE], "role": "official"}],
            "organizations": [], "places": [], "projects": ["恶意" + XSS + "项目"],
            "relations": [{"type": "INSPECTED", "source": XSS, "target": "恶意" + XSS + "项目", "sentence": 1}],
            "mentions": [], "sentences": [SCRIPT_CLOSE, XSS + "调研了项目。" + SCRIPT_CLOSE]}
    return [*extractions_records, evil]


def synthetic(n_nodes: int, n_edges: int) -> nx.MultiDiGraph:
    import random

    rng = random.Random(3)
    g = nx.MultiDiGraph()
    labels = ["Person", "Organization", "Place", "Project"]
    for i in range(n_nodes):
        g.add_node(f"N{i}", label=labels[i % 4], name=f"实体{i}", district="中原区" if i % 2 else "二七区",
                   articles=[], aliases=[])
    for j in range(n_edges):
        u, v = rng.randrange(n_nodes), rng.randrange(n_nodes)
        g.add_edge(f"N{u}", f"N{v}", key=f"k{j}", type="INSPECTED", edge_key=f"k{j}", articles=[],
                   first_seen=None, last_seen=None)
    return g


def test_page_has_no_external_reference(extractions_records: list[dict]) -> None:
    page = render(build_graph(extractions_records))
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=\"(https?:)?//", page, re.IGNORECASE)
    assert "bootstrap" not in page.lower()


def test_hostile_strings_stay_inside_json(extractions_records: list[dict]) -> None:
    page = render(build_graph(hostile_records(extractions_records)))
    assert XSS not in page and SCRIPT_CLOSE not in page


def test_select_focus_and_max_nodes(extractions_records: list[dict]) -> None:
    g = build_graph(extractions_records)
    ego = select(g, focus="李晓雷", hops=1)
    assert "Person:中原区:李晓雷" in ego and ego.number_of_nodes() < g.number_of_nodes()
    top = select(g, max_nodes=20)
    assert top.number_of_nodes() == 20
    with pytest.raises(KeyError):
        select(g, focus="无此人")


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
                 "--window-size=1400,900", f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    yield driver
    driver.quit()


def open_page(browser, path: Path, timeout: float = 30.0) -> float:
    started = time.monotonic()
    browser.get(path.as_uri())
    while not browser.execute_script("return window.kgReady === true"):
        if time.monotonic() - started > timeout:
            raise AssertionError("viewer did not become ready")
        time.sleep(0.05)
    return time.monotonic() - started


def test_viewer_in_chromium(browser, tmp_path: Path, extractions_records: list[dict]) -> None:
    g = build_graph(hostile_records(extractions_records))
    page = write_html(g, tmp_path / "graph.html", title="测试 " + XSS)
    open_page(browser, page)
    counts = browser.execute_script("return [nodes.length, edges.length]")
    assert counts == [g.number_of_nodes(), g.number_of_edges()]
    assert browser.execute_script("return typeof network.getPositions === 'function'")
    found = browser.execute_script("return kgSearch('李晓雷')")
    assert found == "Person:中原区:李晓雷"
    assert browser.execute_script("return network.getSelectedNodes()") == ["Person:中原区:李晓雷"]
    assert browser.execute_script("return window.pwned === undefined && document.querySelectorAll('img').length === 0")
    assert XSS in browser.execute_script("return document.getElementById('kg-panel').textContent")
    external = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:') && !n.startsWith('data:'))")
    assert external == []
    browser.execute_script("document.querySelector('.kg-type[value=Person]').click()")
    hidden = browser.execute_script("return nodes.get({filter: n => n.kind === 'Person' && !n.hidden}).length")
    assert hidden == 0
    browser.execute_script("document.querySelector('.kg-type[value=Person]').click()")
    shot = Path(SCREENSHOT) if SCREENSHOT else tmp_path / "viewer.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    browser.get(write_html(build_graph(extractions_records), tmp_path / "clean.html", title="kg — data/raw").as_uri())
    browser.execute_script("return true")
    time.sleep(1.0)
    browser.execute_script("network.fit()")
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_large_graph_draws_within_10_seconds(browser, tmp_path: Path) -> None:
    g = synthetic(5000, 10000)
    page = write_html(g, tmp_path / "big.html")
    elapsed = open_page(browser, page, timeout=60)
    drawn = time.monotonic()
    browser.execute_script("network.redraw(); return true")
    assert browser.execute_script("return kgSearch('实体4999')") == "N4999"
    elapsed += time.monotonic() - drawn
    print(f"5,000 nodes / 10,000 edges: ready and responsive {elapsed:.1f} s after load")
    assert elapsed < 10
