"""What ARG and ENV hold at one instruction: a read-only mapping whose
`set` makes a new one and leaves the old one as it was.

Every instruction keeps the scope it saw, so a Dockerfile of n ENV lines
holds n scopes. A dict copied per ARG or ENV made that quadratic (20,000 ENV
lines took 5 GB). Here a scope is a 32-way trie on the names' hashes: `set`
copies one path from the root, a few nodes, and shares all the rest with
the scope it came from; a lookup walks that path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

_BITS = 5
_WIDTH = 1 << _BITS
_MASK = _WIDTH - 1
_HASH_MASK = (1 << 64) - 1
_MISSING = object()

# A node is a list of _WIDTH slots, never changed once built. A slot holds
# None, a (name, value) tuple, a node one level down, or a dict of the
# names whose whole hashes are equal.


def _hash(key) -> int:
    return hash(key) & _HASH_MASK


class Scope(Mapping):
    __slots__ = ("_root", "_len")

    def __init__(self, items=()):
        self._root: list = [None] * _WIDTH
        self._len = 0
        pairs = items.items() if isinstance(items, Mapping) else items
        for key, value in pairs:
            self._root, added = _set(self._root, key, _hash(key), value, 0)
            self._len += added

    def set(self, key, value) -> Scope:
        """A scope like this one with `key` holding `value`."""
        out = Scope.__new__(Scope)
        out._root, added = _set(self._root, key, _hash(key), value, 0)
        out._len = self._len + added
        return out

    def get(self, key, default=None):
        value = _get(self._root, key)
        return default if value is _MISSING else value

    def __getitem__(self, key):
        value = _get(self._root, key)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return _get(self._root, key) is not _MISSING

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator:
        stack = [self._root]
        while stack:
            for slot in stack.pop():
                if slot is None:
                    continue
                cls = slot.__class__
                if cls is tuple:
                    yield slot[0]
                elif cls is list:
                    stack.append(slot)
                else:
                    yield from slot

    def __repr__(self) -> str:
        return f"Scope({dict(self)!r})"


def _get(node: list, key):
    h = _hash(key)
    shift = 0
    while True:
        slot = node[(h >> shift) & _MASK]
        if slot is None:
            return _MISSING
        cls = slot.__class__
        if cls is tuple:
            return slot[1] if slot[0] == key else _MISSING
        if cls is list:
            node = slot
            shift += _BITS
            continue
        return slot.get(key, _MISSING)


def _set(node: list, key, h: int, value, shift: int) -> tuple[list, bool]:
    """A copy of `node` with `key` set, and whether the key is new."""
    i = (h >> shift) & _MASK
    slot = node[i]
    new = list(node)
    added = True
    if slot is None:
        new[i] = (key, value)
    elif slot.__class__ is list:
        new[i], added = _set(slot, key, h, value, shift + _BITS)
    elif slot.__class__ is tuple:
        if slot[0] == key:
            new[i], added = (key, value), False
        elif _hash(slot[0]) == h:
            new[i] = {slot[0]: slot[1], key: value}
        else:
            new[i] = _split(slot, _hash(slot[0]), (key, value), h, shift + _BITS)
    else:
        same = _hash(next(iter(slot)))
        if same == h:
            bucket = dict(slot)
            added = key not in bucket
            bucket[key] = value
            new[i] = bucket
        else:
            new[i] = _split(slot, same, (key, value), h, shift + _BITS)
    return new, added


def _split(a, a_hash: int, b, b_hash: int, shift: int) -> list:
    """A node holding slots `a` and `b`, whose hashes differ."""
    node = [None] * _WIDTH
    i, j = (a_hash >> shift) & _MASK, (b_hash >> shift) & _MASK
    if i == j:
        node[i] = _split(a, a_hash, b, b_hash, shift + _BITS)
    else:
        node[i], node[j] = a, b
    return node
