"""The Face Compare HTTP API (CLOVA eKYC-compatible), served by :mod:`app.api.server`."""
