"""all-MiniLM-L6-v2 as an ONNX graph for onnxruntime, built here from the weights package (no torch).

The graph is written with ``onnx.helper`` from the package's safetensors (read by
:mod:`eventwire.learn.encoder`): BERT embeddings, 6 encoder layers, the last hidden states as output;
mean pooling and L2 normalisation stay in NumPy (:class:`eventwire.learn.encoder.OnnxMiniLM`).
:func:`graph_path` builds it once, dynamically quantised to int8 by default, into the cache folder
(``$EVENTWIRE_CACHE``, default ``~/.cache/eventwire``), named by the weights' size and time and the
onnx and onnxruntime versions; nothing is downloaded. ``scripts/build_onnx.py`` writes one anywhere.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np


def build(tensors: dict[str, np.ndarray], heads: int = 12):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits, nodes = [], []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs) -> str:
        domain = attrs.pop("domain", "")
        nodes.append(helper.make_node(op, inputs, [out], name=out, domain=domain, **attrs))
        return out

    f32 = {k: v.astype(np.float32) for k, v in tensors.items() if v.dtype != np.int64}

    def dense(inp: str, key: str, tag: str) -> str:
        """``inp @ key.weight.T + key.bias`` as initializers ``tag.w``, ``tag.b`` and two nodes."""
        h = node("MatMul", [inp, const(f"{tag}.w", f32[key + ".weight"].T)], f"{tag}.mm")
        return node("Add", [h, const(f"{tag}.b", f32[key + ".bias"])], f"{tag}.add")

    def layer_norm(inp: str, key: str, tag: str, out: str) -> str:
        weights = [const(f"{tag}.w", f32[key + ".weight"]), const(f"{tag}.b", f32[key + ".bias"])]
        return node("LayerNormalization", [inp, *weights], out, epsilon=1e-12, axis=-1)

    dim = f32["embeddings.word_embeddings.weight"].shape[1]
    hd = dim // heads
    x = node("Gather", [const("word", f32["embeddings.word_embeddings.weight"]), "input_ids"], "we")
    n = node("Shape", ["input_ids"], "n", start=1, end=2)  # [length], 1-D
    zero = const("zero", np.array([0], np.int64))
    pe = node("Slice", [const("posemb", f32["embeddings.position_embeddings.weight"]), zero, n, zero], "pe")
    x = node("Add", [x, pe], "e1")
    x = node("Add", [x, const("type0", f32["embeddings.token_type_embeddings.weight"][0])], "e2")
    x = node(
        "LayerNormalization",
        [
            x,
            const("eln_w", f32["embeddings.LayerNorm.weight"]),
            const("eln_b", f32["embeddings.LayerNorm.bias"]),
        ],
        "e3",
        epsilon=1e-12,
        axis=-1,
    )
    m = node("Sub", [const("onef", np.array(1, np.float32)), "attention_mask"], "m1")
    m = node("Mul", [m, const("neg", np.array(-1e9, np.float32))], "m2")
    bias = node("Unsqueeze", [m, const("ax12", np.array([1, 2], np.int64))], "mbias")
    heads_shape = const("heads_shape", np.array([0, 0, heads, hd], np.int64))
    flat_shape = const("flat_shape", np.array([0, 0, dim], np.int64))
    scale = const("scale", np.array(1 / np.sqrt(hd), np.float32))
    i = 0
    while f"encoder.layer.{i}.attention.self.query.weight" in f32:
        p = f"encoder.layer.{i}."
        parts = {}
        for name in ("query", "key", "value"):
            h = dense(x, f"{p}attention.self.{name}", f"{p}{name}")
            h = node("Reshape", [h, heads_shape], f"{p}{name}.r")
            perm = [0, 2, 3, 1] if name == "key" else [0, 2, 1, 3]
            parts[name] = node("Transpose", [h], f"{p}{name}.t", perm=perm)
        s = node("MatMul", [parts["query"], parts["key"]], f"{p}scores")
        s = node("Mul", [s, scale], f"{p}scaled")
        s = node("Add", [s, bias], f"{p}masked")
        s = node("Softmax", [s], f"{p}probs", axis=-1)
        c = node("MatMul", [s, parts["value"]], f"{p}ctx")
        c = node("Transpose", [c], f"{p}ctx.t", perm=[0, 2, 1, 3])
        c = node("Reshape", [c, flat_shape], f"{p}ctx.r")
        c = dense(c, f"{p}attention.output.dense", f"{p}o")
        c = node("Add", [c, x], f"{p}res1")
        x = layer_norm(c, f"{p}attention.output.LayerNorm", f"{p}ln1", f"{p}ln1")
        h = dense(x, f"{p}intermediate.dense", f"{p}i")
        h = node("Gelu", [h], f"{p}gelu")  # exact (erf) GELU, opset 20
        h = dense(h, f"{p}output.dense", f"{p}f")
        h = node("Add", [h, x], f"{p}res2")
        last = f"encoder.layer.{i + 1}.attention.self.query.weight" not in f32
        x = layer_norm(h, f"{p}output.LayerNorm", f"{p}ln2", "hidden" if last else f"{p}ln2")
        i += 1
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", dim])],
        inits,
    )
    opsets = [helper.make_opsetid("", 20)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="eventwire")
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model


def write_graph(out: Path, int8: bool) -> Path:
    """Build the graph from the weights package into ``out`` (int8: dynamically quantised)."""
    import onnx

    from .encoder import read_safetensors, weights_zip

    with zipfile.ZipFile(weights_zip()) as zf:
        tensors = read_safetensors(zf.read("model.safetensors"))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        part = Path(tmp) / "plain.onnx"
        onnx.save(build(tensors), str(part))
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            plain, part = part, Path(tmp) / "int8.onnx"
            logging.disable(logging.WARNING)  # its advice to pre-process is for image models
            try:
                quantize_dynamic(str(plain), str(part), weight_type=QuantType.QInt8)
            finally:
                logging.disable(logging.NOTSET)
        os.replace(part, out)  # whole or not at all: a reader (or a second process) never sees half a graph
    return out


def graph_path(int8: bool = True) -> Path:
    """The cached graph of the installed weights (built on first use, about 10 s)."""
    from importlib.metadata import version

    from ..gazetteer.cache import cache_dir
    from .encoder import weights_zip

    stat = weights_zip().stat()  # versions from metadata: importing onnx alone takes most of a second
    key = f"{stat.st_size}:{stat.st_mtime_ns}:{version('onnx')}:{version('onnxruntime')}:{int8}"
    name = f"minilm-{'int8' if int8 else 'f32'}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.onnx"
    path = cache_dir() / name
    if not path.exists():
        write_graph(path, int8)
    return path
