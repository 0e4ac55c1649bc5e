# listdigest - see README.md.  `make` builds ./listdigest (and its HTTP helper); `make check`
# runs every test; `make demo` installs what is missing (as root), builds
# and prints the report of a demo archive made from tests/data.
CC ?= cc
# listdigest links the first four; libcurl only the helper program
# listdigest-remote-http (src/remote/), run for URL inboxes, so that a
# run on a local archive loads 32 shared libraries fewer (README,
# Performance).
MAIN_PKGS = libgit2 gmime-3.0 zlib yajl
HTTP_PKGS = libcurl
PKGS = $(MAIN_PKGS) $(HTTP_PKGS)
PKG_CFLAGS := $(shell pkg-config --cflags $(MAIN_PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(MAIN_PKGS) 2>/dev/null)
HTTP_CFLAGS := $(shell pkg-config --cflags $(HTTP_PKGS) 2>/dev/null)
HTTP_LIBS := $(shell pkg-config --libs $(HTTP_PKGS) 2>/dev/null)
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wno-unused-parameter
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc $(WARN) $(CFLAGS) $(PKG_CFLAGS) -pthread
LIBS = $(PKG_LIBS) -pthread

# One folder per layer (see README, Architecture); objects mirror them
# under build/.  Dependencies on headers come from the compiler (-MMD -MP).
LAYERS = util classify mail source store report run render site cli
SRCS = $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
OBJS = $(SRCS:src/%.c=build/%.o)
CORE_OBJS = $(filter-out build/cli/%,$(OBJS))
HDRS = $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.h))
# the HTTP helper: its own main, util and libcurl (src/remote/remote_http.c)
HELPER = listdigest-remote-http
HELPER_OBJS = build/remote/remote_http.o $(filter build/util/%,$(OBJS))
DEPFLAGS = -MMD -MP

DEBIAN_PKGS = build-essential pkg-config git libgit2-dev libgmime-3.0-dev python3 perl \
              python3-jsonschema clang libclang-rt-14-dev valgrind cmark-gfm \
              libcurl4-openssl-dev zlib1g-dev libyajl-dev public-inbox b4 python3-feedparser lei
# The browser for tests/html.t: large, so installed separately and
# optional (the test skips with a message when it is missing); poppler-utils
# turns its print (PDF) into a picture and text the test checks.
BROWSER_PKGS = chromium poppler-utils

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/listdigest
# where listdigest looks for its helper: ../libexec/listdigest/ from
# the binary's folder (source/http.c), as git's RUNTIME_PREFIX
HELPERDIR = $(BINDIR)/../libexec/listdigest

.PHONY: all clean check demo deps bench deps-browser install uninstall
all: listdigest $(HELPER)

build/%.o: src/%.c | deps-ok
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

listdigest: $(OBJS) | deps-ok
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LIBS)

build/remote/%.o: src/remote/%.c | deps-ok
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(HTTP_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(HELPER): $(HELPER_OBJS) | deps-ok
	$(CC) $(ALL_CFLAGS) -o $@ $(HELPER_OBJS) $(HTTP_LIBS) -pthread

-include $(OBJS:.o=.d) build/remote/remote_http.d

# Fails early with the exact apt-get line when a library is missing.
.PHONY: deps-ok
deps-ok:
	@pkg-config --exists $(PKGS) || { \
	  echo "listdigest: missing libraries; run: make deps (as root) or: apt-get install $(DEBIAN_PKGS)" >&2; exit 1; }

# Installs the Debian packages that are missing (root only).
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "listdigest: missing Debian packages; run as root: apt-get install -y$$missing" >&2; exit 1; \
	fi

# Installs chromium for tests/html.t when root; never fails (the test
# skips with a clear message when there is no browser).
deps-browser:
	@command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && exit 0; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing: $(BROWSER_PKGS) (for tests/html.t)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS) >/dev/null; } || \
	  echo "listdigest: could not install $(BROWSER_PKGS); tests/html.t will be skipped" >&2; \
	else \
	  echo "listdigest: no chromium; tests/html.t will be skipped (as root: apt-get install -y $(BROWSER_PKGS))" >&2; \
	fi; exit 0

clean:
	rm -rf build listdigest $(HELPER) listdigest-asan tests/tmp

demo: deps
	$(MAKE) listdigest
	rm -rf build/demo && tests/lib/mkinbox.sh build/demo tests/golden/series.manifest
	./listdigest --cache-dir build/demo-cache build/demo

# Unit tests: one program per module, tests/unit/t-NAME.c ->
# build/unit/t-NAME (TAP, helpers in tests/unit/tap.h); a new t-*.c is
# picked up by the wildcard.  tests/unit.t runs them all as one plan.
UNIT_SRCS = $(wildcard tests/unit/t-*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=build/unit/%)

.PHONY: build/unit-tests
build/unit-tests: $(UNIT_BINS)
	@rm -f build/unit-tests build/unit-tests.d   # the single program of tests/unit.c

build/unit/t-%: tests/unit/t-%.c $(CORE_OBJS) | deps-ok
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $< $(CORE_OBJS) $(LIBS)

build/render-unit: tests/render_unit.c $(CORE_OBJS) | deps-ok
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ tests/render_unit.c $(CORE_OBJS) $(LIBS)

-include $(UNIT_BINS:=.d) build/render-unit.d

check: deps deps-browser
	$(MAKE) listdigest $(HELPER) build/unit-tests build/render-unit
	prove tests/*.t

# Speed against the floor (git cat-file --batch) and the Python baseline,
# on ../shared/archives/kvmarm.bundle; see bench/README.md.
bench: deps
	bench/run.sh

# make install [PREFIX=/usr/local] [DESTDIR=staging]: the binary, the man
# page and the starter organizations map (for --orgs $(DATADIR)/orgs.map:
# listdigest reads no file it is not given, so reports stay the same).
install: listdigest $(HELPER)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(DATADIR)"
	install -m 755 listdigest "$(DESTDIR)$(BINDIR)/listdigest"
	install -d "$(DESTDIR)$(HELPERDIR)"
	install -m 755 $(HELPER) "$(DESTDIR)$(HELPERDIR)/$(HELPER)"
	install -m 644 docs/listdigest.1 "$(DESTDIR)$(MANDIR)/man1/listdigest.1"
	install -m 644 data/orgs.map "$(DESTDIR)$(DATADIR)/orgs.map"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/listdigest" "$(DESTDIR)$(MANDIR)/man1/listdigest.1" "$(DESTDIR)$(DATADIR)/orgs.map" \
	      "$(DESTDIR)$(HELPERDIR)/$(HELPER)"
	-rmdir "$(DESTDIR)$(HELPERDIR)" 2>/dev/null
	-rmdir "$(DESTDIR)$(DATADIR)" 2>/dev/null

include mk/safety.mk
