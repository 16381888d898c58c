"""`kg build` through CliRunner: formats, determinism, inputs and bad input."""

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main



def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def short_article(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "短讯.txt"
    path.write_text(
        "2020年1月23日上午10时，武汉封城。次日，国务院总理李克强来到武汉市考察。\n"
        "世卫组织总干事谭德塞表示，世界卫生组织将派出专家组。\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("ext", ["ttl", "nt", "trig", "nq", "jsonld"])
def test_build_writes_every_format(tmp_path, short_article, ext):
    out = tmp_path / f"g.{ext}"
    result = run("build", str(short_article), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000
    assert "1 document(s)" in result.output


@pytest.mark.parametrize("tagger", ["fast", "crf"])
def test_build_with_the_faster_taggers(tmp_path, short_article, tagger):
    from pyoxigraph import Store

    out = tmp_path / f"{tagger}.ttl"
    result = run("build", str(short_article), "-o", str(out), "--tagger", tagger, "-q")
    assert result.exit_code == 0, result.output
    store = Store()
    store.load(path=str(out), format=__import__("pyoxigraph").RdfFormat.TURTLE)
    names = {row["name"].value for row in store.query(
        "PREFIX kg: <http://kg.example.org/ontology#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }")}
    assert {"李克强", "谭德塞"} <= names


def test_two_builds_are_byte_identical_across_hash_seeds(tmp_path, demo_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"demo-{seed}.trig"
        subprocess.run(
            [sys.executable, "-m", "kg", "build", "-q", str(demo_path), "-o", str(out)],
            check=True, env={"PYTHONHASHSEED": seed, "PATH": ""}, capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_stdin_and_directories(tmp_path, short_article):
    out = tmp_path / "stdin.ttl"
    result = run("build", "-", "-o", str(out), input="习近平主席同联合国秘书长古特雷斯通电话。")
    assert result.exit_code == 0 and "stdin-" in out.read_text(encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("武汉封城。", encoding="utf-8")
    (folder / "b.txt").write_text("湖北省中西医结合医院。", encoding="utf-8")
    result = run("build", str(folder), "-o", str(tmp_path / "dir.trig"))
    assert result.exit_code == 0 and "2 document(s)" in result.output


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("gbk.txt", "武汉封城。".encode("gbk"), "not UTF-8"),
    ],
)
def test_bad_input_one_line_error_and_no_output(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code != 0
    assert message in result.output and name in result.output
    assert result.output.strip().count("\n") == 0
    assert not out.exists() and not list(tmp_path.glob(".out.ttl*"))


def test_bad_extension_and_date(tmp_path, short_article):
    result = CliRunner().invoke(main, ["build", str(short_article), "-o", str(tmp_path / "g.xml")])
    assert result.exit_code != 0 and "unknown graph format" in result.output
    result = CliRunner().invoke(main, ["build", str(short_article), "--date", "May 1", "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_every_command_has_help_with_an_example():
    from kg.cli import COMMANDS

    for name in COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, name


def test_help_texts_print_as_written():
    """click prints help as written (a doubled %% would reach the user) and
    rewraps paragraphs not marked with \\b."""
    import click

    def walk(command, path):
        yield path
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), [*path, name])

    paths = list(walk(main, []))
    assert ["train", "relabel"] in paths and ["ner"] in paths
    for path in paths:
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0 and "%%" not in result.output, path
        # examples keep one command per line (click rewraps a paragraph without \b)
        assert not re.search(r"\S {2,}kg [a-z]", result.output), path


def test_progress_bar_on_stderr_for_many_files(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("武汉封城。", encoding="utf-8")
    out = tmp_path / "g.trig"
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0
    assert "Building [" in result.stderr and "3 document(s)" in result.stderr
    assert "Building [" not in result.stdout
    quiet = CliRunner().invoke(main, ["build", "-q", str(tmp_path), "-o", str(out)])
    assert "Building [" not in quiet.stderr


def test_a_no_break_space_before_a_name_builds(tmp_path):
    """Web text puts no-break spaces between sentences; a tagger may take one into
    the next name, which must not leave a mention outside every sentence."""
    path = tmp_path / "nbsp.txt"
    path.write_text("谁会想到呢?\u00a0展翼科技有限公司董事长张明表示，公司将扩大生产。\n", encoding="utf-8")
    out = tmp_path / "nbsp.ttl"
    result = run("build", str(path), "-o", str(out), "-q", "--events", "rules")
    assert result.exit_code == 0, result.output
    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.load(path=str(out), format=RdfFormat.TURTLE)
    anchors = {row["a"].value for row in store.query(
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
        "SELECT ?a WHERE { ?p a nif:Phrase ; nif:anchorOf ?a }")}
    assert "张明" in anchors and not any(a != a.strip() for a in anchors)


@pytest.mark.parametrize("base, why", [
    ("kg.example.org/", "no scheme"),
    ("http:///kg/", "no host"),
    ("http://example.org/kg#", "fragment"),
    ("http://example.org/my kg/", "forbid"),
])
def test_base_must_be_an_absolute_iri(tmp_path, short_article, base, why):
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(short_article), "-o", str(out), "--base", base])
    assert result.exit_code != 0 and why in result.output and "--base" in result.output
    assert result.output.strip().count("\n") == 0 and result.exception.__class__ is SystemExit
    assert not out.exists()


def test_base_without_a_slash_gets_one(tmp_path, short_article):
    out = tmp_path / "g.nt"
    result = run("build", str(short_article), "-o", str(out), "-q", "--base", "https://example.org/kg",
                 "--events", "rules", "--relations", "rules")
    assert result.exit_code == 0, result.output
    assert "<https://example.org/kg/doc/短讯>" in out.read_text(encoding="utf-8")


def test_directory_inputs_in_any_case_and_symlinks_outside_skipped(tmp_path):
    folder, outside = tmp_path / "articles", tmp_path / "private"
    folder.mkdir()
    outside.mkdir()
    (folder / "A.TXT").write_text("武汉封城。", encoding="utf-8")
    (folder / "b.Md").write_text("湖北省中西医结合医院。", encoding="utf-8")
    (outside / "secret.txt").write_text("机密。", encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    result = CliRunner().invoke(main, ["build", "-q", str(folder), "-o", str(tmp_path / "g.trig"),
                                       "--events", "rules", "--relations", "rules"])
    assert result.exit_code == 0, result.output
    assert "2 document(s)" in result.stderr
    assert "secret.txt skipped" in result.stderr and "outside" in result.stderr


def test_a_symlinked_output_is_written_through(tmp_path, short_article):
    real = tmp_path / "graphs" / "g.ttl"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "g.ttl"
    link.symlink_to(real)
    result = run("build", str(short_article), "-o", str(link), "-q", "--events", "rules", "--relations", "rules")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("@prefix")
    assert real.stat().st_mode & 0o777 == 0o640
