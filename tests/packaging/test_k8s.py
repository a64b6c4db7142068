"""packaging/k8s: every manifest valid against Kubernetes' own schemas (strict: unknown fields
refused), offline; the proxy's ConfigMap is the project's Caddyfile; the scrape config's jobs."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "packaging" / "k8s"
SCHEMAS = K8S / "schemas" / "kubernetes-v1.30.0-strict.json"
MANIFESTS = sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


@cache
def _schemas() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMAS.read_text())
    return data


def _errors(doc: dict[str, Any]) -> list[str]:
    """The schema's complaints about one object (its kind must be one the schemas know)."""
    schemas = _schemas()
    key = f"{doc['apiVersion']}/{doc['kind']}"
    assert key in schemas["kinds"], f"no vendored schema for {key}: add it to tools/k8s_schemas.py"
    schema = {k: v for k, v in schemas["kinds"][key].items() if k != "$id"} | {"$defs": schemas["$defs"]}
    validator = jsonschema_rs.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(doc)]


def _documents() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{p.name}#{i}", d) for p in MANIFESTS for i, d in enumerate(yaml.safe_load_all(p.read_text())) if d
    ]


@pytest.mark.parametrize(("where", "doc"), _documents(), ids=[w for w, _ in _documents()])
def test_manifest_is_valid_kubernetes(where: str, doc: dict[str, Any]) -> None:
    errors = _errors(doc)
    print(f"{where} {doc['kind']} {doc['metadata']['name']}: {len(errors)} errors")
    assert not errors, errors


def test_validator_refuses_a_misspelt_field_and_a_wrong_type() -> None:
    """The guard is real: strict schemas catch what a YAML typo does to a Deployment."""
    deployment = next(
        d for _, d in _documents() if d["kind"] == "Deployment" and "api" in d["metadata"]["name"]
    )
    typo = copy.deepcopy(deployment)
    container = typo["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    assert any("readinesProbe" in e for e in _errors(typo))
    wrong = copy.deepcopy(deployment)
    wrong["spec"]["replicas"] = "three"
    assert _errors(wrong)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == [p.name for p in MANIFESTS]


def test_proxy_configmap_is_the_projects_caddyfile() -> None:
    configmap = next(d for _, d in _documents() if d["kind"] == "ConfigMap")
    assert configmap["data"]["Caddyfile"] == (ROOT / "packaging" / "docker" / "Caddyfile").read_text()


def test_api_pods_probe_ready_and_health_and_drain() -> None:
    api = next(
        d for _, d in _documents() if d["kind"] == "Deployment" and d["metadata"]["name"] == "facecompare-api"
    )
    pod = api["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert pod["terminationGracePeriodSeconds"] > 30  # uvicorn's own drain is 30 s
    env = {e["name"] for e in container["env"]}
    assert {"FACECOMPARE_SECRETS", "FACECOMPARE_REQUEST_STORE"} <= env
    assert "FACECOMPARE_WORKERS" not in env  # one process per core of the CPU limit
    assert container["securityContext"]["readOnlyRootFilesystem"] is True


def test_prometheus_scrapes_every_replica_not_the_proxy() -> None:
    config = yaml.safe_load((ROOT / "packaging" / "prometheus" / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert jobs["facecompare-compose"]["dns_sd_configs"][0]["names"] == ["api"]
    assert jobs["facecompare-compose"]["dns_sd_configs"][0]["port"] == 8000
    assert jobs["facecompare-kubernetes"]["kubernetes_sd_configs"][0]["role"] == "pod"
    for job in jobs.values():
        assert job.get("metrics_path", "/metrics") == "/metrics"
