#!/usr/bin/env bash
# realcode.sh runs leakfix -l over large real Go code: the Go distribution
# (std and cmd, with tests) and pinned modules from the module proxy (go mod
# download). It prints, per tree, the packages scanned, the findings and the
# time. Every finding is classified by hand in detect/testdata/realcode.md.
#
#   scripts/realcode.sh            # all trees
#   scripts/realcode.sh std        # one tree: std, cmd, or a module path
#   LEAKFIX=/path/to/leakfix scripts/realcode.sh   # another build, to compare
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LEAKFIX:-$(mktemp -d)/leakfix}
[ -n "${LEAKFIX:-}" ] || go build -o "$bin" .
goroot=$(go env GOROOT)
modules=(golang.org/x/tools@v0.52.0 golang.org/x/sync@v0.25.0 github.com/dave/dst@v0.28.0 github.com/urfave/cli/v2@v2.27.7)
# Test-heavy integration code, fetched from the module proxy: an RPC
# framework's own tests, two database clients.
modules+=(google.golang.org/grpc@v1.68.0 github.com/jackc/pgx/v5@v5.7.1 github.com/redis/go-redis/v9@v9.7.0)
trees=("$@")
[ ${#trees[@]} -gt 0 ] || trees=(std cmd "${modules[@]}")

# run DIR PATTERN: packages, findings and seconds of one leakfix -l run.
run() {
	local dir=$1 pattern=$2 name=$3
	local pkgs start end out
	pkgs=$(cd "$dir" && go list -e "$pattern" 2>/dev/null | wc -l)
	start=$(date +%s.%N)
	out=$(cd "$dir" && "$bin" -l "$pattern" 2>&1) || true
	end=$(date +%s.%N)
	printf '== %s: %d packages, %d findings, %.1fs\n' "$name" "$pkgs" "$(printf '%s' "$out" | grep -c . || true)" "$(awk "BEGIN{print $end - $start}")"
	[ -z "$out" ] || printf '%s\n' "$out"
}

echo "# $(go version), $(date -u +%Y-%m-%d)"
for t in "${trees[@]}"; do
	case $t in
	std) run "$goroot/src" std std ;;
	cmd) run "$goroot/src/cmd" ./... cmd ;;
	*@*)
		dir=$(go mod download -json "$t" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
		work=$(mktemp -d)
		cp -r "$dir/." "$work" && chmod -R u+w "$work"
		(cd "$work" && GOFLAGS=-mod=mod go mod download >/dev/null 2>&1 || true)
		GOFLAGS=-mod=mod run "$work" ./... "$t"
		rm -rf "$work"
		;;
	*) echo "unknown tree $t" >&2; exit 2 ;;
	esac
done
