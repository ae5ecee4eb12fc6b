"""The one compiled part of kaozheng: the English tokenizer (numbers/_scan.pyx).

Everything else is in pyproject.toml. The extension is optional: without a C
compiler the package installs and uses the same tokenizer in pure Python.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("kaozheng.numbers._scan", ["src/kaozheng/numbers/_scan.pyx"], optional=True)])
