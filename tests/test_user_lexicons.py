"""Users extend kg without editing it: `kg build --lexicon DIR`, the alias file's
`kind` line and `kg build --model FILE` (issue 22, item 4)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, Store

from kg.cli import main

PREFIXES = ("PREFIX kg: <http://kg.example.org/ontology#> PREFIX schema: <https://schema.org/> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
#: Fresh text, two genres: a shop opening (local business) and a neighbourhood sports day.
OPENING = ("本报讯（记者 周晓岚）5月18日上午，蓝鲸数科在青禾湾正式开业。活动由主持人海风主持。"
           "公司创始人岑望舒表示，三年内将招聘两百名工程师。\n")
SPORTS_DAY = "5月20日，青禾湾社区举办邻里运动会，主持人海风宣布比赛开始，岑望舒为获奖者颁奖。\n"
LEXICON = {
    "persons.txt": "# hosts and founders\n海风\n岑望舒\n",
    "organizations.tsv": "蓝鲸数科\tCompany\n",
    "places.tsv": "青禾湾\t宁波\n",
    "event_triggers.tsv": "开业\tEstablishment\tagent\t-\tnear\t-\n",
}
FAST = ("--events", "rules", "--relations", "rules", "-q")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(folder, files: dict):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def store_of(path):
    store = Store()
    store.load(path=str(path), format=RdfFormat.TURTLE)
    return store


def ask(store, where: str) -> bool:
    return store.query(PREFIXES + "ASK { " + where + " }")


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "opening.txt").write_text(OPENING, encoding="utf-8")
    (folder / "sports-day.txt").write_text(SPORTS_DAY, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    return write(tmp_path_factory.mktemp("mine") / "lexicon", LEXICON)


def build(tmp_path, inputs, *options, name="g.ttl"):
    out = tmp_path / name
    result = run("build", inputs, "-o", out, *FAST, *options)
    assert result.exit_code == 0, result.output
    return store_of(out)


USER_FACTS = {
    "person": '?p a kg:Person ; rdfs:label "海风"@zh .',
    "company": '?o a kg:Company ; rdfs:label "蓝鲸数科"@zh .',
    "place in parent": '?p rdfs:label "青禾湾"@zh ; schema:containedInPlace ?q . ?q rdfs:label "宁波市"@zh .',
    "trigger": '?e a kg:Establishment ; rdfs:label ?l . FILTER(CONTAINS(STR(?l), "开业"))',
}


@pytest.mark.parametrize("tagger", ["ner", "fast"])
def test_user_entries_take_effect_and_only_with_the_lexicon(tmp_path, articles, lexicon, tagger):
    plain = build(tmp_path, articles / "opening.txt", "--tagger", tagger, name="plain.ttl")
    mine = build(tmp_path, articles / "opening.txt", "--tagger", tagger, "--lexicon", lexicon)
    for what, where in USER_FACTS.items():
        assert ask(mine, where), what
        assert not ask(plain, where), what
    assert ask(mine, '?e kg:agent ?o . ?o rdfs:label "蓝鲸数科"@zh .')


def test_worker_processes_get_the_lexicon(tmp_path, articles, lexicon):
    one = tmp_path / "one.ttl"
    two = tmp_path / "two.ttl"
    for out, workers in ((one, "1"), (two, "2")):
        result = run("build", articles, "-o", out, *FAST, "--lexicon", lexicon, "--workers", workers)
        assert result.exit_code == 0, result.output
    assert one.read_bytes() == two.read_bytes()
    store = store_of(two)
    for what, where in USER_FACTS.items():
        assert ask(store, where), what
    contexts = store.query(PREFIXES + 'SELECT DISTINCT ?doc WHERE { ?p a kg:Person ; rdfs:label "海风"@zh . '
                           '?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?p ; '
                           '<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext> ?doc }')
    assert len(list(contexts)) == 2  # the host, in both articles


def test_a_later_lexicon_wins_and_a_user_trigger_replaces_a_packaged_one(tmp_path, articles, lexicon):
    other = write(tmp_path / "second", {"organizations.tsv": "蓝鲸数科\tEducationalOrganization\n",
                                        "event_triggers.tsv": "主持\tSpeech\tagent\t-\t-\t-\n"})
    store = build(tmp_path, articles / "opening.txt", "--lexicon", lexicon, "--lexicon", other)
    assert ask(store, '?o a kg:EducationalOrganization ; rdfs:label "蓝鲸数科"@zh .')
    assert not ask(store, '?o a kg:Company ; rdfs:label "蓝鲸数科"@zh .')


def test_the_python_api_takes_lexicons(lexicon):
    import kg

    graph = kg.build_text(OPENING, date="2024-05-18", lexicons=lexicon, events="rules", relations="rules")
    assert {"海风", "岑望舒"} <= {row["label"] for row in graph.entities(kind="Person")}
    assert "Company" in {row["class"].rsplit("#", 1)[-1] for row in graph.entities(kind="Organization")
                         if row["label"] == "蓝鲸数科"}


def test_the_options_key_changes_with_the_lexicons(lexicon, tmp_path):
    from kg.builder import build_options

    plain = build_options()
    mine = build_options(lexicons=lexicon)
    other = build_options(lexicons=write(tmp_path / "x", {"persons.txt": "海风\n"}))
    assert len({plain.key(), mine.key(), other.key()}) == 3
    assert build_options(lexicons=lexicon).key() == mine.key()


BAD = [
    ({"people.txt": "海风\n"}, "people.txt: not a lexicon kg reads; name the files persons.txt, organizations.tsv"),
    ({"organizations.tsv": "蓝鲸数科\tCompany\n星海\tBank\n"}, "organizations.tsv line 2: unknown class 'Bank'"),
    ({"organizations.tsv": "蓝鲸数科 Company\n"}, "organizations.tsv line 1: expected NAME<TAB>CLASS"),
    ({"places.tsv": "青禾湾\t不存在的地方\n"}, "places.tsv line 1: the parent '不存在的地方' is no place kg knows"),
    ({"persons.txt": "海\n"}, "persons.txt line 1: '海' is one character"),
    ({"persons.txt": "海风\n", "places.tsv": "# places\n海风\t宁波\n"},
     "places.tsv line 2: 海风 is also in"),
    ({"event_triggers.tsv": "开业\tGrandOpening\tagent\t-\tnear\t-\n"},
     "event_triggers.tsv line 1: unknown event class 'GrandOpening'"),
    ({"event_triggers.tsv": "开业\tOpening\tagent\t-\tnear\t-\n"},
     "event_triggers.tsv line 1: unknown role 'agent' for Opening"),
    ({"event_triggers.tsv": "开业\tEstablishment\tagent\n"}, "event_triggers.tsv line 1: expected WORD<TAB>CLASS"),
]


@pytest.mark.parametrize("files, message", BAD, ids=[m.split(":")[0] + str(i) for i, (_, m) in enumerate(BAD)])
def test_bad_lexicon_files_give_one_line_errors_and_no_output(tmp_path, articles, files, message):
    folder = write(tmp_path / "bad", files)
    out = tmp_path / "g.ttl"
    result = run("build", articles / "opening.txt", "-o", out, *FAST, "--lexicon", folder)
    assert result.exit_code != 0
    assert message in result.output
    assert result.output.strip().count("\n") == 0, result.output
    assert "; " in result.output  # then how to fix it
    assert not out.exists()


def test_an_undecodable_lexicon_and_a_missing_directory(tmp_path, articles):
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "persons.txt").write_bytes("海风\n".encode("gb18030"))
    result = run("build", articles / "opening.txt", "-o", tmp_path / "g.ttl", *FAST, "--lexicon", folder)
    assert result.exit_code != 0 and "persons.txt: not UTF-8 text; save it as UTF-8" in result.output
    result = run("build", articles / "opening.txt", "-o", tmp_path / "g.ttl", *FAST, "--lexicon", tmp_path / "no")
    assert result.exit_code != 0 and "no such directory" in result.output


def test_the_alias_file_fixes_a_kind(tmp_path, articles):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("# a host; a bay that is a company here\nkind\t海风\tperson\nkind\t青禾湾\torganization\n",
                       encoding="utf-8")
    plain = build(tmp_path, articles / "opening.txt", name="plain.ttl")
    store = build(tmp_path, articles / "opening.txt", "--aliases", aliases)
    assert not ask(plain, '?p a kg:Person ; rdfs:label "海风"@zh .')
    assert ask(store, '?p a kg:Person ; rdfs:label "海风"@zh .')
    assert ask(plain, '?p a kg:Place ; rdfs:label "青禾湾"@zh .')  # the tagger's reading
    assert ask(store, '?o a kg:Organization ; rdfs:label "青禾湾"@zh .')
    assert not ask(store, '?p a kg:Place ; rdfs:label "青禾湾"@zh .')


def test_a_bad_kind_line(tmp_path, articles):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("kind\t海风\tanimal\n", encoding="utf-8")
    result = run("build", articles / "opening.txt", "-o", tmp_path / "g.ttl", "--aliases", aliases)
    assert result.exit_code != 0
    assert "aliases.tsv line 1: unknown kind 'animal'; use one of person, organization, place" in result.output


@pytest.mark.parametrize("name, data, message", [
    ("ner.crfsuite", b"not a model", "is not a CRFsuite model; retrain it"),
    ("ner.onnx", b"\x08\x07", "ner.json (No such file or directory)"),
    ("ner.bin", b"", "not an NER model; give a .onnx network or a .crfsuite CRF"),
])
def test_a_bad_model_file_gives_a_clear_error(tmp_path, articles, name, data, message):
    model = tmp_path / name
    model.write_bytes(data)
    out = tmp_path / "g.ttl"
    result = run("build", articles / "opening.txt", "-o", out, "--model", model)
    assert result.exit_code != 0
    assert message in result.output and result.output.strip().count("\n") == 0, result.output
    assert not out.exists()


def test_build_with_a_model_file(tmp_path, articles):
    from kg.ner.tagger import BASE_MODEL
    from kg.resources import data_path

    store = build(tmp_path, articles / "opening.txt", "--model", data_path(*BASE_MODEL))
    assert ask(store, '?p a kg:Person ; rdfs:label "岑望舒"@zh .')
    result = run("build", articles / "opening.txt", "-o", tmp_path / "x.ttl", "--model", data_path(*BASE_MODEL),
                 "--tagger", "fast")
    assert result.exit_code != 0 and "leave out --tagger fast" in result.output
