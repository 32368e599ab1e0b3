# Shared settings for the build scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${LKL_BUILD_DIR:-$ROOT/build}"
# ccache lives outside the clone so fresh clones (CI) reuse it.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/lkl-wasm/ccache}"
export CCACHE_BASEDIR="$BUILD_DIR"
export CCACHE_NOHASHDIR=true
export CCACHE_SLOPPINESS="time_macros,include_file_mtime,include_file_ctime"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
# Reproducible version strings keep ccache hits across builds.
export KBUILD_BUILD_TIMESTAMP="${KBUILD_BUILD_TIMESTAMP:-2024-01-01}"
export KBUILD_BUILD_USER=lkl-wasm
export KBUILD_BUILD_HOST=lkl-wasm
NPROC="$(nproc)"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# assemble_package DIR: the loader (js/, js/web/), its types and the module
# (build/pkg) laid out as the npm package (build/npm) and the page's lkl/.
assemble_package() {
	rm -rf "$1"
	mkdir -p "$1"
	cp "$ROOT"/js/*.mjs "$ROOT"/js/*.d.ts "$1/"
	cp -r "$ROOT/js/web" "$1/web"
	cp -r "$BUILD_DIR/pkg" "$1/pkg"
}
