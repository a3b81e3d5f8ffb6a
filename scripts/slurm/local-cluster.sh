#!/usr/bin/env bash
# A throwaway single-node SLURM cluster on localhost, for trying and testing the job-array
# scripts of this folder without a real cluster. Debian's slurm-wlm and munge; the daemons
# (munged, slurmctld, slurmd) are started by hand, not by systemd, with every file they
# write (config, key, sockets, state, spool, logs, PID files) in one folder, and stopped by
# their PIDs. proctrack/linuxproc and task/none: no cgroups needed.
#
#   scripts/slurm/local-cluster.sh install        apt-get install slurm-wlm munge (root; once)
#   scripts/slurm/local-cluster.sh up DIR         start the cluster with its state in DIR
#   eval "$(scripts/slurm/local-cluster.sh env DIR)"   SLURM_CONF for sbatch, squeue, sinfo
#   scripts/slurm/local-cluster.sh down DIR       stop the daemons by PID (DIR is kept)
#
# `up` picks free TCP ports on 127.0.0.1 for slurmctld and slurmd (override with
# SLURMCTLD_PORT, SLURMD_PORT), waits until the node is idle (at most 60 s) and prints the
# export line for SLURM_CONF. Jobs run as the user who submits them; the daemons run as the
# user who starts them (root in CI). Exit status: 0 ok, 1 failure (logs are printed),
# 3 `install` impossible here (no apt-get or not root).
set -euo pipefail

say() { printf 'local-cluster: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

need_tools() {
  local missing=()
  for t in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol; do
    command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || missing+=("$t")
  done
  [ "${#missing[@]}" -eq 0 ] || { say "missing: ${missing[*]} (run: $0 install)"; return 1; }
}

install() {
  if need_tools 2>/dev/null; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || { say "no apt-get: install slurm-wlm and munge by hand"; exit 3; }
  [ "$(id -u)" -eq 0 ] || { say "not root: run as root, or install slurm-wlm and munge by hand"; exit 3; }
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package scripts from starting the system's munge/slurm services: these daemons
  # are started by hand below. A policy-rc.d that was there already is left alone.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created=1
  fi
  local log status=0
  log="$(mktemp)"
  apt-get update -q >"$log" 2>&1 && apt-get install -y -q --no-install-recommends slurm-wlm munge >>"$log" 2>&1 || status=$?
  [ "$created" -eq 1 ] && rm -f "$policy"
  if [ "$status" -ne 0 ]; then cat "$log" >&2; rm -f "$log"; say "apt-get install slurm-wlm munge failed"; exit 3; fi
  rm -f "$log"
  need_tools
  say "installed slurm-wlm $(slurmctld -V | awk '{print $2}') and munge"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

show_logs() {
  local dir="$1" f
  for f in "$dir"/log/*.log; do
    [ -f "$f" ] || continue
    say "---- $f (last 30 lines)"
    tail -n 30 "$f" >&2 || true
  done
}

up() {
  local dir="$1"
  need_tools || exit 1
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if pid_alive "$dir/slurmctld.pid" || pid_alive "$dir/munged.pid"; then
    die "a cluster is already running in $dir: $0 down $dir first"
  fi
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
  chmod 700 "$dir/munge"
  [ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key" >/dev/null 2>&1 \
    || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 600 "$dir/munge/munge.key"
  local socket="$dir/munge/munge.socket"
  munged --force --key-file="$dir/munge/munge.key" --socket="$socket" --pid-file="$dir/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" \
    || { show_logs "$dir"; die "munged did not start"; }

  local host ctld_port slurmd_port cpus user
  host="$(hostname -s)"
  ctld_port="${SLURMCTLD_PORT:-$(free_port)}"
  slurmd_port="${SLURMD_PORT:-$(free_port)}"
  [ "$ctld_port" != "$slurmd_port" ] || slurmd_port="$(free_port)"
  cpus="$(nproc)"
  user="$(id -un)"
  cat >"$dir/slurm.conf" <<EOF
# Written by scripts/slurm/local-cluster.sh: a single-node cluster with its state in $dir.
ClusterName=agglo-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$socket
CryptoType=crypto/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MailProg=/bin/true
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
SchedulerParameters=sched_interval=1
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -c -f "$SLURM_CONF" || { show_logs "$dir"; down "$dir"; die "slurmctld did not start"; }
  slurmd -f "$SLURM_CONF" -N "$host" || { show_logs "$dir"; down "$dir"; die "slurmd did not start"; }
  local i state=""
  for i in $(seq 1 120); do
    state="$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)"
    case "$state" in idle|mixed|allocated) break ;; esac
    sleep 0.5
  done
  case "$state" in
    idle|mixed|allocated) ;;
    *) show_logs "$dir"; down "$dir"; die "the node did not come up (state '${state:-none}' after 60 s)" ;;
  esac
  say "up: node $host ($cpus CPUs) $state; slurmctld on 127.0.0.1:$ctld_port; state in $dir"
  printf 'export SLURM_CONF=%q\n' "$SLURM_CONF"
}

down() {
  local dir="$1" f pid i
  [ -d "$dir" ] || die "no folder $dir"
  for f in slurmd slurmctld munged; do
    [ -f "$dir/$f.pid" ] || continue
    pid="$(cat "$dir/$f.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/$f.pid"
  done
  say "down: daemons of $dir stopped"
}

case "${1:-}" in
  install) install ;;
  up) [ $# -eq 2 ] || die "usage: $0 up DIR"; up "$2" ;;
  down) [ $# -eq 2 ] || die "usage: $0 down DIR"; down "$2" ;;
  env) [ $# -eq 2 ] || die "usage: $0 env DIR"; printf 'export SLURM_CONF=%q\n' "$(cd "$2" && pwd)/slurm.conf" ;;
  *) sed -n '2,19p' "$0" >&2; exit 2 ;;
esac
