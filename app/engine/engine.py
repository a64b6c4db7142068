"""The face engine: one object, models loaded once, thread-safe ``analyze`` and ``compare``."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.engine import packs
from app.engine.align import norm_crop
from app.engine.calibration import find_calibration
from app.engine.config import DEFAULT_THRESHOLDS, EngineSettings
from app.engine.detectors import Detector, ScrfdDetector, YuNetDetector, rank_faces
from app.engine.errors import FaceNotFoundError, FaceTooSmallError, ModelPackError
from app.engine.imageio import LoadedImage, from_pixels, load_image
from app.engine.landmarks import Dlib68Landmarker, landmark_groups, pupils, shape_to_array
from app.engine.mask import MaskClassifier
from app.engine.pose import estimate_pose, rotated_box
from app.engine.quality import measure_quality
from app.engine.recognizers import ArcFaceRecognizer, DlibRecognizer
from app.engine.types import Analysis, Comparison, Detection, Face, Image, Thresholds

if TYPE_CHECKING:
    from app.engine.liveness import LivenessModel, LivenessResult

CARD = "cardImage"
FACE = "faceImage"


@dataclass(frozen=True, slots=True)
class _Input:
    loaded: LoadedImage
    detections: list[Detection]


def _dlib68_path() -> Path:
    """dlib's 68-point model from the ``face_recognition_models`` package (every pack uses it)."""
    folder = packs.face_recognition_models_dir()
    if folder is None:
        raise ModelPackError(
            "The face_recognition_models package is not installed; run `make run` or pip install it."
        )
    return folder / "shape_predictor_68_face_landmarks.dat"


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two L2-normalised embeddings, clipped to 0..1."""
    return float(np.clip(np.dot(a, b), 0.0, 1.0))


class Engine:
    """Loads one model pack and answers ``analyze`` and ``compare``.

    Every model is loaded once in ``__init__`` and warmed up; the object may be shared by
    threads (each model guards its own state).
    """

    def __init__(
        self, pack: str | None = None, settings: EngineSettings | None = None, *, warm_up: bool = True
    ):
        self.settings = settings or EngineSettings()
        self.pack = packs.resolve_pack(pack or self.settings.model_pack)
        s = self.settings
        self.detector: Detector
        self._dlib_rec: DlibRecognizer | None = None
        self._arcface: ArcFaceRecognizer | None = None
        if self.pack.kind == "open":
            self.detector = YuNetDetector(
                self.pack.path(packs.ROLE_DETECTOR_YUNET),
                score_threshold=s.detector_score or 0.6,
                max_side=s.detector_max_side,
            )
            self._dlib_rec = DlibRecognizer(self.pack.path(packs.ROLE_RECOGNIZER_DLIB))
        else:
            self.detector = ScrfdDetector(
                self.pack.path(packs.ROLE_DETECTOR),
                score_threshold=s.detector_score or 0.5,
                threads=s.threads,
            )
            self._arcface = ArcFaceRecognizer(self.pack.path(packs.ROLE_RECOGNIZER), threads=s.threads)
        lm_path = self.pack.files.get(packs.ROLE_LANDMARKS_DLIB68) or _dlib68_path()
        self.landmarker = Dlib68Landmarker(lm_path)
        self.mask = MaskClassifier.load()
        self.thresholds = self._thresholds()
        self._io = ThreadPoolExecutor(max_workers=2, thread_name_prefix="facecompare-io")
        self._liveness: LivenessModel | None = None
        self._liveness_lock = threading.Lock()
        if warm_up:
            self.warm_up()

    # -- configuration ------------------------------------------------------------------
    def _thresholds(self) -> Thresholds:
        """Environment settings > calibration file > pack manifest > defaults, per threshold.

        Also sets ``calibration`` (the file's model or None) and ``thresholds_source``.
        """
        t = dict(DEFAULT_THRESHOLDS)
        source = "defaults"
        if self.pack.manifest.thresholds:
            t.update(self.pack.manifest.thresholds)
            source = "pack manifest"
        found = find_calibration(self.pack.manifest)
        self.calibration = found[0] if found else None
        if found is not None:
            calibration, path, where = found
            t["match"], t["review"] = calibration.match.threshold, calibration.review.threshold
            source = f"calibration {path} ({where})"
        if self.settings.match_threshold is not None:
            t["match"] = self.settings.match_threshold
            source += ", match from FACECOMPARE_MATCH_THRESHOLD"
        if self.settings.review_threshold is not None:
            t["review"] = self.settings.review_threshold
            source += ", review from FACECOMPARE_REVIEW_THRESHOLD"
        self.thresholds_source = source
        return Thresholds(match=float(t["match"]), review=min(float(t["review"]), float(t["match"])))

    @property
    def embedding_dim(self) -> int:
        return self._dlib_rec.dim if self._dlib_rec else self._arcface.dim  # type: ignore[union-attr]

    def warm_up(self) -> None:
        """Run every model once on a synthetic image so the first real request is not slow."""
        img = np.full((240, 320, 3), 128, dtype=np.uint8)
        self.detector.detect(img)
        det = Detection(
            box=(110.0, 60.0, 210.0, 190.0),
            score=1.0,
            kps5=np.array([[140, 110], [180, 110], [160, 135], [145, 160], [175, 160]], dtype=np.float32),
        )
        self._describe([(img, det, "warm-up")])

    # -- pipeline -----------------------------------------------------------------------
    def _load(self, image: bytes | Image, fmt: str | None, label: str) -> LoadedImage:
        """Decode bytes, or take decoded BGR pixels as they are (no re-encoding)."""
        if isinstance(image, np.ndarray):
            return from_pixels(image, label=label, max_pixels=self.settings.max_pixels)
        return load_image(image, fmt, label=label, max_pixels=self.settings.max_pixels)

    def _prepare(self, image: bytes | Image, fmt: str | None, label: str) -> _Input:
        loaded = self._load(image, fmt, label)
        return _Input(loaded, self.detector.detect(loaded.pixels))

    def find_faces(self, pixels: Image) -> list[Detection]:
        """Every face the detector finds in BGR ``pixels``, most prominent first
        (:func:`~app.engine.detectors.rank_faces`). One detector run; nothing else."""
        return rank_faces(self.detector.detect(pixels))

    def _describe(self, items: list[tuple[Image, Detection, str]]) -> list[Face]:
        """Landmarks, alignment, embedding, pose, mask and quality for each (image, detection,
        source), with one recogniser batch and one mask batch across all of them."""
        if not items:
            return []
        rgb_of: dict[int, Image] = {}
        for image, _, _ in items:
            rgb_of.setdefault(id(image), np.ascontiguousarray(image[:, :, ::-1]))
        shapes = [self.landmarker.shapes(rgb_of[id(image)], [det])[0] for image, det, _ in items]
        points = [shape_to_array(s) for s in shapes]
        if self._dlib_rec is not None:
            chips = [
                self._dlib_rec.chips(rgb_of[id(img)], [sh])[0]
                for (img, _, _), sh in zip(items, shapes, strict=True)
            ]
            embeddings = self._dlib_rec.embed(chips)
            aligned = [DlibRecognizer.display_crop(c) for c in chips]
        else:
            assert self._arcface is not None
            aligned = [self._arcface.crops(img, [det.kps5])[0] for img, det, _ in items]
            embeddings = self._arcface.embed(aligned)
        mask_p = self.mask.predict([norm_crop(img, det.kps5, 112) for img, det, _ in items])
        faces = []
        for (_, det, source), pts, crop, emb, mp in zip(
            items, points, aligned, embeddings, mask_p, strict=True
        ):
            pose = estimate_pose(pts, limit=self.settings.pose_limit)
            left, right = pupils(pts)
            faces.append(
                Face(
                    detection=det,
                    polygon=rotated_box(det.box, pose.roll),
                    landmarks=landmark_groups(pts),
                    aligned=crop,
                    pose=pose,
                    mask_probability=float(mp),
                    is_wearing_mask=self.mask.is_wearing(float(mp)),
                    quality=measure_quality(crop, float(np.linalg.norm(right - left))),
                    embedding=emb,
                    source=source,
                )
            )
        return faces

    def analyze(self, image: bytes | Image, fmt: str | None = None, *, label: str = "image") -> Analysis:
        """Every face of one image, fully described: most prominent first (:func:`rank_faces`),
        at most ``max_faces``.

        ``image`` is encoded bytes (``fmt`` as declared, or None to sniff) or decoded BGR
        pixels (H×W×3 ``uint8``; not re-encoded, format ``"raw"``).
        """
        inp = self._prepare(image, fmt, label)
        dets = rank_faces(inp.detections)[: self.settings.max_faces]
        img = inp.loaded
        faces = self._describe([(img.pixels, d, label) for d in dets])
        return Analysis(img.width, img.height, img.format, faces)

    def compare(
        self,
        card: bytes | Image,
        face: bytes | Image,
        card_format: str | None = None,
        face_format: str | None = None,
    ) -> Comparison:
        """Compare the largest confident face of the card with that of the live photo.

        Each image is encoded bytes or decoded BGR pixels (as for :meth:`analyze`); both are
        decoded and searched for faces concurrently, and both faces described in one batch.

        Raises an :class:`~app.engine.errors.EngineError` subclass for refused images and
        for missing or too-small faces (``FaceNotFoundError.faces`` holds what was found).
        """
        t0 = time.perf_counter()
        fut = self._io.submit(self._prepare, face, face_format, FACE)
        try:
            card_in = self._prepare(card, card_format, CARD)
        finally:
            face_in = fut.result()
        chosen = {
            CARD: rank_faces(card_in.detections)[:1],
            FACE: rank_faces(face_in.detections)[:1],
        }
        missing = [k for k, v in chosen.items() if not v]
        if missing:
            found = self._describe(
                [
                    (inp.loaded.pixels, d, label)
                    for label, inp in ((CARD, card_in), (FACE, face_in))
                    for d in chosen[label]
                ]
            )
            which = " and ".join(missing)
            raise FaceNotFoundError(f"No face was found in {which}.", faces=found)
        card_face, live_face = self._describe(
            [(card_in.loaded.pixels, chosen[CARD][0], CARD), (face_in.loaded.pixels, chosen[FACE][0], FACE)]
        )
        for label, f in ((CARD, card_face), (FACE, live_face)):
            if f.quality.face_size_px < self.settings.min_interocular_px:
                raise FaceTooSmallError(
                    f"The face in {label} is too small: {f.quality.face_size_px:.0f} px between the eyes, "
                    f"at least {self.settings.min_interocular_px:.0f} px are needed.",
                    faces=[card_face, live_face],
                )
        sim = similarity(card_face.embedding, live_face.embedding)
        return Comparison(
            card=card_face,
            face=live_face,
            similarity=sim,
            decision=self.thresholds.decide(sim),
            thresholds=self.thresholds,
            pack=self.pack.name,
            elapsed_ms=(time.perf_counter() - t0) * 1000.0,
            card_faces=len(card_in.detections),
            face_faces=len(face_in.detections),
        )

    # -- liveness -----------------------------------------------------------------------
    def load_liveness(self) -> LivenessModel:
        """The passive liveness model (the MiniFASNet pack), loaded on first use, once.

        Raises :class:`~app.engine.errors.ModelPackError` naming the pack when it is not installed.
        """
        with self._liveness_lock:
            if self._liveness is None:
                from app.engine.liveness import LivenessModel

                self._liveness = LivenessModel.load(threads=self.settings.threads)
            return self._liveness

    def liveness(self, pixels: Image, face: Detection | Face | None = None) -> LivenessResult:
        """P(live) of ``face`` in BGR ``pixels``; without ``face``, of the most prominent face
        :meth:`find_faces` finds (this engine's own detector, run once).

        Raises FaceNotFoundError when no face is given and none is found, ModelPackError when
        the liveness pack is missing.
        """
        model = self.load_liveness()
        if face is None:
            found = self.find_faces(pixels)
            if not found:
                raise FaceNotFoundError("No face was found in the image.")
            detection = found[0]
        else:
            detection = face.detection if isinstance(face, Face) else face
        return model.score(pixels, detection)
