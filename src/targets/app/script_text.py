"""Component scripts as sent: Streamlit puts a component's script in every rerun's message.

A component's script travels with each of its messages, so a map redrawn on a filter change
carried its whole script again (3.8 KB, a sixth of London's map message). Each script is
served once as a static file named by its content, which the browser fetches once and keeps;
the component's own script is a loader of a few lines that imports it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from targets.data import files
from targets.data.sources import PROJECT_ROOT

SCRIPTS_FOLDER = PROJECT_ROOT / "static" / "components"
SCRIPTS_URL = "app/static/components"  # relative, so it works under any server.baseUrlPath
_TRAILING_COMMENT = re.compile(r"\s{2,}//.*$")  # "code;  // note" (never inside our strings)
_SCRIPT_NAME = re.compile(r"[a-z][a-z0-9\-]*")

# Fixed text but for the module's address (ours, never data). The module is imported once per
# page; each call is handed to its default export in order, and an unmounted component's
# cleanup still runs.
LOADER_JS = """let loading = null;
export default function (component) {
  if (!loading) loading = import(new URL(SOURCE, document.baseURI).href);
  let cleanup = null;
  let unmounted = false;
  loading.then((module) => { if (!unmounted) cleanup = module.default(component); })
    .catch((error) => {
      loading = null;
      component.parentElement.textContent = "This part of the page did not load: reload the page.";
      console.error(error);
    });
  return () => { unmounted = true; if (typeof cleanup === "function") cleanup(); };
}"""


def compact(script: str) -> str:
    """The script without comment lines, trailing comments, indentation or blank lines."""
    kept = []
    for line in script.splitlines():
        line = _TRAILING_COMMENT.sub("", line).strip()
        if line and not line.startswith("//"):
            kept.append(line)
    return "\n".join(kept)


def served(name: str, script: str, folder: Path = SCRIPTS_FOLDER) -> str:
    """A component's script: a loader of ``script`` served as ``<name>-<hash>.js``.

    The file is written once (atomically; older versions of the same name removed). Where
    the folder cannot be written, the compacted script itself, sent with every message.
    """
    if not _SCRIPT_NAME.fullmatch(name):
        raise ValueError(f"not a script name: {name!r}")
    text = compact(script)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    target = Path(folder) / f"{name}-{digest}.js"
    try:
        if not target.exists():
            files.write_atomically(target, text.encode())
            for older in target.parent.glob(f"{name}-*.js"):
                if older != target:
                    older.unlink(missing_ok=True)
    except OSError:
        return text
    return LOADER_JS.replace("SOURCE", json.dumps(f"{SCRIPTS_URL}/{target.name}"))
