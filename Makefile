# Set-up is part of every target: on a fresh clone, with only Python 3.11+ (and make),
#   make generate   regenerates generated/ (python, typescript, docs) from spec/ (creating .venv on first use)
#   make test       runs everything CI runs (creating .venv on first use): the drift check, black and
#                   mypy --strict on the generated SDK and on the hand-written runtime, every test
#                   (the TypeScript SDK's prettier --check, tsc --strict and node --test among them,
#                   with typescript and prettier installed by `npm ci` from generated/typescript;
#                   and the contract tests against Prism, installed by `make prism`)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GENERATOR_READY := $(VENV)/.generator-installed
SDK_READY := $(VENV)/.sdk-installed
TS_PACKAGE := generated/typescript
NODE_READY := $(TS_PACKAGE)/node_modules/.sdkgen-installed

.PHONY: generate test check bench corpus fuzz clean prism node-tools

generate: $(GENERATOR_READY)
	$(BIN)/python -m generator generate
	$(BIN)/python -m generator.template_docs

RUNTIME := templates/python/package/_runtime

test: $(GENERATOR_READY) $(SDK_READY) node-tools prism
	$(BIN)/python -m generator check
	$(BIN)/python -m black --check --quiet generated/python $(RUNTIME)
	$(BIN)/python -m mypy --strict generated/python
	$(BIN)/python -m mypy --strict $(RUNTIME)
	$(BIN)/python -m pytest

check: $(GENERATOR_READY)
	$(BIN)/python -m generator check

bench: $(GENERATOR_READY) $(SDK_READY)
	$(BIN)/python benchmarks/call_overhead.py

# The corpus (../shared/specs and ../shared/specs/guru): generate, import, mypy --strict and the SDKs'
# own tests for each; rewrites docs/coverage.md and tightens tests/corpus_expected.json. `make test`
# runs the same corpus (tests/test_corpus.py) and fails when either is out of date.
corpus: $(GENERATOR_READY)
	$(BIN)/python -m tests.corpus --write-docs

# The hostile-document fuzzer beyond CI's fixed budget: random, FUZZ_EXAMPLES examples (default 400).
FUZZ_EXAMPLES ?= 400
fuzz: $(GENERATOR_READY)
	SDKGEN_FUZZ_LONG=1 SDKGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -s tests/test_fuzz.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache $(TS_PACKAGE)/node_modules $(TS_PACKAGE)/dist $(PRISM_DIR)/node_modules

# The mock server of the contract tests (tests/test_prism.py, and the corpus's Prism pass): Prism,
# pinned by tests/prism/package-lock.json, installed into tests/prism/node_modules (git-ignored)
# when node and npm are present; without them those tests are skipped, saying why.
PRISM_DIR := tests/prism
PRISM_READY := $(PRISM_DIR)/node_modules/.sdkgen-installed

prism:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory $(PRISM_READY); \
	else \
		echo "make: node or npm not found: the Prism contract tests will be skipped"; \
	fi

$(PRISM_READY): $(PRISM_DIR)/package.json $(PRISM_DIR)/package-lock.json
	cd $(PRISM_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(GENERATOR_READY): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sdkgen needs Python 3.11+, not " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The TypeScript SDK's pinned devDependencies (typescript, prettier), from its committed lock file.
# The TypeScript SDK's pinned typescript and prettier (generated/typescript's devDependencies), for its
# prettier --check, tsc --strict and node --test in tests/test_typescript.py; skipped without node.
node-tools:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory $(NODE_READY); \
	else \
		echo "make: node or npm not found: the TypeScript SDK's node checks will be skipped"; \
	fi

$(NODE_READY): $(TS_PACKAGE)/package-lock.json
	cd $(TS_PACKAGE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(SDK_READY): $(GENERATOR_READY) generated/python/pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e generated/python
	touch $@
