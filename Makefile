# Two commands do all the set-up on a fresh machine:
#   make demo   install kg into .venv and build the demo article's graph, stats and pages under out/
#   make test   install kg with its test dependencies (no torch) into .venv and run the tests that train no network
#   make test-train   also install the `train` extra (torch's CPU build, onnx) and run the tests that train networks
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DEMO    = data/demo-article-2020-epidemic-response.txt

.PHONY: install install-train demo test test-train bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# torch and onnx, for the tests that train small networks (`kg train ner --neural`, events, relations)
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

test: install
	$(BIN)/pytest -q -m "not training"

test-train: install-train
	$(BIN)/pytest -q -m training

# a subset of every benchmark (the README's figures come from the full runs, see "Benchmarks")
bench: install
	$(BIN)/python benchmarks/ner_speed.py
	$(BIN)/python benchmarks/event_speed.py
	$(BIN)/python benchmarks/query_stores.py --sizes 10000,100000
	$(BIN)/python benchmarks/corpus_build.py --quick

clean:
	rm -rf out .pytest_cache
