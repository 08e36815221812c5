#!/usr/bin/env bash
# Whole-process benchmark of leakfix, on this machine, in one run:
#   1. leakfix -l std               the standard library and its tests
#   2. gofmt -l $GOROOT/src          the everyday tool over the same tree
#   3. parsefloor $GOROOT/src        every .go file parsed in parallel, nothing else
#   4. leakfix -l ./...             in a writable copy of golang.org/x/tools
#   5. leakfix -l <half of std>     every other package of std, to show growth
#   6. leakfix -l ./go/ssa           one package of x/tools, as an editor asks
# Each is run once to warm the build and page caches, then in RUNS rounds
# of all six; the table shows the fastest wall time of each and the peak
# RSS (of the process and its children, as /usr/bin/time reports) of that
# run.
# leakfix keeps no cache of its own between runs, so there is no cached
# figure to report: every run analyses from scratch.
#
# usage: scripts/bench.sh            (RUNS=5 scripts/bench.sh for more runs)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
goroot=$(go env GOROOT)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! [ -x /usr/bin/time ]; then
	apt-get update >/dev/null && apt-get install -y time >/dev/null
fi

go build -o "$tmp/leakfix" .
go build -o "$tmp/parsefloor" ./bench/parsefloor

# golang.org/x/tools, copied out of the read-only module cache.
xt=$(go mod download -json golang.org/x/tools@v0.52.0 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp -r "$xt" "$tmp/xtools"
chmod -R u+w "$tmp/xtools"
(cd "$tmp/xtools" && go mod download)

# Half of std: every other package.
mkdir "$tmp/empty"
(cd "$tmp/empty" && go list std) >"$tmp/std.txt"
awk 'NR % 2 == 1' "$tmp/std.txt" >"$tmp/half.txt"
files() { # files, tests included, of the packages named
	(cd "$tmp/empty" && go list -f '{{len .GoFiles}} {{len .CgoFiles}} {{len .TestGoFiles}} {{len .XTestGoFiles}}' "$@") |
		awk '{ n += $1 + $2 + $3 + $4 } END { print n }'
}

# The runs: name, directory, command.
names=(leakfix-std gofmt parsefloor leakfix-xtools leakfix-half-std leakfix-one-package)
dirs=("$tmp/empty" "$tmp/empty" "$tmp/empty" "$tmp/xtools" "$tmp/empty" "$tmp/xtools")
cmds=(
	"$tmp/leakfix -l std"
	"gofmt -l $goroot/src"
	"$tmp/parsefloor $goroot/src"
	"$tmp/leakfix -l ./..."
	"$tmp/leakfix -l $(tr '\n' ' ' <"$tmp/half.txt")"
	"$tmp/leakfix -l ./go/ssa"
)

# once NAME DIR CMD: runs CMD in DIR and appends "NAME wall RSS exit" to
# $tmp/times. The exit code is not checked: leakfix exits 1 when it finds
# a leak, gofmt 2 on the test data of GOROOT/src that must not parse.
once() {
	(cd "$2" && /usr/bin/time -f '%e %M %x' -o "$tmp/time" $3 >"$tmp/$1.out" 2>"$tmp/$1.err") || true
	echo "$1 $(tail -1 "$tmp/time")" >>"$tmp/times"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(go version)"
echo "# $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
nstd=$(files std)
nhalf=$(files $(cat "$tmp/half.txt"))
echo "# std: $(wc -l <"$tmp/std.txt") packages, $nstd files; half: $(wc -l <"$tmp/half.txt") packages, $nhalf files"
echo "# fastest of $runs rounds after a warm-up"
printf '%-20s %8s %8s %5s\n' "run" "wall s" "RSS MB" "exit"
: >"$tmp/times"
for i in "${!names[@]}"; do # warm up the build and page caches
	once "${names[$i]}" "${dirs[$i]}" "${cmds[$i]}"
done
: >"$tmp/times"
for _ in $(seq "$runs"); do # rounds, so that a busy spell slows every tool alike
	for i in "${!names[@]}"; do
		once "${names[$i]}" "${dirs[$i]}" "${cmds[$i]}"
	done
done
for name in "${names[@]}"; do # the fastest run of each
	awk -v n="$name" '$1 == n' "$tmp/times" | sort -g -k2 | head -1 |
		awk '{ printf "%-20s %8s %8d %5s\n", $1, $2, $3 / 1024, $4 }'
done | tee "$tmp/table"
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"

wall() { awk -v n="$1" '$1 == n { print $2 }' "$tmp/table"; }
awk -v l="$(wall leakfix-std)" -v g="$(wall gofmt)" -v f="$(wall parsefloor)" -v h="$(wall leakfix-half-std)" -v fs="$nstd" -v fh="$nhalf" 'BEGIN {
	printf "leakfix-std / gofmt      %.2f  (target <= 0.25)\n", l / g
	printf "leakfix-std / parsefloor %.2f  (target <= 3)\n", l / f
	printf "leakfix-std / half-std   %.2f  (files: %.2f)\n", l / h, fs / fh
}'
echo "# parsefloor: $(cat "$tmp/parsefloor.out")"
for name in leakfix-std leakfix-xtools; do
	echo "# findings of $name:"
	cat "$tmp/$name.out"
	if [ -s "$tmp/$name.err" ]; then
		echo "# errors of $name:"
		cat "$tmp/$name.err"
	fi
done
