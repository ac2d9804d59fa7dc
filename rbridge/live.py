"""``rbridge.live`` is :mod:`rbridge.verify.live` (live verification against R keras run
now); this name is kept for the tools and notebooks that import it."""

from .verify.live import live_status, record, verify_live  # noqa: F401
