"""The shell inside RUN: simple commands with their words, located in the Dockerfile.

A shell-form RUN is parsed once with tree-sitter-bash. The joined
instruction text (continuations removed) is what the shell sees; every
offset in it maps back to the file through the instruction's piece table,
so a word on the third line of a RUN points at the third line.
"""

from __future__ import annotations

import re

from cnlint.diagnostics import Span
from cnlint.patterns import lazy

# Words that run the command after them; rules look through them.
WRAPPERS = frozenset(("sudo", "env", "nice", "nohup", "time", "exec", "command", "eatmydata"))
_PIPEFAIL_SET = lazy(r"^-[a-zA-Z]*o$")


class Word:
    """A word of a command; words and commands are compared by identity."""

    __slots__ = ("value", "raw", "start", "end", "expands", "_where")

    def __init__(self, value: str, raw: str, start: int, end: int, expands: bool = False, where: _Locator | None = None):
        self.value = value  # unquoted text; expansions kept as written
        self.raw = raw
        self.start = start  # offset in the parsed text
        self.end = end
        self.expands = expands  # contains $VAR, $(...) or `...`
        self._where = where

    def __repr__(self) -> str:
        return f"Word({self.value!r}, {self.start}..{self.end})"

    @property
    def span(self) -> Span:
        """Where it is in the Dockerfile: worked out when a rule reports it,
        as few of the words read are."""
        return self._where.span(self.start, self.end)


class Command:
    __slots__ = ("name", "name_word", "args", "start", "end", "in_pipe", "pipe_last", "assignments", "text", "_where")

    def __init__(
        self, name: str, name_word: Word, args: list[Word], start: int, end: int,
        in_pipe: bool = False, pipe_last: bool = False, assignments: list[str] | None = None, text: str = "", where: _Locator | None = None,
    ):
        self.name = name
        self.name_word = name_word
        self.args = args
        self.start = start
        self.end = end
        self.in_pipe = in_pipe  # part of a pipeline with more than one command
        self.pipe_last = pipe_last  # last command of its pipeline
        self.assignments = assignments if assignments is not None else []  # FOO=bar prefixes
        self.text = text
        self._where = where

    def __repr__(self) -> str:
        return f"Command({self.name!r}, {self.words!r})"

    @property
    def span(self) -> Span:
        return self._where.span(self.start, self.end)

    @property
    def words(self) -> list[str]:
        return [w.value for w in self.args]

    def effective(self) -> "Command":
        """The command a wrapper (sudo, env X=1, nice) runs, or this one."""
        cmd = self
        for _ in range(4):
            if cmd.name not in WRAPPERS:
                return cmd
            rest = list(cmd.args)
            while rest and (rest[0].value.startswith("-") or (cmd.name == "env" and "=" in rest[0].value)):
                rest.pop(0)
            if not rest:
                return cmd
            cmd = Command(rest[0].value, rest[0], rest[1:], cmd.start, cmd.end, cmd.in_pipe, cmd.pipe_last, cmd.assignments, cmd.text, cmd._where)
        return cmd

    def has(self, *options: str) -> bool:
        """Any of `options` given, as a word or inside a group of short flags."""
        for w in self.args:
            v = w.value
            if v in options:
                return True
            for o in options:
                if o.startswith("--") and v.startswith(o + "="):
                    return True
                if len(o) == 2 and o[0] == "-" and v.startswith("-") and not v.startswith("--"):
                    # a cluster of short flags: -qO- holds -q, and -O takes the rest
                    cluster = re.match(r"[A-Za-z]*", v[1:]).group(0)
                    if o[1] in cluster:
                        return True
        return False

    def positional(self) -> list[Word]:
        return [w for w in self.args if not w.value.startswith("-")]


class Script:
    """A RUN's shell text, and what tree-sitter-bash reads in it, parsed on
    first use (ShellCheck needs only the text and where it lies in the file)."""

    def __init__(self, text: str, to_file=None, source=None, dialect: str | None = None, pipefail: bool = False):
        self.text = text
        self.to_file = to_file  # offset in `text` -> offset in the file
        self.dialect = dialect  # the shell a heredoc is fed to (`RUN <<EOF bash`), if not the stage's
        self._source = source
        self._pipefail_set = pipefail  # set by how the shell is started (`RUN <<EOF bash -o pipefail`)
        self._parsed = None

    @property
    def commands(self) -> list[Command]:
        return self._parse().commands

    @property
    def pipes(self) -> list[Span]:
        """Pipelines, in order."""
        return self._parse().pipes

    @property
    def pipefail(self) -> bool:
        """`set -o pipefail` before the first pipeline (or the shell started so)."""
        return self._pipefail_set or self._parse().pipefail

    @property
    def error(self) -> Span | None:
        """Where tree-sitter found a syntax error."""
        return self._parse().error

    def _parse(self) -> _Parsed:
        if self._parsed is None:
            self._parsed = _parse(self.text, self.to_file, self._source)
        return self._parsed

    def named(self, *names: str) -> list[Command]:
        out = []
        for c in self.commands:
            e = c.effective()
            if e.name in names:
                out.append(e)
        return out


class _Parsed:
    def __init__(self):
        self.commands: list[Command] = []
        self.pipes: list[Span] = []
        self.pipefail = False
        self.error: Span | None = None


def _parser():
    from cnlint import grammars

    return grammars.parser("tree_sitter_bash")


class _Locator:
    """Byte offsets of the parsed text → spans in the Dockerfile."""

    def __init__(self, text: str, to_file, source):
        self.text = text
        self.to_file = to_file
        self.source = source
        self.ascii = text.isascii()
        if not self.ascii:
            self.char_of = {}
            b = 0
            for i, ch in enumerate(text):
                self.char_of[b] = i
                b += len(ch.encode("utf-8"))
            self.char_of[b] = len(text)

    def char(self, byte: int) -> int:
        return byte if self.ascii else self.char_of.get(byte, len(self.text))

    def span(self, start: int, end: int) -> Span:
        a = self.to_file(start)
        b = self.to_file(end - 1) + 1 if end > start else a
        return self.source.span(a, b)


def _unquote(node, src: bytes) -> tuple[str, bool]:
    t = node.type
    raw = src[node.start_byte : node.end_byte].decode("utf-8", "replace")
    if t == "raw_string":
        return raw[1:-1], False
    if t == "string":
        expands = any(c.type in ("simple_expansion", "expansion", "command_substitution") for c in node.children)
        inner = raw[1:-1] if raw.endswith('"') and len(raw) >= 2 else raw[1:]
        return re.sub(r'\\([$`"\\\n])', r"\1", inner), expands
    if t == "concatenation":
        parts = [_unquote(c, src) for c in node.children]
        return "".join(p for p, _ in parts), any(e for _, e in parts)
    if t in ("simple_expansion", "expansion", "command_substitution", "arithmetic_expansion", "process_substitution"):
        return raw, True
    if t == "word" and "\\" in raw:
        return re.sub(r"\\(.)", r"\1", raw), False
    return raw, False


def _syntax_error(root, loc: _Locator) -> Span | None:
    """Where tree-sitter's first syntax error is, if it found one."""
    if not root.has_error:
        return None
    err = _first_error(root)
    if err is None:
        return None
    return loc.span(loc.char(err.start_byte), loc.char(max(err.end_byte, err.start_byte + 1)))


def _word(node, data: bytes, text: str, loc: _Locator) -> Word:
    value, expands = _unquote(node, data)
    a, b = loc.char(node.start_byte), loc.char(node.end_byte)
    return Word(value, text[a:b], a, b, expands, loc)


def _command(node, data: bytes, text: str, loc: _Locator, in_pipe: bool, last: bool) -> Command | None:
    """The Command of a tree-sitter `command` node; None when it has no name
    (only assignments or redirections)."""
    name = node.child_by_field_name("name")
    if name is None:
        return None
    a, b = loc.char(node.start_byte), loc.char(node.end_byte)
    nw = _word(name.children[0] if name.named_child_count else name, data, text, loc)
    assigns = [data[child.start_byte : child.end_byte].decode("utf-8", "replace") for child in node.children if child.type == "variable_assignment"]
    args = [_word(arg, data, text, loc) for arg in node.children_by_field_name("argument")]
    return Command(nw.value, nw, args, a, b, in_pipe, last, assigns, text[a:b], loc)


def _substitutions(node) -> list:
    """Stack entries for a command's arguments that may hold commands of their
    own (command substitutions), in the order the walk pops them."""
    return [(arg, False, False) for arg in reversed(node.children_by_field_name("argument")) if arg.type != "word"]


def parse_script(text: str, to_file, source, dialect: str | None = None, pipefail: bool = False) -> Script:
    """The script `text`, parsed when first asked; `to_file(offset)` maps its offsets to file offsets."""
    return Script(text, to_file, source, dialect, pipefail)


def _parse(text: str, to_file, source) -> _Parsed:
    script = _Parsed()
    data = text.encode("utf-8")
    tree = _parser().parse(_parseable(text, data))
    loc = _Locator(text, to_file, source)
    root = tree.root_node
    script.error = _syntax_error(root, loc)
    pipefail = False
    # depth-first, in source order: (node, inside a pipeline, last of its pipeline)
    stack = [(root, False, False)]
    while stack:
        node, in_pipe, last = stack.pop()
        t = node.type
        if t == "command":
            cmd = _command(node, data, text, loc, in_pipe, last)
            if cmd is None:
                continue
            script.commands.append(cmd)
            if cmd.name == "set" and _sets_pipefail(cmd.words):
                pipefail = True
            # command substitutions inside arguments are commands too
            stack.extend(_substitutions(node))
            continue
        if t == "heredoc_body":
            continue
        children = node.named_children
        if t == "pipeline":
            if not script.pipes:
                # only a `set -o pipefail` before the first pipeline protects it
                script.pipefail = pipefail
            script.pipes.append(loc.span(loc.char(node.start_byte), loc.char(node.end_byte)))
            stack.extend((child, True, i == 0) for i, child in enumerate(reversed(children)))
            continue
        stack.extend((child, in_pipe, last) for child in reversed(children))
    script.commands.sort(key=lambda c: c.start)
    if not script.pipes:
        script.pipefail = pipefail
    return script


# tree-sitter-bash (0.25) reads out of bounds on code points past the Basic
# Multilingual Plane: `{` then U+E0000 can crash the whole process. The parser
# gets U+10000, of the same UTF-8 length, in their place (offsets stay right);
# words are still cut from the real text.
_ASTRAL = lazy("[\U00010000-\U0010ffff]")


def _parseable(text: str, data: bytes) -> bytes:
    if text.isascii() or not _ASTRAL.search(text):
        return data
    return _ASTRAL.sub("\U00010000", text).encode("utf-8")


def _sets_pipefail(words: list[str]) -> bool:
    for i, w in enumerate(words[:-1]):
        if _PIPEFAIL_SET.match(w) and words[i + 1] == "pipefail":
            return True
    return False


def _first_error(node):
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return n
        stack.extend(reversed([c for c in n.children if c.has_error or c.is_missing]))
    return None


# Shells that have pipefail; POSIX sh (dash) takes no -o pipefail.
PIPEFAIL_SHELLS = frozenset(("bash", "zsh", "ash", "ksh", "mksh"))


def shell_pipefail(shell: tuple[str, ...]) -> bool:
    """Does this SHELL (as JSON argv) run with -o pipefail?"""
    name = shell[0].replace("\\", "/").rsplit("/", 1)[-1] if shell else ""
    return name in PIPEFAIL_SHELLS and _sets_pipefail(list(shell[1:]))


def script_of(doc, ins) -> Script | None:
    """The Script of a shell-form RUN: heredoc bodies that are scripts are
    parsed as such; otherwise the joined command line (with any heredocs
    it feeds)."""
    args = ins.arguments
    if ins.heredocs:
        line = re_heredoc_free(args)
        if not line.strip():
            # `RUN <<EOF` alone: the body is the script
            bodies = [h for h in ins.heredocs if not h.body.startswith("#!") or _sh_shebang(h.body)]
            if not bodies:
                return None
            h = bodies[0]
            # BuildKit runs a body that starts with a shebang with that interpreter
            return parse_script(h.body, lambda o, s=h.body_start: s + o, doc.source, _shebang_shell(h.body))
        shell = _heredoc_shell(line)
        if shell and len(ins.heredocs) == 1:
            # `RUN <<EOF bash`: the body is a script for that shell
            h = ins.heredocs[0]
            return parse_script(h.body, lambda o, s=h.body_start: s + o, doc.source, shell, _sets_pipefail(line.split()[1:]))
        # `RUN cmd <<EOF`: the shell sees the line and the bodies after it
        start = ins.heredocs[0].body_start
        end_line = ins.end_line
        end = doc.source.line_starts[end_line] if end_line < doc.source.line_count else len(doc.text)
        tail = doc.text[start:end]
        text = args + "\n" + tail
        n = len(args) + 1

        def to_file(o, ins=ins, n=n, start=start):
            return ins.file_offset(ins.args_offset + o) if o < n - 1 else start + o - n if o >= n else ins.file_offset(ins.args_offset + o - 1) + 1

        return parse_script(text, to_file, doc.source)
    return parse_script(args, lambda o: ins.file_offset(ins.args_offset + o), doc.source)


_SHELLS = ("sh", "bash", "ash", "dash", "zsh", "ksh")


def _heredoc_shell(line: str) -> str | None:
    """`bash`, `/bin/sh -ex`, `bash -o pipefail`: the shell a lone heredoc is fed to."""
    words = line.split()
    if not words or words[0].rsplit("/", 1)[-1] not in _SHELLS:
        return None
    for prev, w in zip(words[1:], words[2:], strict=False):  # each word with the one before it
        if not w.startswith("-") and prev not in ("-o", "+o"):
            return None
    if len(words) > 1 and not words[1].startswith(("-", "+")):
        return None
    return words[0].rsplit("/", 1)[-1]


def re_heredoc_free(text: str) -> str:
    return re.sub(r"<<-?(['\"]?)[A-Za-z_][A-Za-z0-9_]*\1", "", text)


def _sh_shebang(body: str) -> bool:
    first = body.split("\n", 1)[0]
    return bool(re.search(r"\b(sh|bash|ash|dash)\b", first))


def _shebang_shell(body: str) -> str | None:
    """The shell a body's `#!/bin/bash` or `#!/usr/bin/env bash` line names, if any."""
    m = re.match(r"#!\s*(?:\S*/)?(?:env\s+)?(?:\S*/)?(sh|bash|ash|dash|ksh|zsh)\b", body)
    return m.group(1) if m else None
