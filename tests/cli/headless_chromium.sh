# Sourced by the tests that open a page in headless Chromium: finds it (exit 77, the skip code,
# only when it is not installed), makes $work (removed on exit) and defines browse().
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/setup.sh installs Debian's chromium)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

browse() {  # browse PAGE [chromium flags...]: headless, bounded in time, no network needed
  local page=$1
  shift
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --virtual-time-budget=10000 "$@" "file://$page" \
    2>>"$work/chromium.log"
}
