"""YAML for files users edit by hand, hardened so that no file can harm the app.

Reading gives plain data only (the constructors of `yaml.safe_load`: a
``!!python/...`` tag is an error, never run), and refuses what a rewrite would
lose or what would exhaust the app: duplicate keys, nesting deeper than
`MAX_DEPTH`, aliases that loop, and documents of more than `MAX_VALUES` values
once aliases are expanded (a "billion laughs"). Every refusal is a
`yaml.MarkedYAMLError` with the line it is about.

Writing is block style, keys in their order, unicode as is, no line folding, and
any string comes back exactly as it was written (multi-line text as ``|`` blocks).
libyaml's parser and emitter are used when installed (5 times faster); the
composer is PyYAML's own, so the limits hold either way. libyaml's scanner has a
nesting limit of its own (1,000 levels since PyYAML 6.0.4's wheels) that can stop
a document before the composer sees it: its refusal is given in the same words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml.cyaml import CParser as _Parser

    _SafeDumper = yaml.CSafeDumper
except ImportError:  # PyYAML built without libyaml
    _Parser = None
    _SafeDumper = yaml.SafeDumper

MAX_DEPTH = 100
MAX_VALUES = 1_000_000


class LimitError(yaml.MarkedYAMLError):
    """A document refused for its shape rather than its syntax."""

    def __init__(self, problem: str, mark: yaml.Mark | None):
        super().__init__(problem=problem, problem_mark=mark)


class _Checks:
    """Depth and duplicate-key checks, mixed into a safe loader."""

    _depth = 0
    saw_alias = False  # without aliases, no loop and no expansion: check_size can be skipped

    def compose_node(self, parent, index):
        # Counting depth here keeps a deeply nested file from exhausting the stack
        # (libyaml's own composer recurses in C and crashes the process).
        if self.check_event(yaml.AliasEvent):
            self.saw_alias = True
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise LimitError(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        raise LimitError(f"duplicate key {key_node.value!r}", key_node.start_mark)
                    seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _PyLoader(_Checks, yaml.SafeLoader):
    """PyYAML's own scanner and parser, in Python."""


LOADERS: tuple[type, ...] = (_PyLoader,)  # every loader this PyYAML can give, the one `load` uses first

if _Parser is not None:

    class _CLoader(_Checks, Composer, _Parser, SafeConstructor, Resolver):
        """libyaml's scanner and parser under PyYAML's composer and safe constructor."""

        def __init__(self, stream: str):
            _Parser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    LOADERS = (_CLoader, _PyLoader)

_NESTING = "maximum nesting depth"  # libyaml's own words for its limit


def load(text: str, loader_class: type | None = None) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data; None, None for an empty document.

    Raises `yaml.YAMLError`, with a mark where there is a line to point at.
    `loader_class` is one of `LOADERS` (default: the fastest).
    """
    loader = (loader_class or LOADERS[0])(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            if exc.problem and _NESTING in exc.problem:
                raise LimitError(f"nested more than {MAX_DEPTH} levels deep", exc.problem_mark) from None
            raise
        if node is None:
            return None, None
        if loader.saw_alias:
            check_size(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def check_size(root: yaml.Node) -> None:
    """Refuse an alias loop, or more than MAX_VALUES nodes once aliases are expanded."""
    sizes: dict[int, int] = {}  # id(node) -> nodes under it, itself included, aliases expanded
    open_nodes: set[int] = set()  # on the path from the root: meeting one again is a loop
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[id(node)] > MAX_VALUES:
                raise LimitError(f"more than {MAX_VALUES:,} values once its aliases are expanded", node.start_mark)
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise LimitError("an alias refers to a collection that contains it", node.start_mark)
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Dumper(_SafeDumper):
    pass


_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _represent_str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    # The emitter falls back to a quoted style whenever a literal block could not hold
    # the text exactly (trailing spaces, control characters...). But PyYAML's plain,
    # single-quoted and literal styles fold the other YAML line breaks (NEL, U+2028,
    # U+2029, CR): only double quotes, which escape them, keep those.
    if _OTHER_BREAKS.search(value):
        style = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(document: Any) -> str:
    """`document` as block-style YAML that `load` reads back equal."""
    return yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False
    )


class FileProblem(Exception):
    """A user's YAML file that cannot be used as it is: which file, which line, why.

    The message is for the user: ``FILE, line N: reason``.
    """

    def __init__(self, path: str | Path, reason: str, line: int | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}, line {line}" if line else str(self.path)
        super().__init__(f"{where}: {reason}")


def describe(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """What a YAML error says, in a few words, and the line (1-based) it is about."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, yaml.constructor.ConstructorError):
        problem = problem.replace("could not determine a constructor for", "refused")
    elif not isinstance(exc, LimitError):
        problem = f"not valid YAML: {problem}"
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark and mark and context_mark.line != mark.line:
        problem += f" ({context} on line {context_mark.line + 1})"
    return problem, mark.line + 1 if mark else None


def read_file(path: str | Path) -> tuple[yaml.Node | None, Any]:
    """`load` of the file at `path`; FileProblem (with the line) when it cannot be read or parsed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileProblem(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(path, f"not UTF-8 (byte 0x{data[exc.start]:02x})", data[: exc.start].count(b"\n") + 1) from None
    try:
        return load(text)
    except yaml.YAMLError as exc:
        raise FileProblem(path, *describe(exc)) from None


def line_of(node: yaml.Node | None) -> int | None:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1 if node is not None else None


def value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """In a mapping node, the node of `key`'s value."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value
    return None
