"""The `chronology` command: build, check, serve and start events of a chronology site.

    chronology build [--data-dir DIR] [--documents DIR] [--site-dir DIR] [--site-url URL] [--no-cache]
    chronology check [--data-dir DIR] [--documents DIR] [--no-cache]
    chronology serve [--data-dir DIR] [--documents DIR] [--dev-addr HOST:PORT] [--no-cache]
    chronology new DATE TITLE        write data/events/<year>/<id>.yml to fill in
    chronology init DIR [--title T]  write a new chronology to fill in: mkdocs.yml, data/, docs/about.md
    chronology import FILE...        write events from a spreadsheet (.csv) and sources from CSL-JSON (.json)
    chronology schema                write the JSON Schemas of the data files into schema/

Every command reads mkdocs.yml (in the current folder, or --config FILE): the chronology plugin
there names the data and documents folders, so this command, `mkdocs build` and `mkdocs serve`
share one configuration.

Exit status: 0 success, 1 data errors (one per line as file:line: field: message),
2 usage errors (a bad option, a missing folder, a site folder the build may not replace).
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import re
import socket
import sys
from pathlib import Path

from .errors import DataError, DataErrors, terminal_safe
from .output import UnsafeOutput, refuse_clashes


class UsageError(Exception):
    pass




def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.command(args)
    except UsageError as problem:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {terminal_safe(str(problem))}", file=sys.stderr)
        return 2
    except UnsafeOutput as problem:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: --site-dir: {terminal_safe(str(problem))}", file=sys.stderr)
        return 2
    except DataErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        count = len(errors.errors)
        print(f"{count} error{'s' * (count != 1)}; nothing was {getattr(args, 'outcome', 'built')}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as problem:  # noqa: BLE001 - whatever stopped it is said in one line, never as a traceback
        print(f"{parser.prog}: error: {terminal_safe(_described(problem))}", file=sys.stderr)
        return 1


def _described(problem: Exception) -> str:
    """What stopped a command, other than the data or its usage: MkDocs' own errors, the file system."""
    from mkdocs.exceptions import MkDocsException

    if isinstance(problem, OSError) and problem.strerror:
        return f"{problem.filename + ': ' if problem.filename else ''}{problem.strerror}"
    if isinstance(problem, MkDocsException):
        return " ".join(str(problem).split()) or type(problem).__name__
    return f"an unexpected {type(problem).__name__}: {' '.join(str(problem).split())}"


def build(args) -> int:
    from .site import build_site

    config, data, documents = _configuration(args)
    site_dir = args.site_dir or Path(config.config_file_path).parent / "site"
    kept = build_site(config, data, documents, site_dir, cache=not args.no_cache)
    print(f"site built in {site_dir}" + (f" ({kept.summary()})" if kept and (kept.copied or kept.taken) else ""))
    return 0


def check(args) -> int:
    from .cache import project_cache
    from .cores import few_collections
    from .load import Reading, load
    from .identity import identity_from_config
    from .pages import directive_problems, written_paths
    from .settings import nav_problems

    config, data, documents = _configuration(args)
    project = Path(config.config_file_path).parent
    cache = project_cache(project, not args.no_cache and config.plugins["chronology"].config.cache,
                          keep_out_of=(data, Path(config.docs_dir)))
    with few_collections():
        chronology = load(data, documents, cache.records, Reading(cache.checks))
    cache.save()
    identity = identity_from_config(config, config.plugins["chronology"].config)
    written = written_paths(chronology, identity)
    refuse_clashes(written, Path(config.docs_dir))  # as the build refuses them
    if problems := directive_problems(chronology, identity, Path(config.docs_dir)) + nav_problems(config, written):
        raise DataErrors(problems)
    print(f"{data}: {len(chronology.events)} events, {len(chronology.sources)} sources: no errors")
    if documents:
        print(f"quotes checked against the documents in {documents}")
    else:
        print("quotes not checked: no documents folder (give one with --documents DIR, or documents_dir in mkdocs.yml)")
    return 0


def serve(args) -> int:
    from .serve import serve as serve_site
    from .site import show_mkdocs_messages

    dev_addr = _dev_addr(args.dev_addr)
    config, data, documents = _configuration(args)  # its problems are usage errors, said before the server starts
    _listen_check(dev_addr)
    show_mkdocs_messages(logging.INFO)  # "Serving on http://…", each rebuild
    try:
        serve_site(Path(config.config_file_path), dev_addr, data, documents, cache=not args.no_cache, poll=args.poll)
    except OSError as problem:
        if problem.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        raise UsageError(f"--dev-addr: cannot serve on {dev_addr} ({problem.strerror}); choose another address or port") from None
    return 0


def _listen_check(dev_addr: str) -> None:
    """Refuse an address the server could not listen on before the first build, not after it."""
    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
            probe.bind((host, int(port)))
    except OSError as problem:
        raise UsageError(f"--dev-addr: cannot serve on {dev_addr} ({problem.strerror or problem}); choose another address or port") from None


_DEV_ADDR = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:\[\]]*)):(?P<port>[0-9]{1,5})")


def _dev_addr(text: str) -> str:
    """HOST:PORT checked as MkDocs needs it: an IP address (IPv6 in brackets) or localhost, a port 1-65535."""
    expected = "expected HOST:PORT, such as 127.0.0.1:8000, localhost:8000 or [::1]:8000"
    found = _DEV_ADDR.fullmatch(text)
    if not found or not 1 <= int(found["port"]) <= 65535:
        raise UsageError(f"--dev-addr: {text!r} is not an address and port; {expected}")
    host = found["ipv6"] or found["host"] or "127.0.0.1"
    if host != "localhost":
        try:
            version = ipaddress.ip_address(host).version
        except ValueError:
            raise UsageError(f"--dev-addr: {host!r} is not an IP address; {expected}") from None
        if (version == 6) != bool(found["ipv6"]):
            raise UsageError(f"--dev-addr: {text!r} is not an address and port; {expected}")
    return f"[{host}]:{found['port']}" if found["ipv6"] else f"{host}:{found['port']}"


def new(args) -> int:
    from .skeleton import write_skeleton

    _, data, _ = _configuration(args)
    try:
        path = write_skeleton(data, args.date, args.title)
    except ValueError as problem:
        raise UsageError(str(problem)) from None
    except OSError as problem:
        where = f"{problem.filename}: " if problem.filename else ""
        raise UsageError(f"cannot write the event file: {where}{problem.strerror or problem}") from None
    print(f"wrote {path}: fill in the summary, themes, actors, places and sources, then run: chronology check")
    return 0


def init(args) -> int:
    from .starter import write_starter

    title = args.title if args.title is not None else _title_from(args.folder)
    try:
        written = write_starter(args.folder, title)
    except ValueError as problem:
        raise UsageError(str(problem)) from None
    except OSError as problem:
        raise UsageError(f"cannot write the new chronology: {problem.strerror or problem}") from None
    print(f"wrote {len(written)} files in {args.folder}: fill in mkdocs.yml and docs/about.md, add events "
          f"(chronology new, chronology import), then run: cd {args.folder} && chronology build")
    return 0


def import_(args) -> int:
    from .imports import import_files
    from .text import plural

    _, data, documents = _configuration(args)
    for path in args.files:
        if not path.is_file():
            raise UsageError(f"{path} is not a file; expected a spreadsheet of events (.csv) or sources as CSL-JSON (.json)")
    notes: list[str] = []
    try:
        written = import_files(args.files, data, documents, notes)
    except ValueError as problem:
        raise UsageError(str(problem)) from None
    for note in notes:
        print(note)
    events = sum(1 for p in written if p.parent.parent.name == "events")
    print(f"wrote {len(written)} files in {data}: {plural(events, 'event')}, {plural(len(written) - events, 'source')}; "
          "nothing was replaced")
    return 0


def _title_from(folder: Path) -> str:
    """garden-history -> Garden history."""
    words = " ".join(folder.resolve().name.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] or "Chronology"


def schema(args) -> int:
    from .schema import write_schemas

    folder = args.out or _config_file(args).parent / "schema"
    _refuse_hand_written(args, folder)
    for path in write_schemas(folder):
        print(f"wrote {path}")
    return 0


def _refuse_hand_written(args, folder: Path) -> None:
    """The schemas go to the project's schema/ folder or one of the user's own: never into the
    data, the documents, docs/ or another folder of the project's hand-written files."""
    from .output import hand_written, mkdocs_inputs

    config, data, documents = _configuration(args)
    project = Path(config.config_file_path).resolve().parent
    target = folder.resolve()
    for kept in hand_written(project, data, documents, *mkdocs_inputs(config)):
        kept = kept.resolve()
        if kept != project / "schema" and (target == kept or target.is_relative_to(kept)):
            raise UsageError(f"--out: {folder} is inside {kept}, which holds hand-written files; choose another folder")


def _config_file(args) -> Path:
    config_file = Path(args.config)
    if not config_file.is_file():
        raise UsageError(f"--config: {config_file} is not a file; run the command in the site's folder or give its mkdocs.yml")
    return config_file.resolve()


def _configuration(args):
    """The MkDocs configuration, and the data and documents folders (options, else mkdocs.yml).
    Everything a build would refuse in them is refused here, for every command alike."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from .identity import identity_from_config
    from .plugin import folders
    from .site import show_mkdocs_messages, source_date_problem
    from .text import site_address
    from .yamlfile import expansion_problem

    config_file = _config_file(args)
    if problem := expansion_problem(config_file.read_text(encoding="utf-8", errors="replace")):
        raise UsageError(f"--config: {config_file}: {problem}")
    site_url = getattr(args, "site_url", None)
    if site_url is not None:  # an option given overrides CHRONOLOGY_SITE_URL, whatever that holds
        try:
            site_url = site_address(site_url)
        except ValueError as problem:
            raise UsageError(f"--site-url: {site_url!r} {problem}") from None
    show_mkdocs_messages()
    try:
        config = load_config(str(config_file), **({"site_url": site_url} if site_url is not None else {}))
    except (ConfigurationError, Abort) as problem:  # Abort: MkDocs has logged what is wrong
        raise UsageError(f"--config: {config_file}: {' '.join(str(problem).split())}") from None
    if "chronology" not in config.plugins:
        raise UsageError(f"--config: {config_file} does not use the chronology plugin; expected 'plugins: [chronology]' in it")
    if config.site_url:
        try:
            config.site_url = site_address(config.site_url)
        except ValueError as problem:
            raise UsageError(f"site_url (CHRONOLOGY_SITE_URL) {config.site_url!r} {problem}; or give --site-url") from None
    identity_from_config(config, config.plugins["chronology"].config)  # its problems reported as the data's are
    try:
        data, documents = folders(config.plugins["chronology"].config, Path(config.config_file_path).parent)
    except PluginError as problem:
        raise UsageError(f"--config: {config_file}: {problem}") from None
    if not hasattr(args, "data_dir"):
        return config, data, documents
    data = args.data_dir if args.data_dir is not None else data
    documents = args.documents if args.documents is not None else documents
    if not data.is_dir():
        raise UsageError(f"--data-dir: {data} is not a folder; expected a data folder (see README, 'Adding an event')")
    if documents is not None and not documents.is_dir():
        raise UsageError(f"--documents: {documents} is not a folder; expected the folder of the sources' documents")
    if problem := source_date_problem():
        raise UsageError(problem)
    return config, data, documents


def _folder(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; expected a folder")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chronology", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name: str, function, help_text: str, folders: bool = True, cached: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(command=function)
        sub.add_argument("--config", default="mkdocs.yml", metavar="FILE", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
        if folders:
            sub.add_argument("--data-dir", type=_folder, metavar="DIR", help="data folder (default: as in mkdocs.yml)")
            sub.add_argument("--documents", type=_folder, metavar="DIR", help="folder of the sources' documents, to check quotes against (default: as in mkdocs.yml)")
        if cached:
            sub.add_argument("--no-cache", action="store_true", help="neither read nor write the cache in .cache/chronology/ (deleting that folder is always safe)")
        return sub

    sub = command("build", build, "validate the data and build the site", cached=True)
    sub.add_argument("--site-dir", type=_folder, metavar="DIR", help="output folder (default: site/ beside mkdocs.yml)")
    sub.add_argument("--site-url", metavar="URL", help="the address the site is published at (default: CHRONOLOGY_SITE_URL, as mkdocs.yml reads it)")
    command("check", check, "validate the data (everything the build would refuse) and stop", cached=True)
    sub = command("serve", serve, "serve the site while you edit, rebuilding on every change", cached=True)
    sub.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve (default: 127.0.0.1:8000)")
    sub.add_argument("--poll", action="store_true", help="look for changes by polling every file, where the system does not "
                     "report them (a network mount, a folder shared into a virtual machine)")
    sub = command("new", new, "write the skeleton of a new event to fill in")
    sub.add_argument("date", help="the event's date, in EDTF: 1992-02-12, 2021-10, 1996, 2002/2003")
    sub.add_argument("title", help="the event's title")
    sub = command("import", import_, "write events from a spreadsheet (.csv) and sources from CSL-JSON (.json) into the "
                  "data folder, all checked first; nothing is written if anything is wrong, and no file is replaced")
    sub.set_defaults(outcome="written")
    sub.add_argument("files", nargs="+", type=_folder, metavar="FILE", help="a CSV file of events (see README, 'Importing') or a CSL-JSON file of sources")
    sub = commands.add_parser("init", help="write a new chronology to fill in", description="write a new chronology to fill in: "
                              "mkdocs.yml, a data folder with one event, one source and the registries, and docs/about.md; never over a file")
    sub.set_defaults(command=init)
    sub.add_argument("folder", type=_folder, metavar="DIR", help="the folder to write it in (made if missing)")
    sub.add_argument("--title", help="its title, the site_name (default: from the folder's name)")
    sub = command("schema", schema, "write the JSON Schemas of the data files", folders=False)
    sub.add_argument("--out", type=_folder, metavar="DIR", help="folder to write them to (default: schema/ beside mkdocs.yml)")
    return parser
