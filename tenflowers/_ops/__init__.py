"""The operations of tenflowers, one module per family, all over the core (``tenflowers._core``).
The public namespace (``tenflowers/__init__.py``) re-exports them.

Imports nothing: importing one of these modules never runs another by the way of this file."""
