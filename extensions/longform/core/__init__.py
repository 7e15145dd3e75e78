"""The core: what Longform knows and decides (see the package docstring for the layers)."""

#: The distribution's version, the only place it is written (extensions/pyproject.toml reads it from here).
VERSION = "0.1.0"
#: Bump when the shape of what Longform stores in the environment changes.
ENV_VERSION = 8  # 6: checked unpublished pages; 7: the "tagged" records ({tags} on pages that are not essays);
# 8: the "openings" records (an essay's first lines, for previews); the catalogue record without its unread
#    `author` field
