"""Vendor the Kubernetes JSON schemas that ``packaging/k8s/`` needs, for an offline validator.

The schemas come from the ``kubernetes-validate`` wheel (PyPI, Apache-2.0: Kubernetes' own
OpenAPI turned into JSON Schema, the ``-strict`` flavour refusing unknown fields). Refresh::

    pip download kubernetes-validate --no-deps -d /tmp/kv && unzip -q -o /tmp/kv/*.whl -d /tmp/kv
    .venv/bin/python -m tools.k8s_schemas \
        /tmp/kv/kubernetes_validate/kubernetes-json-schema/v1.30.0-local-strict

It keeps, for each kind the manifests use, its schema and only the definitions it reaches, in
one file (``packaging/k8s/schemas/kubernetes-<version>-strict.json``); tests/packaging/test_k8s.py
validates every manifest against it with ``jsonschema_rs`` (already in the lock).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: (apiVersion, kind) -> the schema file's name in kubernetes-validate
KINDS = {
    ("apps/v1", "Deployment"): "deployment-apps-v1",
    ("apps/v1", "StatefulSet"): "statefulset-apps-v1",
    ("v1", "Service"): "service-v1",
    ("v1", "ConfigMap"): "configmap-v1",
    ("policy/v1", "PodDisruptionBudget"): "poddisruptionbudget-policy-v1",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "horizontalpodautoscaler-autoscaling-v2",
    ("networking.k8s.io/v1", "NetworkPolicy"): "networkpolicy-networking-v1",
}
REF = re.compile(r"^(?:/api/)?_definitions\.json#/\$defs/(.+)$")


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                m = REF.match(value) or re.match(r"^#/\$defs/(.+)$", value)
                if m:
                    found.add(m.group(1))
            else:
                _refs(value, found)
    elif isinstance(node, list):
        for item in node:
            _refs(item, found)


def _local(node: Any) -> Any:
    """``/api/_definitions.json#/$defs/X`` -> ``#/$defs/X`` (one self-contained file)."""
    if isinstance(node, dict):
        return {
            k: (REF.sub(r"#/$defs/\1", v) if k == "$ref" and isinstance(v, str) else _local(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_local(x) for x in node]
    return node


def vendor(folder: Path) -> dict[str, Any]:
    definitions = json.loads((folder / "_definitions.json").read_text())["$defs"]
    kinds = {
        f"{api}/{kind}": json.loads((folder / f"{name}.json").read_text())
        for (api, kind), name in KINDS.items()
    }
    wanted: set[str] = set()
    todo: set[str] = set()
    _refs(kinds, todo)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        _refs(definitions[name], todo)
    return {
        "source": f"kubernetes-validate {folder.name}",
        "kinds": _local(kinds),
        "$defs": _local({name: definitions[name] for name in sorted(wanted)}),
    }


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    version = folder.name.split("-")[0]
    out = ROOT / "packaging" / "k8s" / "schemas" / f"kubernetes-{version}-strict.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(vendor(folder), separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{out}: {out.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
