//go:build tools

// Package tools pins goccy/bigquery-emulator as a dependency of this wrapper module, so
// dev/install.sh can `go build` its command with a committed go.sum. `go install ...@v0.8.1`
// cannot be used here: it asks the module proxy for the module's version list, which is refused.
package tools

import _ "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator"
