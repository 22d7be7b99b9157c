"""`--fix` writes in place: the file that was read, through its path, with
its mode, owner, links, BOM and line endings; all fixes or an exact account."""

from __future__ import annotations

import errno
import os

import pytest

from cnlint import cli

RULES = 'select = ["DF003", "CN"]\n'
BAD = "FROM alpine:3.20\nMAINTAINER Jane\n"
FIXED = 'FROM alpine:3.20\nLABEL maintainer="Jane"\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "cnlint.toml").write_text(RULES)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _fix(capsys, *paths):
    code = cli.main(["check", "--fix", "--no-source", *paths])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_symlink_is_followed_and_stays_a_link(project, capsys):
    (project / "real").mkdir()
    (project / "real" / "api.Dockerfile").write_text(BAD)
    (project / "Dockerfile").symlink_to("real/api.Dockerfile")
    _fix(capsys, "Dockerfile")
    assert (project / "Dockerfile").is_symlink()
    assert (project / "real" / "api.Dockerfile").read_text() == FIXED


def test_mode_inode_and_hard_links_are_kept(project, capsys):
    path = project / "Dockerfile"
    path.write_text(BAD)
    path.chmod(0o600)
    os.link(path, project / "copy")
    before = path.stat()
    _fix(capsys, "Dockerfile")
    after = path.stat()
    assert (after.st_ino, after.st_mode & 0o777, after.st_nlink) == (before.st_ino, 0o600, 2)
    assert (project / "copy").read_text() == FIXED


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_the_owner_is_kept(project, capsys):
    path = project / "Dockerfile"
    path.write_text(BAD)
    os.chown(path, 12345, 12345)
    _fix(capsys, "Dockerfile")
    assert (path.stat().st_uid, path.stat().st_gid, path.read_text()) == (12345, 12345, FIXED)


def test_bom_and_crlf_are_kept(project, capsys):
    path = project / "Dockerfile"
    path.write_bytes(b"\xef\xbb\xbf" + BAD.replace("\n", "\r\n").encode())
    _fix(capsys, "Dockerfile")
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()


def test_a_file_next_to_it_is_never_touched(project, capsys):
    (project / "Dockerfile").write_text(BAD)
    (project / ".Dockerfile.cnlint-tmp").write_text("mine")
    _fix(capsys, "Dockerfile")
    assert (project / ".Dockerfile.cnlint-tmp").read_text() == "mine"
    assert sorted(p.name for p in project.iterdir()) == [".Dockerfile.cnlint-tmp", "Dockerfile", "cnlint.toml"]


def _two(project):
    for name in ("a", "b"):
        (project / name).mkdir()
        (project / name / "Dockerfile").write_text(BAD)


def test_a_file_that_cannot_be_opened_leaves_every_file_as_it_was(project, capsys, monkeypatch):
    _two(project)
    real = os.open

    def refuse_b(path, flags, *args, **kwargs):
        if flags & os.O_RDWR and str(path).endswith(os.path.join("b", "Dockerfile")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_b)
    code, out, err = _fix(capsys)
    assert code == 2
    assert (project / "a" / "Dockerfile").read_text() == BAD and (project / "b" / "Dockerfile").read_text() == BAD
    assert "Fixed 0 of 2 files." in err
    assert "b/Dockerfile: the fixes were not written: Permission denied" in err
    assert "a/Dockerfile: the fixes were not written: another file could not be written, so none was" in err
    # the report is of the files as they are: both still have their finding
    assert "a/Dockerfile:2:1: DF003" in out and "b/Dockerfile:2:1: DF003" in out


def test_a_write_that_fails_midway_says_which_files_were_written(project, capsys, monkeypatch):
    _two(project)
    real = os.write
    calls = []

    def full_disk(fd, data):
        calls.append(fd)
        if len(calls) == 2:  # the second file's new text
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    code, out, err = _fix(capsys)
    assert code == 2
    assert (project / "a" / "Dockerfile").read_text() == FIXED and (project / "b" / "Dockerfile").read_text() == BAD
    assert "Fixed 1 of 2 files: a/Dockerfile." in err
    assert "b/Dockerfile: the fixes were not written: No space left on device; the file is unchanged" in err
    assert "a/Dockerfile:2:1: DF003" not in out and "b/Dockerfile:2:1: DF003" in out


def test_a_file_changed_since_it_was_read_is_not_overwritten(project, monkeypatch, capsys):
    from cnlint.engine import Engine

    (project / "Dockerfile").write_text(BAD)
    real_fix = Engine.fix

    def edit_meanwhile(self, inputs, unsafe=False):
        result = real_fix(self, inputs, unsafe)
        (project / "Dockerfile").write_text(BAD + "USER app\n")
        return result

    monkeypatch.setattr(Engine, "fix", edit_meanwhile)
    code, _, err = _fix(capsys)
    assert code == 2 and (project / "Dockerfile").read_text() == BAD + "USER app\n"
    assert "it changed after it was read" in err
