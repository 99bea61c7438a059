# rt: a Unix toolkit for tracking revenue.  Plain GNU make.

VERSION   = 0.1.0
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
SHAREDIR  = $(PREFIX)/share/rt
MANPREFIX = $(PREFIX)/share/man
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions
DESTDIR   =

CC       ?= cc
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
FUZZ_SECONDS ?= 60
WERROR   ?=
RT_CFLAGS = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	    -Wno-unused-parameter $(WERROR)
CPPFLAGS += -D_GNU_SOURCE -Ilib -I/usr/include/libxml2 -I/usr/include/postgresql \
	    -DRT_VERSION=\"$(VERSION)\" -DRT_PREFIX=\"$(PREFIX)\"
LDFLAGS  += -Wl,--as-needed
# --as-needed keeps each program linked only to the libraries it calls.
LDLIBS    = -ljq -lcsv -lcurl -lxml2 -lcrypto -lsqlite3 -lpq -lm

# Every cmd/rt-foo.c is a program with man/rt-foo.1 and tests/rt-foo.bats.
PROGS = $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/rt-*.c)))
# Where objects and programs go; the sanitizer build uses its own.
BUILD ?= build
BIN   ?= bin
BINS  = $(PROGS:%=$(BIN)/%)
LIBSRC = $(wildcard lib/*.c)
LIBOBJ = $(LIBSRC:lib/%.c=$(BUILD)/lib/%.o)
MANS  = $(PROGS:%=man/%.1) man/rt.7

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Debian packages the build, the tests, lint and the benchmark need.
DEBS = build-essential pkg-config libjq-dev libcsv-dev libcurl4-openssl-dev \
       libsqlite3-dev libxml2-dev libssl-dev tzdata jq sqlite3 bats bats-support bats-assert \
       python3 diffutils mandoc miller shellcheck clang-format cppcheck clang parallel \
       libclang-rt-14-dev valgrind time postgresql libpq-dev
# The dashboard's tests render its page in a real browser, headless.
DEBS += chromium
# rt-webhook's tests and benchmark serve it through a real web server.
DEBS += lighttpd
# Node and npm sign test deliveries with Stripe's own library (tests/node); they
# are installed from Debian only when no npm is on the PATH (nodesource's node
# brings its own).
NODE_DEBS = nodejs npm
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all check test asan check-asan check-valgrind fuzz lint bench install uninstall clean deps demo
# Objects stay: make would otherwise remove them as intermediates, and say
# so after the last line of make check (its summary must end the output).
.SECONDARY:
.SUFFIXES:

all: $(BINS) $(BUILD)/rt.bash

# Bash completion, from each program's --help: the option tables themselves.
$(BUILD)/rt.bash: $(BINS) completion/gen | $(BUILD)/lib
	completion/gen $(BINS) >$@.tmp && mv $@.tmp $@

$(BUILD)/lib/%.o: lib/%.c lib/*.h | $(BUILD)/lib
	$(CC) $(CPPFLAGS) $(RT_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c lib/*.h | $(BUILD)/cmd
	$(CC) $(CPPFLAGS) $(RT_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/librt.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(BIN)/%: $(BUILD)/cmd/%.o $(BUILD)/librt.a | $(BIN)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/librt.a $(LDLIBS)

$(BUILD)/lib $(BUILD)/cmd $(BIN):
	mkdir -p $@

# Everything: the bats suite, again under ASan+UBSan, the filters under
# valgrind, and a fuzz smoke; one summary line at the end (tests/check).
check: all
	tests/check

# Just the bats suite, for the edit-build-test loop.
test: all
	tests/run

# Every program built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) BUILD=build/asan BIN=build/asan/bin CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" all

# The whole suite against the sanitizer build; a report anywhere fails the run.
check-asan: asan
	tests/sanitized build/asan/bin

fuzz:
	tests/fuzz/run $(FUZZ_SECONDS)

# The stream filters' cases under valgrind's memcheck.
check-valgrind: all
	tests/valgrind

CSRC    = cmd/*.c lib/*.c lib/*.h tests/fuzz/*.c tests/fuzz/*.h tests/*.c bench/*.c
SCRIPTS = .ci/run tests/run tests/check tests/sanitized tests/valgrind tests/fuzz/build \
	  tests/fuzz/run bench/run bench/fetch-rv bench/refresh bench/views bench/ledger completion/gen \
	  bench/webhook bench/normalize

lint:
	clang-format --dry-run --Werror $(CSRC)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--suppress=missingIncludeSystem -Ilib lib cmd
	mandoc -Tlint -Wwarning $(MANS)
	shellcheck -x -e SC1091 $(SCRIPTS)

# The pipeline against its peers, parallel RV windows, the refresh's request
# counts, the dashboard and alerts over 1,000,000 records, the ledger's load
# and reload against sqlite3, webhook deliveries through lighttpd, and
# rt-normalize (--jobs) against the jq CLI on Stripe's balance transactions;
# each prints its figures, and all run whatever one says.
bench: all
	st=0; bench/run || st=1; bench/fetch-rv || st=1; bench/refresh || st=1; bench/views || st=1; \
	bench/ledger || st=1; bench/webhook || st=1; bench/normalize || st=1; exit $$st

demo: all
	$(MAKE) -C examples demo

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man7
	cp -f $(BINS) $(DESTDIR)$(BINDIR)/
	cp -Rf share/rt/. $(DESTDIR)$(SHAREDIR)/
	cp -f $(PROGS:%=man/%.1) $(DESTDIR)$(MANPREFIX)/man1/
	cp -f man/rt.7 $(DESTDIR)$(MANPREFIX)/man7/
	mkdir -p $(DESTDIR)$(COMPLETIONDIR)
	for p in $(PROGS); do cp -f $(BUILD)/rt.bash $(DESTDIR)$(COMPLETIONDIR)/$$p; done

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) $(PROGS:%=$(DESTDIR)$(MANPREFIX)/man1/%.1) \
		$(DESTDIR)$(MANPREFIX)/man7/rt.7
	rm -rf $(DESTDIR)$(SHAREDIR)
	rm -f $(PROGS:%=$(DESTDIR)$(COMPLETIONDIR)/%)

clean:
	rm -rf build bin tests/fuzz/out

# Installs what is missing, and only then asks apt (which needs the archive).
deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'ok installed' || echo $$p; done); \
	command -v npm >/dev/null 2>&1 || missing="$$missing $(NODE_DEBS)"; \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	else echo "all build and test packages are installed"; fi
	@[ -d tests/node/node_modules ] || npm ci --prefix tests/node --no-audit --no-fund
