"""How the files of a run are shared among worker processes."""

from __future__ import annotations

from types import SimpleNamespace

from cnlint.engine.workers import SHARES_PER_JOB, _shares


def _artifact(path: str, kind: str, size: int):
    return SimpleNamespace(path=path, kind=kind, source=SimpleNamespace(text="x" * size))


def test_a_go_package_is_never_split_and_the_largest_share_goes_first():
    files = [_artifact(f"big/f{i}.go", "go", 10_000) for i in range(20)]
    files += [_artifact(f"small{i}/a.go", "go", 2_000) for i in range(30)]
    shares = _shares(files, jobs=2)
    by_directory: dict[str, set[int]] = {}
    for number, share in enumerate(shares):
        for n in share:
            by_directory.setdefault(files[n].path.rsplit("/", 1)[0], set()).add(number)
    assert all(len(numbers) == 1 for numbers in by_directory.values())
    assert by_directory["big"] == {0}  # a package larger than a share is one, and first
    assert sorted(n for share in shares for n in share) == list(range(len(files)))


def test_files_of_other_kinds_in_one_directory_are_spread():
    files = [_artifact(f"dockerfiles/{i}.Dockerfile", "dockerfile", 1_000) for i in range(80)]
    shares = _shares(files, jobs=2)
    assert len(shares) >= 2 * SHARES_PER_JOB - 1
    assert max(len(s) for s in shares) <= 2 * len(files) // (2 * SHARES_PER_JOB)
    assert sorted(n for share in shares for n in share) == list(range(len(files)))
