"""`kg store add` killed with SIGKILL mid-way: every document is left old or new, whole.

200 small documents are stored in version 0; then ten `kg store add`
processes, alternately adding version 1 and version 0 of all of them, are
killed at increasing delays spread over the later part of how long a full
add takes (the first part is start-up).  After
each kill the store opens and every document graph holds exactly one of its
two versions' triples (versions differ in values and in size)."""

import signal
import subprocess
import sys
import time

import pyoxigraph as ox

DOCS = 200
BASE = "http://kg.example.org/doc/"
P = "http://kg.example.org/ontology#p"


def version(path, v):
    """Document i of version v: 40 + 20 v triples whose values name i and v."""
    parts = ["<urn:kg:ontology> a <http://www.w3.org/2002/07/owl#Ontology> ."]
    for i in range(DOCS):
        iri = f"<{BASE}d{i}>"
        body = "\n".join(f'  {iri} <{P}> "d{i} v{v} {j}" .' for j in range(40 + 20 * v))
        parts.append(f"{iri} {{\n{body}\n}}")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def state(store_dir) -> dict[int, set[int]]:
    """Document number -> the versions its triples come from (a set of one when whole)."""
    store = ox.Store.read_only(str(store_dir))
    found, sizes = {}, {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(P), None, None):
        doc, v, _ = quad.object.value.split()
        i = int(doc[1:])
        found.setdefault(i, set()).add(int(v[1:]))
        sizes[i] = sizes.get(i, 0) + 1
    for i, versions in found.items():
        assert len(versions) == 1 and sizes[i] == 40 + 20 * next(iter(versions)), (i, versions, sizes[i])
    return found


def add(store_dir, path):
    return subprocess.Popen([sys.executable, "-m", "kg", "store", "add", str(store_dir), str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_during_add_leaves_each_document_old_or_new(tmp_path):
    store = tmp_path / "st"
    files = [version(tmp_path / "v0.trig", 0), version(tmp_path / "v1.trig", 1)]
    start = time.monotonic()
    assert add(store, files[0]).wait(120) == 0
    full = time.monotonic() - start  # start-up and writing, unkilled
    assert {i: {0} for i in range(DOCS)} == state(store)
    mixed = 0
    for kill in range(10):
        target = (kill + 1) % 2
        process = add(store, files[target])
        time.sleep(full * (0.4 + 0.07 * kill))  # start-up takes the first part
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        found = state(store)  # opens, and every document is whole
        assert sorted(found) == list(range(DOCS)), "a document went missing"
        mixed += len({v for versions in found.values() for v in versions}) == 2
    print(f"full add {full:.2f} s; {mixed} of 10 kills left both versions")
    assert mixed, "no kill landed while documents were being replaced"
    assert add(store, files[1]).wait(120) == 0  # the store is still writable
    assert {i: {1} for i in range(DOCS)} == state(store)
