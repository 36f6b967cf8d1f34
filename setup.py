"""Builds the workbench page's assets (npm, pinned by web/package-lock.json) when a wheel is built
from the repository without them, so `pip install` from a checkout gets a working page."""

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithWebAssets(build_py):
    def run(self) -> None:
        web = HERE / "web"
        if not (HERE / "eventwire" / "web" / "dist" / "leaflet.js").exists() and web.is_dir():
            if shutil.which("npm") is None:
                print("warning: npm not found: the page's assets are not built (the API works; see README)")
            else:
                npm_ci = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"]
                subprocess.run(npm_ci, cwd=web, check=True)
                subprocess.run(["npm", "run", "build"], cwd=web, check=True)
        super().run()


setup(cmdclass={"build_py": BuildWithWebAssets})
