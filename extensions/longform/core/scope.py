"""Which pages the security allow-list polices: the folders strangers write, named by one setting.

``longform_policed`` lists folders of the source folder (``["essays", "notes"]``); ``"."`` names the whole
source folder, every page.  Left at its default (None) it is the catalogue's folders: ``longform_essay_dirs``,
``longform_archive_dirs`` and ``longform_note_dirs``.  A page outside those folders is the maintainer's and is
trusted: the markup allow-list, the front-matter key list and the file checks do not apply to it, and docutils'
``raw`` and file-insertion switches are on while it is read.

What protects the build itself applies to every page, policed or not: the size of a page and of its front matter,
characters XML cannot hold, YAML depth, anchors and huge numbers, numeric directive options, URL schemes and link
attributes, active TeX in maths, symlinks out of the source folder — and, after writing, the output contract and
the Content-Security-Policy (:mod:`longform.site.contract`, :mod:`longform.site.csp`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.config import Config

#: The setting's name (shown in messages).
SETTING = "longform_policed"
#: How ``longform_policed`` names all of the source folder.
EVERYTHING = "."
#: The catalogue's folder settings: the default scope.
CATALOGUE_SETTINGS = ("longform_essay_dirs", "longform_archive_dirs", "longform_note_dirs")


def usable(value: Any) -> bool:
    """Whether ``value`` can be ``longform_policed``: None, or a list of folder names inside the source folder
    (no '..', not absolute) or ``"."``."""
    if value is None:
        return True
    if not isinstance(value, list | tuple):
        return False
    for item in value:
        if not isinstance(item, str) or not item.strip():
            return False
        text = item.strip()
        if text == EVERYTHING:
            continue
        if text.startswith("/") or "\\" in text or any(part in ("", ".", "..") for part in text.strip("/").split("/")):
            return False
    return True


def folders(config: Config) -> tuple[str, ...]:
    """The policed folders, without slashes at either end (``("." ,)`` for every page)."""
    value = getattr(config, SETTING, None)
    if value is None:
        names = [str(folder) for option in CATALOGUE_SETTINGS for folder in getattr(config, option, None) or ()]
    else:
        names = [str(folder) for folder in value]
    cleaned = []
    for name in names:
        text = name.strip()
        text = EVERYTHING if text == EVERYTHING else text.strip("/")
        if text and text not in cleaned:
            cleaned.append(text)
    return tuple(cleaned)


def is_policed(config: Config, docname: str) -> bool:
    """Whether the page ``docname`` is read under the allow-list."""
    return any(folder == EVERYTHING or docname.startswith(folder + "/") for folder in folders(config))


def described(config: Config, docname: str) -> str:
    """Where the rule holds, for a message: "pages under essays/ (longform_policed)"."""
    for folder in folders(config):
        if folder == EVERYTHING:
            return f"any page of this site ({SETTING} = ['.'])"
        if docname.startswith(folder + "/"):
            return f"pages under {folder}/ ({SETTING})"
    return f"this page ({SETTING})"
