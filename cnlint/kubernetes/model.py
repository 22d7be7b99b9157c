"""Kubernetes manifests: objects with a position for every key and value.

A .yaml file is a manifest when its documents carry apiVersion and kind. A
regex looks for those top-level keys first, so CI, compose and Helm values
files cost no YAML parser at all. The YAML stack is imported only past that
check. Each `---` document is loaded on its own by the one loader
(kubernetes/loader.py: libyaml, with the API server's scalar rules), so one
broken document becomes a CN001 problem and the others are still linted.
What the API server would refuse inside a document that parses (a duplicate
key, a mapping as a key...) is a CN001 at its position, and the rest of the
document is still linted.

A file with template syntax where YAML expects structure (Helm's `{{ }}`)
is a template, not a manifest: it keeps no objects and says where
(`template`), once, instead of a YAML error.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cnlint import comments
from cnlint.artifact import Artifact
from cnlint.config import Settings
from cnlint.diagnostics import Logical, Span
from cnlint.patterns import lazy
from cnlint.source import Source
from cnlint.suppressions import from_annotations

_TOP_KEY = lazy(r"""^(?:---[ \t]+)?["']?(apiVersion|kind)["']?[ \t]*:""", re.M)
_DOCUMENT_START = lazy(r"^---(?:[ \t]|$)")
_DOCUMENT_END = lazy(r"^\.\.\.(?:[ \t]|$)")
_LONE_CR = lazy(r"\r(?!\n)")
MAX_NODES = 200_000  # per document, aliases expanded; real manifests stay far below
# A file's documents together may expand by aliases to MAX_NODES nodes and one
# per character of the file: rules walk what aliases expand, so a limit per
# document alone let 1,000 documents just under it take 30 s.

# Where each workload kind keeps its pod template (kube-linter's DeploymentLike),
# and the API groups in which that kind means the built-in workload.
POD_TEMPLATE_PATHS = {
    "Pod": ((), ("",)),
    "ReplicationController": (("spec", "template"), ("",)),
    "Deployment": (("spec", "template"), ("apps", "extensions")),
    "ReplicaSet": (("spec", "template"), ("apps", "extensions")),
    "DaemonSet": (("spec", "template"), ("apps", "extensions")),
    "StatefulSet": (("spec", "template"), ("apps",)),
    "Job": (("spec", "template"), ("batch",)),
    "CronJob": (("spec", "jobTemplate", "spec", "template"), ("batch",)),
    "DeploymentConfig": (("spec", "template"), ("apps.openshift.io", "")),
}
CONTAINER_FIELDS = ("initContainers", "containers", "ephemeralContainers")


class KubeObject:
    """One object of a manifest; compared by identity."""

    def __init__(self, api_version: str, kind: str, name: str | None, namespace: str | None, data: dict, first_line: int, last_line: int, logical: Logical, source: Source):
        self.api_version = api_version
        self.kind = kind
        self.name = name
        self.namespace = namespace  # None when unset
        self.data = data  # the object's mapping, with `.lc` positions (loader.LineCol)
        self.first_line = first_line
        self.last_line = last_line
        self.logical = logical
        self.source = source

    def __repr__(self) -> str:
        return f"KubeObject({self.logical.qualified}, lines {self.first_line}-{self.last_line})"

    @property
    def group(self) -> str:
        """The API group ('' for the core group of apiVersion: v1)."""
        return self.api_version.rpartition("/")[0]

    def get(self, path: tuple, default=None):
        node = self.data
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    # ---- workloads ------------------------------------------------------

    def pod_template(self) -> tuple[tuple, dict] | None:
        """(path, mapping) of what holds the pod's metadata and spec, for workloads."""
        path, groups = POD_TEMPLATE_PATHS.get(self.kind, (None, ()))
        if path is None or self.group not in groups:
            return None
        template = self.get(path)
        return (path, template) if isinstance(template, dict) else None

    def pod_specs(self):
        """Yield (path, spec) of the pod spec, if this object runs pods."""
        found = self.pod_template()
        if found:
            spec = found[1].get("spec")
            if isinstance(spec, dict):
                yield found[0] + ("spec",), spec

    def pod_labels(self) -> dict:
        found = self.pod_template()
        labels = found and self.get(found[0] + ("metadata", "labels"))
        return labels if isinstance(labels, dict) else {}

    def containers(self, ephemeral: bool = True):
        """Yield (path, container) for init, regular and ephemeral containers."""
        for spec_path, spec in self.pod_specs():
            for kind in CONTAINER_FIELDS:
                if kind == "ephemeralContainers" and not ephemeral:
                    continue
                items = spec.get(kind)
                if not isinstance(items, list):
                    continue
                for i, container in enumerate(items):
                    if isinstance(container, dict):
                        yield spec_path + (kind, i), container

    # ---- positions ------------------------------------------------------

    def key_span(self, path: tuple) -> Span:
        """Span of the last key of `path` (or of the item, for an index).

        A path that does not exist reports at its nearest existing ancestor,
        so a rule always has somewhere to point.
        """
        return self._span(path, value=False)

    def value_span(self, path: tuple) -> Span:
        """Span of the value at `path`: a scalar whole, a collection's first line."""
        return self._span(path, value=True)

    def _span(self, path: tuple, value: bool) -> Span:
        parent, node = None, self.data
        depth = 0
        for step in path:
            try:
                child = node[step]
            except (KeyError, IndexError, TypeError):
                break
            parent, node = node, child
            depth += 1
        if parent is None:
            return self._line_span(self.data.lc.line, self.data.lc.col)
        step = path[depth - 1]
        flow = _is_flow(parent)
        try:
            if isinstance(parent, list):
                line, col = parent.lc.item(step)
            elif value and depth == len(path) and node is not None:
                line, col = parent.lc.value(step)
            else:
                line, col = parent.lc.key(step)
                return self._token_span(line, col, key=True, flow=flow)
        except (KeyError, TypeError):  # a key merged in with `<<:` has no position of its own
            return self._span(path[: depth - 1], value=False)
        if isinstance(node, (dict, list)) and not _is_flow(node):
            return self._line_span(line, col)
        return self._token_span(line, col, key=False, flow=flow)

    def _token_span(self, line: int, col: int, key: bool, flow: bool) -> Span:
        text = self.source.line(line + 1)
        return Span(line + 1, col + 1, line + 1, _token_end(text, col, key, flow) + 1)

    def _line_span(self, line: int, col: int) -> Span:
        text = self.source.line(line + 1)
        return Span(line + 1, col + 1, line + 1, max(col, _content_end(text)) + 1)


class KubernetesFile(Artifact):
    def __init__(self, kind: str, path: str, source: Source, settings: Settings):
        super().__init__(kind, path, source, settings)
        self.objects: list[KubeObject] = []
        # Where template syntax (`{{ ... }}` outside strings) makes the file a
        # chart template rather than a manifest; such a file has no objects.
        self.template: Span | None = None


def _is_flow(node) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa and fa.flow_style())


def _content_end(line: str) -> int:
    """End (0-based, exclusive) of a line's text before any comment."""
    start = comments.hash_comment_start(line)
    return len((line if start < 0 else line[:start]).rstrip())


def _token_end(line: str, col: int, key: bool, flow: bool) -> int:
    """End (0-based, exclusive) of the key or scalar starting at `col` on this line."""
    if col >= len(line):
        return col
    first = line[col]
    if first in "\"'":
        i = col + 1
        while i < len(line):
            c = line[i]
            if first == '"' and c == "\\":
                i += 2
                continue
            if c == first:
                if first == "'" and line[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return len(line.rstrip())  # the scalar goes on past this line
    if first in "[{":
        return _flow_end(line, col)
    i = col
    while i < len(line):
        c = line[i]
        if c == "#" and line[i - 1] in " \t":
            break
        if flow and c in ",[]{}":
            break
        if key and c == ":" and (i + 1 == len(line) or line[i + 1] in " \t" or (flow and line[i + 1] in ",[]{}")):
            break
        i += 1
    return col + len(line[col:i].rstrip())


def _flow_end(line: str, col: int) -> int:
    depth, quote = 0, None
    for i in range(col, len(line)):
        c = line[i]
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
    return max(col, _content_end(line))


# ---- documents --------------------------------------------------------------


class _Document(NamedTuple):
    first: int  # 1-based line of the document's first line
    last: int  # 1-based line of its last line
    text: str


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(("#", "%"))


def split_documents(source: Source) -> list[_Document]:
    """Split on `---` and `...` markers at column 0 (as YAML itself does).

    Comments and directives before a `---` belong to its document; a second
    `---` always starts another one, so `---` twice is an empty document
    (what `helm template` prints for an empty template), not an error. A
    `...` that ends no document (only comments since the last one) is left
    out: YAML 1.2 allows it, libyaml does not.
    """
    docs: list[_Document] = []
    lines = [line[:-1] if line.endswith("\r") else line for line in source.text.split("\n")]
    start, filler_only, marked = 1, True, False
    for n, line in enumerate(lines, 1):
        if not line.startswith(("-", ".")):  # no marker: the common line, kept cheap
            filler_only = filler_only and _is_filler(line)
            continue
        marker = _DOCUMENT_START.match(line)
        if marker and (marked or not filler_only):
            docs.append(_document(lines, start, n - 1))
            start, filler_only = n, True
        elif _DOCUMENT_END.match(line):
            if marked or not filler_only:
                docs.append(_document(lines, start, n))
            start, filler_only, marked = n + 1, True, False
            continue
        marked = marked or bool(marker)
        filler_only = filler_only and _is_filler(line[3:] if marker else line)
    if start <= len(lines):
        docs.append(_document(lines, start, len(lines)))
    return docs


def _document(lines: list[str], first: int, last: int) -> _Document:
    return _Document(first, last, "\n".join(lines[first - 1 : last]) + "\n")


def _error_message(exc) -> str:
    character = getattr(exc, "character", None)
    if isinstance(character, int) and getattr(exc, "reason", None):  # the reader refused a character
        import unicodedata  # only for this message

        what = "control character" if unicodedata.category(chr(character)) == "Cc" else "character"
        return f"YAML does not parse: the {what} U+{character:04X} is not allowed in YAML; write it as an escape in a double-quoted string"
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    if "'\\t'" in problem:
        return "tab character: YAML indents with spaces only"
    if problem.startswith("mapping values are not allowed"):
        return "unexpected ':': check this line's indentation, or quote a value that contains ': '"
    if problem.startswith("expected <block end>"):
        return "bad indentation: this line does not line up with the block it belongs to"
    context = getattr(exc, "context", None)
    mark = getattr(exc, "context_mark", None)
    if context and mark is not None:
        return f"YAML does not parse: {problem} ({context} on line {mark.line + 1})"
    return f"YAML does not parse: {problem}"


def _error_span(exc, source: Source, doc: _Document) -> Span:
    mark = getattr(exc, "problem_mark", None)
    character = getattr(exc, "character", None)
    if mark is None and isinstance(character, int):  # a reader error says only which character
        index = doc.text.find(chr(character))
        if index >= 0:
            line = doc.first + doc.text.count("\n", 0, index)
            column = index - doc.text.rfind("\n", 0, index)
            return Span(line, column, line, column + 1)
    if mark is None:
        return Span.point(doc.first)
    line, col = mark.line + doc.first, mark.column
    if line > doc.last:  # end of the document: point at its last line
        line = doc.last
        col = len(source.line(line))
    text = source.line(line)
    return Span(line, col + 1, line, min(col + 1, len(text)) + 1)


def _problem_span(problem, source: Source) -> Span:
    """Where a loader.Problem points: its key, its scalar, or its collection's line."""
    line, col = problem.line + 1, problem.col
    text = source.line(line)
    if problem.where == "line":
        return Span(line, col + 1, line, max(col, _content_end(text)) + 1)
    if col >= len(text.rstrip("\r")) and col > 0:  # nothing written there (`?` alone): the character before
        return Span(line, col, line, col + 1)
    end = _token_end(text, col, key=problem.where == "key", flow=problem.flow)
    return Span(line, col + 1, line, max(end, col + 1) + 1)


def _load(doc: _Document, source: Source, artifact: KubernetesFile, budget: int) -> tuple[object, int]:
    """The document's data (None when it is not linted), and what is left
    of the file's budget of nodes that aliases expand."""
    from cnlint.kubernetes import loader as kubernetes_yaml  # only past the manifest check

    problems: list = []
    try:
        root, shared = kubernetes_yaml.load(doc.text, doc.first - 1, problems)
    except kubernetes_yaml.LoadError as exc:
        artifact.problem(_error_span(exc.error, source, doc), _error_message(exc.error))
        return None, budget
    except RecursionError:
        artifact.problem(Span.point(doc.first), "YAML does not parse: the document nests too deeply")
        return None, budget
    for problem in problems:
        artifact.problem(_problem_span(problem, source), problem.message)
    if not shared:
        return root, budget
    limit = min(MAX_NODES, budget)
    size = kubernetes_yaml.expanded_size(root, limit)
    budget -= min(size, limit + 1)  # counting costs what it counted, linted or not
    if size > limit:
        what = f"this document to more than {MAX_NODES} nodes" if limit == MAX_NODES else f"the documents of this file to more than {_budget(source)} nodes together"
        artifact.problem(_first_line_span(source, doc), f"aliases expand {what} (a 'billion laughs' bomb, or an alias inside itself); it is not linted")
        return None, budget
    return root, budget


def _budget(source: Source) -> int:
    return MAX_NODES + len(source.text)


def _template(source: Source, documents: list[_Document]) -> Span | None:
    if "{{" not in source.text:
        return None
    from cnlint.kubernetes import loader as kubernetes_yaml

    for doc in documents:
        found = kubernetes_yaml.template_start(doc.text)
        if found:
            line = found[0] + doc.first
            text = source.line(line)
            close = text.find("}}", found[1])
            end = close + 2 if close >= 0 else _content_end(text)
            return Span(line, found[1] + 1, line, max(end, found[1] + 2) + 1)
    return None


def _first_line_span(source: Source, doc: _Document) -> Span:
    n = doc.first
    while n < doc.last and (_is_filler(source.line(n)) or _DOCUMENT_START.match(source.line(n))):
        n += 1
    return Span(n, 1, n, len(source.line(n)) + 1)


# ---- objects ----------------------------------------------------------------


def _last_line(source: Source, first: int, stop: int) -> int:
    """Last line before `stop` that holds more than blanks and comments."""
    n = stop - 1
    while n > first and (_is_filler(source.line(n)) or _DOCUMENT_END.match(source.line(n))):
        n -= 1
    return n


def _object(node: dict, source: Source, last: int) -> KubeObject:
    metadata = node.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    name = metadata.get("name") or metadata.get("generateName")
    namespace = metadata.get("namespace")
    name = str(name) if name is not None else None
    namespace = str(namespace) if namespace else None
    first = node.lc.line + 1
    return KubeObject(
        node["apiVersion"], node["kind"], name, namespace, node, first, max(first, last),
        Logical(node["kind"], name or "", namespace), source,
    )


_TYPE_NAMES = ((bool, "a boolean"), (int, "an integer"), (float, "a number"), (dict, "a mapping"), (list, "a list"))


def _decodable(node, source: Source, artifact: KubernetesFile, what: str) -> bool:
    """Whether a mapping that is a document, or an item of a List, is an
    object the API server can decode; a CN001 where it is not. A mapping
    with neither apiVersion nor kind is no object at all (plain data beside
    the manifests), and is left alone."""
    missing = [key for key in ("apiVersion", "kind") if key not in node]
    if len(missing) == 2:
        return False
    if missing:
        line, col = node.lc.line, node.lc.col
        text = source.line(line + 1)
        span = Span(line + 1, col + 1, line + 1, max(col, _content_end(text)) + 1)
        artifact.problem(span, f"this {'document' if what == 'document' else 'item of the List'} has no {missing[0]}: the API server refuses it; it is not linted")
        return False
    for key in ("apiVersion", "kind"):
        value = node[key]
        if isinstance(value, str):
            continue
        if value is None:
            shown = "null"
        else:
            shown = next(name for python, name in _TYPE_NAMES if isinstance(value, python))
            if not isinstance(value, (dict, list)):
                shown += f" ({str(value).lower() if isinstance(value, bool) else value})"
        line, col = node.lc.value(key)
        end = _token_end(source.line(line + 1), col, key=False, flow=_is_flow(node))
        if end <= col:  # no value written (`apiVersion:` alone): at the key
            line, col = node.lc.key(key)
            end = _token_end(source.line(line + 1), col, key=True, flow=_is_flow(node))
        artifact.problem(Span(line + 1, col + 1, line + 1, max(end, col + 1) + 1), f"{key} must be a string, not {shown}: the API server refuses this object; it is not linted")
        return False
    return True


def _objects(root, source: Source, doc: _Document, artifact: KubernetesFile) -> list[KubeObject]:
    if not isinstance(root, dict) or not root or not _decodable(root, source, artifact, "document"):
        return []
    items = root.get("items")
    if not (root["kind"].endswith("List") and isinstance(items, list)):
        return [_object(root, source, _last_line(source, doc.first, doc.last + 1))]
    # A List: each item is an object; it ends where the next item (or key) starts.
    keys = list(root)
    after = keys[keys.index("items") + 1] if keys.index("items") + 1 < len(keys) else None
    end = root.lc.key(after)[0] + 1 if after is not None else doc.last + 1
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not _decodable(item, source, artifact, "item"):
            continue
        stop = items.lc.item(i + 1)[0] + 1 if i + 1 < len(items) else end
        out.append(_object(item, source, _last_line(source, item.lc.line + 1, stop)))
    return out


# ---- suppressions ------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_range(source: Source):
    """target_range for comments.scan: a line, plus the block it opens."""

    def target(number: int) -> tuple[int, int]:
        text = source.line(number)
        indent = _indent(text)
        opens_value = text[: _content_end(text)].endswith(":")
        last = number
        for n in range(number + 1, source.line_count + 1):
            line = source.line(n)
            if _is_filler(line):
                continue
            more = _indent(line) > indent
            # `key:` followed by `- item` at the same indent still owns the items.
            if not more and not (opens_value and _indent(line) == indent and line.lstrip().startswith("-")):
                break
            last = n
        return number, last

    return target


def _flow_manifest(text: str) -> bool:
    """A manifest written as one flow mapping (`{apiVersion: v1, ...}`, JSON style)."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---":
            return stripped.startswith("{") and "apiVersion" in text and "kind" in text
    return False


def parse(path: str, text: str, settings: Settings) -> KubernetesFile | None:
    lines = text.replace("\r", "\n") if "\r" in text else text  # YAML's line breaks, for the look
    if len({m.group(1) for m in _TOP_KEY.finditer(lines)}) < 2 and not _flow_manifest(text):
        return None  # CI, compose, Helm values...: not a manifest
    source = Source(text)
    artifact = KubernetesFile("kubernetes", path, source, settings)
    lone = _LONE_CR.search(text) if lines is not text else None
    if lone is not None:
        # YAML breaks lines there; cnlint's positions (and an editor's idea of
        # them) would not agree with the YAML's, so the file is not linted.
        artifact.problem(
            source.span(lone.start(), lone.start()),  # at the CR: at the end of a line, it is no column of its own
            "a lone CR (\\r, the line ending of classic Mac OS): YAML reads it as a line break, cnlint only LF and CRLF, "
            "so the file is not linted; convert it to LF or CRLF line endings",
        )
        return artifact
    documents = split_documents(source)
    artifact.template = _template(source, documents)
    if artifact.template is not None:
        artifact.suppressions = comments.scan(source, _block_range(source))
        return artifact
    budget = _budget(source)
    for doc in documents:
        root, budget = _load(doc, source, artifact, budget)
        artifact.objects.extend(_objects(root, source, doc, artifact))
    if not artifact.objects and not artifact.problems:
        return None
    artifact.suppressions = comments.scan(source, _block_range(source))
    for obj in artifact.objects:
        annotations = obj.get(("metadata", "annotations"))
        if isinstance(annotations, dict):
            spans = {k: obj.key_span(("metadata", "annotations", k)) for k in annotations}
            artifact.suppressions.extend(from_annotations(annotations, spans, obj.first_line, obj.last_line))
    return artifact
