"""dlib's face-recognition ResNet (``dlib_face_recognition_resnet_model_v1.dat``) as an ONNX graph.

The ``.dat`` file is dlib's own serialisation of the network ``anet_type`` declared in dlib's
``tools/python/src/face_recognition.cpp`` (a 29-layer ResNet on 150×150 RGB chips, 128-d
output). :func:`read_weights` parses that stream with the layer layout below (read from dlib's
``dnn/core.h``, ``layers.h``, ``input.h``, ``loss.h``; nothing is copied) and
:func:`build_model` writes the same computation with the ``onnx`` package, each ``affine``
(frozen batch norm) folded into the convolution before it. Two of dlib's behaviours matter:

* convolutions and pools with stride 2 have no padding (dlib's default), stride 1 pads by 1;
* ``add_prev`` adds tensors of different shapes by zero-padding both to the larger one at the
  end of every axis (the down-sampling blocks add 128 channels to 256, and 3×3 to 4×4).

Converting, caching and checking the graph against dlib itself is :mod:`app.engine.dlib_check`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CHIP = 150
EMBEDDING_DIM = 128


class DlibFormatError(ValueError):
    """The file is not the dlib ResNet this module knows how to read."""


# --------------------------------------------------------------------------- architecture


@dataclass(frozen=True, slots=True)
class Op:
    """One dlib layer in forward order: ``kind`` and its arguments."""

    kind: str  # con, affine, relu, max_pool, avg_pool, avg_pool_everything, tag, skip, add_prev, fc
    filters: int = 0
    size: int = 0
    stride: int = 1
    tag: int = 0


def _block(n: int, stride: int) -> list[Op]:
    """``block<N,affine,stride>``: con, affine, relu, con, affine (forward order)."""
    return [Op("con", n, 3, stride), Op("affine"), Op("relu"), Op("con", n, 3, 1), Op("affine")]


def _ares(n: int) -> list[Op]:
    """``relu<add_prev1<block<N,1,tag1<SUBNET>>>>``."""
    return [Op("tag", tag=1), *_block(n, 1), Op("add_prev", tag=1), Op("relu")]


def _ares_down(n: int) -> list[Op]:
    """``relu<add_prev2<avg_pool<2,2,2,2,skip1<tag2<block<N,2,tag1<SUBNET>>>>>>>``."""
    return [
        Op("tag", tag=1),
        *_block(n, 2),
        Op("tag", tag=2),
        Op("skip", tag=1),
        Op("avg_pool", size=2, stride=2),
        Op("add_prev", tag=2),
        Op("relu"),
    ]


def architecture() -> list[Op]:
    """``anet_type`` of dlib's face recogniser, input to output (the loss layer excluded)."""
    ops = [Op("con", 32, 7, 2), Op("affine"), Op("relu"), Op("max_pool", size=3, stride=2)]
    ops += _ares(32) * 3
    ops += _ares_down(64) + _ares(64) * 3
    ops += _ares_down(128) + _ares(128) * 2
    ops += _ares_down(256) + _ares(256) * 2
    ops += _ares_down(256)
    ops += [Op("avg_pool_everything"), Op("fc", EMBEDDING_DIM)]
    return ops


# --------------------------------------------------------------------------- reading


class _Stream:
    """dlib's serialisation primitives over one bytes object."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def _take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise DlibFormatError(f"truncated at byte {self.pos}")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def integer(self) -> int:
        """dlib's integer: a control byte (0x80 = negative, low 4 bits = length), little endian."""
        ctrl = self._take(1)[0]
        size = ctrl & 0x0F
        if size == 0 or size > 8 or ctrl & 0x70:
            raise DlibFormatError(f"bad integer control byte {ctrl:#x} at byte {self.pos - 1}")
        value = int.from_bytes(self._take(size), "little")
        return -value if ctrl & 0x80 else value

    def real(self) -> float:
        """dlib's portable float: mantissa then exponent (value = mantissa × 2^exponent)."""
        mantissa = self.integer()
        exponent = self.integer()
        if exponent >= 32000:  # dlib's markers for inf / -inf / nan
            raise DlibFormatError("non-finite float in the model")
        return float(np.ldexp(float(mantissa), exponent))

    def flag(self) -> bool:
        ch = self._take(1)
        if ch not in (b"0", b"1"):
            raise DlibFormatError(f"bad bool {ch!r} at byte {self.pos - 1}")
        return ch == b"1"

    def text(self) -> str:
        return self._take(self.integer()).decode("ascii", errors="replace")

    def tensor(self) -> np.ndarray:
        """A ``resizable_tensor`` (version 2): four dims, then little-endian float32 values."""
        if (version := self.integer()) != 2:
            raise DlibFormatError(f"tensor version {version}, expected 2")
        shape = tuple(self.integer() for _ in range(4))
        count = int(np.prod(shape))
        raw = self._take(4 * count)
        return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)

    def expect(self, *names: str) -> str:
        name = self.text()
        if name not in names:
            raise DlibFormatError(f"found layer {name!r} where {' or '.join(names)} was expected")
        return name


@dataclass
class Weights:
    """The parameters of :func:`architecture`'s layers (index → arrays) and the input means."""

    means_rgb: tuple[float, float, float]
    con: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # (OIHW, bias)
    affine: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # (gamma, beta)
    fc: dict[int, np.ndarray] = field(default_factory=dict)  # (inputs, outputs)


def _read_pool(s: _Stream, op: Op, name: str) -> None:
    s.expect(name)
    nr, nc, sy, sx, py, px = (s.integer() for _ in range(6))
    size = 0 if op.kind == "avg_pool_everything" else op.size
    stride = 1 if op.kind == "avg_pool_everything" else op.stride
    if (nr, nc, sy, sx, py, px) != (size, size, stride, stride, 0, 0):
        raise DlibFormatError(f"{name}: unexpected window/stride/padding {(nr, nc, sy, sx, py, px)}")


def _read_details(s: _Stream, i: int, op: Op, w: Weights, channels: int) -> int:
    """One layer's details; returns the channel count after it."""
    if op.kind == "con":
        version = s.expect("con_4", "con_5", "con_6")
        params = s.tensor().reshape(-1)
        n, nr, nc, sy, sx, py, px = (s.integer() for _ in range(7))
        pad = 0 if op.stride != 1 else op.size // 2
        if (n, nr, nc, sy, sx, py, px) != (op.filters, op.size, op.size, op.stride, op.stride, pad, pad):
            raise DlibFormatError(f"layer {i}: convolution {(n, nr, nc, sy, sx, py, px)} is not {op}")
        for _ in range(2):  # filters, biases: alias tensors (version, 4 dims)
            s.integer()
            [s.integer() for _ in range(4)]
        for _ in range(4):  # learning-rate and weight-decay multipliers
            s.real()
        use_bias = s.flag() if version in ("con_5", "con_6") else True
        if version == "con_6":
            s.flag()
        k = n * channels * nr * nc
        if params.size != k + (n if use_bias else 0):
            raise DlibFormatError(f"layer {i}: {params.size} convolution values for {n}×{channels}×{nr}×{nc}")
        bias = params[k:] if use_bias else np.zeros(n, np.float32)
        w.con[i] = (params[:k].reshape(n, channels, nr, nc), bias)
        return n
    if op.kind == "affine":
        version = s.expect("affine_", "affine_2")
        params = s.tensor().reshape(-1)
        for _ in range(2):  # gamma, beta alias tensors
            s.integer()
            [s.integer() for _ in range(4)]
        s.integer()  # mode
        if version == "affine_2":
            s.flag()
        if params.size != 2 * channels:
            raise DlibFormatError(f"layer {i}: {params.size} affine values for {channels} channels")
        w.affine[i] = (params[:channels], params[channels:])
        return channels
    if op.kind == "relu":
        if s.expect("relu_", "relu_2") == "relu_2":
            s.flag()
        return channels
    if op.kind in ("max_pool", "avg_pool", "avg_pool_everything"):
        _read_pool(s, op, "max_pool_2" if op.kind == "max_pool" else "avg_pool_2")
        return channels
    if op.kind == "add_prev":
        s.expect("add_prev_")
        return channels
    if op.kind == "fc":
        version = s.expect("fc_2", "fc_3")
        outputs, inputs = s.integer(), s.integer()
        params = s.tensor().reshape(-1)
        for _ in range(2):
            s.integer()
            [s.integer() for _ in range(4)]
        if s.integer() != 1:  # fc_bias_mode: FC_NO_BIAS (FC_HAS_BIAS is 0)
            raise DlibFormatError("the fc layer has a bias; dlib's recogniser has none")
        for _ in range(4):
            s.real()
        if version == "fc_3":
            s.flag()
        if (outputs, inputs) != (op.filters, channels) or params.size != inputs * outputs:
            raise DlibFormatError(f"fc layer {inputs}→{outputs} with {params.size} values")
        w.fc[i] = params.reshape(inputs, outputs)
        return outputs
    raise AssertionError(op.kind)


def _channels_after_add(ops: list[Op], i: int, chans: list[int]) -> int:
    """Channels of ``add_prev`` at ``i``: the larger of its input and the tagged layer's output."""
    tag = ops[i].tag
    j = max(k for k in range(i) if ops[k].kind == "tag" and ops[k].tag == tag)
    return max(chans[i], chans[j])


def read_weights(path: Path) -> Weights:
    """Parse dlib's ``.dat`` into :class:`Weights`; :class:`DlibFormatError` if it is not dlib's
    face recogniser (unknown layer, wrong shapes, trailing bytes)."""
    s = _Stream(path.read_bytes())
    ops = architecture()
    s.integer()  # add_loss_layer version
    if s.expect("loss_metric_", "loss_metric_2") == "loss_metric_2":  # before the subnetwork
        s.real(), s.real()  # margin, distance threshold (training only)
    # the outer layers' versions come first, outermost first (each add_layer serialises its
    # version, then its whole subnetwork, then its own details)
    versions = [s.integer() for _ in ops][::-1]
    s.expect("input_rgb_image_sized")
    means = (s.real(), s.real(), s.real())
    if (s.integer(), s.integer()) != (CHIP, CHIP):
        raise DlibFormatError(f"input is not {CHIP}×{CHIP}")
    w = Weights(means_rgb=means)
    # chans[i] = channels entering op i (tags record their input, i.e. the tagged output)
    chans = [3]
    for i, op in enumerate(ops):
        c = chans[-1]
        if op.kind == "skip":
            j = max(k for k in range(i) if ops[k].kind == "tag" and ops[k].tag == op.tag)
            chans.append(chans[j])
            continue
        if op.kind == "tag":
            chans.append(c)
            continue
        if op.kind == "add_prev":
            c = _channels_after_add(ops, i, chans)
        c = _read_details(s, i, op, w, c)
        for _ in range(3):  # setup called, gradient stale, output/gradient disabled
            s.flag()
        if i == 0:  # the layer on the input: x_grad, cached_output, grad_final (+ expansion)
            for _ in range(3):
                s.tensor()
            if versions[0] >= 3:
                s.integer()
        else:  # x_grad, cached_output (+ params_grad since version 2)
            for _ in range(3 if versions[i] == 2 else 2):
                s.tensor()
        chans.append(c)
    if s.pos != len(s.data):
        raise DlibFormatError(f"{len(s.data) - s.pos} bytes left after the last layer")
    return w


# --------------------------------------------------------------------------- ONNX graph


def _out_size(size: int, window: int, stride: int, pad: int) -> int:
    return 1 + (size + 2 * pad - window) // stride


def build_model(w: Weights) -> onnx.ModelProto:
    """The ONNX graph of :func:`architecture` with ``w``'s weights.

    Input ``chips``: N×150×150×3 ``uint8`` RGB (dlib's chips as they are); output
    ``descriptor``: N×128 ``float32``, dlib's descriptor (not normalised).
    """
    ops = architecture()
    nodes: list[onnx.NodeProto] = []
    inits: list[onnx.TensorProto] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    mean = np.asarray(w.means_rgb, np.float32).reshape(1, 3, 1, 1)
    nodes += [
        helper.make_node("Cast", ["chips"], ["x_f"], to=TensorProto.FLOAT),
        helper.make_node("Transpose", ["x_f"], ["x_nchw"], perm=[0, 3, 1, 2]),
        helper.make_node("Sub", ["x_nchw", const("mean", mean)], ["x_c"]),
        helper.make_node("Mul", ["x_c", const("inv256", np.array(1 / 256.0, np.float32))], ["t0"]),
    ]
    cur, shape = "t0", (3, CHIP, CHIP)  # channels, rows, cols
    tags: dict[int, tuple[str, tuple[int, int, int]]] = {}
    for i, op in enumerate(ops):
        out = f"t{i + 1}"
        if op.kind == "con":
            weight, bias = w.con[i]
            if i + 1 < len(ops) and ops[i + 1].kind == "affine":
                gamma, beta = w.affine[i + 1]
                weight = weight * gamma[:, None, None, None]
                bias = bias * gamma + beta
            pad = 0 if op.stride != 1 else op.size // 2
            nodes.append(
                helper.make_node(
                    "Conv",
                    [cur, const(f"w{i}", weight.astype(np.float32)), const(f"b{i}", bias.astype(np.float32))],
                    [out],
                    kernel_shape=[op.size, op.size],
                    strides=[op.stride, op.stride],
                    pads=[pad] * 4,
                )
            )
            side = _out_size(shape[1], op.size, op.stride, pad)
            shape = (op.filters, side, side)
        elif op.kind == "affine":
            if ops[i - 1].kind != "con":
                raise AssertionError("every affine follows a convolution in dlib's recogniser")
            continue  # folded into the convolution
        elif op.kind == "relu":
            nodes.append(helper.make_node("Relu", [cur], [out]))
        elif op.kind in ("max_pool", "avg_pool"):
            kind = "MaxPool" if op.kind == "max_pool" else "AveragePool"
            nodes.append(
                helper.make_node(
                    kind, [cur], [out], kernel_shape=[op.size, op.size], strides=[op.stride, op.stride]
                )
            )
            side = _out_size(shape[1], op.size, op.stride, 0)
            shape = (shape[0], side, side)
        elif op.kind == "tag":
            tags[op.tag] = (cur, shape)
            continue
        elif op.kind == "skip":
            cur, shape = tags[op.tag]
            continue
        elif op.kind == "add_prev":
            other, other_shape = tags[op.tag]
            c, h, wd = (max(a, b) for a, b in zip(shape, other_shape, strict=True))
            target = (c, h, wd)
            a = _pad_to(nodes, const, cur, shape, target, f"pa{i}")
            b = _pad_to(nodes, const, other, other_shape, target, f"pb{i}")
            nodes.append(helper.make_node("Add", [a, b], [out]))
            shape = target
        elif op.kind == "avg_pool_everything":
            nodes.append(helper.make_node("GlobalAveragePool", [cur], [f"{out}_g"]))
            nodes.append(helper.make_node("Flatten", [f"{out}_g"], [out], axis=1))
            shape = (shape[0], 1, 1)
        elif op.kind == "fc":
            nodes.append(helper.make_node("MatMul", [cur, const(f"fc{i}", w.fc[i])], ["descriptor"]))
            out = "descriptor"
        cur = out
    graph = helper.make_graph(
        nodes,
        "dlib_face_recognition_resnet_model_v1",
        [helper.make_tensor_value_info("chips", TensorProto.UINT8, ["n", CHIP, CHIP, 3])],
        [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, ["n", EMBEDDING_DIM])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="facecompare")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _pad_to(nodes: list[onnx.NodeProto], const, name: str, shape, target, out: str) -> str:  # type: ignore[no-untyped-def]
    """Zero-pad ``name`` (N×C×H×W with C,H,W = ``shape``) at the end of each axis to ``target``."""
    if tuple(shape) == tuple(target):
        return name
    ends = [0, *(t - s for s, t in zip(shape, target, strict=True))]
    pads = np.array([0, 0, 0, 0, *ends], dtype=np.int64)
    nodes.append(helper.make_node("Pad", [name, const(f"{out}_pads", pads)], [out], mode="constant"))
    return out


def convert(dat: Path, target: Path) -> None:
    """Parse ``dat`` and write its ONNX graph to ``target`` (atomically)."""
    model = build_model(read_weights(dat))
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")  # processes may convert at once
    target.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(tmp))
    tmp.replace(target)
