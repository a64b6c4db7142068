"""Loading ONNX models: onnxruntime sessions (CPU, bounded threads) and OpenCV's quiet log."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import onnxruntime as ort

#: Set to OpenCV's level names (e.g. ``INFO``) to see OpenCV's own log again while diagnosing.
OPENCV_LOG_ENV = "OPENCV_LOG_LEVEL"


def create_session(model: Path, *, threads: int | None = None) -> ort.InferenceSession:
    """Load ``model`` once on the CPU provider with a bounded intra-op thread pool."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    return ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])


def quiet_opencv() -> None:
    """Keep OpenCV's log (printed straight to stderr) to errors, unless ``OPENCV_LOG_LEVEL`` is set.

    Loading YuNet through OpenCV's DNN module otherwise prints ``[ WARN:0@…] global
    net_impl_backend.cpp:388 setPreferableTarget Targets are not supported by the new graph
    engine for now`` to every user of the CLI, the server and the windows. Process-wide and idempotent.
    """
    if not os.environ.get(OPENCV_LOG_ENV):
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
