#!/usr/bin/env bash
# What an exec to drop privileges costs per script run: a C loop starts hello.sh with a stdout
# pipe as fast as it can (posix_spawn, read to the end, waitpid; two workers), directly and
# through each wrapper. Run as root, with gcc and a static C library (Debian: build-essential).
# Each run must exit 0: a wrapper that fails at once would otherwise look fast.
#   bash bench/drop-cost.sh SCRIPT [SECONDS]    e.g. bash bench/drop-cost.sh www/cgi-bin/hello.sh
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: bash bench/drop-cost.sh SCRIPT [SECONDS]" >&2; exit 2; }
script=$(realpath "$1"); secs=${2:-3}
[[ $(id -u) == 0 ]] || { echo "drop-cost: run as root (the wrappers drop to nobody)" >&2; exit 1; }
build=$(mktemp -d); trap 'rm -rf "$build"' EXIT
cat > "$build/loop.c" <<'C'
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
extern char **environ;
static char **command; static double seconds; static long total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void *work(void *unused) {
  double end = now() + seconds; long runs = 0; char buffer[4096];
  /* Close-on-exec, so that the other worker's child never holds this run's pipe open. */
  while (now() < end) {
    int out[2]; pid_t pid; int status;
    if (pipe2(out, O_CLOEXEC)) { perror("pipe2"); exit(1); }
    posix_spawn_file_actions_t actions; posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1); posix_spawn_file_actions_addclose(&actions, out[0]);
    if (posix_spawn(&pid, command[0], &actions, NULL, command, environ)) { perror("posix_spawn"); exit(1); }
    posix_spawn_file_actions_destroy(&actions); close(out[1]);
    while (read(out[0], buffer, sizeof buffer) > 0) { }
    close(out[0]); waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) { fprintf(stderr, "%s failed: status %d\n", command[0], status); exit(1); }
    runs++;
  }
  pthread_mutex_lock(&lock); total += runs; pthread_mutex_unlock(&lock); return unused;
}
int main(int argc, char **argv) {
  seconds = atof(argv[1]); command = argv + 2; pthread_t workers[2];
  double start = now();
  for (int i = 0; i < 2; i++) pthread_create(&workers[i], NULL, work, NULL);
  for (int i = 0; i < 2; i++) pthread_join(workers[i], NULL);
  printf("%.0f\n", total / (now() - start)); return 0;
}
C
cat > "$build/drop.c" <<'C'
#define _GNU_SOURCE
#include <grp.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  uid_t uid = atoi(argv[1]); gid_t gid = atoi(argv[2]);
  if (setgroups(0, NULL) || setresgid(gid, gid, gid) || setresuid(uid, uid, uid)) return 126;
  execv(argv[3], argv + 3); return 127;
}
C
gcc -O2 -o "$build/loop" "$build/loop.c" -lpthread
gcc -O2 -o "$build/drop" "$build/drop.c"
gcc -O2 -static -o "$build/drop-static" "$build/drop.c"
uid=$(id -u nobody); gid=$(id -g nobody)
run() {
  local label=$1 rate; shift
  rate=$("$build/loop" "$secs" "$@")
  printf '%-40s %s\n' "$label" "$rate"
}
printf '%-40s %s\n' "started through" "spawns/s"
"$build/loop" 1 "$script" >/dev/null # warm-up
run "nothing" "$script"
run "setpriv" "$(command -v setpriv)" --reuid="$uid" --regid="$gid" --clear-groups -- "$script"
run "C program, dynamically linked" "$build/drop" "$uid" "$gid" "$script"
run "C program, statically linked" "$build/drop-static" "$uid" "$gid" "$script"
