#!/bin/sh
# Install what baseliner needs to build and test on Debian 12, then build it.
# Used by both commands at the top of README.md; safe to run again.
set -e
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends \
		build-essential autoconf automake pkg-config git ca-certificates \
		libncurses-dev libvterm-dev libuv1-dev libgit2-dev libsqlite3-dev \
		libjansson-dev libyaml-dev libcmark-dev libsodium-dev \
		sqlite3 tmux valgrind asciinema python3 libxml2-utils \
		rustc
fi
cd "$(dirname "$0")/.."
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure "$@"
make -j"$(nproc)"
