"""Build the chronology site from this repository (the `chronology` command, without installing it).

    python scripts/build.py                  validate, generate and build site/
    python scripts/build.py --check          validate only (everything the build would refuse)
    python scripts/build.py --schema         write the JSON Schemas into schema/
    python scripts/build.py --data-dir DIR --documents DIR --site-dir DIR --site-url URL

Exit status: 0 success, 1 data errors (file:line: field: message), 2 usage errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from chronology.cli import main as chronology  # noqa: E402


def main(argv: list[str]) -> int:
    command = "check" if "--check" in argv else "schema" if "--schema" in argv else "build"
    options = [a for a in argv if a not in ("--check", "--schema")]
    return chronology([command, "--config", str(ROOT / "mkdocs.yml"), *options])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
