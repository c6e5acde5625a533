"""Build the chronology site: validate the data, generate the pages, render them with MkDocs.

    python scripts/build.py                  validate, generate and build site/
    python scripts/build.py --check          validate only (everything the build would refuse)
    python scripts/build.py --schema         write the JSON Schemas into schema/
    python scripts/build.py --data-dir DIR --documents DIR --site-dir DIR --site-url URL

The data and documents folders default to those mkdocs.yml names for the chronology plugin, so
this script, `mkdocs build` and `mkdocs serve` read the same configuration.

Exit status: 0 success, 1 data errors (one per line as file:line: field: message),
2 usage errors (a bad option, a missing data folder, a site folder the build may not replace).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
sys.path.insert(0, str(ROOT / "scripts"))

from chronology.errors import DataErrors  # noqa: E402
from chronology.output import UnsafeOutput  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.schema:
        from chronology.schema import write_schemas

        for path in write_schemas(ROOT / "schema"):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    config = _mkdocs_config()
    data, documents = _folders(args, config)
    if problem := _usage_problem(data, documents) or _set_site_url(config, args.site_url):
        return _usage_error(parser, problem)
    try:
        if args.check:
            return _check(data, documents)
        from chronology.site import build_site

        build_site(config, data, documents, args.site_dir)
    except UnsafeOutput as problem:
        return _usage_error(parser, f"--site-dir: {problem}")
    except DataErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        count = len(errors.errors)
        print(f"{count} error{'s' * (count != 1)}; nothing was built", file=sys.stderr)
        return 1
    print(f"site built in {args.site_dir}")
    return 0


def _check(data: Path, documents: Path | None) -> int:
    from chronology.load import load
    from chronology.pages import generate

    chronology = load(data, documents)
    generate(chronology).blocks.render_all()  # what the build would render, rendered
    print(f"{data}: {len(chronology.events)} events, {len(chronology.sources)} sources: no errors")
    if documents:
        print(f"quotes checked against the documents in {documents}")
    else:
        print("quotes not checked: no documents folder (give one with --documents DIR, or documents_dir in mkdocs.yml)")
    return 0


def _mkdocs_config():
    from mkdocs.config import load_config

    return load_config(str(CONFIG))


def _folders(args, config) -> tuple[Path, Path | None]:
    from chronology.plugin import folders

    data, documents = folders(config.plugins["chronology"].config, ROOT)
    if args.documents is not None:
        documents = args.documents
    return (args.data_dir if args.data_dir is not None else data), documents


def _usage_problem(data: Path, documents: Path | None) -> str:
    if not data.is_dir():
        return f"--data-dir: {data} is not a folder; expected a data folder (see README, 'Adding an event')"
    if documents is not None and not documents.is_dir():
        return f"--documents: {documents} is not a folder; expected the folder of the sources' documents"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.isascii() and epoch.isdigit()):
        return f"SOURCE_DATE_EPOCH is {epoch!r}; expected a whole number of seconds since 1970 (or leave it unset)"
    return ""


def _set_site_url(config, site_url: str | None) -> str:
    """Give the configuration the published address from --site-url; a problem with it, or ''."""
    if site_url is None:
        return ""
    from chronology.text import web_address

    try:
        config.site_url = web_address(site_url).rstrip("/") + "/"
    except ValueError as problem:
        return f"--site-url: {site_url!r} {problem}"
    return ""


def _usage_error(parser: argparse.ArgumentParser, problem: str) -> int:
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {problem}", file=sys.stderr)
    return 2


def _folder(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; expected a folder")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="validate the data and stop")
    parser.add_argument("--schema", action="store_true", help="write JSON Schemas for the data files into schema/")
    parser.add_argument("--data-dir", type=_folder, metavar="DIR", help="data folder (default: as in mkdocs.yml, data/)")
    parser.add_argument("--documents", type=_folder, metavar="DIR", help="folder of the sources' documents, to check quotes against (default: as in mkdocs.yml)")
    parser.add_argument("--site-dir", type=_folder, default=ROOT / "site", metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--site-url", metavar="URL", help="the address the site is published at (default: CHRONOLOGY_SITE_URL, as mkdocs.yml reads it)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
