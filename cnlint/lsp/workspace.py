"""The workspace as cross-file rules see it: every artifact file under the
workspace folders, with the text of open buffers in place of the disk's.

Files are found once (discovery, as `cnlint check` finds them) and kept
current from file-change notifications; disk text is cached by mtime, so a
file changed behind the editor's back is still read afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cnlint import context
from cnlint.config import CONFIG_NAMES, ConfigError, Resolver
from cnlint.discovery import DiscoveryError, classify, discover
from cnlint.engine import MAX_BYTES, Decoded, Engine, Input, decode, read_text


def _buffer(text: str) -> Decoded:
    """An open document as the CLI would read it: past MAX_BYTES (in UTF-8)
    it is reported, not linted."""
    if len(text) * 4 > MAX_BYTES:  # else no encoding of it can be too large
        data = text.encode("utf-8", "surrogatepass")
        if len(data) > MAX_BYTES:
            return decode(data)
    return Decoded(text)


def is_config(path: Path) -> bool:
    """cnlint's config files, and .hadolint.yaml, which settings merge."""
    return path.name in CONFIG_NAMES or path.name in (".hadolint.yaml", ".hadolint.yml")


@dataclass
class _Disk:
    mtime: int
    read: Decoded


class Index:
    def __init__(self, roots: list[Path]):
        self.roots = [r.absolute() for r in roots]
        self.buffers: dict[Path, str] = {}
        self._files: dict[Path, str] | None = None  # absolute -> file kind
        self._disk: dict[Path, _Disk] = {}

    # ---- naming ----------------------------------------------------------

    def display(self, path: Path) -> str:
        """The path diagnostics carry: relative to the first workspace folder
        (the server's working directory, so per-file-ignores resolve), else
        absolute."""
        if self.roots and _under(path, self.roots[0]):
            return path.relative_to(self.roots[0]).as_posix()
        return str(path)

    def absolute(self, display: str) -> Path:
        path = Path(display)
        if path.is_absolute() or not self.roots:
            return path
        return self.roots[0] / path

    # ---- contents ----------------------------------------------------------

    def files(self, resolver: Resolver) -> dict[Path, str]:
        if self._files is None:
            self._files = {}
            for root in self.roots:
                try:
                    refs = discover([str(root)], resolver)
                except (DiscoveryError, ConfigError, OSError):
                    continue
                for ref in refs:
                    if ref.kind is not None:
                        self._files[ref.absolute] = ref.kind
        return self._files

    def forget_files(self) -> None:
        """Discover again on next use (excludes may have changed)."""
        self._files = None

    def kind(self, path: Path, resolver: Resolver) -> str | None:
        try:
            settings = resolver.for_path(path)
        except ConfigError:
            settings = None
        return classify(path.name, settings)

    def file_changed(self, path: Path, resolver: Resolver, deleted: bool = False) -> None:
        self._disk.pop(path, None)
        if self._files is None:
            return
        kind = None if deleted else self.kind(path, resolver)
        if kind and any(_under(path, root) for root in self.roots):
            self._files[path] = kind
        else:
            self._files.pop(path, None)

    def _read(self, path: Path) -> Decoded:
        try:
            mtime = path.stat().st_mtime_ns
        except OSError as exc:
            return Decoded(None, f"cannot read file: {exc.strerror or exc}")
        cached = self._disk.get(path)
        if cached and cached.mtime == mtime:
            return cached.read
        read = read_text(path)
        self._disk[path] = _Disk(mtime, read)
        return read

    def input(self, path: Path, kind: str, context: bool = False) -> Input:
        if path in self.buffers:
            read = _buffer(self.buffers[path])
            return Input(self.display(path), kind, text=read.text, absolute=path, error=read.error, context=context)
        read = self._read(path)
        return Input(self.display(path), kind, text=read.text, absolute=path, error=read.error, context=context, error_span=read.span, bom=read.bom)

    def inputs(self, targets: list[tuple[Path, str]], resolver: Resolver) -> list[Input]:
        """Inputs for linting `targets` (path, kind): the targets themselves,
        and as context every other workspace file of a kind whose rules look
        across files."""
        out = [self.input(path, kind) for path, kind in targets]
        named = {path for path, _ in targets}
        for path in context.governing(targets, lambda p: p in self.buffers or p.is_file()):
            if path not in named:
                out.append(self.input(path, self.kind(path, resolver), context=True))
        if not any(context.needs_context(kind) for _, kind in targets):
            return out
        candidates = dict(self.files(resolver))
        for path in self.buffers:  # open files outside the folders count too
            kind = self.kind(path, resolver)
            if kind:
                candidates.setdefault(path, kind)
        for path, kind in sorted(candidates.items()):
            if path not in named and context.wanted(kind, path, targets):
                inp = self.input(path, kind, context=True)
                if inp.text is not None:
                    out.append(inp)
        return out


def _under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False



class WorkspaceEngine(Engine):
    """The engine, reusing the artifacts of context files whose text has not
    changed: a keystroke re-parses the edited buffer, not the workspace."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._context: dict[str, tuple[tuple, object]] = {}

    def parse(self, inp: Input, settings):
        if not inp.context:
            return super().parse(inp, settings)
        key = (inp.kind, inp.text, settings)
        hit = self._context.get(inp.path)
        if hit is not None and hit[0] == key:
            return hit[1]
        artifact = super().parse(inp, settings)
        self._context[inp.path] = (key, artifact)
        return artifact
