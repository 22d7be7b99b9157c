"""The Go program an image runs: its main package and the packages of its
own module that it imports, transitively, with the facts the cross rules
read off them (cnlint/golang/facts.py).

The Go stack (the parser and the facts) is imported only when a rule asks
about a program, so linting a Dockerfile alone never loads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cnlint.cross.service import real
from cnlint.diagnostics import Span
from cnlint.kubernetes.common import items, mapping


def facts_of(package):
    """A package's ServerFacts."""
    from cnlint.golang.facts import server_facts

    return server_facts(package)


class Program:
    """`complete` when every package of its own module it imports is among
    the linted files (otherwise what those do is unknown)."""

    def __init__(self, project, main):
        from cnlint.golang.index import Packages

        mods = {real(g.absolute).parent: g for g in project.of_kind("gomod") if g.absolute is not None}
        by_directory = {real(Path(p.directory)): p for p in project.view(Packages) if not p.name.endswith("_test")}
        directory = real(Path(main.directory))
        root = next((d for d in (directory, *directory.parents) if d in mods), None)
        self.main = main
        self.go_mod = mods.get(root) if root is not None else None  # the go.mod governing it
        self.packages = [main]
        module = self.go_mod.module.args[0] if self.go_mod is not None and self.go_mod.module and self.go_mod.module.args else None
        self.complete = module is not None
        if module is None:
            return
        seen = {directory}
        for package in self.packages:
            for path in sorted(package.build.imports):
                if not path.startswith(module + "/"):
                    continue
                where = real(root / path[len(module) + 1 :])
                found = by_directory.get(where)
                if found is None:
                    self.complete = False
                elif where not in seen:
                    seen.add(where)
                    self.packages.append(found)

    @property
    def facts(self) -> list:
        return [facts_of(p) for p in self.packages]

    @property
    def imports(self) -> set[str]:
        return {path for p in self.packages for path in p.build.imports}

    def sources(self):
        """The text of each non-test file of the program."""
        return (doc.source.text for p in self.packages for doc in p.files if not doc.path.endswith("_test.go"))

    def says(self, *texts: str) -> bool:
        """Whether the program's source holds any of `texts` anywhere."""
        return any(t in source for source in self.sources() for t in texts)

    def where(self) -> tuple[str, Span, str]:
        """(path, span, what) to show the program by: its first listen, else
        the first line of its main package."""
        listens = [listen for facts in self.facts for listen in facts.listens]
        if listens:
            return listens[0].path, listens[0].span, "the Go server"
        first = next(doc for doc in self.main.files if not doc.path.endswith("_test.go"))
        return first.path, Span.point(1), "the Go program"

    def mentions(self, text: str) -> bool:
        """Whether a Go string literal of the program is `text`."""
        return self.says(f'"{text}"', f"`{text}`")


class Programs:
    """`project.view(Programs).of(main)`: one Program per main package."""

    def __init__(self, project):
        self.project = project
        self._found: dict[int, Program] = {}

    @classmethod
    def build(cls, project) -> Programs:
        return cls(project)

    def of(self, main) -> Program:
        found = self._found.get(id(main))
        if found is None:
            found = self._found[id(main)] = Program(self.project, main)
        return found


def runs_main(container, service) -> bool:
    """Whether the container starts the program the image starts: no
    `command` of its own, or one naming the same binary."""
    command = container.data.get("command")
    if command is None:
        return True
    image_facts = service.facts
    start = (image_facts.entrypoint or image_facts.cmd) if image_facts is not None else None
    if not isinstance(command, list) or not command or start is None or start.shell_form or not start.argv:
        return False
    return command[0] == start.argv[0]


class EnvSetting(NamedTuple):
    """What sets an environment variable for the program a container runs."""

    by: str  # "env" (the container's entry), "envFrom" (names unknown here), "image" (its ENV)
    value: str | None  # the literal value; None when it is not one (valueFrom, envFrom, an unresolved ENV)
    path: str | None = None  # where it is set, when that is one line
    span: Span | None = None


def env_setting(container, service, name: str) -> EnvSetting | None:
    """Who sets `name`, in Kubernetes' order: the container's own entries
    (the last of a name wins), then envFrom, then the image's ENV. None
    when nothing does. `container` None asks about the image alone."""
    if container is not None:
        entries = [(i, mapping(e)) for i, e in enumerate(items(container.data.get("env"))) if mapping(e).get("name") == name]
        if entries:
            i, entry = entries[-1]
            value = entry.get("value") if "valueFrom" not in entry else None
            return EnvSetting("env", None if value is None else str(value), container.path, container.span("env", i, "value"))
        if container.data.get("envFrom"):
            return EnvSetting("envFrom", None)
    image_env = service.facts.env if service.facts is not None else {}
    if name not in image_env:
        return None
    value, span = image_env[name]
    return EnvSetting("image", value, service.dockerfile.path if service.dockerfile is not None else None, span)
