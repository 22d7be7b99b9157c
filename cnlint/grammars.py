"""tree-sitter grammars (tree-sitter-go, tree-sitter-bash), loaded from their
compiled module alone.

A grammar package's __init__ imports importlib.resources for the query
files it ships, and with it tempfile, shutil and the compression modules:
about 6 ms of every run that parses Go or a RUN, for files cnlint never
reads. Its compiled module, `<package>._binding`, is found beside the
package's __init__ and loaded as the package itself would load it (same
name, kept in sys.modules); where it cannot be found so, the package is
imported as usual.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
from functools import cache

_local = threading.local()  # a tree-sitter Parser must not be shared between threads


def parser(package: str):
    """This thread's tree_sitter.Parser of a grammar package."""
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    found = parsers.get(package)
    if found is None:
        from tree_sitter import Parser

        found = parsers[package] = Parser(language(package))
    return found


@cache
def language(package: str):
    """The tree_sitter.Language of a grammar package ("tree_sitter_go")."""
    from tree_sitter import Language

    return Language(_binding(package).language())


def _binding(package: str):
    name = f"{package}._binding"
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.find_spec(package)  # finds the package without running it
    where = list(spec.submodule_search_locations or ()) if spec is not None else []
    found = importlib.machinery.PathFinder.find_spec(name, where) if where else None
    if found is None or found.loader is None:
        return importlib.import_module(package)  # its language() is the binding's
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    sys.modules[name] = module
    return module
