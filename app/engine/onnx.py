"""onnxruntime session creation shared by every ONNX model (CPU, bounded threads)."""

from __future__ import annotations

import os
from pathlib import Path

import onnxruntime as ort


def create_session(model: Path, *, threads: int | None = None) -> ort.InferenceSession:
    """Load ``model`` once on the CPU provider with a bounded intra-op thread pool."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    return ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
