"""The wire contract of the Face Compare API (CLOVA eKYC Face Compare, with our extensions).

One definition of the request and response models, the error codes with their HTTP statuses,
and the serializer, for the server, its OpenAPI, the client and the CLI's ``--json``. Free of
Qt, numpy, web frameworks, HTTP clients and the engine: it reads engine results by duck typing.
"""

from app.contract.codes import HTTP_STATUS, ErrorCode, Failure, code_of
from app.contract.requests import (
    CARD,
    FACE,
    FORMAT_ENUM,
    REQUEST_ID_PATTERN,
    CompareMessage,
    CompareRequest,
    ImageData,
    ImageInput,
    ImageMeta,
    compare_message,
    compare_request,
)
from app.contract.responses import (
    CompareResponse,
    ErrorResponse,
    Face,
    Health,
    Ready,
    Verification,
    VersionInfo,
)
from app.contract.serialize import (
    ENGINE_NAME,
    SUCCESS_MESSAGE,
    compare_response,
    dumps,
    envelope_of,
    error_envelope,
    face_out,
    new_uid,
    now_ms,
    to_wire,
)

__all__ = [
    "CARD",
    "ENGINE_NAME",
    "FACE",
    "FORMAT_ENUM",
    "HTTP_STATUS",
    "REQUEST_ID_PATTERN",
    "SUCCESS_MESSAGE",
    "CompareMessage",
    "CompareRequest",
    "CompareResponse",
    "ErrorCode",
    "ErrorResponse",
    "Face",
    "Failure",
    "Health",
    "ImageData",
    "ImageInput",
    "ImageMeta",
    "Ready",
    "Verification",
    "VersionInfo",
    "code_of",
    "compare_message",
    "compare_request",
    "compare_response",
    "dumps",
    "envelope_of",
    "error_envelope",
    "face_out",
    "new_uid",
    "now_ms",
    "to_wire",
]
