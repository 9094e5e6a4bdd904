"""Builds the Rust core (rust/) with setuptools-rust as a plain shared library, puts it and the C
header inside the package, and tags the wheel py3-none-<platform>: the package loads the library
with ctypes, so one wheel serves every Python 3."""

from __future__ import annotations

import os
import shutil
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py
from setuptools_rust import Binding, RustExtension

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[no-redef]

HERE = os.path.dirname(os.path.abspath(__file__))
LIB_MODULE = "tenflowers.lib.libtenflowers"
LIB_FILE = {"win32": "tenflowers.dll", "darwin": "libtenflowers.dylib"}.get(sys.platform, "libtenflowers.so")


class BuildExtPlainName(build_ext):
    """The library is loaded by ctypes, not imported: give it its plain platform name
    (libtenflowers.so), not a Python extension suffix (.cpython-311-x86_64-linux-gnu.so)."""

    def get_ext_filename(self, fullname: str) -> str:
        # distutils asks with the last component only ("libtenflowers"), setuptools with the
        # full dotted name; answer both.
        if fullname == LIB_MODULE:
            return os.path.join(*LIB_MODULE.split(".")[:-1], LIB_FILE)
        if fullname == LIB_MODULE.rsplit(".", 1)[1]:
            return LIB_FILE
        return super().get_ext_filename(fullname)


class BuildPyWithHeader(build_py):
    """Ships include/tenflowers.h inside the package, for tenflowers.get_include()."""

    def run(self) -> None:
        super().run()
        dest = os.path.join(self.build_lib, "tenflowers", "include")
        os.makedirs(dest, exist_ok=True)
        shutil.copy2(os.path.join(HERE, "include", "tenflowers.h"), dest)


class BdistWheelPy3None(bdist_wheel):
    """Tags the wheel py3-none-<platform>: it holds no Python extension module."""

    def finalize_options(self) -> None:
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self) -> tuple[str, str, str]:
        _, _, plat = super().get_tag()
        return "py3", "none", plat


setup(
    rust_extensions=[
        RustExtension(
            LIB_MODULE,
            path="rust/Cargo.toml",
            binding=Binding.NoBinding,
            debug=False,
            # Cargo.lock pins every crate version.
            args=["--locked"],
        )
    ],
    cmdclass={"build_ext": BuildExtPlainName, "build_py": BuildPyWithHeader, "bdist_wheel": BdistWheelPy3None},
    zip_safe=False,
)
