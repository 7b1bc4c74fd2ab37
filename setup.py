"""The demo store ships inside the package: build_py copies sample_data/ (the generated
store, without its build script) to kallelse_tui/demodata, so `kallelse demo` works after
a plain `pip install .`. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SAMPLE_DATA = Path(__file__).resolve().parent / "sample_data"


class BuildPyWithDemo(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "kallelse_tui" / "demodata"
        shutil.rmtree(target, ignore_errors=True)  # a stale copy from an earlier build
        shutil.copytree(
            SAMPLE_DATA, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "README*")
        )


setup(cmdclass={"build_py": BuildPyWithDemo})
