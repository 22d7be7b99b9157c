"""The Language Server: `cnlint lsp` (pygls on stdio)."""
