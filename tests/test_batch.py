"""Batch compiles: every input accounted for, bad ones isolated, identical to single compiles."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealc.compiler import compile_file
from dealc.compiler.driver import cli
from dealc.emitters.json_emitter import JsonEmitter

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")


def make_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` distinct two-pool filings in nested folders, and a few bad inputs."""
    made = []
    for index in range(count):
        path = folder / f"shelf{index % 3}" / f"cmsi-2003-{index + 10}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT.replace("Series 2003-2", f"Series 2003-{index + 10}"),
                        encoding="utf-8")
        made.append(path)
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "cut-off.txt").write_text(TEXT[:6000], encoding="utf-8")
    (bad / "not-an-8k.txt").write_text("Minutes of the annual picnic. It rained.\n")
    (bad / "huge.txt").write_text(TEXT * 40, encoding="utf-8")  # over --max-size 0.4
    return made


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, args)
    return result.exit_code, result.stderr


def manifest(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder, 300)
    return folder


def test_300_filings_and_bad_ones_with_two_jobs(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, err = run(["compile", str(corpus), "-o", str(out), "--jobs", "2", "--max-size", "0.4"])
    assert code == 1  # some inputs have errors
    lines = manifest(out)
    inputs = sorted(str(p) for p in corpus.rglob("*.txt"))
    assert [line["input"] for line in lines] == inputs  # every input, once, in order
    by_name = {Path(str(line["input"])).name: line for line in lines}
    assert by_name["huge.txt"]["status"] == "refused"
    assert by_name["empty.txt"]["status"] == "errors"
    assert by_name["cut-off.txt"]["status"] == "errors" and by_name["cut-off.txt"]["codes"] == {
        "E101": 1}
    assert by_name["not-an-8k.txt"]["kind"] == "other"
    assert "W001" in by_name["binary.txt"]["codes"]  # type: ignore[operator]
    good = [line for line in lines if "shelf" in str(line["input"])]
    assert len(good) == 300 and all(line["status"] == "ok" for line in good)
    assert {line["kind"] for line in good} == {"pool_description"}
    for line in lines:
        assert set(line) >= {"input", "sha256", "status", "kind", "errors", "warnings",
                             "output", "seconds"}
    assert "300 ok" in err or "303 ok" in err or "ok" in err
    assert not list(out.rglob("*.tmp"))
    # Outputs at the inputs' relative paths, byte-identical to compiling each alone.
    sample = [p for p in sorted(corpus.rglob("*.txt")) if p.name != "huge.txt"][::25]
    for path in sample:
        relative = path.relative_to(corpus).with_suffix(".json")
        alone = JsonEmitter().emit(compile_file(str(path)))
        assert (out / relative).read_text(encoding="utf-8") == alone


def test_a_re_run_reuses_and_force_recompiles(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 4)
    out = tmp_path / "out"
    run(["compile", str(folder), "-o", str(out), "--jobs", "1"])
    first = manifest(out)
    assert not any(line.get("reused") for line in first)
    _, err = run(["compile", str(folder), "-o", str(out), "--jobs", "1"])
    second = manifest(out)
    compiled = [line for line in second if line["status"] in ("ok", "errors")]
    assert compiled and all(line.get("reused") for line in compiled)
    assert "reused from the previous run" in err
    changed = folder / "shelf0" / "cmsi-2003-10.txt"
    changed.write_text(TEXT.replace("Series 2003-2", "Series 2003-99"), encoding="utf-8")
    run(["compile", str(folder), "-o", str(out), "--jobs", "1"])
    third = {str(line["input"]): line for line in manifest(out)}
    assert not third[str(changed)].get("reused")
    run(["compile", str(folder), "-o", str(out), "--jobs", "1", "--force"])
    assert not any(line.get("reused") for line in manifest(out))


def test_single_files_and_globs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    made = make_corpus(folder, 3)
    out = tmp_path / "out"
    code, _ = run(["compile", str(made[0]), str(made[1]), "-o", str(out)])
    assert code == 0
    assert sorted(p.name for p in out.glob("*.json")) == sorted(
        p.with_suffix(".json").name for p in made[:2])
    out2 = tmp_path / "out2"
    code, _ = run(["compile", str(folder / "shelf*" / "*.txt"), "-o", str(out2)])
    assert code == 0 and len(list(out2.rglob("*.json"))) == 3


def test_the_sqlite_store(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 20)
    for bad in (folder / "bad").iterdir():
        bad.unlink()
    database = tmp_path / "deals.db"
    code, _ = run(["compile", str(folder), "--to", "sqlite", "-o", str(database)])
    assert code == 0
    connection = sqlite3.connect(database)
    rows = dict(connection.execute("SELECT pool_id = 'all', COUNT(*) FROM pools GROUP BY 1"))
    assert rows == {0: 40, 1: 20}
    assert connection.execute("SELECT COUNT(*) FROM filings").fetchone() == (20,)
    assert connection.execute(
        "SELECT wac_pct FROM pools WHERE pool_id = 'I' LIMIT 1").fetchone() == ("6.298",)
    where = compile_file(SEED).provenance["/deal/loss_limits/bankruptcy"]
    assert connection.execute(
        "SELECT value, line, column FROM facts WHERE pointer = '/deal/loss_limits/bankruptcy' "
        "LIMIT 1").fetchone() == ("225000.00", where.line, where.column)
    connection.close()
    # A re-run (even forced) updates the rows instead of adding more.
    run(["compile", str(folder), "--to", "sqlite", "-o", str(database), "--force"])
    connection = sqlite3.connect(database)
    assert connection.execute("SELECT COUNT(*) FROM pools").fetchone() == (60,)
    connection.close()


def test_dask_gives_the_same_outputs(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    folder = tmp_path / "in"
    make_corpus(folder, 12)
    (folder / "bad" / "huge.txt").unlink()
    local, distributed = tmp_path / "local", tmp_path / "dask"
    run(["compile", str(folder), "-o", str(local), "--jobs", "2"])
    code, err = run(["compile", str(folder), "-o", str(distributed), "--jobs", "2",
                     "--engine", "dask"])
    assert code == 1, err  # the bad inputs
    strip = [{k: v for k, v in line.items() if k != "seconds"} for line in manifest(local)]
    assert [{k: v for k, v in line.items() if k != "seconds"}
            for line in manifest(distributed)] == strip
    for path in local.rglob("*.json"):
        if path.name != "manifest.jsonl":
            assert (distributed / path.relative_to(local)).read_bytes() == path.read_bytes()
