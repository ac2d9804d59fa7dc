# Shared by the set-up scripts (sourced, not run).

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt_install PKG...: install the Debian packages not installed yet (through sudo when not root).
apt_install() {
  local missing=() d sudo=""
  for d in "$@"; do dpkg -s "$d" >/dev/null 2>&1 || missing+=("$d"); done
  ((${#missing[@]})) || return 0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing from Debian: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# make_venv DIR PYTHON: a working virtual environment in DIR (with pip), made from PYTHON.
# One left broken by an interrupted or failed earlier run is removed and made again.
make_venv() {
  local dir=$1 py=$2
  if [ -e "$dir" ] && ! "$dir/bin/python" -m pip --version >/dev/null 2>&1; then
    log "$dir is incomplete (an earlier run stopped?): making it again"
    rm -rf "$dir"
  fi
  [ -x "$dir/bin/python" ] && return 0
  command -v "$py" >/dev/null || die "no $py: set PYTHON=/path/to/python3 (3.10 or newer)"
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "$py is $("$py" --version 2>&1); rbridge needs Python 3.10 or newer (set PYTHON=...)"
  log "creating $dir with $("$py" --version 2>&1) ($(command -v "$py"))"
  "$py" -m venv "$dir" || { rm -rf "$dir"; die "$py -m venv failed (on Debian: apt-get install python3-venv)"; }
}

# stale STAMP: true when the environment must be (re)installed: no stamp from a completed
# install, or the project's requirements or the set-up scripts changed since.
stale() {
  local stamp=$1
  [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ scripts/setup.sh -nt "$stamp" ] \
    || [ scripts/setup-keras2.sh -nt "$stamp" ] || [ scripts/lib.sh -nt "$stamp" ]
}
