#!/usr/bin/env bash
# Mutation testing of the engine's core computations (not run in CI: about a minute a mutant on
# two cores). Applies each mutant of scripts/mutants.toml to a copy of the source in
# build-mutants/, rebuilds only what it must, runs the tests named for it, and prints
# "mutants: K of N killed" with the survivors. Exit 0 only when every mutant is killed.
#   scripts/mutants.sh                     every mutant
#   scripts/mutants.sh --only ID [--only ID]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec /usr/bin/python3 "$here/scripts/mutants.py" "$@"
