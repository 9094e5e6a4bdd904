"""``python -m tenflowers``: the flags for building C programs against this installation, in the
manner of pkg-config.

    cc app.c $(python -m tenflowers --cflags --libs) -o app     # runs without LD_LIBRARY_PATH
    PKG_CONFIG_PATH=$(python -m tenflowers --pkgconfigdir) pkg-config --cflags --libs tenflowers
    cmake -Dtenflowers_DIR=$(python -m tenflowers --cmakedir) ...   # find_package(tenflowers)

``--cflags`` is ``-I<package>/include``; ``--libs`` is ``-L<package>/lib -ltenflowers`` and an
rpath to the same folder. Paths are printed unquoted, as pkg-config prints them. The pkg-config
and CMake files are made by the build (setup.py) and ship in the wheel; a source checkout has none,
and ``--pkgconfigdir`` / ``--cmakedir`` then fail with a message.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional, Sequence

from . import __version__, get_include

# The package folder (tenflowers/), which holds include/ and lib/.
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def cflags() -> List[str]:
    """The compiler flags for code that includes ``tenflowers.h``: ``["-I<package>/include"]``."""
    return ["-I" + get_include()]


def libs() -> List[str]:
    """The linker flags for a program that calls the C API: ``-L`` and ``-l`` for the shipped
    library and an rpath to its folder, so the program runs without ``LD_LIBRARY_PATH``."""
    libdir = os.path.join(_PACKAGE, "lib")
    return ["-L" + libdir, "-ltenflowers", "-Wl,-rpath," + libdir]


def pkgconfig_dir() -> str:
    """The folder holding ``tenflowers.pc`` (for ``PKG_CONFIG_PATH``); it may not exist in a
    source checkout."""
    return os.path.join(_PACKAGE, "lib", "pkgconfig")


def cmake_dir() -> str:
    """The folder holding ``tenflowersConfig.cmake`` (for ``tenflowers_DIR``); it may not exist in
    a source checkout."""
    return os.path.join(_PACKAGE, "lib", "cmake", "tenflowers")


def _existing(folder: str, name: str, what: str) -> Optional[str]:
    if os.path.isfile(os.path.join(folder, name)):
        return folder
    print(
        f"tenflowers: no {what} at {os.path.join(folder, name)}: the build (setup.py) makes it and "
        "the wheel ships it; this package was not installed from a wheel or sdist "
        "(a source checkout has none)",
        file=sys.stderr,
    )
    return None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tenflowers",
        description="Print the flags and folders for building C programs against tenflowers.",
    )
    p.add_argument("--cflags", action="store_true", help="compiler flags (-I<package>/include)")
    p.add_argument("--libs", action="store_true", help="linker flags (-L, -ltenflowers and an rpath)")
    p.add_argument("--pkgconfigdir", action="store_true", help="the folder of tenflowers.pc, for PKG_CONFIG_PATH")
    p.add_argument("--cmakedir", action="store_true", help="the folder of tenflowersConfig.cmake, for tenflowers_DIR")
    p.add_argument("--version", action="store_true", help="the library version (tenflowers.__version__)")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line (``argv`` defaults to ``sys.argv[1:]``) and returns the exit status:
    0, 1 when an asked-for file is not installed, 2 for a bad option. Prints, one per line and in
    this order, what was asked: the version, the pkg-config folder, the CMake folder, then the
    compiler flags followed by the linker flags on one line (as ``pkg-config --cflags --libs``).
    Without options it prints the help."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not (args.cflags or args.libs or args.pkgconfigdir or args.cmakedir or args.version):
        parser.print_help()
        return 0
    lines: List[str] = []
    if args.version:
        lines.append(__version__)
    if args.pkgconfigdir:
        folder = _existing(pkgconfig_dir(), "tenflowers.pc", "pkg-config file")
        if folder is None:
            return 1
        lines.append(folder)
    if args.cmakedir:
        folder = _existing(cmake_dir(), "tenflowersConfig.cmake", "CMake package configuration")
        if folder is None:
            return 1
        lines.append(folder)
    flags = (cflags() if args.cflags else []) + (libs() if args.libs else [])
    if flags:
        lines.append(" ".join(flags))
    print("\n".join(lines))
    return 0


__all__ = ["cflags", "libs", "pkgconfig_dir", "cmake_dir", "main"]

if __name__ == "__main__":
    sys.exit(main())
