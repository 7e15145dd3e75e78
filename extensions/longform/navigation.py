"""``extensions = ["longform.navigation"]``: the scoped sidebar alone (:mod:`longform.site.navigation`)."""

from .site.navigation import setup

__all__ = ["setup"]
