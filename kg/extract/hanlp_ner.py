"""The HanLP sequence tagger kg trains and ships, and how it is loaded.

HanLP 2.1.5's :class:`RNNNamedEntityRecognizer` builds its CRF without
``batch_first`` so with ``crf=True`` it learns nothing; :class:`CRFRNNNamedEntityRecognizer`
fixes that. Its import path is stored in the saved ``config.json``, so it must stay here.

With ``bigram_buckets > 0`` in its config the tagger also embeds character bigrams
(:class:`CharBigramEmbedding`): each character's input is its own embedding plus the
embeddings of the bigrams it ends and starts, hashed from the two character ids into
``bigram_buckets`` rows (no bigram vocabulary to store). Models saved without the key are
plain character taggers and load as before.
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


class CharBigramEmbedding(torch.nn.Module):
    """Character embedding concatenated with hashed embeddings of the bigrams c[i-1]c[i] and c[i]c[i+1].

    A bigram's row is a hash of the two character ids (padding, id 0, stands for the sentence
    edges), so the table has a fixed size whatever the corpus. Used by
    :class:`~hanlp.components.taggers.rnn.rnntaggingmodel.RNNTaggingModel` as a non-``nn.Embedding``
    embedder: it is called with the batch and returns ``[batch, length, embedding_dim]``.
    """

    #: Odd multipliers of the bigram hash; changing them invalidates every saved bigram model.
    MIX = (0x9E3779B1, 0x85EBCA77)

    def __init__(self, n_chars: int, char_dim: int, buckets: int, bigram_dim: int, key: str = "token_id") -> None:
        super().__init__()
        self.char = torch.nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.bigram = torch.nn.Embedding(buckets, bigram_dim)
        self.buckets = buckets
        self.key = key
        self.embedding_dim = char_dim + 2 * bigram_dim

    def bigram_ids(self, x: torch.Tensor) -> torch.Tensor:
        """Bucket of c[i]c[i+1] for every position of ``x`` (``[batch, length]`` of char ids)."""
        nxt = torch.nn.functional.pad(x[:, 1:], (0, 1))
        return ((x * self.MIX[0]) ^ (nxt * self.MIX[1])) % self.buckets

    def forward(self, batch: dict, mask: torch.Tensor | None = None) -> torch.Tensor:
        x = batch[self.key].long()
        right = self.bigram_ids(x)
        left = self.bigram_ids(torch.nn.functional.pad(x, (1, 0)))[:, :-1]
        return torch.cat([self.char(x), self.bigram(left), self.bigram(right)], dim=-1)


class CRFRNNNamedEntityRecognizer(RNNNamedEntityRecognizer):
    """A character BiLSTM-CRF tagger whose CRF is batch-first (it actually learns).

    Config keys beyond HanLP's: ``bigram_buckets`` and ``bigram_dim`` (see
    :class:`CharBigramEmbedding`; 0 buckets or no key is a plain character tagger) and, for
    training only, ``init_from``: a saved model folder whose weights start the new model
    (characters and tags are matched by string; a bigram table is copied when the vocabulary is the
    same, its hashes being of character ids, otherwise bigram inputs start at zero).
    """

    def build_model(self, rnn_input: Any, rnn_hidden: Any, drop: Any, crf: Any, **kwargs: Any) -> torch.nn.Module:
        buckets = int(self.config.get("bigram_buckets") or 0)
        if buckets:
            from hanlp.components.taggers.rnn.rnntaggingmodel import RNNTaggingModel

            key = self.config.token_key
            embed = CharBigramEmbedding(len(self.vocabs[key]), int(self.config.embed), buckets,
                                        int(self.config.get("bigram_dim") or 50), key=f"{key}_id")
            model = RNNTaggingModel(embed, rnn_input, rnn_hidden, len(self.vocabs["tag"]), drop, crf)
        else:
            model = super().build_model(rnn_input, rnn_hidden, drop, crf, **kwargs)
        if getattr(model, "crf", None) is not None:
            model.crf.batch_first = True
        if kwargs.get("training") and self.config.get("init_from"):
            self._warm_start(model, Path(self.config.init_from))
        return model

    def _warm_start(self, model: torch.nn.Module, folder: Path) -> None:
        """Copy the weights of the model saved in ``folder`` into ``model`` where they fit."""
        import json

        old = torch.load(folder / "model.pt", map_location="cpu", weights_only=True)
        old_vocabs = json.loads((folder / "vocabs.json").read_text(encoding="utf-8"))
        key = self.config.token_key
        new = model.state_dict()
        char_key = "embed.char.weight" if "embed.char.weight" in new else "embed.weight"
        old_char = old.get("embed.char.weight", old.get("embed.weight"))
        old_index = {t: i for i, t in enumerate(old_vocabs[key]["idx_to_token"])}
        rows = [(i, old_index[t]) for i, t in enumerate(self.vocabs[key].idx_to_token) if t in old_index]
        with torch.no_grad():
            dim = min(new[char_key].shape[1], old_char.shape[1])
            for i, j in rows:
                new[char_key][i, :dim] = old_char[j, :dim]
            old_tags = {t: i for i, t in enumerate(old_vocabs["tag"]["idx_to_token"])}
            tags = [(i, old_tags[t]) for i, t in enumerate(self.vocabs["tag"].idx_to_token) if t in old_tags]
            ti = torch.tensor([i for i, _ in tags])
            tj = torch.tensor([j for _, j in tags])
            for name, value in old.items():
                if name not in new:
                    continue
                if name.startswith("embed."):
                    # the character table was copied row by row above; a bigram table is hashed from
                    # character ids, so it is copied whole only when the vocabulary is the same
                    same_ids = list(self.vocabs[key].idx_to_token) == list(old_vocabs[key]["idx_to_token"])
                    if name != char_key and new[name].shape == value.shape and same_ids:
                        new[name].copy_(value.to(new[name].dtype))
                    continue
                target = new[name]
                if name.startswith("word_lstm.weight_ih"):
                    target.zero_()
                    target[:, :value.shape[1]] = value[:, :target.shape[1]]
                elif name in ("out.weight", "out.bias", "crf.start_transitions", "crf.end_transitions"):
                    target[ti] = value[tj]
                elif name == "crf.transitions":
                    target[ti.unsqueeze(1), ti.unsqueeze(0)] = value[tj.unsqueeze(1), tj.unsqueeze(0)]
                elif target.shape == value.shape:
                    target.copy_(value)
        model.load_state_dict(new)

    def save_weights(self, save_dir: str, filename: str = "model.pt", trainable_only: bool = True,
                     **kwargs: Any) -> None:
        """As HanLP's, but the bigram table is stored in float16 (half the file; loading casts it back)."""
        state = {n: p for n, p in self.model_.state_dict().items()}
        state = {n: (p.half() if n == "embed.bigram.weight" else p) for n, p in state.items()}
        torch.save(state, os.path.join(save_dir, filename))


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
