"""Control flow of one Go function: basic blocks of what it runs, and the
edges between them, built as go/cfg builds them (so a rule asks the
questions go vet's analyzers ask, and gets the same answers).

A block holds, in order, the simple statements it runs (assignments,
declarations, calls, sends, go and defer statements, returns) and the
expressions it evaluates to choose a branch (an if's condition, a switch's
tag and case values, a range's operand). A `defer` is a node where it is
written: a path that passes it runs its call at every exit after it. Branches, loops, `break`,
`continue`, `goto`, `fallthrough`, `select` and `switch` become edges. A
block ends in an exit when it returns: its `exit` is the return statement,
or the function's body when control falls off its end. A call that never
returns (panic, os.Exit, t.Fatal: the caller decides, cnlint/golang/calls.py)
ends its block with no way on. Function literals inside are not followed:
each has a graph of its own.
"""

from __future__ import annotations

from cnlint.golang.syntax import children, field_of, statements

# Statements that branch, and the builder method for each.
_COMPOUND = {
    "labeled_statement": "labeled_statement",
    "if_statement": "if_statement",
    "expression_switch_statement": "switch_statement",
    "type_switch_statement": "type_switch_statement",
    "select_statement": "select_statement",
    "for_statement": "for_statement",
    "break_statement": "branch_statement",
    "continue_statement": "branch_statement",
    "fallthrough_statement": "branch_statement",
    "goto_statement": "branch_statement",
}


class Block:
    __slots__ = ("nodes", "succs", "exit", "live")

    def __init__(self):
        self.nodes: list = []
        self.succs: list[Block] = []
        self.exit = None  # a return_statement, or the body a function falls off the end of
        self.live = False


class Graph:
    """The blocks of one function (a function_declaration, method_declaration
    or func_literal); `never_returns(call)` says which calls end a path."""

    def __init__(self, function, never_returns):
        self.function = function
        builder = _Builder(never_returns)
        body = field_of(function, "body")
        self.entry = builder.new()
        builder.current = self.entry
        if body is not None:
            builder.statement(body)
        self.blocks = builder.blocks
        _mark_live(self.entry)
        end = builder.current
        if body is not None and end is not None and end.live and end.exit is None:
            end.exit = body
        self._where: dict | None = None

    def locate(self, node):
        """(block, index) of a node the graph holds (a simple statement, a
        var spec or a branch condition), else None."""
        if self._where is None:
            self._where = {}
            for block in self.blocks:
                for i, n in enumerate(block.nodes):
                    self._where[(n.start_byte, n.end_byte, n.type)] = (block, i)
        return self._where.get((node.start_byte, node.end_byte, node.type))

    def returns(self) -> bool:
        """Whether some path reaches an exit."""
        return any(b.live and b.exit is not None for b in self.blocks)

    def exit_without(self, node, used):
        """The exit of a path from `node` (a node the graph holds) on which
        no later node is `used` (a predicate on nodes): the return statement,
        or the function body when control falls off its end; None when every
        path uses one, or no path returns. A block's nodes count whole, as in
        go vet's lostcancel."""
        where = self.locate(node)
        if where is None:
            return None
        block, index = where
        if any(used(n) for n in block.nodes[index + 1 :]):
            return None
        if block.exit is not None:
            return block.exit
        seen = {id(block)}
        stack = list(reversed(block.succs))
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if any(used(n) for n in current.nodes):
                continue
            if current.exit is not None:
                return current.exit
            stack.extend(reversed(current.succs))
        return None


def exit_line(exit_node) -> int:
    """The line an exit is on: the return's, or the closing brace's."""
    if exit_node.type == "return_statement":
        return exit_node.start_point[0] + 1
    return exit_node.end_point[0] + 1


def _mark_live(entry) -> None:
    stack = [entry]
    while stack:
        block = stack.pop()
        if block.live:
            continue
        block.live = True
        stack.extend(block.succs)


class _Label:
    __slots__ = ("goto", "brk", "cont")

    def __init__(self, goto):
        self.goto, self.brk, self.cont = goto, None, None


class _Builder:
    def __init__(self, never_returns):
        self.never_returns = never_returns
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.labels: dict[str, _Label] = {}
        self.targets: list[dict] = []  # innermost last: break, continue, fallthrough targets

    def new(self) -> Block:
        block = Block()
        self.blocks.append(block)
        return block

    def add(self, node) -> None:
        if self.current is None:
            self.current = self.new()  # after a jump: code no path reaches
        self.current.nodes.append(node)

    def jump(self, target: Block) -> None:
        if self.current is not None:
            self.current.succs.append(target)
        self.current = None

    def branch(self, then: Block, otherwise: Block) -> None:
        if self.current is not None:
            self.current.succs.extend((then, otherwise))
        self.current = None

    def label(self, name: str) -> _Label:
        found = self.labels.get(name)
        if found is None:
            found = self.labels[name] = _Label(self.new())
        return found

    # ---- statements -------------------------------------------------------------

    def statement(self, s, label: _Label | None = None) -> None:
        t = s.type
        compound = _COMPOUND.get(t)
        if compound is not None:
            getattr(self, compound)(s, label)
        elif t == "expression_statement":
            self.add(s)
            call = s.named_child(0) if s.named_child_count else None
            while call is not None and call.type == "parenthesized_expression" and call.named_child_count:
                call = call.named_child(0)
            if call is not None and call.type == "call_expression" and self.never_returns(call):
                self.current = self.new()
        elif t == "var_declaration":
            for spec in _var_specs(s):
                self.add(spec)
        elif t == "return_statement":
            self.add(s)
            self.current.exit = s
            self.current = self.new()
        elif t == "block":
            self.statement_list(statements(s))
        elif t not in ("const_declaration", "type_declaration", "comment"):
            self.add(s)  # a simple statement: an assignment, a send, go, defer...

    def statement_list(self, items) -> None:
        for s in items:
            self.statement(s)

    def labeled_statement(self, s, _label) -> None:
        name = field_of(s, "label")
        found = self.label(s.text.decode() if name is None else name.text.decode())
        self.jump(found.goto)
        self.current = found.goto
        inner = [c for c in children(s) if c.type != "label_name"]
        if inner:
            self.statement(inner[-1], found)

    def branch_statement(self, s, _label=None) -> None:
        t = s.type
        named = [c for c in s.named_children if c.type == "label_name"]
        name = named[0].text.decode() if named else None
        target = None
        if t == "goto_statement" and name is not None:
            target = self.label(name).goto
        elif t in ("break_statement", "continue_statement"):
            kind = "break" if t == "break_statement" else "continue"
            if name is not None:
                found = self.labels.get(name)
                target = None if found is None else found.brk if kind == "break" else found.cont
            else:
                target = self._innermost(kind)
        elif t == "fallthrough_statement":
            target = self._innermost("fallthrough")
        if target is None:  # ill-formed: a label that does not exist
            target = self.new()
        self.jump(target)
        self.current = self.new()

    def _innermost(self, kind: str):
        return next((f[kind] for f in reversed(self.targets) if f.get(kind) is not None), None)

    def if_statement(self, s, _label=None) -> None:
        init = field_of(s, "initializer")
        if init is not None:
            self.statement(init)
        then, done = self.new(), self.new()
        alternative = field_of(s, "alternative")
        otherwise = self.new() if alternative is not None else done
        condition = field_of(s, "condition")
        if condition is not None:
            self.add(condition)
        self.branch(then, otherwise)
        self.current = then
        consequence = field_of(s, "consequence")
        if consequence is not None:
            self.statement(consequence)
        self.jump(done)
        if alternative is not None:
            self.current = otherwise
            self.statement(alternative)
            self.jump(done)
        self.current = done

    def switch_statement(self, s, label) -> None:
        init = field_of(s, "initializer")
        if init is not None:
            self.statement(init)
        tag = field_of(s, "value")
        if tag is not None:
            self.add(tag)
        done = self.new()
        if label is not None:
            label.brk = done
        clauses = [c for c in s.named_children if c.type in ("expression_case", "default_case")]
        default = None
        following = None
        for i, clause in enumerate(clauses):
            body = following or self.new()
            # Each body is made before the case it follows, for fallthrough.
            following = self.new() if i + 1 < len(clauses) else done
            if clause.type == "default_case":
                default = (clause, body, following)
                continue
            values = children(field_of(clause, "value")) or [clause]
            after = None
            for value in values:
                after = self.new()
                self.add(value)
                self.branch(body, after)
                self.current = after
            self.current = body
            self.targets.append({"break": done, "fallthrough": following})
            self.statement_list(_case_statements(clause))
            self.targets.pop()
            self.jump(done)
            self.current = after
        if default is not None:
            clause, body, following = default
            self.jump(body)
            self.current = body
            self.targets.append({"break": done, "fallthrough": following})
            self.statement_list(_case_statements(clause))
            self.targets.pop()
        self.jump(done)
        self.current = done

    def type_switch_statement(self, s, label) -> None:
        init = field_of(s, "initializer")
        if init is not None:
            self.statement(init)
        value = field_of(s, "value")
        if value is not None:
            self.add(value)
        done = self.new()
        if label is not None:
            label.brk = done
        default = None
        for clause in (c for c in s.named_children if c.type in ("type_case", "default_case")):
            if clause.type == "default_case":
                default = clause
                continue
            body = self.new()
            after = None
            for _ in clause.children_by_field_name("type") or [clause]:
                after = self.new()
                self.branch(body, after)
                self.current = after
            self.current = body
            self._case_body(clause, done)
            self.current = after
        if default is not None:
            self._case_body(default, done)
        else:
            self.jump(done)
        self.current = done

    def _case_body(self, clause, done) -> None:
        self.targets.append({"break": done})
        self.statement_list(_case_statements(clause))
        self.targets.pop()
        self.jump(done)

    def select_statement(self, s, label) -> None:
        clauses = [c for c in s.named_children if c.type in ("communication_case", "default_case")]
        for clause in clauses:
            comm = field_of(clause, "communication")
            if comm is not None:
                self.statement(comm)
        done = self.new()
        if label is not None:
            label.brk = done
        default = None
        for clause in clauses:
            if clause.type == "default_case":
                default = clause
                continue
            body, after = self.new(), self.new()
            self.branch(body, after)
            self.current = body
            self.targets.append({"break": done})
            self.statement_list(_case_statements(clause))
            self.targets.pop()
            self.jump(done)
            self.current = after
        if default is not None:
            self.targets.append({"break": done})
            self.statement_list(_case_statements(default))
            self.targets.pop()
            self.jump(done)
        self.current = done

    def for_statement(self, s, label) -> None:
        clause = s.named_child(0) if s.named_child_count else None
        body_node = field_of(s, "body")
        if clause is not None and clause.type == "range_clause":
            self.add(clause)
            loop = self.new()
            self.jump(loop)
            self.current = loop
            body, done = self.new(), self.new()
            self.branch(body, done)
            self.current = body
            if label is not None:
                label.brk, label.cont = done, loop
            self._loop_body(body_node, done, loop)
            self.jump(loop)
            self.current = done
            return
        init = condition = post = None
        if clause is not None and clause.type == "for_clause":
            init, condition, post = field_of(clause, "initializer"), field_of(clause, "condition"), field_of(clause, "update")
        elif clause is not None and clause.type != "block":
            condition = clause
        if init is not None:
            self.statement(init)
        body, done = self.new(), self.new()
        loop = self.new() if condition is not None else body
        cont = self.new() if post is not None else loop
        if label is not None:
            label.brk, label.cont = done, cont
        self.jump(loop)
        self.current = loop
        if loop is not body:
            self.add(condition)
            self.branch(body, done)
            self.current = body
        self._loop_body(body_node, done, cont)
        self.jump(cont)
        if post is not None:
            self.current = cont
            self.statement(post)
            self.jump(loop)
        self.current = done

    def _loop_body(self, body_node, done, cont) -> None:
        self.targets.append({"break": done, "continue": cont})
        if body_node is not None:
            self.statement(body_node)
        self.targets.pop()


def _var_specs(declaration):
    for child in declaration.named_children:
        if child.type == "var_spec":
            yield child
        elif child.type == "var_spec_list":
            yield from (c for c in child.named_children if c.type == "var_spec")


def _case_statements(clause) -> list:
    listing = next((c for c in clause.named_children if c.type == "statement_list"), None)
    return children(listing)
