"""Read the Docs entry point: the site's settings live in ../conf.py (`sphinx-build -c . docs OUT`)."""

from pathlib import Path

__file__ = str(Path(__file__).resolve().parent.parent / "conf.py")
exec(compile(Path(__file__).read_text(encoding="utf-8"), __file__, "exec"))
