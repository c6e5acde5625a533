"""A Python-Markdown extension that puts rendered events into generated pages.

A generated page holds its headings and prose in Markdown and names its events with directives:

    ::: event 1992-02-12-diplomatic-relations        the event in full
    ::: events theme/diplomacy                       its events, one line each
    ::: chart timeline                               a chart drawn from a template
    ::: dataset site                                 the Data page's schema.org Dataset
    ::: notes formation                              a period's sources, as numbered notes
    ::: sources trade-turnover                       where a chart's figures come from

The HTML comes from `EventBlocks` and is stashed, so Markdown does not parse it again. An event's
heading is also put into the page's tree until the table of contents and MkDocs' anchor check have
seen it, then taken out again: the stashed HTML holds the heading the reader sees.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

log = logging.getLogger("mkdocs.plugins.chronology")
DIRECTIVE = re.compile(r"^::: ([a-z]+) (\S+)(?: level=([2-6]))?$")
_TOC_ONLY = "data-chronology-toc"


class EventDirectives(Extension):
    """`blocks` (EventBlocks) gives the HTML."""

    def __init__(self, blocks):
        super().__init__()
        self.blocks = blocks

    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_DirectiveProcessor(md.parser, self), "chronology_events", 95)
        md.treeprocessors.register(_DropTocHeadings(md), "chronology_toc_headings", 4)  # after toc (5)


class _DirectiveProcessor(BlockProcessor):
    def __init__(self, parser, extension: EventDirectives):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block):
        return block.startswith("::: ")

    def run(self, parent, blocks):
        lines = blocks.pop(0).split("\n")
        for number, line in enumerate(lines):
            match = DIRECTIVE.match(line.strip())
            if not match:
                blocks.insert(0, "\n".join(lines[number:]))
                return number > 0
            kind, key, level = match.groups()
            try:
                if kind != "event":
                    self._place(parent, self.extension.blocks.block(kind, key))
                    continue
                title, html = self.extension.blocks.event(key)
            except KeyError:
                log.warning(f"'::: {kind} {key}': there is no such {kind}; check the name")
                continue
            if level:
                html = html.replace("<h2 ", f"<h{level} ", 1).replace("</h2>", f"</h{level}>", 1)
            heading = etree.SubElement(parent, f"h{level or 2}", {"id": key, _TOC_ONLY: ""})
            heading.text = AtomicString(title)  # plain text: no Markdown in a title
            self._place(parent, html)
        return True

    def _place(self, parent, html: str) -> None:
        holder = etree.SubElement(parent, "p")
        holder.text = self.parser.md.htmlStash.store(html)


class _DropTocHeadings(Treeprocessor):
    def run(self, root):
        for parent in root.iter():
            for child in [c for c in parent if _TOC_ONLY in c.attrib]:
                parent.remove(child)
