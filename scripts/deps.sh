#!/bin/sh
# Install what baseliner needs to build and test on Debian 12, then build it.
# Used by both commands at the top of README.md; safe to run again.
set -e
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# utf8proc: display widths the same in every locale (src/base/utf8.c).
	apt-get install -y -q --no-install-recommends libutf8proc-dev
	apt-get install -y -q --no-install-recommends \
		build-essential autoconf automake pkg-config git ca-certificates \
		libncurses-dev ncurses-term libvterm-dev libuv1-dev libgit2-dev libsqlite3-dev \
		libjansson-dev libyaml-dev libcmark-dev libsodium-dev libzip-dev \
		librsvg2-dev \
		sqlite3 tmux valgrind asciinema python3 python3-jsonschema python3-yaml \
		libxml2-utils \
		chromium rustc python3-torch python3-numpy \
		openssh-server openssh-client
	# npm fetches the review page's player at build time and the browser
	# test's driver; a machine with its own Node.js keeps it.
	command -v npm >/dev/null 2>&1 ||
		apt-get install -y -q --no-install-recommends nodejs npm
fi
cd "$(dirname "$0")/.."
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure "$@"
make -j"$(nproc)"
# The review page's browser test drives chromium with playwright-core,
# pinned in tests/browser/package-lock.json.
if command -v npm >/dev/null 2>&1 && [ ! -d tests/browser/node_modules/playwright-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts) >/dev/null 2>&1 ||
		echo "deps.sh: npm could not install playwright-core; the review page test will skip" >&2
fi
