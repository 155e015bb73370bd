#!/usr/bin/env bash
# Print the app's version from app/__init__.py of a source tree (default: this one) without
# importing the app:   installer/version.sh [TREE]
set -euo pipefail
sed -n 's/^__version__ = "\(.*\)"/\1/p' "${1:-$(dirname "$0")/..}/app/__init__.py"
