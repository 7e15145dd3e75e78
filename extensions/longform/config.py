"""Longform's configuration values, declared once, typed, with their defaults.

=================================  ==============  =====================================================
value                              default         meaning
=================================  ==============  =====================================================
longform_essay_dirs                ["essays"]      folders (under the source dir) whose pages are essays
longform_archive_dirs              ["earlier"]     folders of earlier writing: archived, apart from "latest"
longform_note_dirs                 ["notes"]       folders of short dated notes (tags and description optional)
longform_words_per_minute          238             reading rate for prose words
longform_code_block_seconds        20              added reading time per code block
longform_figure_seconds            12              added reading time per figure or stand-alone image
longform_show_drafts               False           list drafts too (``nox -s serve`` turns it on)
longform_tags_file                 "tags.yaml"     the tag vocabulary, relative to the source dir
longform_series_file               "series.yaml"   the series vocabulary, relative to the source dir
longform_authors_file              "authors.yaml"  the authors (name, bio, url), relative to the source dir
longform_feed_length               20              entries in each Atom feed
longform_navigation                "scoped"        "scoped": bounded sidebar; "full": furo's whole tree
=================================  ==============  =====================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CONFIG: tuple[tuple[str, object, str, type | tuple[type, ...]], ...] = (
    ("longform_essay_dirs", ["essays"], "env", list),
    ("longform_archive_dirs", ["earlier"], "env", list),
    ("longform_note_dirs", ["notes"], "env", list),
    ("longform_words_per_minute", 238, "env", int),
    ("longform_code_block_seconds", 20, "env", (int, float)),
    ("longform_figure_seconds", 12, "env", (int, float)),
    ("longform_show_drafts", False, "env", bool),
    ("longform_tags_file", "tags.yaml", "env", str),
    ("longform_series_file", "series.yaml", "env", str),
    ("longform_authors_file", "authors.yaml", "env", str),
    ("longform_feed_length", 20, "html", int),
)


def setup(app: Sphinx) -> None:
    for name, default, rebuild, types in CONFIG:
        app.add_config_value(name, default, rebuild, types=types)
