"""The private core of the Python package, bottom to top:

- ``ffi`` (the only module importing ctypes: loads libtenflowers and binds every C function),
  ``cdefs`` (the C prototypes, generated from include/tenflowers.h);
- ``dtypes``, ``device``, ``runtime`` and ``tensor`` (the Tensor class and its operators).

Imports nothing: importing one of these modules never runs another by the way of this file."""
