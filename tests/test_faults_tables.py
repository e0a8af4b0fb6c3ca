"""Parse tables are never loaded from a place others can write (no code from a planted pickle)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from dealc.compiler import tables
from dealc.compiler.parse import POOL_GRAMMAR, build, plugins, tables_name

from .conftest import SEED


class _Planted:
    """A pickle that, when loaded, creates a marker file (as an attacker's would run code)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def _compile(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dealc.compiler.driver.cli", "compile", str(SEED), "-o",
         str(tmp_path / "out.json")],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=120)


def test_pickles_planted_where_lark_caches_in_the_shared_temp_folder_are_not_run(
        tmp_path: Path) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    # The attacker lets Lark name the files (the names are the same in every install) ...
    subprocess.run([sys.executable, "-c", (
        "from lark import Lark\n"
        "from lark.load_grammar import FromPackageLoader\n"
        "from dealc.compiler.parse import POOL_GRAMMAR, SIGNATURE_GRAMMAR, "
        "plugins\n"
        "for g in (POOL_GRAMMAR, SIGNATURE_GRAMMAR):\n"
        "    Lark.open_from_package('dealc.grammar', g, ('',), parser='lalr', "
        "lexer='contextual', cache=True, debug=False, maybe_placeholders=False, "
        "_plugins=plugins())\n")],
        env={**os.environ, "TMPDIR": str(shared)}, check=True, timeout=120)
    planted = sorted(shared.glob(".lark_cache_*"))
    assert planted, "Lark wrote no cache files to plant into"
    marker = tmp_path / "marker"
    for path in planted:  # ... and replaces their contents, keeping the digest line
        digest = path.read_bytes().split(b"\n", 1)[0]
        path.write_bytes(digest + b"\n" + pickle.dumps(_Planted(marker)))
    result = _compile({"TMPDIR": str(shared), "XDG_CACHE_HOME": str(tmp_path / "home-cache"),
                       "DEALC_CACHE_DIR": ""}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "a planted pickle was loaded"
    assert sorted(shared.glob(".lark_cache_*")) == planted  # and nothing new written there


def _plant_in(folder: Path, marker: Path) -> Path:
    path = folder / f"{tables_name(POOL_GRAMMAR)}.tables"
    path.write_bytes(tables.FORMAT.encode() + b"\n" + pickle.dumps(_Planted(marker)))
    return path


@pytest.mark.parametrize("how", ["folder open to others", "file open to others",
                                 "file of another user", "folder of another user", "link"])
def test_a_cache_folder_or_file_others_can_write_is_not_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "marker"
    planted = _plant_in(folder, marker)
    planted.chmod(0o600)
    if how == "folder open to others":
        folder.chmod(0o777)
    elif how == "file open to others":
        planted.chmod(0o666)
    elif how in ("file of another user", "folder of another user"):
        if os.geteuid() != 0:
            pytest.skip("changing a file's owner needs root")
        os.chown(planted if how == "file of another user" else folder, 65534, 65534)
    elif how == "link":
        real = tmp_path / "elsewhere.tables"
        planted.rename(real)
        planted.symlink_to(real)
    monkeypatch.setenv("DEALC_CACHE_DIR", str(folder))
    monkeypatch.setattr(tables, "last_refusal", None)
    lark = build(POOL_GRAMMAR)
    assert not marker.exists()
    assert lark.terminals  # built instead, and usable
    if how != "link":  # a link is not opened at all (O_NOFOLLOW), as if there were no file
        assert tables.last_refusal is not None and ("others" in tables.last_refusal
                                                    or "another user" in tables.last_refusal)


def test_a_private_cache_is_used_and_written_atomically(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DEALC_CACHE_DIR", str(folder))
    built = []

    def construct() -> object:
        built.append(1)
        return build(POOL_GRAMMAR, cache=False)

    first = tables.load_or_build("k" * 64, construct, plugins())  # type: ignore[arg-type]
    second = tables.load_or_build("k" * 64, construct, plugins())  # type: ignore[arg-type]
    assert len(built) == 1  # the second came from the folder
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    assert [p.name for p in folder.iterdir()] == ["k" * 64 + ".tables"]
    assert [t.name for t in first.terminals] == [t.name for t in second.terminals]
    assert [str(r) for r in first.rules] == [str(r) for r in second.rules]


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEALC_CACHE_DIR", "off")
    assert tables.folder() is None
