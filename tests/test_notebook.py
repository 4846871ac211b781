"""notebooks/explore.ipynb runs top to bottom (so it cannot rot), shows pandas tables and a timeline chart,
is committed with its outputs, and writes nothing into the repository (the store's logs go to out/)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def test_committed_notebook_has_its_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs and cell.execution_count for cell in code), "run and save it with outputs"
    kinds = {key for cell in code for o in cell.outputs for key in o.get("data", {})}
    assert {"text/html", "image/png"} <= kinds


def test_notebook_executes(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    before = _files(NOTEBOOK.parent)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                      for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs)
    assert "融信奥体世纪项目" in outputs and "区委书记" in outputs
    html = "".join(str(o.get("data", {}).get("text/html", "")) for cell in nb.cells if cell.cell_type == "code"
                   for o in cell.outputs)
    assert html.count("<table") >= 4 and "evidence_sentence" in html  # pandas tables with evidence
    assert any("image/png" in o.get("data", {}) for cell in nb.cells if cell.cell_type == "code"
               for o in cell.outputs)  # the timeline chart
    assert _files(NOTEBOOK.parent) == before, "the notebook wrote files next to itself (logs?)"
