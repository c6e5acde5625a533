"""Measure what a reader gets from the real site: printed pages, and Lighthouse's scores.

    python scripts/bench_reader.py [--site DIR] [--pages index.html years/2023.html] [--runs 3]

Builds the site (unless --site names a built one), then prints:
- the printable chronology's A4 page count, printed to PDF by Chromium (goal: at most 20);
- Lighthouse's accessibility, performance, best-practices and SEO scores on each page, mobile
  (Lighthouse's default emulation and throttling), served from 127.0.0.1 with gzip as a host serves it (goals: accessibility 100,
  performance at least 95), with the audits that fail. With --runs N, each page is measured N times
  and the run of median performance is shown (with the range): on a busy machine one run varies.
Numbers only: nothing here passes or fails a test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CATEGORIES = ["accessibility", "performance", "best-practices", "seo"]
TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class _Host(SimpleHTTPRequestHandler):
    """A static host as a site is published on: text compressed with gzip when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in TEXT or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def build(site: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--site-dir", str(site)],
                            capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr)


def printed_pages(site: Path) -> int:
    """A4 pages of print.html, printed to PDF by Chromium with the site's print stylesheet."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto((site / "print.html").as_uri())
        pdf = page.pdf(format="A4")
        browser.close()
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def lighthouse(url: str, report: Path) -> dict:
    """Lighthouse's scores (0-100) and failing audits for one page, mobile."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={CHROMIUM}",
               "--chrome-flags=" + " ".join(CHROMIUM_FLAGS)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    failing = sorted(audit_id for name in ("accessibility", "performance") for ref in data["categories"][name]["auditRefs"]
                     if ref["weight"] and (score := data["audits"][ref["id"]]["score"]) is not None and score < 0.9
                     for audit_id in [ref["id"]])
    metrics = {key: data["audits"][key]["displayValue"] for key in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")}
    return {"scores": scores, "failing": failing, "metrics": metrics}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=lambda folder: Path(folder).resolve(), help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--pages", nargs="+", default=["index.html", "years/2023.html"], help="pages for Lighthouse")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is shown")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        site = options.site or Path(work) / "site"
        if not options.site:
            build(site)
        print(f"printable chronology: {printed_pages(site)} A4 pages (goal: at most 20)")
        print(f"machine load (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; Lighthouse's simulated throttling scales what it observes")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for page in options.pages:
                runs = sorted((lighthouse(f"http://127.0.0.1:{server.server_port}/{page}", Path(work) / "report.json")
                               for _ in range(max(1, options.runs))), key=lambda run: run["scores"]["performance"])
                result = runs[len(runs) // 2]
                scores = ", ".join(f"{name} {score}" for name, score in result["scores"].items())
                if len(runs) > 1:
                    scores += f" (performance over {len(runs)} runs: {runs[0]['scores']['performance']}–{runs[-1]['scores']['performance']})"
                metrics = ", ".join(f"{name} {value}" for name, value in result["metrics"].items())
                print(f"lighthouse, mobile, {page}: {scores} (goals: accessibility 100, performance at least 95)")
                print(f"  {metrics}")
                if result["failing"]:
                    print(f"  failing audits: {', '.join(result['failing'])}")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
