"""Builds the optional C speed-ups of the batch path: ``python setup.py build_ext --inplace`` (needs a C compiler
and Python's headers). Without them the same code runs in pure Python, with the same results. Everything else about
the project is in pyproject.toml."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("analysis._speedups", ["analysis/_speedups.c"], optional=True,
                             extra_compile_args=["-O2", "-g0", "-ffp-contract=off"])])
