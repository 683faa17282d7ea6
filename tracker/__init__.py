"""Intralesional injection treatment tracker."""

__version__ = "0.1.0"
