"""The PySide6 workstation: the verify screen branch staff use at the counter.

Qt lives only in this package; ``guidance`` and ``backends`` are Qt-free so they can be
tested and reused without a display.
"""
