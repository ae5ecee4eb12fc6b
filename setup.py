"""kaozheng's compiled parts: the number grammars, built with Cython.

Everything else is in pyproject.toml. Finding figures is the speed that
matters on a whole archive, so ``numbers/en.py`` and ``numbers/zh.py`` (plain
Python, read and edited as such) are also compiled to C, and the loops that
read every character are written for the compiler (``numbers/_scan.pyx``).
Each extension is optional: without a C compiler, or if Cython cannot
translate a module, the package installs and runs the same Python source, only
slower. ``kaozheng.numbers`` falls back to the source of a grammar edited after
it was compiled (see ``numbers/__init__.py``).
"""

import sys

from setuptools import Extension, setup

COMPILED = ["_scan.pyx", "en.py", "zh.py"]

extensions = [
    Extension(f"kaozheng.numbers.{name.split('.')[0]}", [f"src/kaozheng/numbers/{name}"], optional=True)
    for name in COMPILED
]
try:
    from Cython.Build import cythonize

    ext_modules = cythonize(extensions, compiler_directives={"language_level": 3}, quiet=True)
except Exception as error:  # noqa: BLE001 - any failure here leaves the pure Python package, which works
    print(f"kaozheng: the number grammars are not compiled ({error}); they run as Python", file=sys.stderr)
    ext_modules = []

setup(ext_modules=ext_modules)
