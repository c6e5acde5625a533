"""Event blocks and event lists as HTML, rendered from the Jinja templates in templates/.

Each event is rendered once per build and each list once, whatever number of pages show them.
Links in them begin with ROOT, which the page that shows them replaces with its way back to the
site root (`..` from years/1992.html), so the same HTML serves every page. An event's HTML is kept
in the cache under a key made of everything it shows: the event, the registry entries, sources and
related events it names, its revision date, the templates and code, and the published address.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import closing
from functools import cached_property
from urllib.parse import quote as quote_url

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .anchors import inspect, inspection_key
from .cache import Cache, Store, digest
from .citing import citations_script, event_cite, event_coins
from .cores import on_both_cores
from .dates import parse_date
from .model import Chronology, Citation, Event, Source
from .paths import citations_path, year_page
from .spool import Spool, Spooled, encoded, text
from .text import SEARCH_EXCLUDE, inline_html

ROOT = "\x1e"  # no data text can hold it: control characters are refused


class _CompiledTemplates(BytecodeCache):
    """Each template compiled once in a process, however many builds use it (under serve, every
    rebuild makes its environment anew); a template whose text changed is compiled again (Jinja
    checks each entry against the template's checksum)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (code := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


def _environment(site_title: str, context_label: str) -> Environment:
    environment = Environment(
        loader=PackageLoader("chronology", "templates"), autoescape=True, undefined=StrictUndefined,
        keep_trailing_newline=False, bytecode_cache=COMPILED,
    )
    environment.globals |= {
        "root": ROOT, "site_title": site_title, "context_label": context_label, "unsearched": Markup(SEARCH_EXCLUDE),
        "quote_link": quote_link, "reading_html": lambda text: Markup(inline_html(text)),
        "date_words": lambda iso: parse_date(iso).words,
    }
    return environment


def quote_link(url: str, quote: str) -> str:
    """A text-fragment link that opens an online source at the quoted words."""
    words = quote_url(" ".join(quote.split()), safe="").replace("-", "%2D")
    return f"{url.split('#')[0]}#:~:text={words}"


class EventBlocks:
    """The chronology's events as HTML, each rendered once, on first use."""

    def __init__(self, chronology: Chronology, lists: dict[str, list[Event]], named: dict[str, tuple[str, dict]] | None = None,
                 revised: dict[str, str] | None = None, site_title: str = "", context_label: str = "Context",
                 store: Store | Cache | None = None, site_url: str = ""):
        self.chronology = chronology
        if isinstance(store, Cache):
            store, self.pages_store = store.html, store.pages
        self.store = store if store is not None else Store(None, "")
        if not isinstance(getattr(self, "pages_store", None), Store):
            self.pages_store = self.store  # pages' prose and Markdown
        self.site_url = site_url
        self.spool = Spool() if self.store.path is None else None  # (a cache's store holds the HTML itself)
        self.revised = revised or {}  # event id -> time of the last change to its data
        self.history: dict = {}  # event id -> its recorded changes (revisions.Change), oldest first
        self.lists = _RenderedLists(self, lists)
        self.named = named or {}  # "chart/timeline", "dataset/site" -> (template, its context's maker[, records it shows alone])
        self.environment = _environment(site_title, context_label)
        self.environment.globals["group_citations"] = self.notes
        self.environment.globals["sources"] = chronology.sources
        self.environment.globals["event_list"] = lambda key: Markup(self.lists.shown(key))
        self.entries: dict[str, dict] = {}  # "source/ID" -> what an index page's entry shows (indexes.py)
        self._entry_html: dict[str, bytes | Spooled] = {}
        self._inspections: dict[str, tuple] = {}  # block key -> what the block holds, for blocks not inspected as rendered
        self._entry_keys: dict[str, str] = {}
        self._event = self.environment.get_template("event.html")
        self._citations = self.environment.get_template("event_citations.html")
        self._list = self.environment.get_template("event_list.html")
        self._list_line = self.environment.get_template("event_list_line.html")
        self._lines: dict[tuple, Markup] = {}  # (event id, its filter codes or None) -> its line in a list
        self._filter = self.environment.get_template("event_filter.html")
        self._rendered: dict[str, bytes | Spooled] = {}
        self._cited: dict[str, bytes] = {}
        self.found: dict[str, tuple] = {}  # event id -> what its block holds (inspect), when rendered in this build
        self._named_html: dict[str, bytes | Spooled] = {}
        self._citation_files: dict[str, str] = {}  # what they hold -> a year's citations script
        self._citation_files_used: dict[str, str] = {}
        self._digests: dict[tuple[str, str], str] = {}
        self._keys: dict[str, str] = {}
        self._fixed = digest(self.store.version, site_url, *(
            f"{name}={value}" for name, value in sorted(self.environment.globals.items()) if isinstance(value, (str, int, float, bool))))

    def event(self, event_id: str) -> tuple[str, bytes | Spooled]:
        """The event's title and its HTML."""
        event = self.chronology.event_by_id[event_id]
        return event.title, self._kept(self._rendered, event_id, lambda: self._event_key(event), lambda: self._render(event))

    def _kept(self, held: dict, name: str, key, render, spooled: bool = True) -> bytes | Spooled:
        """`render()` in UTF-8, held in `held` under `name` for this build (`spooled`: as `held`
        holds a block) and in the cache under `key()`."""
        if name not in held:
            made = self._made(key(), render)
            held[name] = self.held(made) if spooled else made
        return held[name]

    def _made(self, key: str, render) -> bytes:
        """HTML in UTF-8: from the cache, or rendered and kept there."""
        return self.store.made(key, lambda: encoded(render()))

    def held(self, block: bytes) -> bytes | Spooled:
        """A block as this build holds it until its pages are written: spooled, unless the cache holds
        it (or no temporary file can be made: then in memory)."""
        if self.spool is None:
            return block
        try:
            return self.spool.put(block)
        except OSError:
            self.spool = None
            return block

    def inspected(self, kind: str, key: str, block: str | bytes | Spooled) -> tuple:
        """What a block holds (anchors.inspect): found as its event was rendered, or kept in the cache
        under the key of what it shows; held for the build but for an index entry's (it shows on
        its index page alone), since a list or a chart may show on several pages."""
        if kind == "event" and (found := self.found.get(key)) is not None:
            return found
        block_key = self.key_of(kind, key)
        if block_key in self._inspections:
            return self._inspections[block_key]
        found = self.pages_store.made(inspection_key(block_key), lambda: inspect(text(block)))
        if kind != "entry":
            self._inspections[block_key] = found
        return found

    def citations(self, event_id: str) -> str:
        """The HTML of the event's Cite panel, kept in its year's citations file, not in its block."""
        event = self.chronology.event_by_id[event_id]
        return text(self._kept(self._cited, event_id, lambda: self._citations_key(event), lambda: self._render_citations(event), spooled=False))

    def _citations_key(self, event: Event) -> str:
        return digest("citations", self._event_key(event))  # what the block shows covers what its panel shows

    def _render_citations(self, event: Event) -> str:
        cite = event_cite(event, self.environment.globals["site_title"], self.revised.get(event.id, ""), self.site_url)
        return self._citations.render(event=event, cite=cite)

    def citations_file(self, events: list[Event]) -> bytes:
        """The script of a year's Cite panels (paths.citations_path), in UTF-8. The panels are let go
        once it is made: the script holds them (half the memory of a text with any non-ASCII letter)."""
        key = digest("citations file", *(f"{event.id}={self._citations_key(event)}" for event in events))
        if key not in self._citation_files:
            script = lambda: citations_script({e.id: self.citations(e.id) for e in events}).encode("utf-8")  # noqa: E731
            self._citation_files[key] = self.store.made(key, script)
        for event in events:
            self._cited.pop(event.id, None)
        self._citation_files_used[key] = self._citation_files[key]
        return self._citation_files[key]

    def carry_over(self, previous: "EventBlocks") -> None:
        """Take from the blocks of the last build in this process (under serve) what no change since
        can have touched: the keys and HTML of the events that did not change and show none that did,
        the keys of the lists of the same events, and the citation scripts (found by what they hold).
        Only the scripts are taken when a source, a theme, an actor or a place changed, or the
        templates or the published address did."""
        self._citation_files = previous._citation_files_used  # (those the last build held: no more)
        old, new = previous.chronology, self.chronology
        changed_records = new.changed_since(old)
        if previous._fixed != self._fixed or not _same_registries(old, new) or any(k.startswith("source/") for k in changed_records):
            return
        changed = {key.removeprefix("event/") for key in changed_records}
        changed |= {event_id for event_id, _ in previous.revised.items() ^ self.revised.items()}
        changed |= {event.id for event in new.events
                    if _corrected(previous.history.get(event.id, [])) != _corrected(self.history.get(event.id, []))}
        affected = changed | {event.id for event in new.events if not changed.isdisjoint(event.related)}
        for held, before in ((self._keys, previous._keys), (self._rendered, previous._rendered), (self._cited, previous._cited),
                             (self.found, previous.found)):
            held |= {event_id: value for event_id, value in before.items() if event_id not in affected}
        self._digests |= {key: value for key, value in previous._digests.items() if not (key[0] == "event" and key[1] in changed)}
        for name, events in self.lists.events.items():
            before = previous.lists.events.get(name)
            if name in previous.lists._keys and before is not None and len(before) == len(events) and all(
                    a is b for a, b in zip(before, events)):
                self.lists._keys[name] = previous.lists._keys[name]

    def entry(self, key: str) -> tuple[int, str, str, bytes | Spooled]:
        """An index page's entry: its heading's level, id and title, and its HTML."""
        shown = self.entries[key]
        html = self._kept(self._entry_html, key, lambda: self.key_of("entry", key),
                          lambda: self.environment.get_template("index_entry.html").render(**shown))
        return shown["level"], shown["id"], shown["title"], html

    def render_events(self) -> None:
        """Render now, on both cores when there are many, every event and Cite panel the cache does
        not hold."""
        todo = []
        for event in self.chronology.events:
            block = self._rendered.get(event.id) or self.store.get(self._event_key(event))
            panel = self._cited.get(event.id) or self.store.get(self._citations_key(event))
            if block is None or panel is None:
                todo.append(event)
            else:
                self._rendered[event.id], self._cited[event.id] = block if isinstance(block, Spooled) else self.held(block), panel
        _RENDERING[:] = [self]
        try:
            with closing(on_both_cores(_render_event, [(event.id,) for event in todo])) as rendered:  # (each taken as it comes)
                for event, (block, panel, found) in zip(todo, rendered, strict=True):
                    self.store.put(self._event_key(event), block)
                    self.store.put(self._citations_key(event), panel)
                    self.pages_store.put(inspection_key(self._event_key(event)), found)
                    self._rendered[event.id], self._cited[event.id] = self.held(block), panel
                    self.found[event.id] = found
        finally:
            _RENDERING.clear()

    def memo(self, parts: tuple, events: list[Event], compute) -> str:
        """Text made from `events` (all that each shows) and `parts` by `compute`: from the cache
        when it was made before from the same."""
        return self.pages_store.made(digest(self._fixed, *parts, *(self._event_key(e) for e in events)), compute)

    def event_text(self, event: Event, name: str, compute) -> str:
        """Text made from the event's own record alone by `compute` (as its search entry is): from the
        cache when it was made before from the same record."""
        return self.store.made(digest(self._fixed, name, self._digest("event", event.id, event)), compute)

    def key_of(self, kind: str, key: str) -> str:
        """What the block of a directive shows, as one key (without rendering an event or a list)."""
        try:
            if kind == "event":
                return self._event_key(self.chronology.event_by_id[key])
            if kind == "events":
                return self.lists.key(key)
            if kind == "entry":
                if key not in self._entry_keys:
                    listed = self.entries[key]["events"][1]
                    self._entry_keys[key] = digest(self._fixed, "entry", repr(self.entries[key]), self.lists.key(listed) if listed else "")
                return self._entry_keys[key]
            return digest(text(self.block(kind, key)))
        except KeyError:
            return "none"

    def _event_key(self, event: Event) -> str:
        """Everything an event's HTML shows, as one key."""
        found = self._keys.get(event.id)
        if found is None:
            found = self._keys[event.id] = self._new_event_key(event)
        return found

    def _new_event_key(self, event: Event) -> str:
        chronology = self.chronology
        shown = [("event", event.id, event), *(("event", r, chronology.event_by_id[r]) for r in event.related)]
        shown += [("theme", t, chronology.themes[t]) for t in event.themes]
        shown += [("actor", a, chronology.actors[a]) for a in event.actors]
        shown += [("place", p, chronology.places[p]) for p in event.places]
        shown += [("source", c.source, chronology.sources[c.source]) for c in event.citations()]
        citing = [record.custom.cited_by for _, _, record in shown if isinstance(record, Source) and record.custom.cited_by]
        shown += [("source", s, chronology.sources[s]) for s in citing]  # its title is shown beside the quote
        return digest(self._fixed, self.revised.get(event.id, ""), _corrected(self.history.get(event.id, [])),
                      *(self._digest(kind, key, record) for kind, key, record in shown))

    def _digest(self, kind: str, key: str, record) -> str:
        found = self._digests.get((kind, key))
        if found is None:
            found = self.chronology.digests.get(f"{kind}/{key}") or digest(kind, record.model_dump_json())
            self._digests[kind, key] = found
        return found

    def event_list(self, events: list[Event], filters: dict[str, str] | None = None) -> str:
        """Events one line each; `filters` (event id -> codes) lets the All events page filter them."""
        return self._list.render(lines=[self._list_line_of(event, filters) for event in events])

    def _list_line_of(self, event: Event, filters: dict[str, str] | None) -> Markup:
        """An event's line, rendered once a build however many lists show it."""
        shown = (event.id, filters[event.id] if filters else None)
        if shown not in self._lines:
            self._lines[shown] = Markup(self._list_line.render(event=event, filtered=bool(filters), codes=shown[1]))
        return self._lines[shown]

    def block(self, kind: str, key: str) -> str | bytes | Spooled:
        """The HTML of a `::: events KEY`, `::: chart NAME` or `::: dataset NAME` directive."""
        if kind == "events":
            return self.lists[key]
        name = f"{kind}/{key}"
        if name not in self._named_html:  # once per build: a page's fingerprint and the page both ask
            template, context, *shown = self.named[name]
            render = lambda: self.environment.get_template(template).render(**context())  # noqa: E731
            if shown:  # the records it shows (kind, id, record), or their maker: all it shows, so it is kept in the cache under their key
                records = shown[0]() if callable(shown[0]) else shown[0]
                key = digest(self._fixed, name, *(self._digest(kind, key, record) for kind, key, record in records))
                self._named_html[name] = self.held(self._made(key, render))
            else:
                self._named_html[name] = self.held(encoded(render()))
        return self._named_html[name]

    def let_go_of_scripts(self) -> None:
        """Once the citations scripts are MkDocs' files, in a build (serve keeps them for the next)."""
        self._citation_files.clear()
        self._citation_files_used.clear()

    def pages_populated(self) -> None:
        """Once a build has rendered every page (before writing them): what only rendering needed."""
        for held in (self.found, self._inspections, self._lines):
            held.clear()

    def let_go(self) -> None:
        """Once every page is written (by a build; serve keeps them for the next): the HTML held,
        so that the memory it took serves what comes after (the zip)."""
        for held in (self._rendered, self._cited, self.found, self._inspections, self._named_html, self._entry_html, self._lines, self.lists):
            held.clear()
        self.spool = Spool() if self.spool is not None else None

    def render_all(self) -> None:
        """Render every event, list and chart now (a check does, to find what the build would fail on)."""
        for event in self.chronology.events:
            self.event(event.id)
            self.citations(event.id)
        for key in [*self.lists.events, "filter"]:
            self.lists[key]
        for name in self.named:
            self.block(*name.split("/", 1))

    def event_filter(self) -> str:
        chronology = self.chronology
        groups = [
            ("theme", "Theme", [(f"t{n}", t.title, t.id) for n, t in enumerate(chronology.themes.values())]),
            ("actor", "Actor", sorted(((f"a{n}", a.name, a.id) for n, a in enumerate(chronology.actors.values())), key=lambda o: o[1].lower())),
            ("place", "Place", sorted(((f"p{n}", p.name, p.id) for n, p in enumerate(chronology.places.values())), key=lambda o: o[1].lower())),
        ]
        return self._filter.render(groups=groups)

    @cached_property
    def filter_codes(self) -> dict[str, str]:
        """Event id -> the short codes of its themes, actors and places ("t0 a3 a7 p1")."""
        chronology = self.chronology
        numbers = {(prefix, key): n for prefix, registry in (("t", chronology.themes), ("a", chronology.actors), ("p", chronology.places))
                   for n, key in enumerate(registry)}
        return {
            e.id: " ".join(f"{prefix}{numbers[prefix, key]}" for prefix, keys in (("t", e.themes), ("a", e.actors), ("p", e.places)) for key in keys)
            for e in chronology.events
        }

    def notes(self, citations: list[Citation]) -> list[tuple]:
        """Each source once, with every passage quoted from it, in the order first cited."""
        grouped: dict[str, list[Citation]] = defaultdict(list)
        for citation in citations:
            grouped[citation.source].append(citation)
        return [(self.chronology.sources[source], cited) for source, cited in grouped.items()]

    def _render(self, event: Event) -> str:
        chronology = self.chronology
        tags = [
            ("Themes", [(chronology.themes[t].title, f"themes.html#{t}") for t in event.themes]),
            ("Actors", [(chronology.actors[a].name, f"actors.html#{a}") for a in event.actors]),
            ("Places", [(chronology.places[p].name, f"places.html#{p}") for p in event.places]),
        ]
        related = [chronology.event_by_id[r] for r in event.related]
        return self._event.render(
            event=event,
            summary=Markup(inline_html(event.summary)),
            tags=tags,
            revised=_corrected(self.history.get(event.id, [])),
            coins=event_coins(event, self.environment.globals["site_title"], self.revised.get(event.id, ""), self.site_url),
            citations=citations_path(event.when.year_label),
            related=[(r.title, r.when.words, f"{year_page(r)[:-3]}.html#{r.id}") for r in related],
        )


def _same_registries(old: Chronology, new: Chronology) -> bool:
    """Whether the themes, actors and places are the same records (read from unchanged files), in the same order."""
    return all(list(a) == list(b) and all(a[key] is b[key] for key in a)
               for a, b in ((old.themes, new.themes), (old.actors, new.actors), (old.places, new.places)))


_RENDERING: list[EventBlocks] = []  # the blocks render_events works for, read by its (forked) workers


def _render_event(event_id: str) -> tuple[bytes, bytes, tuple]:
    """An event's block, its Cite panel and what the block holds (inspect), made in a worker."""
    (blocks,) = _RENDERING
    event = blocks.chronology.event_by_id[event_id]
    block = blocks._render(event)
    return encoded(block), encoded(blocks._render_citations(event)), inspect(block)


def _corrected(changes: list) -> str:
    """The day of an event's last change when that change corrected it (not when it added it): what
    its block tells the reader (in the event's key: the last change in the log need not be the
    newest by its time, which the revision time is)."""
    return changes[-1].time[:10] if changes and changes[-1].kind != "added" else ""


class _RenderedLists(dict):
    """List key -> HTML of its events, each list rendered on first use."""

    def __init__(self, blocks: EventBlocks, lists: dict[str, list[Event]]):
        super().__init__()
        self.blocks, self.events = blocks, lists
        self._keys: dict[str, str] = {}

    def __missing__(self, key: str) -> str:
        if key == "filter":
            self[key] = self.blocks.event_filter()
        else:  # year lists are on the All events page, which filters them
            self[key] = self.blocks.held(self._cached(key))
        return self[key]

    def shown(self, key: str) -> str:
        """A list's HTML for a block that holds it (an index entry): not held here as well."""
        return text(self[key] if key == "filter" or key in self else self._cached(key))

    def _filters(self, key: str) -> dict[str, str] | None:
        return self.blocks.filter_codes if key.startswith("year/") else None

    def key(self, key: str) -> str:
        """What a list shows, as one key (the filter: its HTML's digest)."""
        if key not in self._keys:
            self._keys[key] = digest(self[key]) if key == "filter" else self._key(self.events[key], self._filters(key))
        return self._keys[key]

    def _key(self, events: list[Event], filters: dict[str, str] | None) -> str:
        blocks = self.blocks
        return digest(blocks._fixed, "list", *(blocks._digest("event", e.id, e) + (filters[e.id] if filters else "") for e in events))

    def _cached(self, key: str) -> bytes:
        """A list's HTML, from the cache when the same events (each as a whole) were listed before."""
        return self.blocks._made(self.key(key), lambda: self.blocks.event_list(self.events[key], self._filters(key)))
