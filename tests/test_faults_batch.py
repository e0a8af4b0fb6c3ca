"""Batches lose nothing: the store, re-runs, collisions, outputs, usage errors, links.

One test (or a few) per defect found by trying dealc as a user and as an
attacker would; each failed before the fix.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealc.compiler.driver import cli, journal

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
ODD_SENTENCE = "The moon is made of green cheese."


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, args)
    return result.exit_code, result.stderr + result.stdout


def manifest(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def corpus(folder: Path, count: int, odd: bool = False) -> list[Path]:
    made = []
    for index in range(count):
        text = TEXT.replace("Series 2003-2", f"Series 2003-{index + 10}")
        if odd:  # one sentence no rule reads: a warning, an error under --strict
            text = text.replace("in the Trust. ", f"in the Trust. {ODD_SENTENCE} ", 1)
            assert ODD_SENTENCE in text
        path = folder / f"f{index:03}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def dump(database: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(database)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: sorted(connection.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
                for name in names}
    finally:
        connection.close()


# ------------------------------------------------------------ 1. the SQLite store
def test_a_re_run_into_the_store_changes_nothing(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 3)
    database = tmp_path / "deals.db"
    assert run(["compile", str(tmp_path / "in"), "--to", "sqlite", "-o", str(database)])[0] == 0
    first = dump(database)
    assert len(first["facts"]) == 3 * 149 and len(first["pools"]) == 3 * 3
    code, err = run(["compile", str(tmp_path / "in"), "--to", "sqlite", "-o", str(database)])
    assert code == 0 and "reused" in err
    assert dump(database) == first


def test_identical_bytes_under_two_paths_are_one_filing_and_two_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "copy-of-a.txt").write_text(TEXT, encoding="utf-8")
    database = tmp_path / "deals.db"
    assert run(["compile", str(folder), "--to", "sqlite", "-o", str(database)])[0] == 0
    tables = dump(database)
    assert len(tables["filings"]) == 1
    assert sorted(str(row[0]) for row in tables["inputs"]) == [str(folder / "a.txt"),
                                                          str(folder / "copy-of-a.txt")]


def test_the_store_is_written_as_each_filing_finishes(tmp_path: Path) -> None:
    from dealc.compiler.driver import batch

    made = corpus(tmp_path / "in", 4)
    database = tmp_path / "deals.db"
    settings = batch.Settings(target="sqlite", output=str(database))
    jobs = batch.plan(batch.discover([str(tmp_path / "in")]), settings, "")
    seen: list[int] = []

    def count_stored(_line: object) -> None:
        connection = sqlite3.connect(database)
        seen.append(connection.execute("SELECT COUNT(*) FROM inputs").fetchone()[0])
        connection.close()

    batch.run(jobs, settings, workers=1, progress=count_stored)
    assert seen == [1, 2, 3, 4] and len(made) == 4


def test_a_file_that_is_not_a_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 1)
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database\n")
    code, err = run(["compile", str(tmp_path / "in"), "--to", "sqlite", "-o", str(notes)])
    assert code == 2 and "not an SQLite database" in err
    assert notes.read_text() == "my notes, not a database\n"
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE mine (x)")
    connection.commit()
    connection.close()
    code, err = run(["compile", str(tmp_path / "in"), "--to", "sqlite", "-o", str(other)])
    assert code == 2 and "did not make" in err
    assert dump(other) == {"mine": []}


# ------------------------------------------------------------ 3. what a re-run reuses
def test_a_re_run_with_other_options_compiles_again(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 2, odd=True)
    out = tmp_path / "out"
    assert run(["compile", str(tmp_path / "in"), "-o", str(out)])[0] == 0  # warnings only
    assert run(["compile", str(tmp_path / "in"), "-o", str(out), "--strict"])[0] == 1
    assert run(["compile", str(tmp_path / "in"), "-o", str(out)])[0] == 0
    assert run(["compile", str(tmp_path / "in"), "-o", str(out), "--Werror"])[0] == 1
    code, _ = run(["compile", str(tmp_path / "in"), "-o", str(out), "--to", "markdown"])
    assert code == 0
    assert sorted(p.name for p in out.glob("*.md")) == ["f000.md", "f001.md"]


def test_a_changed_extension_compiles_again(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 1)
    out = tmp_path / "out"
    extension = tmp_path / "ext.lark"
    extension.write_text('%import pool (sentence)\n%import terminals (DATE)\n'
                         '%extend sentence: "On" DATE "nothing happened" "." -> narrative\n')
    run(["compile", str(tmp_path / "in"), "-o", str(out), "--grammar", str(extension)])
    extension.write_text(extension.read_text().replace("nothing", "something"))
    run(["compile", str(tmp_path / "in"), "-o", str(out), "--grammar", str(extension)])
    assert not any(line.get("reused") for line in manifest(out / "manifest.jsonl"))


def test_an_empty_or_missing_earlier_output_is_not_reused(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    run(["compile", str(tmp_path / "in"), "-o", str(out)])
    good = (out / "f000.json").read_bytes()
    (out / "f000.json").write_bytes(b"")
    (out / "f001.json").unlink()
    run(["compile", str(tmp_path / "in"), "-o", str(out)])
    assert not any(line.get("reused") for line in manifest(out / "manifest.jsonl"))
    assert (out / "f000.json").read_bytes() == good
    assert (out / "f001.json").stat().st_size > 0


# ------------------------------------------------------------ 5. collisions
def test_two_inputs_that_would_share_an_output_keep_their_suffixes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text(TEXT, encoding="utf-8")
    (folder / "x.htm").write_text(f"<html><body><pre>{TEXT}</pre></body></html>",
                                  encoding="utf-8")
    (folder / "y.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    run(["compile", str(folder), "-o", str(out)])
    outputs = {Path(str(line["input"])).name: line["output"]
               for line in manifest(out / "manifest.jsonl")}
    assert outputs == {"x.htm": "x.htm.json", "x.txt": "x.txt.json", "y.txt": "y.json"}
    assert all((out / str(name)).stat().st_size for name in outputs.values())


def test_a_batch_never_writes_over_its_inputs(tmp_path: Path) -> None:
    made = corpus(tmp_path / "in", 2)
    before = {p: p.read_bytes() for p in made}
    code, err = run(["compile", str(tmp_path / "in"), "-o", str(tmp_path / "in"), "--to", "8k"])
    assert code == 2 and "would replace the input" in err
    assert {p: p.read_bytes() for p in made} == before


def test_a_single_compile_never_writes_over_its_input(tmp_path: Path) -> None:
    filing = tmp_path / "f.txt"
    filing.write_text(TEXT, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(filing)
    for target in (filing, link):
        code, err = run(["compile", str(filing), "-o", str(target), "--to", "8k"])
        assert code == 2 and "would replace the input" in err
    assert filing.read_text(encoding="utf-8") == TEXT


# ------------------------------------------------------------ 6. what -o names
def test_output_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run(["compile", str(SEED), "-o", str(link)])[0] == 0
    assert link.is_symlink() and json.loads(target.read_text())["kind"] == "pool_description"


def test_output_to_a_device_writes_into_it(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    assert run(["compile", str(SEED), "-o", str(device)])[0] == 0
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_output_to_a_pipe_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    assert run(["compile", str(SEED), "-o", str(fifo)])[0] == 0
    data, _ = reader.communicate(timeout=30)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and json.loads(data)["kind"] == "pool_description"


def test_dash_is_standard_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.main, ["compile", str(SEED), "-o", "-"])
    assert result.exit_code == 0 and json.loads(result.stdout)["kind"] == "pool_description"
    assert not Path("-").exists()


def test_a_replaced_output_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "deal.json"
    target.write_text("old")
    target.chmod(0o640)
    assert run(["compile", str(SEED), "-o", str(target)])[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# ------------------------------------------------------------ 8. usage errors, not tracebacks
def test_output_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    code, err = run(["compile", str(SEED), "-o", str(folder)])
    assert code == 2 and "is a folder" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


def test_output_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    code, err = run(["compile", str(SEED), "-o", str(tmp_path / "plain" / "deal.json")])
    assert code == 2 and "is a file" in err and "Traceback" not in err
    code, err = run(["compile", str(SEED), str(SEED), "-o", str(tmp_path / "plain" / "out")])
    assert code == 2 and "Traceback" not in err


def test_an_output_folder_that_cannot_be_written_is_found_before_compiling(
        tmp_path: Path) -> None:
    corpus(tmp_path / "in", 2)
    unwritable = Path("/proc/dealc-cannot-write-here")
    code, err = run(["compile", str(tmp_path / "in"), "-o", str(unwritable)])
    assert code == 2 and "cannot be written" in err
    assert "internal error" not in err and "Traceback" not in err
    code, err = run(["compile", str(SEED), "-o", str(unwritable / "deal.json")])
    assert code == 2 and "Traceback" not in err


def test_dask_engine_without_dask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dealc.compiler.driver import distributed

    monkeypatch.setattr(distributed, "available", lambda: False)
    corpus(tmp_path / "in", 1)
    code, err = run(["compile", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                     "--engine", "dask"])
    assert code == 2 and "dask extra" in err


def test_an_unreachable_dask_scheduler(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    corpus(tmp_path / "in", 1)
    code, err = run(["compile", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                     "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2 and "cannot reach the Dask scheduler" in err


def test_two_runs_into_one_folder(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 1)
    out = tmp_path / "out"
    holder = journal.Journal(out / "manifest.jsonl")  # another run, still going
    try:
        code, err = run(["compile", str(tmp_path / "in"), "-o", str(out)])
        assert code == 2 and "another dealc run" in err
    finally:
        holder.close()
    assert run(["compile", str(tmp_path / "in"), "-o", str(out)])[0] == 0


# ------------------------------------------------------------ 12. links and globs
def test_links_are_followed_once_and_loops_end(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    corpus(folder, 2)
    (folder / "loop").symlink_to(folder)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)
    (folder / "alias.txt").symlink_to(folder / "f000.txt")
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "out"
    run(["compile", str(folder), "-o", str(out)])
    lines = {Path(str(line["input"])).name: line for line in manifest(out / "manifest.jsonl")}
    assert sorted(lines) == ["alias.txt", "broken.txt", "f000.txt", "f001.txt"]
    assert lines["broken.txt"]["status"] == "unreadable"
    assert lines["alias.txt"]["sha256"] == lines["f000.txt"]["sha256"]
    out2 = tmp_path / "out2"
    run(["compile", str(folder / "**" / "*.txt"), "-o", str(out2)])
    assert len(manifest(out2 / "manifest.jsonl")) == 4


def test_a_glob_matches_like_the_shell(tmp_path: Path) -> None:
    from dealc.compiler.driver.batch import discover

    for name in ("a/x.txt", "a/b/y.txt", "a/.hidden.txt", "c/z.htm", "top.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = sorted(Path(job.input).relative_to(tmp_path).as_posix()
                   for job in discover([f"{tmp_path}/**/*.txt"]))
    assert found == ["a/b/y.txt", "a/x.txt", "top.txt"]
    found = sorted(Path(job.input).relative_to(tmp_path).as_posix()
                   for job in discover([f"{tmp_path}/*/[xz].*"]))
    assert found == ["a/x.txt", "c/z.htm"]


def test_a_slow_input_times_out_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    corpus(folder, 2)
    (folder / "slow.txt").write_text(TEXT * 400, encoding="utf-8")  # several seconds
    out = tmp_path / "out"
    code, err = run(["compile", str(folder), "-o", str(out), "--timeout", "0.5", "--jobs", "1"])
    assert code == 1
    lines = {Path(str(line["input"])).name: line for line in manifest(out / "manifest.jsonl")}
    assert lines["slow.txt"]["status"] == "timeout" and "timeout" in err
    assert lines["f000.txt"]["status"] == lines["f001.txt"]["status"] == "ok"


def test_the_cli_module_runs_as_a_program() -> None:
    result = subprocess.run([sys.executable, "-m", "dealc.compiler.driver.cli", "compile",
                             str(SEED)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and json.loads(result.stdout)["kind"] == "pool_description"
