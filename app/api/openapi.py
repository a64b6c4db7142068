"""The OpenAPI description of ``/compare``: request bodies, security and documented errors.

The handler reads the body itself (to stop at the size limit and answer every fault in the
spec's envelope), so the request schemas are attached here rather than inferred by FastAPI.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from app.api.auth import HEADER
from app.contract import CompareMessage, CompareRequest, CompareResponse, ErrorResponse

SECURITY_SCHEME = "ekycSecret"
_REF = "#/components/schemas/{model}"


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": _ref(ErrorResponse)}},
    }
    if headers:
        out["headers"] = headers
    return out


COMPARE_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _ref(CompareRequest)},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["message", "cardImage", "faceImage"],
                    "properties": {
                        "message": {"type": "string", "description": "CompareMessage as JSON text."},
                        "cardImage": {"type": "string", "format": "binary"},
                        "faceImage": {"type": "string", "format": "binary"},
                    },
                },
            },
        },
    },
    "security": [{SECURITY_SCHEME: []}],
    "responses": {
        "200": {
            "description": "SUCCESS, or FACE_NOT_FOUND / FACE_TOO_SMALL in the error envelope",
            "content": {
                "application/json": {"schema": {"anyOf": [_ref(CompareResponse), _ref(ErrorResponse)]}}
            },
        },
        "400": _error(
            "INVALID_REQUEST, INVALID_BASE64, UNSUPPORTED_FORMAT, MULTIPAGE_NOT_SUPPORTED, "
            "IMAGE_DECODE_FAILED"
        ),
        "401": _error("UNAUTHORIZED"),
        "404": _error("no such path"),
        "408": _error("INVALID_REQUEST: the body stopped arriving or missed its deadline (closed)"),
        "409": _error("DUPLICATE_REQUEST_ID"),
        "413": _error("PAYLOAD_TOO_LARGE"),
        "415": _error("UNSUPPORTED_MEDIA_TYPE"),
        "429": _error(
            "TOO_MANY_REQUESTS", {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}
        ),
        "500": _error("INTERNAL_ERROR"),
        "503": _error(
            "INTERNAL_ERROR: the request-ID store cannot be written (the requestId is not used up)",
            {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}},
        ),
    },
}


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the request models and the secret header's security scheme."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    for item in schema["paths"].values():
        for operation in item.values():
            operation.get("responses", {}).pop("422", None)  # path parameters are free strings
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for model in (CompareRequest, CompareMessage, CompareResponse, ErrorResponse):
        js = model.model_json_schema(ref_template=_REF)
        schemas.update(js.pop("$defs", {}))
        schemas[model.__name__] = js
    components["securitySchemes"] = {SECURITY_SCHEME: {"type": "apiKey", "in": "header", "name": HEADER}}
    app.openapi_schema = schema
    return schema
