"""Read one YAML file into plain Python values, remembering the line of every value.

PyYAML alone loses line numbers, silently keeps the last of two equal keys,
turns `1992-02-12` into a date object and expands aliases without limit. This
reader keeps dates as the strings the author typed (they are EDTF, not ISO),
rejects duplicate keys and aliases, and returns a line map so that every
later error can point at the line it is about.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import DataError, dotted

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
BRACKET_LIMIT = 500
SHARED_TEXT = 80  # texts up to this length (ids, names, dates) are one object however often they occur


class _Loader(yaml.SafeLoader):
    """SafeLoader without timestamps and without aliases."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in data files; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same reading done by libyaml, for files that turn out well-formed and alias-free."""

    def resolve(self, kind, value, implicit):
        """A scalar's tag, as the resolver finds it: at once for text, whose first character no
        implicit tag (a number, a boolean, null) can start with."""
        resolvers = self.yaml_implicit_resolvers
        if (kind is ScalarNode and (not implicit[0] or value[:1] not in resolvers) and None not in resolvers
                and not self.yaml_path_resolvers):
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _compose(text: str):
    """Parse with libyaml; where it objects or meets an alias, parse again in Python for the exact message."""
    try:
        node = yaml.compose(text, Loader=_FastLoader)
        if node is None or "&" not in text or not _shares_nodes(node):  # (without an anchor, no alias)
            return node
    except yaml.YAMLError:
        pass
    return yaml.compose(text, Loader=_Loader)


def _shares_nodes(root) -> bool:
    """Whether a node is reached twice, which is what an alias makes."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return False


_UNSURE = object()  # the plain reading met something to report: read with marks, for the message


class _NoLines(dict):
    """The line map of a reading without marks: remembers nothing."""

    def __setitem__(self, key, value):
        pass

    def setdefault(self, key, default=None):
        return default

    def __missing__(self, key):
        return 1


_NO_LINES = _NoLines()


def _plain_value(text: str, shown_as: str):
    """The file's value read without line marks (the same reading, less the bookkeeping), or
    _UNSURE when something in it needs a message, which the marked reading gives."""
    try:
        node = _compose(text)
        return None if node is None else _to_python(node, (), None, shown_as)
    except (DataError, yaml.YAMLError, RecursionError, ValueError):
        return _UNSURE


@dataclass
class YamlDocument:
    path: Path
    value: object
    lines: dict[tuple, int]  # path into the value -> 1-based line

    def line_of(self, loc: tuple) -> int:
        """The line of the deepest part of `loc` that exists in the file."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


def read_bytes(path: Path, shown_as: str) -> bytes:
    """The bytes of `path`; DataError if it cannot be read or is larger than a data file may be."""
    try:
        with path.open("rb") as file:  # never more than the limit in memory, whatever the file's size
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise DataError(shown_as, 1, "", f"cannot be read ({error.strerror or error}); expected a readable file") from None
    if len(raw) > MAX_FILE_BYTES:
        size = path.stat().st_size
        raise DataError(shown_as, 1, "", f"file is {size:,} bytes; a data file may have at most {MAX_FILE_BYTES:,}")
    return raw


def read_yaml(path: Path, shown_as: str, marks: bool = True, raw: bytes | None = None) -> YamlDocument:
    """Parse `path` (or its bytes `raw`, read already); raise DataError (with `shown_as` as the file
    name) on bad input. Without `marks` a well-formed file is parsed by libyaml alone and its
    document has no line map (every line is 1): for files expected to validate, which are parsed
    again with marks only if they do not."""
    if raw is None:
        raw = read_bytes(path, shown_as)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(shown_as, 1, "", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(shown_as, line, "", f"byte {raw[error.start]:#04x} is not UTF-8; save the file as UTF-8") from None
    if control := _CONTROL.search(text):
        line = text[: control.start()].count("\n") + 1
        name = CONTROL_NAMES.get(control.group(), "")
        code = ord(control.group())
        shown = f"byte {code:#04x}" if code < 0x100 else f"U+{code:04X}"
        raise DataError(shown_as, line, "", f"contains a control character ({name}{shown}); expected printable text")
    if line := _too_deep(text):
        raise DataError(shown_as, line, "", f"values are nested too deeply; expected at most {MAX_DEPTH} levels")
    if not marks and (value := _plain_value(text, shown_as)) is not _UNSURE:
        return YamlDocument(path=path, value=value, lines={})
    lines: dict[tuple, int] = {(): 1}
    try:
        node = _compose(text)
        value = None if node is None else _to_python(node, (), lines, shown_as)
    except yaml.MarkedYAMLError as error:
        raise DataError(shown_as, _error_line(error), "", f"YAML syntax error: {_error_text(error)}") from None
    except yaml.YAMLError as error:
        raise DataError(shown_as, 1, "", f"YAML syntax error: {error}") from None
    except RecursionError:
        raise DataError(shown_as, 1, "", f"values are nested too deeply; expected at most {MAX_DEPTH} levels") from None
    except ValueError as error:  # a number too long to read, say
        raise DataError(shown_as, 1, "", f"a value cannot be read ({error}); expected ordinary numbers and text") from None
    return YamlDocument(path=path, value=value, lines=lines)


def _too_deep(text: str) -> int:
    """The line where values nest more than BRACKET_LIMIT deep, found before a parser recurses into
    them (libyaml's composer has no limit of its own and crashes on tens of thousands of levels:
    `[[[[`, or `- - - -`). The depth is read from libyaml's event stream, which keeps no call
    stack; only files that could nest so deep are read twice: those with a long run of brackets
    (counted in comments and quotes too, so that nothing can hide one) or a line that starts far in
    or with a long run of `- `, `? ` or `: `. The limit is far above MAX_DEPTH, which the parsed
    values are held to. 0 when they do not."""
    if not (_brackets_may_nest(text) or _DEEP_LINE.search(text)):
        return 0
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > BRACKET_LIMIT:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # reported by the reading proper
    return 0


def _brackets_may_nest(text: str) -> bool:
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > BRACKET_LIMIT:
            return True
    return False


_BRACKET = re.compile(r"[\[\]{}]")
# A line that can reach BRACKET_LIMIT levels of block nesting on its own or with the lines above it.
_DEEP_LINE = re.compile(r"^[ \t?:-]{%d}" % (BRACKET_LIMIT // 2), re.M)
# Numbers as YAML 1.1 also reads them (0x7D0, 0o17, 017, 1_996, 1:30, +5, 1_0.5) are taken as the
# text they are: only plain decimals are numbers, so no other form can pass for a year or a value.
_PLAIN_NUMBER = {
    "tag:yaml.org,2002:int": re.compile(r"-?(?:0|[1-9][0-9]*)"),
    "tag:yaml.org,2002:float": re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
}
_scalars = SafeConstructor()
_TEXT_TAG = "tag:yaml.org,2002:str"


def _scalar(node):
    """What the safe constructor makes of a node: for text (most of a file), its text, at once."""
    if node.tag == _TEXT_TAG and isinstance(node, ScalarNode):
        return node.value
    return _scalars.construct_object(node, deep=True)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_NAMES = {"\x00": "NUL, ", "\u2028": "line separator, ", "\u2029": "paragraph separator, "}
# Errors whose real place is where something was opened, not where the parser gave up.
_OPENED_AT = ("while scanning a quoted scalar", "while parsing a flow")


def _number_as_text(node) -> bool:
    """Whether a scalar YAML 1.1 reads as a number is one written in another form than a plain decimal."""
    plain_number = _PLAIN_NUMBER.get(node.tag) if isinstance(node, ScalarNode) else None
    return bool(plain_number) and not plain_number.fullmatch(node.value)


def _error_line(error: yaml.MarkedYAMLError) -> int:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and (error.context or "").startswith(_OPENED_AT):
        mark = error.context_mark
    return mark.line + 1 if mark else 1


def _error_text(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "invalid YAML"
    if error.context and error.context.startswith("expected"):
        problem = f"{error.context}, {problem}"
    elif (error.context or "").startswith(_OPENED_AT):
        problem = f"{problem} ({error.context.removeprefix('while ')} that starts on this line)"
    if "\\t" in problem:
        problem += " (indent with spaces, not tabs)"
    return problem


def _to_python(node, loc: tuple, lines: dict | None, shown_as: str):
    """A node's value; `lines` (path -> line) is filled in on the way, unless it is None."""
    if lines is None:
        lines = _NO_LINES
    lines.setdefault(loc, node.start_mark.line + 1)
    if len(loc) > MAX_DEPTH:
        raise DataError(shown_as, lines[loc], "", f"values are nested too deeply; expected at most {MAX_DEPTH} levels")
    if isinstance(node, ScalarNode):
        value = node.value if _number_as_text(node) else _scalar(node)
        return sys.intern(value) if isinstance(value, str) and len(value) <= SHARED_TEXT else value
    if isinstance(node, SequenceNode):
        return [_to_python(item, loc + (i,), lines, shown_as) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataError(shown_as, key_node.start_mark.line + 1, "", "merge keys (<<) are not allowed in data files; write the values out")
            key = _scalar(key_node)
            if not isinstance(key, str):
                raise DataError(shown_as, key_node.start_mark.line + 1, str(key), "keys must be text")
            if key in result:
                first = lines.get(loc + (key,), 1)
                raise DataError(
                    shown_as, key_node.start_mark.line + 1, dotted(loc + (key,)),
                    f"duplicate key (first given on line {first}); keep one",
                )
            lines[loc + (key,)] = key_node.start_mark.line + 1  # errors about a value point at its key
            result[key] = _to_python(value_node, loc + (key,), lines, shown_as)
        return result
    raise DataError(shown_as, lines[loc], "", "unsupported YAML node")


MAX_EXPANDED = 100_000  # values a settings file may hold once its aliases are expanded


def expansion_problem(text: str) -> str | None:
    """What is wrong with a settings file (mkdocs.yml) whose aliases expand to more values than
    anything reads in reasonable time (an alias of an alias, nine deep, is 9^9 values); else None.
    Its tags are left alone: only its shape is read."""

    class Composer(yaml.SafeLoader):
        pass

    Composer.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        roots = list(yaml.compose_all(text, Loader=Composer))
    except yaml.YAMLError:
        return None  # (MkDocs says what is wrong with it)
    except RecursionError:
        return "is nested too deeply; expected settings a few levels deep"
    sizes: dict[int, int] = {}

    def size(node) -> int:
        if id(node) not in sizes:
            sizes[id(node)] = 1  # (a node that holds itself counts once)
            children = node.value if isinstance(node, SequenceNode) else (
                [part for pair in node.value for part in pair] if isinstance(node, MappingNode) else [])
            sizes[id(node)] = min(1 + sum(size(child) for child in children), MAX_EXPANDED + 1)
        return sizes[id(node)]

    try:
        total = sum(size(root) for root in roots if root is not None)
    except RecursionError:
        return "is nested too deeply; expected settings a few levels deep"
    if total > MAX_EXPANDED:
        return f"its aliases expand to more than {MAX_EXPANDED:,} values; expected a file that repeats itself less"
    return None

