"""The core: what Longform knows and decides (see the package docstring for the layers)."""

#: The distribution's version (extensions/pyproject.toml says the same).
VERSION = "0.1.0"
#: Bump when the shape of what Longform stores in the environment changes.
ENV_VERSION = 6
