"""Which function a call runs, within one package, and what the functions
of the package do: the calls each makes in its own goroutine, followed into
the package's functions, methods and named function literals a few levels
down (`find`), and which of them never return.

A call is followed only where the syntax proves its callee: a package
function, a method of a package type whose receiver's type the
declarations give, or a local or package variable bound once to a function
literal. A function of another package is never entered; the standard
functions that never return are listed (`NO_RETURN`).
"""

from __future__ import annotations

import re

from cnlint.golang.flow import Graph
from cnlint.golang.syntax import TESTING, children, field_of, within
from cnlint.patterns import lazy

# Standard functions that never return.
NO_RETURN = {
    ("os", "Exit"), ("runtime", "Goexit"), ("syscall", "Exit"),
    ("log", "Fatal"), ("log", "Fatalf"), ("log", "Fatalln"), ("log", "Panic"), ("log", "Panicf"), ("log", "Panicln"),
}
# Methods of *testing.T, B, F and testing.TB that end the goroutine.
TEST_STOPS = ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow")
# Text a function that may not return has in its body, or in that of a
# function of the package it calls: the cheap filter before its graph is made.
_MAY_STOP = lazy(rb"\bpanic\(|Exit|Fatal|Goexit|Panic|FailNow|Skip|\bfor\s*\{|\bselect\s*\{\s*\}")
_CALLED = lazy(rb"(\w+)\s*\(")
# Loggers of every package (log, klog, logrus, zap...) end the program in
# these: taking one for a call that does not return can only make a rule
# that looks for a path quieter.
_LOGGER_STOPS = ("Fatal", "Fatalf", "Fatalln", "Fatalw", "Panic", "Panicf", "Panicln", "Panicw", "Exit", "Exitf")


class CallGraph:
    def __init__(self, files, types):
        self.files = files
        self.types = types
        self._graphs: dict = {}
        self._never: dict = {}
        self._found: dict = {}
        self._reaching: dict = {}
        self._bodies: dict | None = None
        self._calls_by_name: dict = {}

    # ---- callees ------------------------------------------------------------------

    def library_call(self, doc, call, functions: dict, methods: dict) -> bool | None:
        """For a call of an imported package's function (`pkg.F`) or of a
        method of an imported package's type: whether its name is in
        `functions[path]` or `methods[(path, type)]`. None for any other call
        (one of the package's own, or one whose receiver is unknown)."""
        function = field_of(call, "function")
        if function is None or function.type != "selector_expression":
            return None
        operand, name = field_of(function, "operand"), doc.text_of(field_of(function, "field"))
        path = doc.scopes.import_path(operand) if operand is not None and operand.type == "identifier" else None
        if path is not None:
            return name in functions.get(path, ())
        owner = self.types.type_of(doc, operand)
        if owner is not None and owner.path:
            return name in methods.get((owner.path, owner.name), ())
        return None

    def callee(self, doc, call):
        """(file, function node) a call runs: a function_declaration,
        method_declaration or func_literal of the package; None if unknown."""
        function = _unwrapped(field_of(call, "function"))
        if function is None:
            return None
        if function.type == "func_literal":
            return doc, function
        if function.type == "identifier":
            decl = doc.scopes.resolve(function)
            if decl is None:
                return None
            owner = decl.owner if decl.owner is not None else doc
            if decl.kind == "func":
                return owner, decl.value
            if decl.kind in ("local", "package") and decl.value is not None and decl.value.type == "func_literal" and not decl.tuple:
                return owner, decl.value
            return None
        if function.type == "selector_expression":
            operand, name = field_of(function, "operand"), doc.text_of(field_of(function, "field"))
            if not self.types.declares_method(name):
                return None  # a method of another package's type, or of none
            if operand is not None and operand.type == "identifier" and doc.scopes.import_path(operand) is not None:
                return None
            owner = self.types.type_of(doc, operand)
            if owner is None or owner.path != "" or owner.elem is not None:
                return None
            return self.types.method(owner.name, name)
        return None

    def calls_in(self, doc, function) -> list:
        """The calls `function` makes in its own goroutine: not those of a
        `go` statement, nor in a subtest's function given to t.Run."""
        body = field_of(function, "body")
        if body is None:
            return []
        key = ("calls", id(doc), function.start_byte, function.end_byte)
        if key not in self._found:
            self._found[key] = [c for c in doc.nodes("call_expression", within=body) if not self._elsewhere(doc, c, function)]
        return self._found[key]

    def _elsewhere(self, doc, call, function) -> bool:
        node = call
        while node is not None and not (node.start_byte == function.start_byte and node.type == function.type):
            parent = node.parent
            if parent is None:
                return False
            if parent.type == "go_statement":
                return True
            if node.type == "func_literal" and parent.type == "argument_list" and is_subtest_call(doc, parent.parent):
                return True
            node = parent
        return False

    def find(self, doc, function, match, key: str, depth: int = 1):
        """The first call `match(doc, call)` accepts that `function` makes
        in its own goroutine, or that a function of the package it calls
        makes, up to `depth` functions down: the trail of (file, call) from
        `function`'s own call to the matching one; None if there is none.
        `key` names `match` for the memo."""
        memo = (key, id(doc), function.start_byte, function.end_byte, depth)
        if memo in self._found:
            return self._found[memo]
        self._found[memo] = None  # a recursive call finds nothing new
        calls = self.calls_in(doc, function)
        found = next(([(doc, c)] for c in calls if match(doc, c)), None)
        if found is None and depth > 1:
            for call in calls:
                target = self.callee(doc, call)
                if target is None or target[1].type == "func_literal" and within(call, target[1]):
                    continue
                below = self.find(target[0], target[1], match, key, depth - 1)
                if below:
                    found = [(doc, call), *below]
                    break
        self._found[memo] = found
        return found

    def may_reach(self, name: str, key: str, pattern: re.Pattern) -> bool:
        """A cheap filter before `find`: False when the package's functions
        and methods named `name` neither mention `pattern` nor call, by
        name, one that may (at any depth); True for a name no function of
        the package has (a function literal's variable, say)."""
        if self._bodies is None:
            self._bodies = {}
            for doc in self.files:
                for function in doc.nodes("function_declaration", "method_declaration"):
                    body = function.child_by_field_name("body")
                    if body is not None:
                        self._bodies.setdefault(doc.text_of(function.child_by_field_name("name")), []).append((doc.data, body.start_byte, body.end_byte))
        if name not in self._bodies:
            return True
        memo = self._reaching.setdefault(key, {})
        if name not in memo:
            # Every name reachable from `name` by calls; none of them reaches
            # the pattern if none of their bodies has it.
            seen, todo, found = {name}, [name], False
            while todo and not found:
                current = todo.pop()
                if memo.get(current) is True or any(pattern.search(*body) for body in self._bodies[current]):
                    found = True
                    break
                for called in self._called(current):
                    if called in self._bodies and called not in seen and memo.get(called) is not False:
                        seen.add(called)
                        todo.append(called)
            if found:
                memo[name] = True
            else:
                memo.update(dict.fromkeys(seen, False))
        return memo[name]

    def _called(self, name: str) -> set:
        """The names the functions called `name` call."""
        if name not in self._calls_by_name:
            self._calls_by_name[name] = {c.decode() for data, start, end in self._bodies[name] for c in _CALLED.findall(data, start, end)}
        return self._calls_by_name[name]

    # ---- control flow ---------------------------------------------------------------

    def flow(self, doc, function) -> Graph:
        """The control-flow graph of a function of the package, made once."""
        key = (id(doc), function.start_byte, function.end_byte)
        graph = self._graphs.get(key)
        if graph is None:
            graph = self._graphs[key] = Graph(function, lambda call: self.stops(doc, call))
        return graph

    def stops(self, doc, call) -> bool:
        """Whether a call never returns: panic, os.Exit, log.Fatal, a
        testing Fatal or Skip, a logger's Fatal or Panic, or a function of
        the package none of whose paths returns."""
        function = _unwrapped(field_of(call, "function"))
        if function is None:
            return False
        if function.type == "identifier":
            if doc.text_of(function) == "panic" and doc.scopes.resolve(function) is None:
                return True
        elif function.type == "selector_expression":
            operand, name = field_of(function, "operand"), doc.text_of(field_of(function, "field"))
            path = doc.scopes.import_path(operand) if operand is not None and operand.type == "identifier" else None
            if path is not None:
                return (path, name) in NO_RETURN or name in _LOGGER_STOPS
            if name in _LOGGER_STOPS:
                return True
            if name in TEST_STOPS and is_testing(self.types.type_of(doc, operand)):
                return True
        name = doc.text_of(field_of(function, "field") if function.type == "selector_expression" else function)
        if not self.may_reach(name, "stop", _MAY_STOP):
            return False
        target = self.callee(doc, call)
        return target is not None and target[1].type != "func_literal" and self.never_returns(*target)

    def never_returns(self, doc, function) -> bool:
        key = (id(doc), function.start_byte, function.end_byte)
        if key not in self._never:
            self._never[key] = False  # a cycle of calls is taken to return
            self._never[key] = field_of(function, "body") is not None and not self.flow(doc, function).returns()
        return self._never[key]


def is_testing(found) -> bool:
    """Whether a type is *testing.T, B, F or testing.TB."""
    return found is not None and found.path == TESTING and found.name in ("T", "B", "F", "TB")


def is_subtest_call(doc, call) -> bool:
    """`t.Run(name, f)` on a testing value (its f runs in a goroutine of its own)."""
    if call is None or call.type != "call_expression":
        return False
    function = field_of(call, "function")
    if function is None or function.type != "selector_expression" or doc.text_of(field_of(function, "field")) != "Run":
        return False
    found = doc.scopes.type_of(field_of(function, "operand"))
    return is_testing(found) and len(children(field_of(call, "arguments"))) == 2


def _unwrapped(node):
    """The function a call names, without parentheses or type arguments."""
    while node is not None:
        if node.type == "parenthesized_expression" and node.named_child_count:
            node = node.named_child(0)
        elif node.type == "index_expression":
            node = field_of(node, "operand")
        elif node.type == "generic_type":
            node = field_of(node, "type")
        else:
            return node
    return None
