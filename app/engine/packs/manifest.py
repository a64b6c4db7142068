"""Pack manifests: the JSON schema (``pack.json`` or a built-in manifest) and its reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.engine.errors import ModelPackError
from app.engine.packs.kinds import AUTO, FileSource, PackKind, is_comparison, required_roles

PACK_JSON = "pack.json"
LICENCE_FILENAME = "MODEL.LICENSE"

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ROLE_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def _check_sha(value: str) -> str:
    value = value.strip().lower()
    if not _SHA_RE.fullmatch(value):
        raise ValueError("must be 64 hexadecimal characters (a sha256 digest)")
    return value


class PackFile(BaseModel):
    """One weight file of a pack, identified by its plain file name (no folders)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    role: str
    sha256: str
    size: int = Field(ge=0)
    source: FileSource = "pack"
    #: the file's own download URL, for packs published as separate files rather than a zip
    url: str | None = None

    @field_validator("name")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        if (
            not value
            or value in {".", ".."}
            or any(ch in value for ch in "/\\:\x00")
            or value != value.strip()
            or value in {PACK_JSON, LICENCE_FILENAME}
        ):
            raise ValueError(f"file name {value!r} must be a plain file name without folders")
        return value

    @field_validator("role")
    @classmethod
    def _role_name(cls, value: str) -> str:
        if not _ROLE_RE.fullmatch(value):
            raise ValueError(f"role {value!r} must be lower-case letters, digits and underscores")
        return value

    @field_validator("sha256")
    @classmethod
    def _sha(cls, value: str) -> str:
        return _check_sha(value)


class PackManifest(BaseModel):
    """Describes a pack: its files with official sha256 and sizes, licence and download URL."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    version: str = "1"
    kind: PackKind = "custom"
    description: str = ""
    licence: str = "licence not stated in pack.json"
    licence_url: str | None = None
    url: str | None = None
    archive_sha256: str | None = None
    files: list[PackFile]
    #: 0 only for ``liveness`` packs, which embed nothing
    embedding_dim: int = Field(default=0, ge=0)
    thresholds: dict[str, float] | None = None
    #: a built-in pack whose files also ship with facecompare in ``<models dir>/<name>/``;
    #: that copy comes before every search root (``pack.json`` of a custom pack ignores it)
    embedded: bool = False

    @field_validator("name")
    @classmethod
    def _pack_name(cls, value: str) -> str:
        if not _NAME_RE.fullmatch(value) or value.lower() == AUTO:
            raise ValueError(
                f"pack name {value!r} must be 1-64 letters, digits, '.', '_' or '-' "
                "(starting with a letter or digit) and not 'auto'"
            )
        return value

    @field_validator("archive_sha256")
    @classmethod
    def _archive_sha(cls, value: str | None) -> str | None:
        return None if value is None else _check_sha(value)

    @model_validator(mode="after")
    def _unique_files(self) -> PackManifest:
        if not self.files:
            raise ValueError("a pack needs at least one file")
        names = [f.name for f in self.files]
        roles = [f.role for f in self.files]
        if len(set(names)) != len(names):
            raise ValueError("file names must be unique within a pack")
        if len(set(roles)) != len(roles):
            raise ValueError("each role may appear only once in a pack")
        if is_comparison(self.kind) and self.embedding_dim <= 0:
            raise ValueError("embedding_dim must be greater than 0")
        return self

    def file_for(self, role: str) -> PackFile | None:
        """The file with ``role``, or ``None``."""
        return next((f for f in self.files if f.role == role), None)

    @property
    def roles(self) -> list[str]:
        return [f.role for f in self.files]

    @property
    def required_roles(self) -> frozenset[str]:
        """Roles that must be present for the pack to be usable (:func:`kinds.required_roles`)."""
        return required_roles(self.kind, self.roles)

    def is_required(self, role: str) -> bool:
        return role in self.required_roles

    @property
    def file_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.files)


def load_manifest(path: Path) -> PackManifest:
    """Read and validate a manifest JSON file (``pack.json`` or a built-in manifest)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, json.JSONDecodeError) as exc:
        raise ModelPackError(f"The pack manifest {path} cannot be read: {exc}.") from exc
    try:
        return PackManifest.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'manifest'}: {err['msg']}" for err in exc.errors()
        )
        raise ModelPackError(f"The pack manifest {path} is not valid: {problems}.") from exc
