"""The face engine: one object, models loaded once, thread-safe ``find_faces``, ``analyze``,
``compare`` and ``liveness`` on encoded bytes or decoded pixels."""

from __future__ import annotations

import dataclasses
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.engine import packs
from app.engine.align import norm_crop
from app.engine.calibration import find_calibration
from app.engine.config import DEFAULT_THRESHOLDS, EngineSettings
from app.engine.detectors import Detector, rank_faces
from app.engine.errors import FaceNotFoundError, FaceTooSmallError
from app.engine.imageio import LoadedImage, from_pixels, load_image
from app.engine.landmarks import Landmarker, landmark_groups, pupils
from app.engine.liveness import LivenessResult, LivenessScorer
from app.engine.mask import Masker
from app.engine.models import PackModel, comparison_parts, liveness_part
from app.engine.pose import estimate_pose, rotated_box
from app.engine.preview import PreviewModels
from app.engine.quality import measure_quality
from app.engine.recognizers import Recognizer
from app.engine.scoremap import ScoreMapping, from_thresholds
from app.engine.types import Analysis, Comparison, Detection, Face, Image, Thresholds

CARD = "cardImage"
FACE = "faceImage"


@dataclass(frozen=True, slots=True)
class _Input:
    loaded: LoadedImage
    detections: list[Detection]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The raw score: cosine similarity of two L2-normalised embeddings, clipped to 0..1 (the
    engine's ``compare`` maps it through the pack's :class:`ScoreMapping`)."""
    return float(np.clip(np.dot(a, b), 0.0, 1.0))


class Engine:
    """Loads one model pack and answers ``find_faces``, ``analyze``, ``compare`` and ``liveness``.

    The pack's parts (detector, landmarks, recogniser, mask: :mod:`app.engine.models`) are
    chosen in ``__init__`` and each loaded once, on first use or by :meth:`warm_up` (which
    ``__init__`` calls unless ``warm_up=False``); the liveness pack loads on first use. The
    object may be shared by threads (each model guards its own state).
    """

    def __init__(
        self, pack: str | None = None, settings: EngineSettings | None = None, *, warm_up: bool = True
    ):
        self.settings = settings or EngineSettings()
        self.pack = packs.resolve_pack(pack or self.settings.model_pack)
        self.parts = comparison_parts(self.pack, self.settings)
        self.thresholds = self._thresholds()
        self._io = ThreadPoolExecutor(max_workers=2, thread_name_prefix="facecompare-io")
        self._liveness: PackModel[LivenessScorer] | None = None
        self._liveness_lock = threading.Lock()
        if warm_up:
            self.warm_up()

    # -- the pack's models (each loaded on first use) --------------------------------------
    @property
    def detector(self) -> Detector:
        return self.parts.detector.load()

    @property
    def landmarker(self) -> Landmarker:
        return self.parts.landmarks.load()

    @property
    def recognizer(self) -> Recognizer:
        return self.parts.recognizer.load()

    @property
    def mask(self) -> Masker:
        return self.parts.mask.load()

    @property
    def embedding_dim(self) -> int:
        """Length of this pack's embeddings (loads the recogniser)."""
        return self.recognizer.dim

    def preview_models(self) -> PreviewModels:
        """This engine's detector and mask classifier, for live camera guidance (no new load)."""
        return PreviewModels(self.detector, self.mask)

    def describe_models(self) -> dict[str, dict[str, Any]]:
        """Each model of the engine by kind (the liveness model once it is loaded)."""
        models = self.parts.all() + ([self._liveness] if self._liveness is not None else [])
        return {m.kind: m.describe() for m in models}

    # -- configuration ------------------------------------------------------------------
    def _thresholds(self) -> Thresholds:
        """The score mapping and the thresholds on its calibrated scale.

        The mapping comes from the calibration file (version 2: its knots; version 1: derived from
        its two raw thresholds), else from the pack manifest's raw thresholds, else from the
        defaults (:func:`~app.engine.scoremap.from_thresholds`). The thresholds are where the
        mapping puts the raw ones (0.70 and 0.80 for a calibrated pack); environment settings
        (on the calibrated scale) win over them. Also sets ``calibration`` (the file's model or
        None), ``score_mapping`` and ``thresholds_source``.
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
            mapping = calibration.score_mapping()
            t["match"], t["review"] = calibration.match.threshold, calibration.review.threshold
            if calibration.schema_version == 1:
                t["match"], t["review"] = mapping.apply(t["match"]), mapping.apply(t["review"])
                source = f"calibration {path} ({where}; version 1: mapping derived from its two thresholds)"
            else:
                source = f"calibration {path} ({where})"
        else:
            mapping = from_thresholds(float(t["match"]), float(t["review"]), source)
            t["match"], t["review"] = mapping.apply(t["match"]), mapping.apply(t["review"])
            source += " (mapping derived from its two raw thresholds)"
        self.score_mapping: ScoreMapping = mapping
        if self.settings.match_threshold is not None:
            t["match"] = self.settings.match_threshold
            source += ", match from FACECOMPARE_MATCH_THRESHOLD"
        if self.settings.review_threshold is not None:
            t["review"] = self.settings.review_threshold
            source += ", review from FACECOMPARE_REVIEW_THRESHOLD"
        self.thresholds_source = source
        return Thresholds(match=float(t["match"]), review=min(float(t["review"]), float(t["match"])))

    @property
    def raw_thresholds(self) -> Thresholds:
        """The decision thresholds as raw cosines (for checks on raw embeddings, such as the
        kiosk challenge's same-person check): the mapping's inverse of :attr:`thresholds`."""
        inv = self.score_mapping.inverse
        return Thresholds(match=inv(self.thresholds.match), review=inv(self.thresholds.review))

    def warm_up(self) -> None:
        """Load every comparison model and run it once on a synthetic image, so the first real
        request is not slow: each model's own warm-up, then one face through the pipeline."""
        for part in self.parts.all():
            part.warm_up()
        img = np.full((240, 320, 3), 128, dtype=np.uint8)
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
        landmarker, recognizer = self.landmarker, self.recognizer
        shapes = [landmarker.shapes(rgb_of[id(image)], [det])[0] for image, det, _ in items]
        points = [landmarker.points(s) for s in shapes]
        inputs = [
            recognizer.align(img, rgb_of[id(img)], det, shape)
            for (img, det, _), shape in zip(items, shapes, strict=True)
        ]
        embeddings = recognizer.embed(inputs)
        aligned = [recognizer.display_crop(x) for x in inputs]
        mask = self.mask
        mask_p = mask.predict([norm_crop(img, det.kps5, 112) for img, det, _ in items])
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
                    is_wearing_mask=self._is_wearing_mask(mask, float(mp), source),
                    quality=measure_quality(crop, float(np.linalg.norm(right - left))),
                    embedding=emb,
                    source=source,
                )
            )
        return faces

    def _is_wearing_mask(self, mask: Masker, p: float, source: str) -> bool:
        """Whether mask probability ``p`` means a mask: the classifier's own threshold, and on
        the ID card's face (``source`` ``cardImage``: the card of :meth:`compare`, or an
        :meth:`analyze` call labelled so) at least ``settings.mask_card_threshold`` too (ID
        photos are bare-faced by rule; see ``docs/engine.md``, "Masks")."""
        worn = mask.is_wearing(p)
        card_threshold = self.settings.mask_card_threshold
        if worn and source == CARD and card_threshold is not None:
            return p >= card_threshold
        return worn

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
        raw = similarity(card_face.embedding, live_face.embedding)
        sim = self.score_mapping.apply(raw)
        return Comparison(
            card=card_face,
            face=live_face,
            similarity=sim,
            raw_similarity=raw,
            score_scale=self.score_mapping.scale_id,
            decision=self.thresholds.decide(sim),
            thresholds=self.thresholds,
            pack=self.pack.name,
            elapsed_ms=(time.perf_counter() - t0) * 1000.0,
            card_faces=len(card_in.detections),
            face_faces=len(face_in.detections),
        )

    # -- liveness -----------------------------------------------------------------------
    def load_liveness(self) -> LivenessScorer:
        """The passive liveness model, loaded on first use, once: the pack named by
        ``settings.liveness_pack`` (``FACECOMPARE_LIVENESS_PACK``), by default the embedded
        MiniFASNet pack (``models/minifasnet/``), so no environment variable is needed.

        Raises :class:`~app.engine.errors.ModelPackError` naming the pack when it is not installed.
        """
        with self._liveness_lock:
            if self._liveness is None:
                part = liveness_part(self.settings, self.settings.liveness_pack)
                part.warm_up()
                self._liveness = part
        return self._liveness.load()

    def liveness(
        self, pixels: Image, face: Detection | Face | None = None, *, threshold: float | None = None
    ) -> LivenessResult:
        """P(live) of ``face`` in BGR ``pixels``; without ``face``, of the most prominent face
        :meth:`find_faces` finds (this engine's own detector, run once). ``threshold`` replaces
        the pack's decision threshold for this call.

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
        result = model.score(pixels, detection)
        if threshold is None:
            return result
        return dataclasses.replace(result, live=result.score >= threshold, threshold=threshold)
