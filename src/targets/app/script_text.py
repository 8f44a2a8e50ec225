"""Component scripts as sent: Streamlit puts a component's script in every rerun's message."""

from __future__ import annotations

import re

_TRAILING_COMMENT = re.compile(r"\s{2,}//.*$")  # "code;  // note" (never inside our strings)


def compact(script: str) -> str:
    """The script without comment lines, trailing comments, indentation or blank lines."""
    kept = []
    for line in script.splitlines():
        line = _TRAILING_COMMENT.sub("", line).strip()
        if line and not line.startswith("//"):
            kept.append(line)
    return "\n".join(kept)
