#!/usr/bin/env bash
# Whole-process benchmark of leakfix, on this machine, in one run.
#
# Trees: std (GOROOT/src, as "leakfix -l std"), golang.org/x/tools v0.52.0
# and google.golang.org/grpc v1.68.0 (one module that needs some twenty
# others), both copied out of the module cache. For each tree:
#   leakfix-warm   leakfix -l, the go command's build cache and leakfix's
#                  cache of findings (LEAKFIX_CACHE) warm
#   leakfix-warm-nocache  (std only) the same with LEAKFIX_CACHE=off: every
#                  package that may leak is type-checked and analysed
#   leakfix-cold   leakfix -l with a fresh, empty GOCACHE and LEAKFIX_CACHE
#                  on a fresh copy of the tree: nothing of it or of std was
#                  ever compiled or analysed
#   gofmt          gofmt -l over the tree's directory; gofmt-cold, the same
#                  over the fresh copy, just before leakfix-cold
#   parsefloor     bench/parsefloor: every .go file read and parsed in
#                  parallel, nothing else
# gofmt and the floor read the same directory as leakfix, testdata and all;
# leakfix reads only the packages the pattern names and their dependencies.
# Then many findings: 2,000 small leaky functions in one file, and the same
# functions in 2,000 files of one package, with leakfix -l and leakfix -d
# (-d computes every fix), with LEAKFIX_CACHE=off.
#
# Warm runs: once to warm the caches, then RUNS rounds (default 3) of all;
# cold runs: COLD_RUNS rounds (default 3), each with its own GOCACHE and
# copy. The tables show, for each, the run with the least CPU time (user +
# sys, of the process and its children, the go command included, from
# /usr/bin/time): on a shared machine CPU time is steadier than wall time,
# which other work stretches; the wall time and peak RSS are of that run.
#
# usage: scripts/bench.sh     (RUNS=5 COLD_RUNS=5 scripts/bench.sh for more)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
cold_runs=${COLD_RUNS:-3}
goroot=$(go env GOROOT)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

if ! [ -x /usr/bin/time ]; then
	apt-get update >/dev/null && apt-get install -y time >/dev/null
fi

go build -o "$tmp/leakfix" .
go build -o "$tmp/parsefloor" ./bench/parsefloor
mkdir "$tmp/empty"

# module NAME MODULE@VERSION: a writable copy of the module, its
# dependencies downloaded, at $tmp/NAME.
module() {
	local dir
	dir=$(go mod download -json "$2" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	cp -r "$dir" "$tmp/$1"
	chmod -R u+w "$tmp/$1"
	(cd "$tmp/$1" && go mod download)
}
module xtools golang.org/x/tools@v0.52.0
module grpc google.golang.org/grpc@v1.68.0

# Many findings: NAME FILES writes a module with 2,000 leaky functions in
# FILES files.
findings() {
	local dir=$tmp/$1 i
	mkdir -p "$dir/p"
	printf 'module example.com/many\n\ngo 1.22\n' >"$dir/go.mod"
	for ((i = 0; i < 2000; i++)); do
		local f=$dir/p/f$((i % $2)).go
		[ -e "$f" ] || printf 'package p\n' >"$f"
		printf '\nfunc F%d(xs []int) int {\n\tout := make(chan int)\n\tfor _, x := range xs {\n\t\tgo func() { out <- x }()\n\t}\n\treturn <-out\n}\n' "$i" >>"$f"
	done
}
findings many-one 1
findings many-spread 2000

# once NAME DIR CMD [GOCACHE [LEAKFIX_CACHE]]: runs CMD in DIR and appends
# "NAME wall cpu RSS exit" to $tmp/times. The exit code is not checked:
# leakfix exits 1 when it finds a leak, gofmt 2 on test data that must not
# parse. leakfix's cache of findings is the benchmark's own, warm after
# the first round, unless LEAKFIX_CACHE says otherwise.
out() { echo "$tmp/out/${1//\//_}"; }
mkdir "$tmp/out"
once() {
	local o
	o=$(out "$1")
	(cd "$2" && GOCACHE=${4:-$(go env GOCACHE)} LEAKFIX_CACHE=${5:-$tmp/leakfix-cache} /usr/bin/time -f '%e %U %S %M %x' -o "$tmp/time" $3 >"$o.out" 2>"$o.err") || true
	echo "$1 $(tail -1 "$tmp/time" | awk '{ printf "%s %.2f %s %s", $1, $2 + $3, $4, $5 }')" >>"$tmp/times"
}

# fresh drops the kernel's caches, where the bench may (as root): each
# cold run creates a GOCACHE of thousands of files, and on an ext4 file
# system the files that earlier runs created and deleted make creating
# more slower (the system time of the go command's listing doubled over
# ten runs here). Then it reads GOROOT and the module cache back into
# memory, so that a cold run starts as on a fresh machine where Go and
# the modules were just installed, and the tree just checked out (the
# copy made after fresh).
fresh() {
	if [ -w /proc/sys/vm/drop_caches ]; then
		sync && echo 3 >/proc/sys/vm/drop_caches
		find "$goroot" "$(go env GOMODCACHE)" -path "$(go env GOMODCACHE)/cache" -prune -o -type f -print0 | xargs -0 cat >/dev/null
	fi
}

# The warm runs: name, directory, command, LEAKFIX_CACHE.
names=() dirs=() cmds=() caches=()
add() { names+=("$1") dirs+=("$2") cmds+=("$3") caches+=("${4:-}"); }
add std/leakfix-warm "$tmp/empty" "$tmp/leakfix -l std"
add std/leakfix-warm-nocache "$tmp/empty" "$tmp/leakfix -l std" off
add std/gofmt "$tmp/empty" "gofmt -l $goroot/src"
add std/parsefloor "$tmp/empty" "$tmp/parsefloor $goroot/src"
for tree in xtools grpc; do
	add $tree/leakfix-warm "$tmp/$tree" "$tmp/leakfix -l ./..."
	add $tree/gofmt "$tmp/$tree" "gofmt -l ."
	add $tree/parsefloor "$tmp/$tree" "$tmp/parsefloor ."
done
for tree in many-one many-spread; do # what finding and fixing cost, not reading the cache
	add $tree/leakfix-l "$tmp/$tree" "$tmp/leakfix -l ./..." off
	add $tree/leakfix-d "$tmp/$tree" "$tmp/leakfix -d ./..." off
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(go version)"
echo "# $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$tmp/times"
for i in "${!names[@]}"; do # warm up the build, page and leakfix caches
	once "${names[$i]}" "${dirs[$i]}" "${cmds[$i]}" "" "${caches[$i]}"
done
: >"$tmp/times"
for _ in $(seq "$runs"); do # rounds, so that a busy spell slows every tool alike
	for i in "${!names[@]}"; do
		once "${names[$i]}" "${dirs[$i]}" "${cmds[$i]}" "" "${caches[$i]}"
	done
done
# Cold: a fresh GOCACHE, a fresh leakfix cache and a fresh copy of the
# tree, every time, on a fresh kernel state where the bench may set it
# (fresh, below). gofmt runs on the copy just before leakfix
# (TREE/gofmt-cold), so that the cold ratio compares two runs of one
# moment: this machine's speed drifts by a fifth over a bench.
for r in $(seq "$cold_runs"); do
	fresh
	once std/leakfix-cold "$tmp/empty" "$tmp/leakfix -l std" "$tmp/gocache-std-$r" "$tmp/cold-cache-std-$r"
	for tree in xtools grpc; do
		fresh
		cp -r "$tmp/$tree" "$tmp/$tree-cold-$r"
		once $tree/gofmt-cold "$tmp/$tree-cold-$r" "gofmt -l ."
		once $tree/leakfix-cold "$tmp/$tree-cold-$r" "$tmp/leakfix -l ./..." "$tmp/gocache-$tree-$r" "$tmp/cold-cache-$tree-$r"
	done
	chmod -R u+w "$tmp"/gocache-* && rm -rf "$tmp"/gocache-* "$tmp"/*-cold-* "$tmp"/cold-cache-*
done
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"

printf '%-26s %8s %8s %8s %5s\n' "run" "wall s" "CPU s" "RSS MB" "exit"
for name in $(awk '{ print $1 }' "$tmp/times" | awk '!seen[$0]++'); do # the run with least CPU of each
	awk -v n="$name" '$1 == n' "$tmp/times" | sort -g -k3 | head -1 |
		awk '{ printf "%-26s %8s %8s %8d %5s\n", $1, $2, $3, $4 / 1024, $5 }'
done | tee "$tmp/table"

col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$tmp/table"; }
ratio() { # ratio NAME A B TARGET: A / B in wall and CPU time
	awk -v n="$1" -v aw="$(col "$2" 2)" -v ac="$(col "$2" 3)" -v bw="$(col "$3" 2)" -v bc="$(col "$3" 3)" -v t="$4" \
		'BEGIN { printf "%-38s wall %6.2f  CPU %6.2f  %s\n", n, aw / bw, ac / bc, t }'
}
echo
ratio "std warm / gofmt" std/leakfix-warm std/gofmt "(target <= 0.25)"
ratio "std warm / parse floor" std/leakfix-warm std/parsefloor "(target <= 2)"
ratio "std warm, no leakfix cache / gofmt" std/leakfix-warm-nocache std/gofmt ""
ratio "std warm, no leakfix cache / floor" std/leakfix-warm-nocache std/parsefloor ""
ratio "std cold / gofmt" std/leakfix-cold std/gofmt ""
ratio "x/tools cold / gofmt" xtools/leakfix-cold xtools/gofmt-cold "(target <= 3)"
ratio "x/tools warm / gofmt" xtools/leakfix-warm xtools/gofmt ""
ratio "grpc cold / gofmt" grpc/leakfix-cold grpc/gofmt-cold ""
ratio "grpc warm / gofmt" grpc/leakfix-warm grpc/gofmt ""
ratio "2,000 findings -d: one file / spread" many-one/leakfix-d many-spread/leakfix-d "(target <= 2, and <= 3 s)"
for name in std/leakfix-warm xtools/leakfix-warm grpc/leakfix-warm; do
	echo "# $name: $(grep -c . "$(out $name).out") findings, $(grep -c . "$(out $name).err") error lines"
done
if cmp -s "$(out std/leakfix-warm).out" "$(out std/leakfix-warm-nocache).out"; then
	echo "# std/leakfix-warm-nocache: the same output as warm"
else
	echo "# std/leakfix-warm-nocache: output DIFFERS from warm"
fi
for name in std/leakfix-cold xtools/leakfix-cold grpc/leakfix-cold; do
	cold=$(out "$name") warm=$(out "${name%-cold}-warm")
	if cmp -s "$cold.out" "$warm.out" && cmp -s "$cold.err" "$warm.err"; then
		echo "# $name: the same output as warm"
	else
		echo "# $name: output DIFFERS from warm:"
		diff "$warm.out" "$cold.out" || true
		diff "$warm.err" "$cold.err" || true
	fi
done
echo "# many-one: $(grep -c . "$(out many-one/leakfix-l).out") findings; many-spread: $(grep -c . "$(out many-spread/leakfix-l).out")"
