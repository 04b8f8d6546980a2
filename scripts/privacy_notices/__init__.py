"""Generate and validate the privacy notices of a Japanese corporate group."""

__version__ = "0.1.0"
