"""Building the site with MkDocs into a checked folder, and the zip of the site for readers.

`scripts/build.py` and `mkdocs build` share one configuration, mkdocs.yml, in which the
chronology plugin (plugin.py) names the data folder. `build_site` loads the data first, so data
errors are reported before MkDocs starts, then builds into a staging folder beside the site
folder and swaps it in only on success.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from mkdocs.commands.build import build

from .cache import project_cache
from .load import Reading, load
from .cores import few_collections
from .output import check_site_dir, mkdocs_inputs, discard, hand_written, new_staging, refuse_clashes, replace_site
from .identity import identity_from_config
from .errors import DataErrors
from .pages import directive_problems, written_paths
from .settings import nav_problems


def build_site(config, data: Path, documents: Path | None, site_dir: Path, cache: bool = True):
    """Build with a loaded MkDocs `config` (with the cache beside it unless `cache` is false); the
    pages it took from the last build (kept_pages.KeptPages), if it could.
    Raises UnsafeOutput (before anything is touched) or DataErrors (before MkDocs starts: the data's,
    and a hand-written page where a generated one goes)."""
    project = Path(config.config_file_path).resolve().parent
    site = check_site_dir(site_dir, project, hand_written(project, data, *mkdocs_inputs(config), documents))
    store = project_cache(project, cache and config.plugins["chronology"].config.cache, keep_out_of=(data, Path(config.docs_dir)))
    with few_collections():
        chronology = load(data, documents, store.records, Reading(store.checks))
    plugin = config.plugins["chronology"]
    identity = identity_from_config(config, plugin.config)
    written = written_paths(chronology, identity)
    refuse_clashes(written, Path(config.docs_dir))
    if problems := directive_problems(chronology, identity, Path(config.docs_dir)) + nav_problems(config, written):
        raise DataErrors(problems)
    os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit_time(project))
    show_mkdocs_messages()
    staging = new_staging(site)
    try:
        config.site_dir = str(staging)
        plugin.config.data_dir, plugin.chronology, plugin.cache = str(Path(data).resolve()), chronology, store
        plugin.previous_site = site
        build(config)
        replace_site(staging, site)
    except BaseException:
        discard(staging)
        raise
    if plugin.kept:
        plugin.kept.sign(site)
    store.save()
    return plugin.kept


LAST_EPOCH = 2**32 - 1  # the sitemap's gzip file keeps its time in 32 bits


def source_date_problem() -> str | None:
    """What is wrong with SOURCE_DATE_EPOCH, if it is set to what no build can use."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or (epoch.isascii() and epoch.isdigit() and int(epoch) <= LAST_EPOCH):
        return None
    return (f"SOURCE_DATE_EPOCH is {epoch!r}; expected a whole number of seconds since 1970, "
            f"at most {LAST_EPOCH} (in 2106, the last time a gzip file can hold), or leave it unset")


def _last_commit_time(project: Path) -> str:
    """Dates inside the site (sitemap) come from the last commit, so rebuilds are byte-identical."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, timeout=30)
    except OSError:
        return "0"
    return out.stdout.strip() or "0"


def show_mkdocs_messages(level: int = logging.WARNING) -> None:
    """MkDocs' messages from `level` up on the terminal (the chronology command has no MkDocs CLI to set that up)."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        logger.addHandler(handler)
    for handler in logger.handlers:
        handler.setLevel(min(handler.level or level, level))
    logger.setLevel(min(logger.level or level, level))
