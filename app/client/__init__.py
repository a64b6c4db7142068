"""Python client of the Face Compare API (sync and async, httpx + pydantic only).

>>> from app.client import FaceCompareClient
>>> with FaceCompareClient("http://127.0.0.1:8000", secret="...") as fc:
...     result = fc.compare("card.jpg", "selfie.jpg")
...     result.similarity, result.verification.decision
"""

from app.client.async_client import AsyncFaceCompareClient
from app.client.errors import FaceCompareError, TransportError
from app.client.images import ImageInput, image
from app.client.models import CompareResult, ErrorBody, Face
from app.client.protocol import Retry
from app.client.sync_client import FaceCompareClient

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
