"""The one build step pyproject.toml cannot declare: each message catalogue compiled into the wheel.

``longform/locale/<lang>/LC_MESSAGES/longform.po`` is the source (kept in git); the wheel carries the
``longform.mo`` Babel compiles from it, so an installed site reads its language without compiling anything.
(A source checkout or an editable install compiles at Sphinx build time instead: ``longform.ui.text``.)
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    """``build_py``, then every ``.po`` of the package compiled into a ``.mo`` beside it in the build folder."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the sources: longform.ui.text compiles at build time
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((HERE / "longform" / "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalogue = read_po(source, domain=po.stem)
            mo = Path(self.build_lib) / po.relative_to(HERE).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as compiled:
                write_mo(compiled, catalogue)


setup(cmdclass={"build_py": BuildWithCatalogues})
