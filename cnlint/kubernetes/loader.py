"""A fast located YAML loader for manifests.

libyaml (through PyYAML's C parser) composes a document into nodes that
carry their marks; this module builds plain dicts and lists from them that
answer the same position questions as ruamel's round-trip types (`.lc.key`,
`.lc.value`, `.lc.item`, `.fa.flow_style()`), about ten times faster than
ruamel's pure-Python loader. Scalars resolve as YAML 1.1, as kubectl's YAML
reader does (`yes` is a boolean, `0755` is octal); timestamps stay text and
mapping keys become text, as they are once kubectl has turned YAML into JSON.

Anything unusual (a syntax error, a duplicate key, a complex key) raises
`Unsupported`; the caller then loads that document with ruamel, whose
messages are the ones reported.
"""

from __future__ import annotations

import yaml
from yaml.constructor import SafeConstructor

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAGS: dict[tuple, str] = {}  # (value, implicit) -> resolved tag; manifests repeat most scalars


class _Loader(_BASE_LOADER):
    def resolve(self, kind, value, implicit):
        # The resolver tries its regular expressions on every plain scalar; a
        # scalar's tag depends only on its text and style, so remember it.
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_TAGS) < 100_000:
                _TAGS[key] = tag
        return tag


_LOADER = _Loader
_SCALARS = SafeConstructor()


class Unsupported(Exception):
    """This document needs the full loader (an error or a rare construct)."""


class LineCol:
    """0-based positions, as ruamel's LineCol: the node's own and its children's."""

    __slots__ = ("line", "col", "data")

    def __init__(self, line: int, col: int):
        self.line, self.col, self.data = line, col, {}

    def key(self, k):
        data = self.data[k]
        return data[0], data[1]

    def value(self, k):
        data = self.data[k]
        return data[2], data[3]

    def item(self, index):
        data = self.data[index]
        return data[0], data[1]


class Format:
    __slots__ = ("flow",)

    def __init__(self, flow: bool):
        self.flow = flow

    def flow_style(self) -> bool:
        return self.flow


class Map(dict):
    __slots__ = ("lc", "fa")


class Seq(list):
    __slots__ = ("lc", "fa")


def _scalar(node):
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() in ("yes", "true", "on", "y")
    if tag in (_INT, _FLOAT):
        return _SCALARS.yaml_constructors[tag](_SCALARS, node)
    return value  # timestamps stay text, as in JSON; custom tags keep their text


def _key(value) -> str:
    """Mapping keys as the API server sees them after YAML becomes JSON: text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


class _Builder:
    def __init__(self, offset: int):
        self.offset = offset
        self.built: dict[int, object] = {}
        self.shared = False  # some node is reached twice (an alias)

    def build(self, node):
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        done = self.built.get(id(node))
        if done is not None:
            self.shared = True
            return done
        mark = node.start_mark
        if isinstance(node, yaml.SequenceNode):
            out = Seq()
            self.built[id(node)] = out
            out.lc, out.fa = LineCol(mark.line + self.offset, mark.column), Format(bool(node.flow_style))
            data = out.lc.data
            for i, child in enumerate(node.value):
                start = child.start_mark
                data[i] = [start.line + self.offset, start.column]
                out.append(self.build(child))
            return out
        out = Map()
        self.built[id(node)] = out
        out.lc, out.fa = LineCol(mark.line + self.offset, mark.column), Format(bool(node.flow_style))
        data = out.lc.data
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise Unsupported("complex key")
            key = _key(_scalar(key_node))
            if key in out:
                raise Unsupported("duplicate key")
            k, v = key_node.start_mark, value_node.start_mark
            data[key] = [k.line + self.offset, k.column, v.line + self.offset, v.column]
            out[key] = self.build(value_node)
        for merged in merges:  # `<<:` keys fill in what the mapping lacks; they have no position here
            sources = merged.value if isinstance(merged, yaml.SequenceNode) else [merged]
            for source in sources:
                value = self.build(source)
                if not isinstance(value, dict):
                    raise Unsupported("merge of a non-mapping")
                for key, item in value.items():
                    out.setdefault(key, item)
        return out


def load(text: str, offset: int = 0):
    """(root, shared) of one document; lines shifted by `offset`.

    Raises Unsupported for anything the caller should load with ruamel.
    """
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise Unsupported(str(exc)) from None
    finally:
        loader.dispose()
    if node is None:
        return None, False
    builder = _Builder(offset)
    try:
        root = builder.build(node)
    except (ValueError, TypeError) as exc:  # a bad int/float, an unhashable key
        raise Unsupported(str(exc)) from None
    return root, builder.shared


def expanded_size(root, limit: int) -> int:
    """Nodes the document has once aliases are expanded, counting stops past `limit`."""
    sizes: dict[int, int] = {}

    def size(node) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = limit + 1  # a cycle counts as too big
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > limit:
                break
        sizes[id(node)] = total
        return total

    return size(root)


def template_start(text: str) -> tuple[int, int] | None:
    """0-based (line, column) of the first `{{` that YAML reads as structure, not text.

    `{{` inside a scalar (quoted, plain or block) is text; two flow-mapping
    starts in a row are template syntax (Helm, gomplate...).
    """
    if "{{" not in text:
        return None
    previous = None
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            if isinstance(token, yaml.FlowMappingStartToken):
                mark = token.start_mark
                if previous is not None and previous.index + 1 == mark.index:
                    return previous.line, previous.column
                previous = mark
            else:
                previous = None
    except yaml.YAMLError:
        pass
    return None
