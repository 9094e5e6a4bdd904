"""Builds the Rust core (rust/) with setuptools-rust as a plain shared library, puts it, the C
header and the C build metadata (a pkg-config file and a CMake package configuration, from
packaging/*.in) inside the package, and tags the wheel py3-none-<platform>: the package loads the
library with ctypes, so one wheel serves every Python 3. The version is rust/Cargo.toml's, the
one place it is written: the library reports it (TF_Version, tenflowers.__version__), and the
wheel's metadata, the .pc file and the CMake version file are given it here."""

from __future__ import annotations

import os
import re
import shutil
import struct
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
# packaging/<template> -> its place inside the package, below tenflowers/.
BUILD_METADATA = {
    "tenflowers.pc.in": ("lib", "pkgconfig", "tenflowers.pc"),
    "tenflowersConfig.cmake.in": ("lib", "cmake", "tenflowers", "tenflowersConfig.cmake"),
    "tenflowersConfigVersion.cmake.in": ("lib", "cmake", "tenflowers", "tenflowersConfigVersion.cmake"),
}


def cargo_version() -> str:
    """The crate version from rust/Cargo.toml's [package] table (no TOML parser before 3.11)."""
    with open(os.path.join(HERE, "rust", "Cargo.toml"), encoding="utf-8") as f:
        text = f.read()
    package = re.search(r"^\[package\]\s*$(.*?)(?=^\[|\Z)", text, flags=re.M | re.S)
    found = package and re.search(r'^version\s*=\s*"([^"]+)"', package.group(1), flags=re.M)
    if not found:
        raise RuntimeError("rust/Cargo.toml: no version in [package]")
    return found.group(1)


VERSION = cargo_version()


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


class BuildPyWithCFiles(build_py):
    """Ships include/tenflowers.h inside the package, for tenflowers.get_include(), and the
    pkg-config and CMake files made from packaging/*.in (their paths are relative to the files
    themselves, so the installed package can live anywhere)."""

    def run(self) -> None:
        super().run()
        package = os.path.join(self.build_lib, "tenflowers")
        dest = os.path.join(package, "include")
        os.makedirs(dest, exist_ok=True)
        shutil.copy2(os.path.join(HERE, "include", "tenflowers.h"), dest)
        values = {"@VERSION@": VERSION, "@LIB_FILE@": LIB_FILE, "@SIZEOF_VOID_P@": str(struct.calcsize("P"))}
        for template, place in BUILD_METADATA.items():
            with open(os.path.join(HERE, "packaging", template), encoding="utf-8") as f:
                text = f.read()
            for key, value in values.items():
                text = text.replace(key, value)
            leftover = re.search(r"@[A-Z_]+@", text)
            if leftover:
                raise RuntimeError(f"packaging/{template}: no value for {leftover.group(0)}")
            out = os.path.join(package, *place)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)


class BdistWheelPy3None(bdist_wheel):
    """Tags the wheel py3-none-<platform>: it holds no Python extension module."""

    def finalize_options(self) -> None:
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self) -> tuple[str, str, str]:
        _, _, plat = super().get_tag()
        return "py3", "none", plat


setup(
    version=VERSION,
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
    cmdclass={"build_ext": BuildExtPlainName, "build_py": BuildPyWithCFiles, "bdist_wheel": BdistWheelPy3None},
    zip_safe=False,
)
