"""Python client of the Face Compare API (sync and async, httpx + pydantic only).

>>> from app.client import FaceCompareClient
>>> with FaceCompareClient("http://127.0.0.1:8000", secret="...") as fc:
...     result = fc.compare("card.jpg", "selfie.jpg")
...     result.similarity, result.verification.decision
"""

from app.client.answers import CompareResult, ErrorBody
from app.client.async_client import AsyncFaceCompareClient
from app.client.core import Retry
from app.client.errors import FaceCompareError, TransportError
from app.client.images import ImageInput, image
from app.client.sync_client import FaceCompareClient
from app.contract import Face

__all__ = [
    "AsyncFaceCompareClient",
    "CompareResult",
    "ErrorBody",
    "Face",
    "FaceCompareClient",
    "FaceCompareError",
    "ImageInput",
    "Retry",
    "TransportError",
    "image",
]
