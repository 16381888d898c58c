# Two commands do all the set-up on a fresh machine:
#   make demo   install kg into .venv and build the demo article's graph, stats and pages under out/
#   make test   install kg with its test and training dependencies into .venv and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DEMO    = data/demo-article-2020-epidemic-response.txt

.PHONY: install install-train demo test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# torch and onnx, for the test that trains a small network (`kg train ner --neural`)
install-train: $(VENV)/.installed-train

$(VENV)/.installed-train: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,train]'
	touch $@

demo: install
	mkdir -p out
	$(BIN)/kg build $(DEMO) -o out/graph.ttl
	$(BIN)/kg validate out/graph.ttl
	$(BIN)/kg stats out/graph.ttl > out/stats.txt
	$(BIN)/kg viz out/graph.ttl -o out/graph.html
	$(BIN)/kg timeline out/graph.ttl -o out/timeline.html
	@echo "demo written to out/: graph.ttl stats.txt graph.html timeline.html"

test: install-train
	$(BIN)/pytest -q

bench: install
	$(BIN)/python benchmarks/ner_speed.py
	$(BIN)/python benchmarks/event_speed.py
	$(BIN)/python benchmarks/query_stores.py --sizes 10000,100000

clean:
	rm -rf out .pytest_cache
