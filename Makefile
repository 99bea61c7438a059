# rt: a Unix toolkit for tracking revenue.  Plain GNU make.

VERSION   = 0.1.0
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
SHAREDIR  = $(PREFIX)/share/rt
MANPREFIX = $(PREFIX)/share/man
DESTDIR   =

CC       ?= cc
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WERROR   ?=
RT_CFLAGS = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	    -Wno-unused-parameter $(WERROR)
CPPFLAGS += -D_GNU_SOURCE -Ilib -I/usr/include/libxml2 \
	    -DRT_VERSION=\"$(VERSION)\" -DRT_PREFIX=\"$(PREFIX)\"
LDFLAGS  += -Wl,--as-needed
# --as-needed keeps each program linked only to the libraries it calls.
LDLIBS    = -ljq -lcsv -lcurl -lsqlite3 -lxml2 -lm

# Every cmd/rt-foo.c is a program with man/rt-foo.1 and tests/rt-foo.bats.
PROGS = $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/rt-*.c)))
BINS  = $(PROGS:%=bin/%)
LIBSRC = $(wildcard lib/*.c)
LIBOBJ = $(LIBSRC:lib/%.c=build/lib/%.o)
MANS  = $(PROGS:%=man/%.1) man/rt.7

# Debian packages the build, the tests, lint and the benchmark need.
DEBS = build-essential pkg-config libjq-dev libcsv-dev libcurl4-openssl-dev \
       libsqlite3-dev libxml2-dev tzdata jq sqlite3 bats bats-support bats-assert \
       python3 diffutils mandoc miller shellcheck clang-format cppcheck
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all check lint bench install uninstall clean deps demo
.SUFFIXES:

all: $(BINS)

build/lib/%.o: lib/%.c lib/*.h | build/lib
	$(CC) $(CPPFLAGS) $(RT_CFLAGS) $(CFLAGS) -c -o $@ $<

build/cmd/%.o: cmd/%.c lib/*.h | build/cmd
	$(CC) $(CPPFLAGS) $(RT_CFLAGS) $(CFLAGS) -c -o $@ $<

build/librt.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

bin/%: build/cmd/%.o build/librt.a | bin
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< build/librt.a $(LDLIBS)

build/lib build/cmd bin:
	mkdir -p $@

check: all
	tests/run

lint:
	clang-format --dry-run --Werror cmd/*.c lib/*.c lib/*.h
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--suppress=missingIncludeSystem -Ilib lib cmd
	mandoc -Tlint -Wwarning $(MANS)
	shellcheck -x -e SC1091 tests/run .ci/run bench/run

bench: all
	bench/run

demo: all
	$(MAKE) -C examples demo

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man7
	cp -f $(BINS) $(DESTDIR)$(BINDIR)/
	cp -Rf share/rt/. $(DESTDIR)$(SHAREDIR)/
	cp -f $(PROGS:%=man/%.1) $(DESTDIR)$(MANPREFIX)/man1/
	cp -f man/rt.7 $(DESTDIR)$(MANPREFIX)/man7/

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) $(PROGS:%=$(DESTDIR)$(MANPREFIX)/man1/%.1) \
		$(DESTDIR)$(MANPREFIX)/man7/rt.7
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build bin

# Installs what is missing, and only then asks apt (which needs the archive).
deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	else echo "all build and test packages are installed"; fi
