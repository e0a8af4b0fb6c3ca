"""The manifest reaches the disk in groups, and its compacted form in one durable write.

Each line is flushed as its input finishes (it survives the run being killed);
the lines written since the run last waited for its workers are synced
together before it waits again (they survive the machine going down); the
manifest a run compacts at its end is synced before it replaces the journal.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dealc.compiler.driver import batch, journal, outputs

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")


def corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for index in range(count):
        (folder / f"f{index:02}.txt").write_text(
            TEXT.replace("Series 2003-2", f"Series 2003-{index + 10}"), encoding="utf-8")


def test_lines_are_synced_in_groups_as_the_run_goes(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    corpus(tmp_path / "in", 6)
    settings = batch.Settings(target="json", output=str(tmp_path / "out"))
    manifest = batch.manifest_path(settings)
    synced: list[int] = []  # lines in the journal at each sync

    def datasync(descriptor: int) -> None:
        synced.append(len(manifest.read_text(encoding="utf-8").splitlines()))
        os.fsync(descriptor)

    monkeypatch.setattr(journal, "_datasync", datasync)
    jobs = batch.plan(batch.discover([str(tmp_path / "in")]), settings, ".json")
    lines = batch.run(jobs, settings, workers=2)
    assert len(lines) == 6
    assert synced == sorted(synced) and synced[-1] == 6  # nothing left unsynced at the end
    assert len(synced) == len(set(synced)) <= 6  # a sync covers the lines since the last one


def test_a_durable_write_syncs_the_file_and_its_folder(tmp_path: Path,
                                                       fsyncs: list[int]) -> None:
    outputs.write(tmp_path / "plain.json", "{}")
    assert fsyncs == []  # outputs are not synced: docs/guarantees.md
    outputs.write(tmp_path / "manifest.jsonl", "{}\n", durable=True)
    assert len(fsyncs) == 2  # the new content, then the folder's entry for the rename
    assert (tmp_path / "manifest.jsonl").read_text() == "{}\n"


def test_closing_the_journal_writes_the_compacted_manifest_durably(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    real = outputs.write

    def write(path: Path | str, content: str | bytes, durable: bool = False) -> None:
        asked.append(durable)
        real(path, content, durable)

    monkeypatch.setattr(journal, "write", write)
    journal.Journal(tmp_path / "manifest.jsonl").close()
    assert asked == [True]
