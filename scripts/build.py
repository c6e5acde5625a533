"""Build the chronology site: validate data/, generate the pages, render them with MkDocs.

    python scripts/build.py                  validate, generate and build site/
    python scripts/build.py --check          validate only (everything the build would refuse)
    python scripts/build.py --schema         write the JSON Schemas into schema/
    python scripts/build.py --data-dir DIR --site-dir DIR

Exit status: 0 success, 1 data errors (one per line as file:line: field: message),
2 usage errors (a bad option, a missing data folder, a site folder the build may not replace).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from chronology.errors import DataErrors  # noqa: E402
from chronology.load import load  # noqa: E402
from chronology.output import UnsafeOutput  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.schema:
        from chronology.schema import write_schemas

        for path in write_schemas(ROOT / "schema"):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if problem := _usage_problem(args):
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.check:
            from chronology.pages import generate

            chronology = load(args.data_dir)
            generate(chronology).blocks.render_all()  # what the build would render, rendered
            print(f"{args.data_dir}: {len(chronology.events)} events, {len(chronology.sources)} sources: no errors")
            return 0
        from chronology.site import build_site

        build_site(args.data_dir, args.site_dir, ROOT / "mkdocs.yml")
    except UnsafeOutput as problem:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: --site-dir: {problem}", file=sys.stderr)
        return 2
    except DataErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        count = len(errors.errors)
        print(f"{count} error{'s' * (count != 1)}; nothing was built", file=sys.stderr)
        return 1
    print(f"site built in {args.site_dir}")
    return 0


def _usage_problem(args) -> str:
    if str(args.data_dir).strip() == "":
        return "--data-dir is empty; expected a data folder"
    if not args.data_dir.is_dir():
        return f"--data-dir: {args.data_dir} is not a folder; expected a data folder (see README, 'Adding an event')"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.isascii() and epoch.isdigit()):
        return f"SOURCE_DATE_EPOCH is {epoch!r}; expected a whole number of seconds since 1970 (or leave it unset)"
    return ""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="validate the data and stop")
    parser.add_argument("--schema", action="store_true", help="write JSON Schemas for the data files into schema/")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", metavar="DIR", help="data folder (default: data/)")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", metavar="DIR", help="output folder (default: site/)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
