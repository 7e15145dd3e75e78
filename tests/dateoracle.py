"""The tests' own date oracle: what a page's date should read, from its source's front matter.

Written here, not imported from the extension, so a broken formatter (day and month swapped,
ISO dates, a wrong month name) makes the tests fail instead of agreeing with itself.
"""

from __future__ import annotations

import re
from pathlib import Path

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip

_DATE = re.compile(r"^date:\s*['\"]?(\d{4})-(\d{2})-(\d{2})['\"]?\s*$", re.MULTILINE)


def human(year: int, month: int, day: int) -> str:
    """'12 May 2026': day, English month name, year."""
    return f"{day} {MONTHS[month - 1]} {year}"


def written_date(srcdir, docname: str) -> str:
    """The date a page's front matter gives, as a reader should see it ('1 March 2026')."""
    text = (Path(srcdir) / f"{docname}.md").read_text(encoding="utf-8")
    assert text.startswith("---\n"), docname
    front = text.split("\n---", 1)[0]
    found = _DATE.search(front)
    assert found is not None, f"{docname}: no ISO date in its front matter"
    year, month, day = (int(part) for part in found.groups())
    return human(year, month, day)
