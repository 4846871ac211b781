"""Issue 11: nothing lost, nothing leaked — bad input, faults and hostile strings never cost data.

One named test per numbered case of the issue (``test_item<N>_…``), plus property tests
(hypothesis) feeding random damage to ingest, extraction and the CLI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx
import psutil
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError, StoreError
from kg.export import files
from kg.export.files import write_graphml
from kg.ingest import IngestOptions, read_inputs
from kg.ingest.sources import Unreadable
from kg.jobs import JobConfig, State, load_job, run_job
from kg.jobs.runner import JobLock
from kg.models import Article, Rejection
from kg.store.bolt import BoltStore, Connection, connection_from_env
from tests.conftest import RAW, ROOT

runner = CliRunner()
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}
GOOD = "区领导调研\n\n本报讯 近日,副区长王五到区商务局调研。\n\n记者 李四\n"
WHERE = re.compile(r"^.+?(:\d+)?: \S")  # FILE[:LINE]: reason


def page(*heads: str) -> str:
    """A page of articles with these headlines (one paragraph and a byline each)."""
    return "\n\n".join(f"{h}\n\n本报讯 近日,副区长王五到区商务局{h}。\n\n记者 李四" for h in heads) + "\n"


def split(items: list) -> tuple[list[Article], list[Rejection]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Rejection)]


def make_job(tmp_path: Path, sources: list[Path], **kw) -> JobConfig:
    return JobConfig(name="t", sources=sources, out=tmp_path / "out", store="none", html=False, **kw)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in ("job.lock",) and not p.name.startswith("state.sqlite")}


# -- 1. an unreadable source never retracts -----------------------------------------------------
def test_item1_job_with_missing_source_retracts_nothing(raw_copy: Path, tmp_path: Path) -> None:
    job = make_job(tmp_path, [raw_copy])
    run_job(job)
    before, records = snapshot(job.out), State(job.out / "state.sqlite").records()
    raw_copy.rename(tmp_path / "renamed")
    report = run_job(job)
    assert report.removed == 0 and not report.graph_written
    assert any("no such file or folder" in e for e in report.errors)
    assert any("nothing was retracted" in e for e in report.errors)
    assert snapshot(job.out) == before
    assert State(job.out / "state.sqlite").records() == records


@pytest.mark.parametrize("damage", ["empty-folder", "glob-matches-nothing", "io-error", "folder-unlistable"])
def test_item1_unreadable_source_keeps_its_articles(raw_copy: Path, tmp_path: Path, damage: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    mount = raw_copy / "mnt"
    mount.mkdir()
    (mount / "page.txt").write_text(page("区领导调研", "区政协举行集体学习"), encoding="utf-8")
    extra = [mount if damage != "glob-matches-nothing" else raw_copy / "crawl" / "*.jsonl"]
    if damage == "glob-matches-nothing":
        (raw_copy / "crawl").mkdir()
        (raw_copy / "crawl" / "a.jsonl").write_text(json.dumps({"id": "c1", "text": "区委书记张三到区商务局调研。"},
                                                               ensure_ascii=False) + "\n", encoding="utf-8")
    job = make_job(tmp_path, [raw_copy / "0*.txt", *extra])
    first = run_job(job)
    total = first.extracted
    assert total >= 26
    if damage == "empty-folder":  # an unmounted share: the mount point is an empty folder
        shutil.rmtree(mount)
        mount.mkdir()
    elif damage == "glob-matches-nothing":
        shutil.rmtree(raw_copy / "crawl")
    elif damage == "io-error":
        real = Path.read_bytes

        def failing(self: Path) -> bytes:
            if self.name == "page.txt":
                raise OSError(5, "Input/output error")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", failing)
        os.utime(mount / "page.txt", ns=(1, 1))  # changed: must be read again
    else:
        real_scandir = os.scandir

        def scandir(path: str | os.PathLike[str] = ".") -> object:
            if Path(path) == mount:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    report = run_job(job)
    assert report.removed == 0, report.errors
    assert report.errors
    assert State(job.out / "state.sqlite").counts() == {"done": total}


def test_item1_source_that_was_read_still_retracts(raw_copy: Path, tmp_path: Path) -> None:
    job = make_job(tmp_path, [raw_copy])
    run_job(job)
    (raw_copy / "002_c691d486a3cfc023.txt").unlink()
    assert run_job(job).removed == 5


def test_item1_build_of_missing_input_leaves_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(RAW / "001_e2da5c09ea905b14.txt", src)
    first = runner.invoke(app, ["build", str(src), "--out", str(out), "--no-store", "--no-html"])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    for inputs in ([str(tmp_path / "raww")], [str(src), str(tmp_path / "raww")]):
        result = runner.invoke(app, ["build", *inputs, "--out", str(out), "--no-store", "--no-html"])
        assert result.exit_code == 3
        assert "left as they were" in result.output
        assert snapshot(out) == before


# -- 2. job paths are relative to the job file --------------------------------------------------
def test_item2_job_paths_relative_to_job_file(raw_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "jobs"
    folder.mkdir()
    toml = folder / "job.toml"
    toml.write_text('[job]\nname = "rel"\nsources = ["../raw/001_e2da5c09ea905b14.txt"]\nout = "out"\n'
                    'store = "none"\nhtml = false\n', encoding="utf-8")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, "-m", "kg.cli", "-q", "job", "run", str(toml)], cwd=elsewhere,
                            env={**ENV, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (folder / "out" / "graph.json").exists() and not (elsewhere / "out").exists()
    job = load_job(toml)
    assert job.sources[0].resolve() == (raw_copy / "001_e2da5c09ea905b14.txt").resolve()
    assert job.out == folder.resolve() / "out"


# -- 3. no silent drops ------------------------------------------------------------------------
def test_item3_duplicate_ids_are_reported(tmp_path: Path) -> None:
    rec = {"id": "dup", "text": "区委书记张三到区商务局调研。"}
    (tmp_path / "a.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n" +
                                      json.dumps({**rec, "text": "区长李四到区财政局调研。"}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    articles, rejections = split(list(read_inputs([str(tmp_path)])))
    assert [a.id for a in articles] == ["dup"]
    assert [(Path(r.source).name, r.line) for r in rejections] == [("a.jsonl", 2), ("b.jsonl", 1)]
    assert all("duplicate article id 'dup'" in r.reason and "a.jsonl:1" in r.reason for r in rejections)
    job = make_job(tmp_path, [tmp_path])
    report = run_job(job)
    assert report.extracted == 1 and sum("duplicate article id" in e for e in report.errors) == 2


def test_item3_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "q.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, rejections = split(list(read_inputs([str(tmp_path)])))
    assert len(articles) == 1
    (rej,) = rejections
    assert isinstance(rej, Unreadable) and rej.source.endswith("sub") and "Permission denied" in rej.reason


def test_item3_invalid_byte_in_utf8_page_keeps_the_page(tmp_path: Path) -> None:
    data = (RAW / "001_e2da5c09ea905b14.txt").read_bytes()
    clean = split(list(read_inputs([str(RAW / "001_e2da5c09ea905b14.txt")])))[0]
    cut = data.index("。".encode()) + 3
    (tmp_path / "p.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    articles, rejections = split(list(read_inputs([str(tmp_path / "p.txt")])))
    assert [a.headline for a in articles] == [a.headline for a in clean]
    (rej,) = rejections
    assert "1 undecodable byte(s) replaced" in rej.reason and f"byte {cut}" in rej.reason


def test_item3_nul_in_jsonl_rejects_only_its_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": "区委书记张三到区商务局调研。"}, ensure_ascii=False).encode()
             for i in range(3)]
    lines[1] = lines[1][:10] + b"\x00" + lines[1][10:]
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    articles, rejections = split(list(read_inputs([str(tmp_path / "a.jsonl")])))
    assert [a.id for a in articles] == ["r0", "r2"]
    assert [(r.line, "NUL" in r.reason) for r in rejections] == [(2, True)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_item3_utf16_with_bom_is_read(tmp_path: Path, encoding: str) -> None:
    data = GOOD.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + GOOD.encode(encoding)
    (tmp_path / "p.txt").write_bytes(data)
    record = json.dumps({"id": "u", "text": "区委书记张三到区商务局调研。"}, ensure_ascii=False) + "\n"
    (tmp_path / "r.jsonl").write_bytes(record.encode("utf-16"))
    articles, rejections = split(list(read_inputs([str(tmp_path)])))
    assert rejections == [] and sorted(a.headline or a.id for a in articles) == ["u", "区领导调研"]


def test_item3_page_ids_do_not_depend_on_position(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text(page("区领导调研工作", "区政协举行集体学习", "区人大视察重点项目"), encoding="utf-8")
    before = {a.headline: a.id for a in split(list(read_inputs([str(path)])))[0]}
    assert len(before) == 3
    path.write_text(page("区领导调研工作", "区人大视察重点项目"), encoding="utf-8")
    after = {a.headline: a.id for a in split(list(read_inputs([str(path)])))[0]}
    assert after == {h: i for h, i in before.items() if h != "区政协举行集体学习"}


def test_item3_deleting_one_article_reextracts_nothing(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.txt").write_text(page("区领导调研工作", "区政协举行集体学习", "区人大视察重点项目"), encoding="utf-8")
    job = make_job(tmp_path, [src])
    assert run_job(job).extracted == 3
    (src / "p.txt").write_text(page("区领导调研工作", "区人大视察重点项目"), encoding="utf-8")
    report = run_job(job)
    assert (report.removed, report.extracted) == (1, 0)
    records = {r["headline"]: r["index"] for r in State(job.out / "state.sqlite").records()}
    assert records == {"区领导调研工作": 0, "区人大视察重点项目": 1}  # the gold key follows the page


# -- 4. one bad character is one article's problem; outputs are atomic --------------------------
def test_item4_control_character_in_headline_builds(tmp_path: Path) -> None:
    rec = {"id": "c1", "title": "区领导\x07调研\x1b[2J", "text": "区委书记张三到区商务局调研。"}
    (tmp_path / "in.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out"),
                                 "--no-store", "--no-html"])
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(tmp_path / "out" / "graph.graphml")
    assert g.number_of_nodes() > 0


def test_item4_graphml_writer_survives_control_characters(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("Article:a\x01", label="Article", headline="x\x00y\x1f", articles=["a\x02"])
    g.add_node("Person:b", label="Person", name="b")
    g.add_edge("Person:b", "Article:a\x01", key="k\x03", type="REPORTED", edge_key="k\x03")
    path = write_graphml(g, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == 2 and "x\ufffdy\ufffd" in json.dumps(dict(back.nodes(data=True)),
                                                                             ensure_ascii=False)


def test_item4_failed_write_leaves_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = nx.MultiDiGraph()
    g.add_node("Person:b", label="Person", name="b")
    path = write_graphml(g, tmp_path / "g.graphml")
    before = path.read_bytes()

    def half(src: object, dst: Any, *args: object) -> None:
        dst.write(b"<graph edgedefault")  # the file is half written when the disk fills
        raise OSError("disk full")

    monkeypatch.setattr(files.shutil, "copyfileobj", half)
    with pytest.raises(OSError):
        write_graphml(g, path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["g.graphml"]


def test_item4_lone_surrogate_in_jsonl_rejects_one_record(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "s1", "text": "区委书记\\ud800张三到区商务局调研。"}\n'
                                      '{"id": "s2", "text": "区长李四到区财政局调研。"}\n', encoding="utf-8")
    out = tmp_path / "articles.jsonl"
    result = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(tmp_path / "a.jsonl"), "-o", str(out)],
                            env=ENV, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "a.jsonl:1: record holds a lone surrogate \\ud800" in result.stderr
    assert [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()] == ["s2"]


def test_item4_gbk_bytes_on_stdin(tmp_path: Path) -> None:
    data = (json.dumps({"id": "g1", "text": "区委书记张三到区商务局调研。"}, ensure_ascii=False) + "\n").encode("gbk")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", "-"], input=data, env=ENV,
                            capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["text"] == "区委书记张三到区商务局调研。"


def test_item4_job_with_bad_characters_keeps_running(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text(
        json.dumps({"id": "c1", "title": "标题\x07", "text": "区委书记张三\x00到区商务局调研。"}) + "\n"
        '{"id": "s1", "text": "\\udfff"}\n', encoding="utf-8")
    job = make_job(tmp_path, [src])
    for _ in range(2):
        report = run_job(job)
        assert (job.out / "graph.graphml").exists() and nx.read_graphml(job.out / "graph.graphml")
        assert any("lone surrogate" in e for e in report.errors)
    assert State(job.out / "state.sqlite").counts() == {"done": 1}


# -- property tests: random damage never costs a traceback or a good article --------------------
GOOD_RECORD = json.dumps({"id": "good", "text": "区委书记张三到区商务局调研。"}, ensure_ascii=False) + "\n"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def damaged(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    for pos, junk in cuts:
        pos %= len(data) + 1
        data = data[:pos] + junk + data[pos + len(junk) // 2:]
    return data


JUNK = st.one_of(st.binary(max_size=8), st.sampled_from([b"\x00", b"\xff", b"\xfe\xff", b"\x1b[31m", b"\r",
                                                         b"\\ud800", b'"', b"\n", "\u2028".encode()]))
DAMAGE = st.lists(st.tuples(st.integers(0, 4000), JUNK), min_size=1, max_size=6)


@SETTINGS
@given(damage=DAMAGE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_property_damaged_page_never_costs_the_batch(tmp_path: Path, damage: list[tuple[int, bytes]],
                                                     encoding: str) -> None:
    folder = tmp_path / f"p{abs(hash((tuple(damage), encoding)))}"
    folder.mkdir()
    text = (RAW / "001_e2da5c09ea905b14.txt").read_text("utf-8")
    (folder / "a.txt").write_bytes(damaged(text.encode(encoding), damage))
    (folder / "z.jsonl").write_text(GOOD_RECORD, encoding="utf-8")
    articles, rejections = split(list(read_inputs([str(folder)])))
    assert "good" in [a.id for a in articles]
    for rejection in rejections:
        assert WHERE.match(str(rejection)), rejection
    for article in articles:
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # every article is writable


RECORD_VALUES = st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=3),
                          st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))


@SETTINGS
@given(records=st.lists(st.dictionaries(st.sampled_from(["id", "text", "title", "date", "district", "url",
                                                         "source", "byline", "index", "file"]),
                                        RECORD_VALUES, max_size=6), max_size=6),
       junk_lines=st.lists(st.binary(max_size=40), max_size=4))
def test_property_malformed_records_are_rejected_by_line(tmp_path: Path, records: list[dict],
                                                         junk_lines: list[bytes]) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may run one example twice: a new folder each time
    lines = [json.dumps(r).encode() for r in records] + junk_lines
    (folder / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "z.jsonl").write_text(GOOD_RECORD, encoding="utf-8")
    articles, rejections = split(list(read_inputs([str(folder)], IngestOptions())))
    assert "good" in [a.id for a in articles]
    for rejection in rejections:
        assert WHERE.match(str(rejection)), rejection


@settings(max_examples=25, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("区委书记张三到商务局调研。,、\n 本报讯记者") +
                                             ["\x00", "\x07", "\x1b", "\ud800", "\u2028", "\ufffd", "𠀀"]),
                    min_size=1, max_size=300))
def test_property_extraction_never_raises(extractor, text: str) -> None:
    record, error = extractor.try_extract(Article(id="x", text=text, headline=text[:10]))
    assert record is not None or error


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_property_cli_ingest_of_random_stdin_has_no_traceback(data: bytes) -> None:
    result = runner.invoke(app, ["ingest", "-"], input=GOOD_RECORD.encode() + data)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "good" in result.stdout


# -- 5. workers die with the run; a stale lock is detected --------------------------------------
@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    subprocess.run([sys.executable, str(ROOT / "pipelines" / "synth_corpus.py"), "400", str(out), "--per-file", "20"],
                   check=True, capture_output=True)
    return out


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_item5_killed_run_leaves_no_worker_and_no_lock(synth: Path, tmp_path: Path, sig: signal.Signals) -> None:
    toml = tmp_path / "job.toml"
    toml.write_text(f'[job]\nname = "k"\nsources = ["{synth}"]\nout = "{tmp_path / "out"}"\nstore = "none"\n'
                    "html = false\nworkers = 2\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "-q", "job", "run", str(toml)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = parent.children(recursive=True)
        if len(workers) >= 2 and (tmp_path / "out" / "state.sqlite").exists():
            time.sleep(1.0)  # the workers are extracting
            workers = parent.children(recursive=True)
            break
        time.sleep(0.05)
    assert len(workers) >= 2 and proc.poll() is None
    os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    _gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [], f"orphaned workers: {alive}"
    with JobLock(tmp_path / "out" / "job.lock"):
        pass
    rerun = subprocess.run([sys.executable, "-m", "kg.cli", "-q", "job", "run", str(toml)], env=ENV,
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert State(tmp_path / "out" / "state.sqlite").counts() == {"done": 400}


def test_item5_stale_lock_is_detected(tmp_path: Path) -> None:
    lock = tmp_path / "job.lock"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock.write_text(dead.stdout, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time\n"
                               f"fh = open({str(lock)!r}, 'a'); fcntl.flock(fh, fcntl.LOCK_EX); print('held', "
                               "flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(KGError, match=rf"stale lock .* pid\(s\) {holder.pid}\b.*kill {holder.pid}"):
            JobLock(lock).__enter__()
    finally:
        holder.kill()
        holder.wait()
    with JobLock(lock):
        assert lock.read_text("utf-8").strip() == str(os.getpid())


def test_item5_live_owner_is_named(tmp_path: Path) -> None:
    with JobLock(tmp_path / "job.lock"), pytest.raises(KGError, match=rf"pid {os.getpid()}\) holds"):
        JobLock(tmp_path / "job.lock").__enter__()


# -- 8. passwords never shown ------------------------------------------------------------------
def test_item8_password_in_uri_is_never_shown(caplog: pytest.LogCaptureFixture) -> None:
    conn = connection_from_env("bolt://bob:s3cret-pass@127.0.0.1:1")
    assert conn is not None and "s3cret-pass" not in conn.uri and conn.password == "s3cret-pass"
    with pytest.raises(StoreError) as info:
        BoltStore(Connection("bolt://bob:s3cret-pass@127.0.0.1:1", "bob", "s3cret-pass"))
    assert "s3cret-pass" not in str(info.value) and info.value.__cause__ is None
    result = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--uri", "bolt://bob:s3cret-pass@127.0.0.1:1",
                             "--cypher", "MATCH (n) RETURN n"], env=ENV, capture_output=True, text=True)
    assert result.returncode == 4 and "cannot reach" in result.stderr
    assert "s3cret-pass" not in result.stderr + result.stdout + caplog.text


def test_item8_password_option_refused_file_and_env_accepted(tmp_path: Path) -> None:
    refused = runner.invoke(app, ["query", "--uri", "bolt://127.0.0.1:1", "--password", "s3cret", "--cypher",
                                  "MATCH (n) RETURN n"])
    assert refused.exit_code == 2 and "--password-file" in refused.output and "s3cret" not in refused.output
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n", encoding="utf-8")
    from kg.cli import resolve_password

    assert resolve_password(None, secret, False) == "s3cret"
    assert "--password-file" in runner.invoke(app, ["load", "--help"]).output


# -- 9. user strings are printed literally -----------------------------------------------------
def test_item9_markup_and_escape_sequences_print_literally(tmp_path: Path) -> None:
    folder = tmp_path / "in[" / "x][bold]"  # the path reads "…in[/x][bold]"
    folder.mkdir(parents=True)
    (folder / "a[bold]\x1b[2J.txt").write_bytes(b"")
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(folder), "-o", str(tmp_path / "o.jsonl")],
                            env=ENV, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "in[/x][bold]/a[bold]\\x1b[2J.txt: empty file" in result.stderr
    assert "\x1b" not in result.stderr and "read 1, written 1, rejected 1" in result.stderr
