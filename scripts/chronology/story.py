"""The story in brief: a few paragraphs of the chronology's own prose (`story.md` in the data
folder), each statement linked to the events it rests on, for the home page.

The file holds plain paragraphs separated by blank lines; the only markup is a link to an event,
written `[words](event:EVENT-ID)` (a former id of an event leads to it too). The words live in
the data, like every other word about the chronology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError
from .yamlfile import read_bytes

STORY_FILE = "story.md"
_EVENT_LINK = re.compile(r"\[([^\[\]\n]+)\]\(event:([^()\s]+)\)")
_MARKUP = re.compile(r"[\[\]<>`*_]|\]\(")
MAX_PARAGRAPHS = 12


@dataclass(frozen=True)
class Story:
    """Paragraphs, each a list of (words, event id or "") in reading order."""

    paragraphs: list[list[tuple[str, str]]]


def read_story(path: Path, shown_as: str, events: dict[str, str]) -> tuple[Story | None, list[DataError]]:
    """The story in `path`, its links checked against `events` (every id and former id -> current id)."""
    try:
        text = read_bytes(path, shown_as).decode("utf-8")  # no larger than a data file may be
    except DataError as error:
        return None, [error]
    except UnicodeDecodeError as error:
        return None, [DataError(shown_as, 1, "", f"cannot be read ({error}); expected a UTF-8 text file")]
    errors, paragraphs = [], []
    count = 0
    for start, block in _paragraphs(text):
        count += 1
        if count > MAX_PARAGRAPHS:  # counted, not read: a story in brief
            continue
        segments, at, lines = [], 0, _LineCounter(block, start)
        for match in _EVENT_LINK.finditer(block):
            segments += _plain(block[at:match.start()], shown_as, lines.at(at), errors)
            line = lines.at(match.start())
            words, event_id = " ".join(match.group(1).split()), match.group(2)
            if event_id not in events:
                errors.append(DataError(shown_as, line, "", f"'{event_id}' is not the id of an event; expected [words](event:EVENT-ID)"))
            segments.append((words, events.get(event_id, "")))
            at = match.end()
        segments += _plain(block[at:], shown_as, lines.at(at), errors)
        if not any(event for _, event in segments):
            errors.append(DataError(shown_as, start, "", "a paragraph links to no event; expected each statement linked to its events"))
        paragraphs.append(segments)
    if not paragraphs:
        errors.append(DataError(shown_as, 1, "", "is empty; expected paragraphs that tell the chronology in brief"))
    if count > MAX_PARAGRAPHS:
        errors.append(DataError(shown_as, 1, "", f"has {count} paragraphs; expected at most {MAX_PARAGRAPHS} (a story in brief)"))
    return (None if errors else Story(paragraphs)), errors


class _LineCounter:
    """Line numbers of places in a paragraph, counted forward once (not from its start each time)."""

    def __init__(self, block: str, start: int):
        self.block, self.line, self.index = block, start, 0

    def at(self, index: int) -> int:
        if index >= self.index:
            self.line += self.block.count("\n", self.index, index)
            self.index = index
            return self.line
        return self.line - self.block.count("\n", index, self.index)


def _paragraphs(text: str):
    """(first line number, text) of each paragraph: lines up to a blank one."""
    lines, start = [], 0
    for number, line in enumerate(text.splitlines() + [""], 1):
        if line.strip():
            start = start or number
            lines.append(line)
        elif lines:
            yield start, "\n".join(lines)
            lines, start = [], 0


def _plain(text: str, shown_as: str, line: int, errors: list) -> list[tuple[str, str]]:
    if (found := _MARKUP.search(text)) or any(not c.isprintable() and c != "\n" for c in text):
        where = line + text.count("\n", 0, found.start() if found else 0)
        errors.append(DataError(shown_as, where, "", "has markup other than links to events (or an unprintable character); "
                                "expected plain sentences and [words](event:EVENT-ID)"))
        return []
    words = " ".join(text.split())
    if not words:
        return [(" ", "")] if text else []
    if text[:1].isspace():
        words = " " + words
    if text[-1:].isspace():
        words += " "
    return [(words, "")]
