# pillid: the two commands a newcomer needs (see README.md).
#
#   make serve   install what is missing, build the app, serve it on
#                http://127.0.0.1:8080
#   make test    install what is missing, then formatting, lints (host and
#                wasm32), the API docs with warnings denied, native tests and
#                real-browser tests; it leaves the working tree unchanged
#
# Smaller steps: make dist (release build + sizes), make size, make install.
# make screenshots: refresh the two screenshots in docs/ that the README shows.
# make outdated: direct dependencies with a newer release (report only).
# make bench: pillid against Fuse.js in headless Chromium, then pillid on a
# CPU slowed down 4× and 6×, then Lighthouse (README, Benchmark);
# PILLID_BENCH_ONLY=slow_cpu make bench runs only the slow-CPU part;
# make lighthouse: only Lighthouse, on the current dist/.
# make static-page: rewrite the copy of the app's first page in index.html.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO_HOME ?= $(HOME)/.cargo
# wasm-opt comes from npm (tools/), trunk and wasm-bindgen from cargo install.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(CARGO_HOME)/bin:$(PATH)
# trunk must never download a tool or check for updates.
TRUNK := trunk --offline=true --skip-version-check
WASM_TARGET := wasm32-unknown-unknown
ADDRESS := 127.0.0.1
PORT := 8080

.PHONY: help serve test dist build size install install-build install-test \
        fmt lint doc test-native test-browser fetch fuzz-check screenshots outdated \
        photos icons

help:
	@echo "make serve   build the app and serve it on http://$(ADDRESS):$(PORT)"
	@echo "make test    formatting, lints, docs, native tests and browser tests"
	@echo "make dist    release build into dist/, then print its sizes"
	@echo "make size    print the gzipped size of dist/*.wasm and dist/*.js"
	@echo "make screenshots  refresh docs/screenshot*.png from the browser tests"
	@echo "make outdated  list direct dependencies with a newer release"
	@echo "make photos  convert NLM's photos to assets/photos/*.webp (committed)"
	@echo "make icons   render assets/icon.svg as the PNG icons (committed)"

install-build:
	scripts/install.sh build

install-test install:
	scripts/install.sh test

# NLM's tablet photos (data/nlm-rximage/photos/) as the WebP files the app
# serves (assets/photos/); the output is committed, so only a change of
# photo or options needs this. cwebp comes from Debian, version-checked.
photos:
	scripts/install.sh photos
	scripts/photos.sh

# The PNG icons of the web app manifest (assets/icon-*.png), rendered from
# assets/icon.svg; committed, so only a change of the SVG needs this.
# rsvg-convert comes from Debian, version-checked.
icons:
	scripts/install.sh icons
	scripts/icons.sh

# trunk builds with `cargo --offline`: fetch the crates first.
fetch:
	cargo fetch --locked

serve: install-build fetch
	$(TRUNK) serve --release --address $(ADDRESS) --port $(PORT)

dist: install-build fetch
	$(TRUNK) build --release
	@scripts/size.sh dist

build: dist

size:
	@scripts/size.sh dist

fmt:
	cargo fmt --check
	cargo fmt --check --manifest-path fuzz/Cargo.toml

lint:
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --target $(WASM_TARGET) --lib --bins -- -D warnings
	cargo clippy --manifest-path fuzz/Cargo.toml --target-dir target -- -D warnings

# The API docs, with every rustdoc warning (a broken intra-doc link, say)
# an error: for the host, and for wasm32, where the app and the benchmark
# page's entry points are compiled.
doc:
	RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps
	RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --target $(WASM_TARGET)

# Builds the fuzz targets (fuzz/, cargo-fuzz on stable) and runs each briefly
# on its seeds, so they cannot rot. Fuzz for longer: see scripts/fuzz-check.sh.
fuzz-check:
	scripts/fuzz-check.sh

test-native:
	cargo test --locked

# Needs dist/ (the release build the browser loads). Every tests/browser*.rs
# file: one per part of the page (tests/support/ holds what they share).
test-browser:
	cargo test --locked --test 'browser*' -- --ignored --test-threads=1

# Direct dependencies with a newer release on crates.io. Only reports: it
# never fails and never writes Cargo.lock (see scripts/outdated.sh).
outdated:
	@scripts/outdated.sh

test: install-test
	$(MAKE) --no-print-directory fmt lint doc test-native fuzz-check dist test-browser outdated

# The browser tests save screenshots under target/screenshots/ only; this
# copies the two that the README shows into docs/ (tracked files: commit
# them when they change on purpose).
SCREENSHOTS := $(or $(CARGO_TARGET_DIR),target)/screenshots
screenshots: install-test
	$(MAKE) --no-print-directory dist
	cargo test --locked --test browser -- --ignored --exact \
	  typing_an_imprint_shows_the_tablet_or_says_plainly_that_nothing_matches
	cp $(SCREENSHOTS)/desktop-match.png docs/screenshot.png
	cp $(SCREENSHOTS)/phone-possible.png docs/screenshot-phone.png

.PHONY: bench

# Builds the app and the benchmark page (bench/), then runs pillid and
# Fuse.js side by side in one headless Chromium, then pillid alone under
# CPU throttling (4×, 6×), and writes both tables into README.md. Takes
# several minutes: Fuse.js at 100,000 products is slow.
# PILLID_BENCH_ONLY=slow_cpu (or fusejs) runs one part (scripts/bench.sh).
bench: install-test fetch
	$(MAKE) --no-print-directory dist
	scripts/bench.sh

.PHONY: lighthouse static-page

# Lighthouse (npm, tools/) with Debian's Chromium on dist/, phone and
# desktop; writes the scores into README.md (scripts/lighthouse.mjs).
# About five minutes. Needs dist/ (make dist).
lighthouse: install-test
	node scripts/lighthouse.mjs

# index.html carries a copy of the app's first page, shown until the
# WebAssembly module arrives (src/ui/static_page.rs). tests/static_page.rs
# fails when it differs from what the app renders; this rewrites it from
# the app's own markup. Commit the result.
static-page:
	PILLID_WRITE_STATIC_PAGE=1 cargo test --locked --test static_page

.PHONY: other-medicines

# data/other-medicines.tsv: NLM's RxImage record (data/nlm-rximage/) without
# its baclofen rows, cut to the columns pillid uses. A test
# (catalog::others) derives the same in Rust and fails when they differ.
other-medicines:
	awk -F'\t' -v OFS='\t' 'NR == 1 || (tolower($$4) !~ /baclofen/ && tolower($$15) !~ /baclofen/) { print $$1, $$2, $$4, $$5, $$6, $$7, $$10, $$11, $$12, $$13, $$14, $$18, $$20 }' data/nlm-rximage/rximage.tsv > data/other-medicines.tsv
