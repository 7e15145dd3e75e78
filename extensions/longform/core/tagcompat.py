"""A sphinx-tags site, built by Longform unchanged: its settings, its URLs, its labels.

A site that comes from sphinx-tags (any ``tags_*`` setting in ``conf.py`` or ``-D``, or
``longform_tags_compat = "sphinx-tags"``) keeps sphinx-tags' addresses: each tag's page at
``<tags_output_dir>/<slug>.html`` (``_tags/`` by default) with the label ``sphx_tag_<slug>``, the overview
at ``<tags_output_dir>/tagsindex.html`` (label ``tagoverview``), and sphinx-tags' slugs (``tag_1``, ``tag-3``
for "tag 3": :func:`longform.core.tagging.sphinx_tags_slug`).  Other sites keep Longform's
(``tags/<slug>.html``, ``tags/index.html``).

Every setting sphinx-tags 0.4 declares is in :data:`SETTINGS`: those a Longform site honours, and those
it does not need (one info line naming them, when a site sets them).  They are declared here (with
sphinx-tags' defaults) unless sphinx-tags itself is loaded, which declares them.  Sphinx's own ``tags``
object (``tags.add`` in ``conf.py``, for ``only``) is another thing and is left alone.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from . import compat, events, log

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger("longform")

#: The value of ``longform_tags_compat`` that asks for sphinx-tags' URLs without any ``tags_*`` setting.
SPHINX_TAGS = "sphinx-tags"
#: Longform's own folder and index (sites that do not come from sphinx-tags).
LONGFORM_FOLDER = "tags"
#: The overview's page name inside the folder, and its label, as sphinx-tags names them.
OVERVIEW = "tagsindex"
OVERVIEW_LABEL = "tagoverview"
#: The label of a tag's page: ``sphx_tag_<slug>``.
LABEL_PREFIX = "sphx_tag_"
#: sphinx-design's colours: what ``tags_badge_colors`` may name (an allow-list: the name becomes a class).
BADGE_COLORS = frozenset(
    {"primary", "secondary", "success", "info", "warning", "danger", "light", "muted", "dark", "white", "black"}
)
#: A folder name sphinx-tags' pages may live in: plain path segments, no '..', not absolute.
_FOLDER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    honoured: bool
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting("tags_create_tags", False, False,
            "ignored: Longform always makes a page per tag and the overview (they are generated, not written "
            "into the source folder)"),
    Setting("tags_output_dir", "_tags", True, "the folder of the tag pages and the overview (in the output)"),
    Setting("tags_overview_title", "Tags overview", True, "the overview's title"),
    Setting("tags_extension", ["rst"], False,
            "ignored: Longform reads {tags} in every source its parsers read (reST, MyST, notebooks)"),
    Setting("tags_intro_text", "Tags:", True, "the words before a page's tags"),
    Setting("tags_page_title", "My tags", True, "a tag page's title, before the tag's name"),
    Setting("tags_page_header", "With this tag", True, "the heading over a tag page's list of pages"),
    Setting("tags_index_head", "Tags", True, "the heading over the overview's list of tags"),
    Setting("tags_create_badges", False, True, "tags shown as sphinx-design badges instead of plain links"),
    Setting("tags_badge_colors", {}, True,
            "badge colour by tag name pattern (fnmatch), e.g. {'python*': 'info'}; 'primary' otherwise"),
    Setting("remove_from_toctrees", ["_tags"], False, "ignored: sphinx-tags' internal value, not a setting"),
)  # fmt: skip


def declare(app: Sphinx) -> None:
    """Declare sphinx-tags' settings (unless sphinx-tags is loaded and declares them) and check them."""
    if "sphinx_tags" not in app.config.extensions:
        for setting in SETTINGS:
            if setting.name not in app.config:
                app.add_config_value(setting.name, setting.default, "env")
    events.connect(app, "config-inited", check_settings)


def _set(config: Config, name: str) -> bool:
    return compat.config_sets(config, name)


def active(config: Config) -> bool:
    """Whether the site comes from sphinx-tags (and keeps its URLs).  Not while sphinx-tags itself is loaded:
    its pages own ``_tags/``, Longform's stay under ``tags/`` (and one warning says to choose)."""
    if "sphinx_tags" in config.extensions:
        return False
    if getattr(config, "longform_tags_compat", "") == SPHINX_TAGS:
        return True
    return any(_set(config, setting.name) for setting in SETTINGS if setting.name != "remove_from_toctrees")


def folder(config: Config) -> str:
    """The output folder of the tag pages: ``tags`` (Longform), or ``tags_output_dir`` (a sphinx-tags site)."""
    if not active(config):
        return LONGFORM_FOLDER
    value = getattr(config, "tags_output_dir", "_tags")
    return value.strip("/") if _usable_folder(value) else "_tags"


def index_doc(config: Config) -> str:
    """The page name of the tag index: ``tags/index``, or sphinx-tags' ``_tags/tagsindex``."""
    return f"{folder(config)}/{OVERVIEW if active(config) else 'index'}"


def names_generated(config: Config, docname: str) -> bool:
    """Whether a toctree entry's page name is one of the generated tag pages' (the index; on a sphinx-tags
    site also ``_tags/<slug>``): it is linked after reading, when the tags are known."""
    if docname == index_doc(config):
        return True
    where = folder(config) + "/"
    return active(config) and docname.startswith(where) and "/" not in docname[len(where) :]


def text(config: Config, name: str) -> str:
    """A sphinx-tags wording setting (its default when unset or not text)."""
    default = next(s.default for s in SETTINGS if s.name == name)
    value = getattr(config, name, default)
    return value if isinstance(value, str) else default


def badge_color(config: Config, name: str) -> str:
    """The sphinx-design colour of a tag's badge: the first pattern of ``tags_badge_colors`` it matches."""
    colors = getattr(config, "tags_badge_colors", {})
    if isinstance(colors, dict):
        for pattern, color in colors.items():
            if isinstance(pattern, str) and fnmatch.fnmatch(name, pattern):
                return color if color in BADGE_COLORS else "primary"
    return "primary"


def _usable_folder(value: Any) -> bool:
    return (
        isinstance(value, str)
        and bool(_FOLDER.fullmatch(value.strip("/")))
        and ".." not in value.split("/")
        and not value.startswith("/")
    )


def _warn(app: Sphinx, name: str, message: str) -> None:
    log.warn(message, subtype="sphinx-tags", location=log.conf_location(app.confdir, setting=name))


def check_settings(app: Sphinx, config: Config) -> None:
    """``config-inited``: a sphinx-tags setting Longform cannot use warns once (and its default is used);
    those it does not need are named in one info line."""
    if "sphinx_tags" in config.extensions:
        return  # sphinx-tags reads its own settings (tags.setup says which extension owns {tags})
    if not _usable_folder(config.tags_output_dir):
        _warn(
            app,
            "tags_output_dir",
            f"tags_output_dir = {config.tags_output_dir!r} cannot be used — it must be a folder inside the output "
            "such as '_tags' (letters, digits, '_', '-', '.'; no '..'); using '_tags'",
        )
    colors = config.tags_badge_colors
    if not isinstance(colors, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v in BADGE_COLORS for k, v in colors.items()
    ):
        _warn(
            app,
            "tags_badge_colors",
            f"tags_badge_colors = {colors!r} cannot be used as it is — it must map name patterns to colours among "
            f"{', '.join(sorted(BADGE_COLORS))}; badges of other colours are 'primary'",
        )
    for setting in SETTINGS:
        if setting.honoured and setting.name not in ("tags_output_dir", "tags_badge_colors"):
            value = getattr(config, setting.name)
            if not isinstance(value, type(setting.default)):
                _warn(
                    app,
                    setting.name,
                    f"{setting.name} = {value!r} cannot be used — it must be {type(setting.default).__name__}; "
                    f"using {setting.default!r}",
                )
                setattr(config, setting.name, setting.default)
    ignored = [s.name for s in SETTINGS if not s.honoured and _set(config, s.name)]
    if ignored:
        logger.info(
            "Longform reads sphinx-tags' settings; it does not need %s (see the guide: moving from sphinx-tags)",
            ", ".join(ignored),
        )
