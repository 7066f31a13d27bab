# The two commands a new user runs: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
UNIT ?=

SHARD ?= 1/1
SHARDS ?= shards/*

.PHONY: site test serve clean validate sample lock bench setup shard merge browsers codeowners screenshots

$(STAMP): requirements/dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)  ## only install what the other commands need

site: $(STAMP)  ## build every unit's site into site/
	$(BIN)/congkhai build --data data --output site -j $(JOBS)

validate: $(STAMP)  ## check the data without building
	$(BIN)/congkhai validate --data data $(ARGS)

test: $(STAMP) browsers  ## check the style, then run the whole test suite on every core
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tests/axe_core.py >/dev/null
	$(BIN)/python -m pytest -n $(JOBS)

# The list filter's and the site search's JavaScript are tested under Node.js, the filter on a
# built page in headless Chromium too, and printed pages are read back from Chromium's PDF with
# pdftotext (Debian packages nodejs, chromium and poppler-utils). The WCAG tests run axe-core in
# Chromium: tests/axe_core.py fetches its pinned release from the npm registry, checked by SHA-512.
# tests/test_nginx.py serves a built tree with Debian's nginx on a loopback port (nginx-light);
# tests/test_rsync.py publishes one to a loopback target folder with rsync.
browsers:
	@command -v node >/dev/null 2>&1 || { apt-get install -y -q nodejs || \
	  (apt-get update -q && apt-get install -y -q nodejs); }
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { apt-get install -y -q --no-install-recommends chromium || \
	  (apt-get update -q && apt-get install -y -q --no-install-recommends chromium); }
	@command -v pdftotext >/dev/null 2>&1 || { apt-get install -y -q poppler-utils || \
	  (apt-get update -q && apt-get install -y -q poppler-utils); }
	@command -v rsync >/dev/null 2>&1 || { apt-get install -y -q --no-install-recommends rsync || \
	  (apt-get update -q && apt-get install -y -q --no-install-recommends rsync); }
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || \
	  { apt-get install -y -q --no-install-recommends nginx-light || \
	  (apt-get update -q && apt-get install -y -q --no-install-recommends nginx-light); }

# With UNIT=<code>: that unit is built again whenever a file of its data changes, and each build's
# problems are printed here (congkhai serve).
serve: $(STAMP)  ## preview at http://localhost:8000/: the whole tree, or one unit with UNIT=<code>
ifeq ($(UNIT),)
	$(MAKE) site
	@echo "Xem trước tại http://localhost:8000/ (Ctrl+C để dừng)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory site
else
	$(BIN)/congkhai serve --unit $(UNIT) --data data --output site --work build
endif

# The commit `make bench` builds side by side with this tree: the last before the current work.
BASELINE ?= df4e342

bench: $(STAMP)  ## build synthetic countries of 100 and 1,000 communes with this tree and BASELINE, and naively
	$(BIN)/python -m generator.tools.bench --communes 100 1000 -j $(JOBS) --baseline $(BASELINE)

shard: $(STAMP)  ## build one share of the communes into build/, e.g. SHARD=2/4 (see the country-sharded workflow)
	$(BIN)/congkhai build --data data --work build --shard $(SHARD) -j $(JOBS)

merge: $(STAMP)  ## put shards' build folders together (SHARDS=dirs) and build the rest into site/
	$(BIN)/congkhai merge $(SHARDS) --data data --output site --work build -j $(JOBS)

sample: $(STAMP)  ## regenerate the sample country in data/ (its README.md, the staff guide, stays)
	$(BIN)/congkhai sample --out data

screenshots: site  ## retake the staff guide's pictures (docs/can-bo/anh/) from the built sample
	$(BIN)/python -m generator.tools.screenshots --site site --out docs/can-bo/anh

# Who may change which folder of data/ on GitHub, from the owners: lists of the units' unit.yaml
OWNERS_DEFAULT ?= @congkhai-mau/ky-thuat
codeowners: $(STAMP)  ## write .github/CODEOWNERS from the units' owners: lists
	$(BIN)/congkhai codeowners --data data --default $(OWNERS_DEFAULT) $(ARGS)

lock: $(STAMP)  ## re-pin dependencies with hashes (pip-tools, pinned in the dev lock)
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o dev.lock dev.in \
	  && ../$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o runtime.lock runtime.in

clean:
	rm -rf site site.new site.old site.prev build .bench
