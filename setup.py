"""kaozheng's compiled parts: the number grammars, built with Cython.

Everything else is in pyproject.toml. Finding figures is the speed that
matters on a whole archive, so ``numbers/en.py`` and ``numbers/zh.py`` (plain
Python, read and edited as such) are also compiled to C, and the English
tokenizer is written for the compiler (``numbers/_scan.pyx``). Each extension
is optional: without a C compiler the package installs and runs the same
Python source, only slower. ``kaozheng.numbers`` falls back to the source of a
grammar edited after it was compiled (see ``numbers/__init__.py``).
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

COMPILED = ["_scan.pyx", "en.py", "zh.py"]

extensions = [
    Extension(f"kaozheng.numbers.{name.split('.')[0]}", [f"src/kaozheng/numbers/{name}"], optional=True)
    for name in COMPILED
]
setup(ext_modules=cythonize(extensions, compiler_directives={"language_level": 3}, quiet=True))
