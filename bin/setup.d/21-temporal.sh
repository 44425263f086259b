#!/usr/bin/env bash
# The Temporal CLI with its embedded dev server, for the end-to-end tests (pinned version).
set -euo pipefail
version=v1.5.1
if command -v temporal >/dev/null 2>&1 || [ -x "$HOME/go/bin/temporal" ]; then
  exit 0
fi
GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version"
"$(go env GOPATH)/bin/temporal" --version
