"""The README's examples run as written after `make demo` (issue 22).

Every ```console block of README.md (then of docs/*.md, in name order) is read
line by line:

* a line starting with ``$ `` is a command; it goes on over the next lines
  while its quotes are open or it ends with a backslash;
* the lines after a command, up to the next command, are its shown output;
  when that output starts with ``Error:``, the command must fail (non-zero
  exit) and print that line on stderr; any other command must exit 0;
* a command ending with `` &`` starts a server: the test starts it, waits
  until its port answers and stops it at the end (after every command ran).

The commands run with bash, in order, in one temporary directory that holds a
copy of ``data/`` and the ``out/`` that `make demo` writes (the Makefile's demo
recipe, run here), with the venv's ``bin`` first on PATH, as the README tells
the user to set it. Earlier examples make the files later ones read
(``articles/``, ``stories.jsonl.gz``, ``out/graph.trig``).

Departures from "as written", kept few: the ports 7878 and 7879 are replaced
by free ones, so that two runs of the suite on one machine do not collide.
Blocks that are not ``console`` (``sh``, ``text``, ``sparql``, ``python``) are
not run: the set-up commands (``make demo``, ``make test``) and what needs
machines the test does not have (a Dask cluster) are written there.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
README_PORTS = ("7878", "7879")
COMMAND_TIMEOUT = 900
SERVER_START = 180


@dataclass
class Example:
    source: str
    line: int
    command: str
    output: list[str] = field(default_factory=list)

    @property
    def expected_error(self) -> str | None:
        first = next((o for o in self.output if o.strip()), "")
        return first.strip() if first.startswith("Error:") else None

    @property
    def background(self) -> bool:
        return self.command.rstrip().endswith("&")


def _complete(command: str) -> bool:
    if command.rstrip().endswith("\\"):
        return False
    try:
        shlex.split(command, comments=True)
    except ValueError:
        return False
    return True


def console_examples(path: Path) -> list[Example]:
    """The commands of the ```console blocks of PATH, with their shown output."""
    examples: list[Example] = []
    in_console = False
    pending: Example | None = None
    current: Example | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fence = line.strip()
        if fence.startswith("```"):
            in_console = not in_console and fence == "```console"
            current = pending = None
            continue
        if not in_console:
            continue
        if pending is not None:
            pending.command += "\n" + line
            if _complete(pending.command):
                examples.append(pending)
                current, pending = pending, None
            continue
        if line.startswith("$ "):
            example = Example(path.name, number, line[2:])
            if _complete(example.command):
                examples.append(example)
                current = example
            else:
                pending = example
        elif current is not None:
            current.output.append(line)
    assert pending is None, f"{path.name}: unterminated command at line {pending.line}"
    return examples


def all_examples() -> list[Example]:
    paths = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [e for p in paths if p.exists() for e in console_examples(p)]


def demo_commands() -> list[str]:
    """The Makefile's `demo` recipe, as shell commands for a directory holding data/."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = re.search(r"^DEMO\s*=\s*(\S+)", makefile, re.M).group(1)
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    commands = []
    for raw in recipe.splitlines():
        line = raw.strip()
        if line.startswith("@"):
            continue
        commands.append(line.replace("$(BIN)/", "").replace("$(DEMO)", demo))
    return commands


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode} before listening")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise AssertionError(f"{what} did not listen on port {port} within {SERVER_START} s")


def test_console_parser_reads_commands_outputs_and_continuations(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "text\n```console\n$ kg a 'x\ny'\nout 1\n$ kg b\nError: bad\n```\n"
        "```sh\n$ kg not-run\n```\n```console\n$ kg serve g --port 7878 &\n```\n",
        encoding="utf-8")
    examples = console_examples(page)
    assert [e.command for e in examples] == ["kg a 'x\ny'", "kg b", "kg serve g --port 7878 &"]
    assert examples[0].output == ["out 1"] and examples[0].expected_error is None
    assert examples[1].expected_error == "Error: bad"
    assert examples[2].background


def test_makefile_demo_recipe_is_read():
    commands = demo_commands()
    assert any(c.startswith("kg build data/") for c in commands)
    assert all("$(" not in c for c in commands)


def test_readme_is_short_and_its_examples_cover_the_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 400
    commands = {m for e in all_examples() for m in re.findall(r"(?:^|\| )kg (\w+)", e.command)}
    for name in ("build", "validate", "entities", "query", "store", "serve", "load",
                 "export", "stats", "path", "viz", "timeline", "events", "relations", "ner"):
        assert name in commands, f"README has no runnable `$ kg {name}` example"


def test_readme_examples_run_after_make_demo(tmp_path):
    work = tmp_path / "demo"
    work.mkdir()
    shutil.copytree(ROOT / "data", work / "data")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("KG_TEST_TAGGER", None)
    for command in demo_commands():
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                              text=True, timeout=COMMAND_TIMEOUT)
        assert done.returncode == 0, f"make demo step {command!r} failed:\n{done.stderr}"

    ports = {p: str(_free_port()) for p in README_PORTS}
    servers: list[subprocess.Popen] = []
    failures: list[str] = []
    try:
        for example in all_examples():
            command = example.command
            for old, new in ports.items():
                command = command.replace(old, new)
            where = f"{example.source}:{example.line}: $ {example.command}"
            if example.background:
                process = subprocess.Popen(["bash", "-c", f"exec {command.rstrip()[:-1]}"], cwd=work,
                                           env=env, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL, start_new_session=True)
                servers.append(process)
                port = int(re.findall(r"(?:--port\s+|:)(\d{4,5})\b", command)[-1])
                _wait_for_port(port, process, where)
                continue
            done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env,
                                  capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
            error = example.expected_error
            if error is None and done.returncode != 0:
                failures.append(f"{where}\n  exit {done.returncode}: {done.stderr.strip()[-2000:]}")
            elif error is not None and (done.returncode == 0 or error not in done.stderr):
                failures.append(f"{where}\n  expected to fail with {error!r}; exit "
                                f"{done.returncode}, stderr: {done.stderr.strip()[-2000:]}")
    finally:
        for process in servers:
            if process.poll() is None:
                os.killpg(process.pid, 15)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
    assert not failures, "README examples that do not run as written:\n" + "\n".join(failures)
