import pickle
from dataclasses import replace

import pytest

from kg.errors import OffsetError
from kg.model import LOCAL_MARK, Document, Entity, Key, Mention, Relation, Sentence


def test_mention_check_accepts_exact_offsets():
    Mention(2, 5, "PER", "习近平").check("昨天习近平来到")


@pytest.mark.parametrize("start, end, text", [(0, 3, "习近平"), (5, 9, "来到"), (3, 2, "近")])
def test_mention_check_rejects_wrong_offsets(start, end, text):
    with pytest.raises(OffsetError):
        Mention(start, end, "PER", text).check("昨天习近平来到")


def test_sentence_of_finds_the_containing_sentence():
    doc = Document("d", "一句。二句。", sentences=(Sentence(0, 3), Sentence(3, 6)))
    assert doc.sentence_of(4) == Sentence(3, 6)
    assert doc.sentence_of(0) == Sentence(0, 3)
    with pytest.raises(OffsetError):
        Document("d", "一句。  ", sentences=(Sentence(0, 3),)).sentence_of(4)


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize("text, kind, name, local", [
    ("person/习近平", "person", "习近平", False),
    ("organization/中国共产党", "organization", "中国共产党", False),
    ("place/北京市", "place", "北京市", False),
    ("role/总理", "role", "总理", False),
    ("time/date/2020-01-08", "time", "date/2020-01-08", False),
    (f"organization/省委{LOCAL_MARK}doc-1", "organization", "省委", True),
    ("e12", "", "e12", False),  # an event or quantity id: no kind
])
def test_key_parts(text, kind, name, local):
    key = Key(text)
    assert (key.kind, key.name, key.is_local) == (kind, name, local)


def test_key_rest_keeps_the_local_mark():
    assert Key("organization/省委@doc-1").rest == "省委@doc-1"
    assert Key("person/习近平").rest == "习近平"


def test_only_organizations_are_document_local():
    # an @ in another kind's name is part of the name
    assert not Key("person/张@三").is_local and Key("person/张@三").name == "张@三"


def test_key_of_builds_the_string():
    assert Key.of("place", "北京市") == "place/北京市"
    assert type(Key.of("place", "北京市")) is Key
    local = Key.of("organization", "省委", doc="doc-1")
    assert local == "organization/省委@doc-1" and local.is_local and local.name == "省委"


def test_key_is_its_string():
    key = Key("person/习近平")
    assert key == "person/习近平" and "person/习近平" == key
    assert hash(key) == hash("person/习近平")
    assert {"person/习近平": 1}[key] == 1 and {key: 1}["person/习近平"] == 1
    assert str(key) == "person/习近平" and type(str(key)) is str
    assert repr(key) == repr("person/习近平")
    assert f"{key}" == "person/习近平"


def test_keys_sort_among_plain_strings():
    plain = ["place/北京市", "organization/中国共产党", "person/习近平", "time/gYear/2020", "e3"]
    mixed = [Key(k) if i % 2 else k for i, k in enumerate(plain)]
    assert sorted(mixed) == sorted(plain)
    assert max(mixed) == max(plain) and min(mixed) == min(plain)


def test_mentions_entities_and_relations_coerce_to_keys():
    m = Mention(0, 3, "PER", "习近平", ref="person/习近平")
    assert type(m.ref) is Key and m.ref_kind == "person"
    assert Mention(0, 3, "PER", "习近平").ref is None and Mention(0, 3, "PER", "习近平").ref_kind == ""
    assert type(replace(m, ref="person/李克强").ref) is Key
    assert type(Entity("place/北京市", "place", "City", "北京市").key) is Key
    rel = Relation("membership", "person/习近平", "organization/中国共产党")
    assert type(rel.subject) is Key and rel.object.kind == "organization"
    assert m == Mention(0, 3, "PER", "习近平", ref=Key("person/习近平"))


def test_keys_survive_pickling():
    key = Key.of("organization", "省委", doc="d")
    again = pickle.loads(pickle.dumps(key))
    assert type(again) is Key and again == key and again.is_local
    doc = Document(
        "d", "习近平在北京。", sentences=(Sentence(0, 7),),
        mentions=(Mention(0, 3, "PER", "习近平", ref="person/习近平"), Mention(4, 6, "GPE", "北京", ref="place/北京市")),
        entities=(Entity("person/习近平", "person", "Person", "习近平"),),
        relations=(Relation("location", "person/习近平", "place/北京市", (Sentence(0, 7),)),),
    )
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(doc, protocol))
        assert back == doc
        assert type(back.mentions[0].ref) is Key and type(back.entities[0].key) is Key
        assert type(back.relations[0].object) is Key


def test_documents_pickled_with_plain_string_refs_load_with_keys():
    """A store's document cache written before refs were keys."""
    m = Mention(0, 3, "PER", "习近平", ref="person/习近平")
    object.__setattr__(m, "ref", "person/习近平")  # as an older kg pickled it
    e = Entity("person/习近平", "person", "Person", "习近平")
    object.__setattr__(e, "key", "person/习近平")
    m2, e2 = pickle.loads(pickle.dumps((m, e)))
    assert type(m2.ref) is Key and m2.ref_kind == "person" and type(e2.key) is Key
