"""Text with a line table: the one place offsets become 1-based positions."""

from __future__ import annotations

from bisect import bisect_right

from cnlint.diagnostics import Span


class Source:
    def __init__(self, text: str):
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.line_starts = starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line(self, number: int) -> str:
        """Line `number` (1-based) without its newline; '' past the end."""
        if not 1 <= number <= len(self.line_starts):
            return ""
        start = self.line_starts[number - 1]
        end = self.text.find("\n", start)
        line = self.text[start:] if end == -1 else self.text[start:end]
        return line[:-1] if line.endswith("\r") else line

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column), clamped to the text."""
        if line > len(self.line_starts):
            return len(self.text)
        start = self.line_starts[max(line, 1) - 1]
        nxt = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return min(start + max(column, 1) - 1, max(nxt, start))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def utf8_column(self, line: int, byte_column: int) -> int:
        """1-based character column of a 0-based UTF-8 byte column on 1-based
        `line` (how tree-sitter counts columns)."""
        if not 1 <= line <= len(self.line_starts):
            return byte_column + 1
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        raw = self.text[start:] if end == -1 else self.text[start:end]
        raw = raw[:-1] if raw.endswith("\r") else raw  # a CRLF's CR is no column (LSP, SARIF)
        if raw.isascii():
            return min(byte_column, len(raw)) + 1
        return len(raw.encode("utf-8")[:byte_column].decode("utf-8", "ignore")) + 1

    def span(self, start: int, end: int) -> Span:
        """Span of the character range [start, end)."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def line_span(self, number: int) -> Span:
        """The whole of line `number`, without its newline."""
        return Span(number, 1, number, len(self.line(number)) + 1)
