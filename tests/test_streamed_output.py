"""Outputs written as they are made: the JSON emitter hands its text out in chunks, and
every output still replaces its file atomically, or not at all.

The chunks must join to exactly what `JsonEmitter.emit` returns, and to what a plain
recursive writer makes of the document (on the seed, the fixtures, generated filings and
a large filing, with the chunk size made tiny so that every place the writer hands out
text is exercised); an exception part-way leaves the old file (or none) and no
temporary file; a durable write still syncs.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import dealc.emitters
from dealc.compiler import CompiledFiling, ast, compile_file, compile_text, plain
from dealc.compiler.driver import batch, cli, outputs
from dealc.compiler.driver.manifest import Status
from dealc.compiler.plain import document
from dealc.emitters import EmitError, StreamingEmitter, TextSink
from dealc.emitters import json_emitter as module
from dealc.emitters.json_emitter import JsonEmitter, dumps
from dealc.emitters.markdown import MarkdownEmitter

from .conftest import FIXTURES, SEED
from .strategies import filings
from .test_json_writer import TEXT, locations, reference

TINY = [(1, 1), (16, 7), (module.CHUNK_PIECES, module.ENTRIES_AT_ONCE)]


class Recorder:
    """A text stream that keeps each write apart."""

    def __init__(self) -> None:
        self.chunks: list[str] = []

    def write(self, text: str) -> int:
        self.chunks.append(text)
        return len(text)


def chunks(filing: CompiledFiling) -> list[str]:
    recorder = Recorder()
    JsonEmitter().emit_to(filing, recorder)
    return recorder.chunks


@pytest.fixture
def sizes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The writer's chunk size and provenance batch set to the parameter."""
    pieces, entries = request.param
    monkeypatch.setattr(module, "CHUNK_PIECES", pieces)
    monkeypatch.setattr(module, "ENTRIES_AT_ONCE", entries)
    yield


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{outputs.TEMPORARY_PREFIX}*{outputs.TEMPORARY_SUFFIX}"))


# ------------------------------------------------------------------ the JSON writer
def test_the_json_emitter_streams_and_the_others_need_not() -> None:
    assert isinstance(JsonEmitter(), StreamingEmitter)
    assert not isinstance(MarkdownEmitter(), StreamingEmitter)


@pytest.mark.parametrize("sizes", TINY, indirect=True, ids=str)
@pytest.mark.parametrize(
    "path", [SEED, *sorted(FIXTURES.glob("*/*.txt"))], ids=lambda p: Path(p).name)
def test_the_chunks_join_to_what_emit_returns(path: Path, sizes: None) -> None:
    filing = compile_file(path)
    written = chunks(filing)
    assert "".join(written) == JsonEmitter().emit(filing) == reference(document(filing)) + "\n"
    assert all(written)
    if module.CHUNK_PIECES == 1:
        assert len(written) > 10  # handed out at every place the writer checks


def test_the_seed_is_one_chunk() -> None:
    """A filing's output under `CHUNK_PIECES` pieces is written in one piece."""
    assert len(chunks(compile_file(SEED))) == 1


@given(filings(), st.dictionaries(TEXT, locations(), max_size=5),
       st.sampled_from(TINY))
def test_generated_filings_stream_as_they_emit(
        filing: ast.CompiledFiling, provenance: dict[str, ast.Location],
        size: tuple[int, int]) -> None:
    filing = attrs.evolve(filing, provenance=provenance)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "CHUNK_PIECES", size[0])
        patch.setattr(module, "ENTRIES_AT_ONCE", size[1])
        written = "".join(chunks(filing))
        assert written == JsonEmitter().emit(filing) == reference(document(filing)) + "\n"


@pytest.mark.parametrize("sizes", TINY[:2], indirect=True, ids=str)
def test_a_location_of_other_types_streams_too(sizes: None) -> None:
    odd = ast.Location(True, 2, 3, 4, "x", (ast.Location(1, 2, 1, 3, "y"),) * 3)
    filing = compile_text("Nothing here.")
    filing = attrs.evolve(filing, provenance={"/a": odd, "/b": ast.Location(1, 1, 1, 2, "z")})
    written = "".join(chunks(filing))
    assert written == JsonEmitter().emit(filing) == reference(document(filing)) + "\n"


def test_a_large_filing_is_written_in_bounded_chunks() -> None:
    filing = compile_text(SEED.read_text(encoding="utf-8") * 40)
    written = chunks(filing)
    whole = JsonEmitter().emit(filing)
    assert "".join(written) == whole == reference(document(filing)) + "\n"
    assert len(whole) > 2_000_000
    assert len(written) > 8
    assert max(map(len, written)) < 1_000_000  # about 200 kB each; never the whole


def test_diagnostics_are_made_as_they_are_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long filing's diagnostics are not all made into dicts before the first is
    written: a chunk goes out while most are still to be made."""
    filing = compile_text(SEED.read_text(encoding="utf-8") * 40)
    assert len(filing.diagnostics) > 1000
    made: list[int] = []
    real = plain._diagnostic

    def counted(diagnostic: Any, of: CompiledFiling) -> dict[str, Any]:
        made.append(1)
        return real(diagnostic, of)

    made_when_written: list[int] = []

    class Watcher(Recorder):
        def write(self, text: str) -> int:
            made_when_written.append(len(made))
            return super().write(text)

    monkeypatch.setattr(plain, "_diagnostic", counted)
    watcher = Watcher()
    JsonEmitter().emit_to(filing, watcher)
    assert len(made) == len(filing.diagnostics)
    assert any(0 < count < len(made) // 2 for count in made_when_written)
    assert "".join(watcher.chunks) == reference(document(filing)) + "\n"


@pytest.mark.parametrize("sizes", TINY[:2], indirect=True, ids=str)
def test_dumps_is_the_same_in_small_chunks(sizes: None) -> None:
    data = document(compile_file(SEED))
    assert dumps(data) == reference(data)


# ------------------------------------------------------------------ outputs.writing
def test_an_exception_part_way_keeps_the_old_file_and_leaves_no_temporary(
        tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), outputs.writing(target) as out:
        out.write("new, ")
        out.write(b"and more")
        raise RuntimeError("stopped")
    assert target.read_text() == "old\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temporaries(tmp_path) == []


def test_an_exception_part_way_leaves_no_file_under_a_new_name(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out.json"
    with pytest.raises(KeyboardInterrupt), outputs.writing(target) as out:
        out.write("part")
        raise KeyboardInterrupt
    assert not target.exists()
    assert temporaries(target.parent) == []


def test_a_streamed_file_replaces_the_old_keeping_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    target.chmod(0o640)
    with outputs.writing(target) as out:
        out.write("é, ")
        assert target.read_text() == "old\n"  # nothing under the name until the end
        out.write(b"bytes\n")
    assert target.read_bytes() == "é, bytes\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temporaries(tmp_path) == []


def test_a_durable_streamed_write_syncs_the_file_and_its_folder(
        tmp_path: Path, fsyncs: list[int]) -> None:
    with outputs.writing(tmp_path / "plain.json") as out:
        out.write("{}\n")
    assert fsyncs == []
    with outputs.writing(tmp_path / "durable.json", durable=True) as out:
        out.write("{")
        out.write("}\n")
    assert len(fsyncs) == 2  # the new content, then the folder's entry for the rename
    assert (tmp_path / "durable.json").read_text() == "{}\n"


def test_a_failed_write_is_kept_apart_from_other_errors(tmp_path: Path) -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full here")
    with pytest.raises(OSError) as raised, outputs.writing(full) as out:
        out.write("x" * 100_000)
    assert raised.value is out.failure


# ------------------------------------------------------------------ the command line
def invoke(args: list[str]) -> tuple[int, str, bytes]:
    result = CliRunner().invoke(cli.main, args)
    return result.exit_code, result.stderr, result.stdout_bytes


def test_the_command_line_streams_to_a_file_and_to_standard_output(tmp_path: Path) -> None:
    expected = JsonEmitter().emit(compile_file(SEED)).encode("utf-8")
    code, _, _ = invoke(["compile", str(SEED), "-o", str(tmp_path / "out.json")])
    assert code == 0
    assert (tmp_path / "out.json").read_bytes() == expected
    code, _, stdout = invoke(["compile", str(SEED)])
    assert code == 0 and stdout == expected


def half_then(error: Exception) -> object:
    """An `emit_to` that writes part of the output, then raises ``error``."""

    def emit_to(self: JsonEmitter, filing: CompiledFiling, stream: TextSink) -> None:
        stream.write('{\n  "ast_version": 1,\n')
        raise error

    return emit_to


@pytest.mark.parametrize(("error", "status", "said"), [
    (ValueError("oops"), 3, "internal error in the json emitter: a bug in dealc"),
    (EmitError("no room for it"), 1, "cannot be written as json: no room for it"),
])
def test_an_emitter_failing_part_way_leaves_the_output_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, status: int,
        said: str) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    monkeypatch.setattr(JsonEmitter, "emit_to", half_then(error))
    code, stderr, _ = invoke(["compile", str(SEED), "-o", str(target)])
    assert code == status
    assert said in stderr
    assert target.read_text() == "old\n"
    assert temporaries(tmp_path) == []


def test_a_write_failing_part_way_is_said_as_such_not_as_a_bug() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    code, stderr, _ = invoke(["compile", str(SEED), "-o", "/dev/full"])
    assert code == 2
    assert "cannot write /dev/full: No space left on device" in stderr
    assert "internal error" not in stderr


# ------------------------------------------------------------------ batches
class RefusesPartWay(JsonEmitter):
    """Writes the start of its output, then finds it cannot express the filing."""

    def emit_to(self, filing: CompiledFiling, stream: TextSink) -> None:
        stream.write("{\n")
        raise EmitError("cannot say it")


def test_a_batch_output_is_streamed_and_a_refusal_part_way_keeps_the_old_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "in" / "seed.txt"
    source.parent.mkdir()
    source.write_bytes(SEED.read_bytes())
    settings = batch.Settings(target="json", output=str(tmp_path / "out"))
    [job] = batch.plan(batch.discover([str(source.parent)]), settings, ".json")
    line, _ = batch.compile_one((job, None), settings)
    written = tmp_path / "out" / "seed.json"
    assert line.status is Status.OK
    assert written.read_text(encoding="utf-8") == JsonEmitter().emit(compile_file(source))

    monkeypatch.setattr(dealc.emitters, "load", lambda name: RefusesPartWay())
    before = written.read_bytes()
    line, _ = batch.compile_one((job, None), attrs.evolve(settings, force=True))
    assert line.status is Status.ERRORS and line.message == "cannot say it"
    assert written.read_bytes() == before
    assert temporaries(written.parent) == []
