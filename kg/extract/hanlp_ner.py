"""The HanLP sequence tagger kg trains and ships, and how it is loaded.

HanLP 2.1.5's :class:`RNNNamedEntityRecognizer` builds its CRF without
``batch_first`` so with ``crf=True`` it learns nothing; :class:`CRFRNNNamedEntityRecognizer`
fixes that. Its import path is stored in the saved ``config.json``, so it must stay here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch
from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

from kg.errors import ModelNotFoundError

#: The model trained by ``pipelines/train_ner.py`` and shipped inside the package.
SHIPPED_MODEL = Path(__file__).parent / "model"


class CRFRNNNamedEntityRecognizer(RNNNamedEntityRecognizer):
    """A character BiLSTM-CRF tagger whose CRF is batch-first (it actually learns)."""

    def build_model(self, rnn_input: Any, rnn_hidden: Any, drop: Any, crf: Any, **kwargs: Any) -> torch.nn.Module:
        model = super().build_model(rnn_input, rnn_hidden, drop, crf, **kwargs)
        if getattr(model, "crf", None) is not None:
            model.crf.batch_first = True
        return model


def resolve_model_path(model: str | None) -> Path | str:
    """Where to load a NER model from, failing fast when it is not on this machine.

    ``None`` or ``"shipped"`` is the model inside the package; an existing folder
    is used as is; anything else is a HanLP pretrained identifier (a URL or a
    name from ``hanlp.pretrained``), which must already be unpacked under
    ``$HANLP_HOME`` — kg never downloads at run time.
    """
    if model in (None, "", "shipped"):
        if not (SHIPPED_MODEL / "config.json").exists():
            raise ModelNotFoundError(
                f"the shipped NER model is missing from {SHIPPED_MODEL}; rebuild it with "
                "`python pipelines/train_ner.py` or pass --model PATH")
        return SHIPPED_MODEL
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise ModelNotFoundError(f"{path} is a folder but holds no HanLP config.json")
        return path
    import hanlp.pretrained
    from hanlp.utils.io_util import path_from_url, split_if_compressed

    url = hanlp.pretrained.ALL.get(model, model)
    home = os.environ.get("HANLP_HOME") or str(Path.home() / ".hanlp")
    if "://" not in url:
        raise ModelNotFoundError(
            f"NER model {model!r} is neither a local model folder nor a HanLP pretrained identifier")
    url = url.split("#", 1)[0]
    local = Path(split_if_compressed(path_from_url(url, home))[0])
    if not (local / "config.json").exists():
        raise ModelNotFoundError(
            f"NER model {model!r} is not available offline: expected it unpacked at {local} "
            f"(HANLP_HOME={home}). kg never downloads models at run time; place the model "
            "there or pass --model PATH to a local model folder.")
    return local


def load_tagger(model: str | None = None) -> Any:
    """Load a HanLP tagger offline (see :func:`resolve_model_path`), on one CPU thread."""
    import contextlib
    import io
    import warnings

    import hanlp

    torch.set_num_threads(1)
    path = resolve_model_path(model)
    # HanLP prints a "Building model" spinner on stdout and warns about the tag scheme;
    # neither may reach a command's output.
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        tagger = hanlp.load(str(path), devices=-1, verbose=False)
    if not tagger.config.get("tagging_scheme"):
        tagger.config.tagging_scheme = "BIO"
    return tagger
