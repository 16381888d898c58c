import pytest

from kg.extract.aliases import is_abbreviation, load_alias_rules, normalize_name
from kg.gazetteer import gazetteer
from kg.extract.corpus_resolve import CorpusResolveStage
from kg.extract.resolve import ResolveStage, strip_titles
from kg.errors import ResourceError
from tests.extract.helpers import make_doc


def resolve(doc, rules=None):
    stage = ResolveStage(rules or load_alias_rules())
    return CorpusResolveStage(stage.rules)([stage(doc)])[0]


def entity(doc, key):
    return next(e for e in doc.entities if e.key == key)


@pytest.mark.parametrize(
    "name, expected",
    [("习近平总书记", ("习近平", ["总书记"])), ("习近平同志", ("习近平", [])),
     ("习近平主席", ("习近平", ["主席"])), ("王辰", ("王辰", [])), ("李克强总理", ("李克强", ["总理"]))],
)
def test_strip_titles(name, expected):
    assert strip_titles(name) == expected


def test_titles_and_honorifics_merge_into_one_person():
    doc = resolve(make_doc("习近平总书记强调。习近平主席指出。以习近平同志为核心。",
                           ("习近平总书记", "PER"), ("习近平主席", "PER"), ("习近平同志", "PER")))
    people = [e for e in doc.entities if e.kind == "person"]
    assert [p.label for p in people] == ["习近平"]
    assert set(people[0].aliases) == {"习近平总书记", "习近平主席", "习近平同志"}


def test_title_only_mention_resolves_to_its_holder_but_is_not_a_name():
    doc = resolve(make_doc("习近平总书记来到武汉。总书记走进医院。",
                           ("习近平", "PER"), ("总书记", "TITLE"), ("武汉", "LOC")))
    alone = [m for m in doc.mentions if m.text == "总书记" and m.start > 10]
    assert alone and alone[0].ref == "person/习近平"
    assert "总书记" not in entity(doc, "person/习近平").aliases
    assert "习近平总书记" in entity(doc, "person/习近平").aliases


def test_honorifics_are_names_but_not_roles():
    doc = resolve(make_doc("以习近平同志为核心。负责同志表示。", ("习近平", "PER")))
    assert "习近平同志" in entity(doc, "person/习近平").aliases
    assert not [m for m in doc.mentions if m.start > 9 and m.ref]


def test_ambiguous_title_is_left_alone():
    doc = resolve(make_doc("张三主任和李四主任开会。主任说。",
                           ("张三", "PER"), ("主任", "TITLE"), ("李四", "PER"), ("主任", "TITLE")))
    assert not [m for m in doc.mentions if m.start >= 12 and m.ref]


@pytest.mark.parametrize("short, full, cls", [("武汉", "武汉市", "City"), ("湖北", "湖北省", "Province"),
                                             ("广西", "广西壮族自治区", "Province"), ("朝阳区", "朝阳区", "County")])
def test_places_take_official_names(short, full, cls):
    doc = resolve(make_doc(f"{short}告急。{full}行动。", (short, "LOC"), (full, "LOC")))
    e = entity(doc, f"place/{full}")
    assert e.cls == cls and len([x for x in doc.entities if x.kind == "place"]) == 1


def test_county_short_forms_are_not_guessed():
    assert gazetteer().canonical("东湖") == "东湖"


@pytest.mark.parametrize("short, full", [("世卫组织", "世界卫生组织"), ("国家卫健委", "国家卫生健康委员会"),
                                        ("北大", "北京大学"), ("党中央", "中国共产党中央委员会")])
def test_organization_short_forms(short, full):
    doc = resolve(make_doc(f"{full}发布通知。{short}表示。", (full, "ORG"), (short, "ORG")))
    orgs = [e for e in doc.entities if e.kind == "organization"]
    assert [o.label for o in orgs] == [full] and short in orgs[0].aliases


def test_abbreviation_rule_is_general():
    assert is_abbreviation("省卫健委", "省卫生健康委员会")
    assert is_abbreviation("中科大", "中国科学技术大学")
    assert not is_abbreviation("中国", "中国工程院")
    assert not is_abbreviation("国务院", "国务院办公厅")


def test_abbreviations_merge_across_documents():
    stage = ResolveStage(load_alias_rules())
    a = stage(make_doc("国家卫生健康委员会派出专家组。", ("国家卫生健康委员会", "GOV"), doc_id="a"))
    b = stage(make_doc("国家卫健委通报疫情。", ("国家卫健委", "GOV"), doc_id="b"))
    a, b = CorpusResolveStage(stage.rules)([a, b])
    assert [e.key for e in b.entities] == ["organization/国家卫生健康委员会"]
    assert b.mentions[0].ref == "organization/国家卫生健康委员会"


def test_foreign_names_and_middle_dots():
    assert normalize_name("罗伯特•库恩") == normalize_name("罗伯特.库恩") == "罗伯特·库恩"
    doc = resolve(make_doc("罗伯特•库恩如是说。库恩认为。", ("罗伯特•库恩", "PER"), ("库恩", "PER")))
    people = [e for e in doc.entities if e.kind == "person"]
    assert [p.label for p in people] == ["罗伯特·库恩"] and "库恩" in people[0].aliases


def test_compound_place_names_are_split():
    doc = resolve(make_doc("习近平来到北京市朝阳区安华里社区。", ("习近平", "PER"), ("北京市朝阳区安华里社区", "LOC")))
    assert [m.text for m in doc.mentions if m.ref and m.ref.startswith("place/")] == ["北京市", "朝阳区", "安华里社区"]
    assert entity(doc, "place/安华里社区").cls == "Community"


def test_user_alias_file_forces_and_forbids(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("# mine\nsame\t川普\t特朗普\tperson\ndistinct\t北大\t北京大学\n", encoding="utf-8")
    rules = load_alias_rules(str(path))
    doc = resolve(make_doc("川普表示。特朗普说。北京大学和北大。", ("川普", "PER"), ("特朗普", "PER"),
                           ("北京大学", "ORG"), ("北大", "ORG")), rules)
    assert [e.label for e in doc.entities if e.kind == "person"] == ["特朗普"]
    assert {e.label for e in doc.entities if e.kind == "organization"} == {"北京大学", "北大"}


def test_bad_alias_file_names_the_line(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("merge\t甲\t乙\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="line 1"):
        load_alias_rules(str(path))


def test_merges_are_deterministic():
    text = "北京大学。北大。清华。清华大学。"
    tags = [("北京大学", "ORG"), ("北大", "ORG"), ("清华", "ORG"), ("清华大学", "ORG")]
    assert resolve(make_doc(text, *tags)) == resolve(make_doc(text, *tags))


def test_place_prefixed_organization_is_one_node():
    doc = resolve(make_doc("武汉火神山医院交付。火神山医院收治患者。", ("武汉火神山医院", "ORG"), ("火神山医院", "ORG")))
    orgs = [e for e in doc.entities if e.kind == "organization"]
    assert [o.label for o in orgs] == ["武汉火神山医院"] and "火神山医院" in orgs[0].aliases


def test_generic_names_are_not_merged_with_place_prefixed_ones():
    doc = resolve(make_doc("武汉市人民医院和人民医院。", ("武汉市人民医院", "ORG"), ("人民医院", "ORG")))
    assert len([e for e in doc.entities if e.kind == "organization"]) == 2


@pytest.mark.parametrize("text, tags", [("中美合作。", [("中", "LOC")]), ("呼吸科医生。", [("呼吸科", "PER")]),
                                        ("打好武汉保卫战。", [("武汉保卫战", "ORG")])])
def test_noise_mentions_are_dropped(text, tags):
    assert resolve(make_doc(text, *tags)).entities == ()


def test_generic_titles_do_not_resolve_to_a_person():
    doc = resolve(make_doc("美国中国问题专家罗伯特·库恩如是说。专家组赶赴武汉。",
                           ("美国", "LOC"), ("中国", "LOC"), ("专家", "TITLE"), ("罗伯特·库恩", "PER"), ("武汉", "LOC")))
    assert not [m for m in doc.mentions if m.text == "专家" and m.ref == "person/罗伯特·库恩" and m.start > 15]


def test_regions_and_international_organizations_are_not_countries():
    doc = resolve(make_doc("欧洲和欧盟。美国。", ("欧洲", "LOC"), ("欧盟", "LOC"), ("美国", "LOC")))
    classes = {e.label: (e.kind, e.cls) for e in doc.entities}
    assert classes["欧洲"] == ("place", "Region")
    assert classes["欧洲联盟"] == ("organization", "InternationalOrganization")
    assert classes["美国"] == ("place", "Country")


@pytest.mark.parametrize("text, surface, expected", [
    ("京津两地。", "京津", ["北京市", "天津市"]),
    ("京津冀协同发展。", "京津冀", ["京津冀"]),
    ("辽宁援助湖北。", "辽宁", ["辽宁省"]),
    ("港澳台同胞。", "港澳台", ["香港特别行政区", "澳门特别行政区", "台湾省"]),
])
def test_province_abbreviations_only_in_runs(text, surface, expected):
    doc = resolve(make_doc(text, (surface, "LOC")))
    assert [m.ref.split("/")[1] for m in doc.mentions if m.ref] == expected


def test_corpus_resolution_keeps_national_bodies_and_their_committees_apart():
    """Across articles, 国务院 is not 美国国务院, and 全国人民代表大会 is not its standing committee."""
    from kg.extract.corpus_resolve import CorpusResolveStage
    from kg.model import Document, Entity

    def doc(doc_id, *names):
        ents = tuple(Entity(f"organization/{n}", "organization", "Organization", n) for n in names)
        return Document(id=doc_id, text="。", entities=ents)

    docs = CorpusResolveStage()([doc("a", "国务院", "全国人民代表大会"),
                                 doc("b", "美国国务院", "全国人民代表大会常务委员会"),
                                 doc("c", "火神山医院"), doc("d", "武汉火神山医院")])
    keys = [sorted(e.key for e in d.entities) for d in docs]
    assert keys[0] == ["organization/全国人民代表大会", "organization/国务院"]
    assert keys[2] == ["organization/武汉火神山医院"]  # a city before the name: one hospital
