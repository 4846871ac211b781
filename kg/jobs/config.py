"""Job definitions: a TOML file in pipelines/ (see pipelines/sample-job.toml).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "j.toml"
>>> _ = p.write_text('[job]\\nname = "x"\\nsources = ["data/raw"]\\nout = "out/x"\\n', "utf-8")
>>> job = load_job(p)
>>> (job.name, job.store, job.workers, job.sources[0].name)
('x', 'embedded', 1, 'raw')
>>> job.out == p.parent.resolve() / "out" / "x"  # relative to the job file's folder
True
"""

from __future__ import annotations

import glob
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError


@dataclass
class JobConfig:
    """What a job reads, where it writes, and with which extractor."""

    name: str
    sources: list[Path]
    out: Path
    store: str = "embedded"  # "embedded", "none", or a bolt:// / neo4j:// URI (credentials from NEO4J_*)
    model: str | None = None
    workers: int = 1
    year: int | None = None
    extract: dict[str, Any] = field(default_factory=dict)
    html: bool = True
    corrections: Path | None = None  # a corrections file (kg.corrections), applied on every graph build
    executor: str = "local"  # where extraction runs: local / process (`workers` processes) / dask (kg.executor)
    scheduler: str | None = None  # a Dask scheduler address (tcp://host:8786); none: a LocalCluster of `workers`

    def expand_sources(self) -> list[str]:
        """Source paths with globs expanded (folders and files as given).

        A glob that matches nothing is kept as it is: reading it fails, so the job
        knows the articles it gave before must not be retracted.
        """
        out: list[str] = []
        for src in self.sources:
            text = str(src)
            matches = sorted(glob.glob(text, recursive=True)) if any(c in text for c in "*?[") else [text]
            out.extend(matches or [text])
        return out


def load_job(path: Path | str) -> JobConfig:
    """Read a job TOML; relative paths (sources, globs, out, a model folder) are relative to the
    folder of the TOML file, not to the current directory."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KGError(f"{path}: cannot read job definition: {exc}") from exc
    job = data.get("job") or {}
    if not job.get("sources") or not job.get("out"):
        raise KGError(f"{path}: [job] needs `sources` (list) and `out` (folder)")
    if not isinstance(job["sources"], list) or not all(isinstance(s, str) for s in job["sources"]):
        raise KGError(f"{path}: [job] `sources` must be a list of paths")
    base = path.parent.resolve()
    executor = str(job.get("executor", "dask" if job.get("scheduler") else "local"))
    if executor not in ("local", "process", "dask"):
        raise KGError(f"{path}: [job] `executor` must be local, process or dask, not {executor!r}")
    model = job.get("model")
    if isinstance(model, str) and model not in ("shipped", "") and (base / model).exists():
        model = str(base / model)  # a model folder next to the job; else a HanLP id
    return JobConfig(
        name=str(job.get("name") or path.stem),
        sources=[base / Path(s).expanduser() for s in job["sources"]],
        out=base / Path(str(job["out"])).expanduser(),
        store=str(job.get("store", "embedded")),
        model=model,
        workers=int(job.get("workers", 1)),
        year=job.get("year"),
        extract=dict(data.get("extract") or {}),
        html=bool(job.get("html", True)),
        corrections=base / Path(str(job["corrections"])).expanduser() if job.get("corrections") else None,
        executor=executor,
        scheduler=str(job["scheduler"]) if job.get("scheduler") else None,
    )
