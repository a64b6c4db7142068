"""Prometheus metrics of one app (its own registry; several processes via PROMETHEUS_MULTIPROC_DIR)."""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """Requests by result and errorCode, latency, queue depth, running jobs, model load time."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "facecompare_requests", "Compare requests answered", ["result", "errorCode"], registry=r
        )
        self.latency = Histogram(
            "facecompare_request_seconds",
            "Time from request to response of /compare",
            ["result"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.queue_depth = Gauge(
            "facecompare_queue_depth",
            "Requests waiting for an inference thread",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.running = Gauge(
            "facecompare_inference_running",
            "Requests on an inference thread",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.model_load = Gauge(
            "facecompare_model_load_seconds",
            "Time to load and warm up the model pack",
            registry=r,
            multiprocess_mode="liveall",
        )

    def observe(self, result: str, error_code: str | None, seconds: float) -> None:
        self.requests.labels(result=result, errorCode=error_code or "").inc()
        self.latency.labels(result=result).observe(seconds)

    def render(self) -> bytes:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)
