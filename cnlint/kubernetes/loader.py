"""cnlint's one YAML reader: manifests, the rule catalogue and .hadolint.yaml.

Library: PyYAML's libyaml binding (CSafeLoader), used to *compose* only.
libyaml is C, so composing a document is about ten times faster than a
pure-Python loader (ruamel's round-trip loader, the former fallback), and its
nodes carry a start mark for every key, value and item, which is all the
positions need. Turning nodes into data is done here, not by PyYAML's
constructor or resolver: neither PyYAML (its own YAML 1.1 variant) nor ruamel
(YAML 1.2) resolves scalars the way Kubernetes does, and only building the
data ourselves lets one loader keep exact positions, report duplicate and
complex keys as problems, and still lint the rest of the document.

The data is what the API server sees. It decodes YAML with sigs.k8s.io/yaml
(YAMLToJSON), which unmarshals with go-yaml v2 into interface{} and turns the
result into JSON. Scalars therefore resolve as go-yaml v2 does
(sigs.k8s.io/yaml goyaml.v2/resolve.go, `resolve`), see `_plain`:

- booleans: y Y yes Yes YES true True TRUE on On ON, and
  n N no No NO false False FALSE off Off OFF;
- null: the empty scalar, ~ null Null NULL;
- floats: .inf .Inf .INF (+ and - signed), .nan .NaN .NAN, `.5`-style
  numbers (strconv.ParseFloat), and numbers matching
  ^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$ that are not ints
  (so `1e3` and `08` are floats, `1.5e400` stays text);
- ints: after removing every `_`, Go's ParseInt/ParseUint with base 0
  (`0x1F`, `0o17`, `0b101`, `0755` octal, a sign), of any size;
- everything else is text, timestamps included (go-yaml keeps a timestamp
  as its text when decoding into interface{}); no sexagesimal numbers.

Quoted scalars are text; explicit tags (`!!int "3"`) resolve the same way and
a mismatch (`!!int abc`) is a problem. Mapping keys become text as
YAMLToJSON makes them (`on:` is the key "true"). Merge keys (`<<`) apply in
document order, as go-yaml v2 applies them.

What the API server would refuse is not silently dropped: a duplicate key
(the last value is kept, as YAMLToJSON keeps it; strict field validation,
kubectl's default, refuses the object instead), a mapping or list used as a
key, a null key, a value JSON cannot hold (.nan, .inf) and a bad explicit tag
are returned as `Problem`s, at their position, and the rest of the document
is still built. A document that does not parse raises `LoadError`, with the
message of PyYAML's pure-Python parser (more precise than libyaml's: it
names the offending character) at the position libyaml found.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from typing import NamedTuple

import yaml

from cnlint.patterns import lazy

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BINARY = "tag:yaml.org,2002:binary"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN = "?plain"  # an untagged plain scalar: resolved by `_plain`, not by PyYAML
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class _Loader(_BASE_LOADER):
    def resolve(self, kind, value, implicit):
        # Only called for untagged nodes. Scalars are resolved later, by
        # go-yaml v2's rules; here they are only sorted into plain and quoted.
        if kind is _ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is _SequenceNode else _MAP


_LOADER = _Loader


class LoadError(Exception):
    """The document does not parse: `error` is PyYAML's, marks relative to the text."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


Unsupported = LoadError  # the former name, kept for callers that only skip broken documents


class Problem(NamedTuple):
    """Something in a loaded document the API server would refuse; 0-based, offset applied."""

    line: int
    col: int
    what: str  # the problem itself: "duplicate key 'name' (first on line 4)"
    consequence: str  # what it means for a manifest
    where: str  # "key": the key token; "value": a scalar token; "line": a collection's line
    flow: bool = False

    @property
    def message(self) -> str:
        return f"{self.what}: {self.consequence}"


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


# ---- scalars, as go-yaml v2 resolves them ----------------------------------------

_MISSING = object()
_WORDS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
}
_NON_FINITE = {
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
_NUMBER_START = frozenset("0123456789+-.")
_YAML_STYLE_FLOAT = lazy(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
# strconv.ParseFloat of a text starting with '.': digits, `_` only between digits.
_DOT_FLOAT = lazy(r"\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?")
_DIGITS = {2: re.compile("[01]+"), 8: re.compile("[0-7]+"), 10: re.compile("[0-9]+"), 16: re.compile("[0-9a-fA-F]+")}
_NUMBERS: dict[str, object] = {}  # text -> value; manifests repeat their numbers
_INT64 = 1 << 63
# An integer past float64's range is one no JSON decoder holds; past about
# 4300 decimal digits Python will not even read or print it. Such a number is
# HUGE: a problem, kept as its text.
HUGE = type("Huge", (), {"__repr__": lambda self: "HUGE"})()
_MAX_BITS = 4000 * 10 // 3
_BITS = {2: 1, 8: 3, 10: 4, 16: 4}


def _go_uint(text: str, base: int = 0):
    """strconv.ParseUint(text, base, ∞): None on a syntax error, HUGE past what Python reads."""
    digits = text
    if base == 0:
        base = 10
        if text[:1] == "0":
            prefix = text[1:2].lower()
            if len(text) >= 3 and prefix in ("b", "o", "x"):
                base, digits = {"b": 2, "o": 8, "x": 16}[prefix], text[2:]
            else:
                base, digits = 8, text[1:]
                if not digits:
                    return 0
    if not _DIGITS[base].fullmatch(digits):
        return None
    if len(digits) * _BITS[base] > _MAX_BITS:
        return HUGE
    return int(digits, base)


def _go_int(text: str, base: int = 0) -> int | None:
    """strconv.ParseInt(text, base, 64): None on a syntax or range error."""
    sign = text[:1]
    value = _go_uint(text[1:] if sign in ("+", "-") else text, base) if text else None
    if value is None or value is HUGE:
        return None
    value = -value if sign == "-" else value
    return value if -_INT64 <= value < _INT64 else None


def _number(text: str):
    """go-yaml v2 `resolve` for a plain scalar starting with a digit, a sign or '.'."""
    if text[0] == ".":
        if _DOT_FLOAT.fullmatch(text):
            value = float(text.replace("_", ""))
            if not math.isinf(value):  # ParseFloat: out of range
                return value
        return text
    plain = text.replace("_", "")
    value = _go_int(plain)
    if value is not None:
        return value
    unsigned = _go_uint(plain) if plain[:1] not in ("+", "-") else None
    if unsigned is HUGE:
        return HUGE
    if unsigned is not None and unsigned < 1 << 64:  # ParseUint
        return unsigned
    if _YAML_STYLE_FLOAT.fullmatch(plain):  # before big ints: a long decimal is a float
        value = float(plain)
        if not math.isinf(value):
            return value
    if plain.startswith("0b"):
        value = _go_int(plain[2:], 2)
        if value is None and plain[2:3] not in ("+", "-") and plain[2:]:
            value = _go_uint(plain[2:], 2)
        if value is not None:
            return value  # HUGE too
    elif plain.startswith("-0b"):
        value = _go_int("-" + plain[3:], 2)
        if value is not None:
            return value
    if unsigned is not None:  # ParseUint's range error: big.Int's SetString
        return unsigned
    return text


def _plain(text: str):
    """The value of an untagged plain scalar."""
    value = _WORDS.get(text, _MISSING)
    if value is not _MISSING:
        return value
    if text[0] not in _NUMBER_START:
        return text
    value = _NUMBERS.get(text, _MISSING)
    if value is _MISSING:
        value = _NON_FINITE[text] if text in _NON_FINITE else _number(text)
        if len(_NUMBERS) < 100_000:
            _NUMBERS[text] = value
    return value


def plain_value(text: str):
    """What an untagged plain scalar means to the API server (`08` is a
    float, `on` is true, `web` is text)."""
    return _plain(text) if text else None


def _resolved_tag(value) -> str:
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int):
        return _INT
    return _FLOAT if isinstance(value, float) else _STR


def _short(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _go_float_key(value: float) -> str:
    """strconv.FormatFloat(value, 'g', -1, 32), as sigs.k8s.io/yaml writes a float key."""
    import struct

    if math.isnan(value):
        return ".nan"
    if math.isinf(value) or abs(value) > 3.4028234663852886e38:  # past float32: +Inf
        return ".inf" if value > 0 else "-.inf"
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 18):
        text = f"{single:.{digits - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            break
    mantissa, _, exp = text.partition("e")
    exponent = int(exp)
    if exponent < -4 or exponent >= 6:
        return f"{mantissa.rstrip('0').rstrip('.') if '.' in mantissa else mantissa}e{exponent:+03d}"
    return f"{single:.{max(digits - 1 - exponent, 0)}f}"


# ---- building ---------------------------------------------------------------------

_REFUSED = "the API server refuses this document"


class _Builder:
    def __init__(self, offset: int):
        self.offset = offset
        self.built: dict[int, object] = {}
        self.shared = False  # some node is reached twice (an alias)
        self.problems: list[Problem] = []

    def problem(self, node, what: str, consequence: str, where: str, flow: bool = False) -> None:
        mark = node.start_mark
        self.problems.append(Problem(mark.line + self.offset, mark.column, what, consequence, where, flow))

    def scalar(self, node, where: str = "value"):
        tag = node.tag
        if tag is _PLAIN:
            text = node.value
            value = _WORDS.get(text, _MISSING)
            if value is not _MISSING:
                return value
            if text[0] not in _NUMBER_START:
                return text
            if where == "value" and text in _NON_FINITE:
                self.problem(node, f"{text} is not a number JSON can hold", _REFUSED, where)
            value = _plain(text)
            return self.huge(node, where) if value is HUGE else value
        if tag is _STR or tag == _STR:
            return node.value
        return self.tagged(node, tag, where)

    def tagged(self, node, tag: str, where: str):
        text = node.value
        if tag == _BINARY:  # decoded, as go-yaml decodes it into a string
            try:
                return base64.b64decode(text.replace("\n", "").replace("\r", ""), validate=True).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                self.problem(node, "!!binary value contains invalid base64 data", _REFUSED, where)
                return text
        if tag not in (_INT, _FLOAT, _BOOL, _NULL):
            return text  # !!timestamp and custom tags keep their text, as in go-yaml
        value = _plain(text)
        if value is HUGE:
            return self.huge(node, where)
        got = _resolved_tag(value)
        if got == tag:
            if where == "value" and got == _FLOAT and not math.isfinite(value):
                self.problem(node, f"{text} is not a number JSON can hold", _REFUSED, where)
            return value
        if tag == _FLOAT and got == _INT and -_INT64 <= value < _INT64:
            return float(value)
        self.problem(node, f"cannot decode {_short(got)} `{text}` as a {_short(tag)}", _REFUSED, where)
        return text

    def huge(self, node, where: str) -> str:
        self.problem(node, f"an integer of {len(node.value)} characters, past any number JSON can hold", f"{_REFUSED}; it is read as text here", where)
        return node.value

    def key(self, node, flow: bool) -> str | None:
        """The key as text, as YAMLToJSON makes it; None (and a problem) when it cannot."""
        if node.__class__ is not _ScalarNode:
            kind = "mapping" if node.__class__ is _MappingNode else "list"
            self.problem(node, f"a {kind} used as a key", f"JSON keys are text, so {_REFUSED}; the key is left out here", "line", flow)
            return None
        value = self.scalar(node, "key")
        if value.__class__ is str:
            return value
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, int) and -_INT64 <= value < _INT64:
            return str(value)
        if isinstance(value, float):
            return _go_float_key(value)
        what = "a null key" if value is None else f"the key {node.value}, an integer past 64 bits"
        self.problem(node, what, f"JSON keys are text and YAMLToJSON cannot make this one, so {_REFUSED}; the key is left out here", "key", flow)
        return None

    def build(self, node):
        cls = node.__class__
        if cls is _ScalarNode:
            return self.scalar(node)
        done = self.built.get(id(node))
        if done is not None:
            self.shared = True
            return done
        mark = node.start_mark
        offset = self.offset
        flow = bool(node.flow_style)
        if cls is _SequenceNode:
            out = Seq()
            self.built[id(node)] = out
            out.lc, out.fa = LineCol(mark.line + offset, mark.column), Format(flow)
            data = out.lc.data
            for i, child in enumerate(node.value):
                start = child.start_mark
                data[i] = [start.line + offset, start.column]
                out.append(self.build(child))
            return out
        out = Map()
        self.built[id(node)] = out
        out.lc, out.fa = LineCol(mark.line + offset, mark.column), Format(flow)
        data = out.lc.data
        first_lines = None  # key -> line of its first occurrence, once a key repeats
        for key_node, value_node in node.value:
            if key_node.__class__ is _ScalarNode and (
                (key_node.tag is _PLAIN and key_node.value == "<<") or key_node.tag == _MERGE
            ):
                self.merge(out, data, value_node)
                continue
            key = self.key(key_node, flow)
            if key is None:
                continue
            k, v = key_node.start_mark, value_node.start_mark
            if key in data:
                first_lines = first_lines or {}
                first = first_lines.setdefault(key, data[key][0])
                self.problem(
                    key_node,
                    f"duplicate key '{key}' (first on line {first + 1})",
                    "the API server keeps this last value, or refuses the object under strict field validation (kubectl's default)",
                    "key",
                    flow,
                )
            data[key] = [k.line + offset, k.column, v.line + offset, v.column]
            out[key] = self.build(value_node)
        return out

    def merge(self, out: Map, data: dict, value_node) -> None:
        """`<<: value`, as go-yaml v2 applies it: now, over what is already set."""
        if value_node.__class__ is _MappingNode:
            sources = [value_node]
        elif value_node.__class__ is _SequenceNode and all(s.__class__ is _MappingNode for s in value_node.value):
            sources = value_node.value[::-1]  # earlier mappings take precedence: applied last
        else:
            self.problem(value_node, "a merge (<<) needs a mapping or a list of mappings", f"{_REFUSED}; the merge is left out here", "line")
            return
        for source in sources:
            for key, item in self.build(source).items():
                out[key] = item
                data.pop(key, None)  # a merged key has no position of its own


# ---- entry points -------------------------------------------------------------------


def _compose(text: str):
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise LoadError(_remapped_error(text, _precise(text, exc))) from None
    finally:
        loader.dispose()
    if node is not None and _OTHER_BREAKS.search(text):
        _remap_nodes(node, _Lines(text))
    return node


# YAML 1.1 (libyaml) also breaks lines at NEL, LS and PS; editors, LSP and
# SARIF do not, and neither does cnlint's Source. Where a text has them, every
# mark is placed again from its character index, so positions stay the editor's.
_OTHER_BREAKS = lazy("[\x85\u2028\u2029]")


class _Lines:
    def __init__(self, text: str):
        from cnlint.source import Source

        self.source = Source(text)

    def mark(self, mark):
        line, column = self.source.position(mark.index)
        return yaml.Mark(mark.name, mark.index, line - 1, column - 1, None, None)


def _remap_nodes(root, lines: _Lines) -> None:
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = lines.mark(node.start_mark)
        if node.__class__ is _SequenceNode:
            stack.extend(node.value)
        elif node.__class__ is _MappingNode:
            stack.extend(n for pair in node.value for n in pair)


def _remapped_error(text: str, exc: Exception) -> Exception:
    if not _OTHER_BREAKS.search(text):
        return exc
    lines = _Lines(text)
    for name in ("problem_mark", "context_mark"):
        mark = getattr(exc, name, None)
        if mark is not None:
            setattr(exc, name, lines.mark(mark))
    return exc


def _precise(text: str, exc: Exception) -> Exception:
    """The pure-Python parser's error for the same text, when it stops on the same
    line: its messages name what it found (a tab, an alias)."""
    if _BASE_LOADER is yaml.SafeLoader or getattr(exc, "problem_mark", None) is None:
        return exc
    loader = yaml.SafeLoader(text)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as precise:
        if precise.problem_mark is not None and precise.problem_mark.line == exc.problem_mark.line:
            return precise
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return exc


def load(text: str, offset: int = 0, problems: list | None = None):
    """(root, shared) of one document; lines shifted by `offset`.

    What the API server would refuse is appended to `problems` (as `Problem`s)
    and left out of the data; a document that does not parse raises LoadError.
    """
    node = _compose(text)
    if node is None:
        return None, False
    builder = _Builder(offset)
    root = builder.build(node)
    if problems is not None:
        problems.extend(builder.problems)
    return root, builder.shared


class DataError(LoadError):
    """A data file (a rule, a .hadolint.yaml) that cannot be read; 1-based position."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(ValueError(f"line {line}, column {column}: {message}"))
        self.line, self.column, self.message = line, column, message


def load_data(text: str):
    """The data of a one-document YAML file (a rule, a .hadolint.yaml), read as manifests are.

    Raises DataError for a syntax error or for anything `load` reports as a
    problem (a duplicate key, say): a data file has no API server to forgive it.
    """
    problems: list[Problem] = []
    try:
        root, _ = load(text, 0, problems)
    except LoadError as exc:
        error = exc.error
        mark = getattr(error, "problem_mark", None)
        message = (getattr(error, "problem", None) or str(error)).strip()
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context:
            where = f" on line {context_mark.line + 1}" if context_mark is not None and mark is not None and context_mark.line != mark.line else ""
            message += f" ({context}{where})"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise DataError(line, column, message) from None
    if problems:
        first = problems[0]
        raise DataError(first.line + 1, first.col + 1, first.what)
    return root


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
                    if _OTHER_BREAKS.search(text):  # YAML's lines are not the file's
                        previous = _Lines(text).mark(previous)
                    return previous.line, previous.column
                previous = mark
            else:
                previous = None
    except yaml.YAMLError:
        pass
    return None
