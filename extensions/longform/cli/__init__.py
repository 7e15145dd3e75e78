"""``python -m longform <command>``: commands for people setting up or moving a site.

Each command is a module of this package with ``add_arguments(parser, name)`` and ``run(args) -> int``, named in
``COMMANDS``. Commands write files and print what they changed; only ``serve`` builds the site (a preview; the
published site is ``sphinx-build``'s job).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# command name -> (module under longform.cli, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "start a Longform site in an empty folder, or add Longform to a Sphinx site"),
    "new": ("new", "write a draft essay into the site's essay folder"),
    "migrate": ("migrate", "move an ABlog site to Longform, old addresses kept"),
    "serve": ("serve", "preview the site while writing: rebuilt in memory on every save, pages reload themselves"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m longform", description="Commands for people setting up a Longform site or moving one to it."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, summary) in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        importlib.import_module(f"longform.cli.{module}").add_arguments(sub, name)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    module = importlib.import_module(f"longform.cli.{COMMANDS[args.command][0]}")
    result: int = module.run(args)
    return result
