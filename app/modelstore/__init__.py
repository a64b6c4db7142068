"""Getting model packs onto disk: download (``install_pack``) and local import (``import_pack``).

This package may use the network; :mod:`app.engine.packs` (discovery and verification) may not.
"""

from app.modelstore.download import install_pack, offline_hint
from app.modelstore.importer import import_pack, infer_manifest

__all__ = ["import_pack", "infer_manifest", "install_pack", "offline_hint"]
