# marked_processes.sh: sourced by the cli tests that mark every process a command starts with a
# variable in its environment, to find the processes that survive the command and to kill what
# is left when the test exits, also when it fails.
# Before sourcing, the test sets `mark` (NAME=VALUE, unique to this run; the test puts it in the
# environment of each command it starts) and `dir` (its scratch directory, removed on exit).

# The pids of the running processes that carry the mark.
marked_pids() {
  local environ
  for environ in $(grep -lzxF "$mark" /proc/[0-9]*/environ 2>/dev/null); do
    environ=${environ#/proc/}
    echo "${environ%/environ}"
  done
}
cleanup() {
  local pid
  for pid in $(marked_pids); do kill -KILL "$pid" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }
