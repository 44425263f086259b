# Sourced by setup.sh and dev-server.sh: sets temporal_bin to the temporal CLI —
# $TEMPORAL_BIN, else `temporal` on PATH, else ~/go/bin/temporal (where `go install` puts it) — or exits 2.
if [ -n "${TEMPORAL_BIN:-}" ]; then
  temporal_bin=$TEMPORAL_BIN
elif command -v temporal >/dev/null 2>&1; then
  temporal_bin=temporal
elif [ -x "$HOME/go/bin/temporal" ]; then
  temporal_bin=$HOME/go/bin/temporal
else
  echo "$(basename "$0"): the temporal CLI is not installed (bin/setup.d/21-temporal.sh installs it:" \
    "go install github.com/temporalio/cli/cmd/temporal@v1.5.1)" >&2
  exit 2
fi
