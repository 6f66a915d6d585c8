#!/usr/bin/env bash
# The Docker engine the container tests use on this machine (Debian's docker.io; no systemd here).
#   bash tools/docker-engine.sh start     # starts dockerd unless an engine already answers
#   bash tools/docker-engine.sh stop      # removes what the tests left, then stops dockerd if `start` started it
#   bash tools/docker-engine.sh cleanup   # removes what the tests left: containers, networks and volumes
#                                         # labelled org.geoorchestration.test (and Testcontainers' org.testcontainers)
#   bash tools/docker-engine.sh status    # exit 0 when an engine answers
# GEO_DOCKERD_DATA_ROOT: the started engine's data root (default /var/lib/docker).
# build.ps1 -Task Test calls start before the tests and stop after them, even when they fail, so
# nothing is left running. An engine that was already running (a developer's) is left running.
set -euo pipefail
state="${GEO_DOCKERD_DIR:-/tmp/geoorch-dockerd}"
labels=(org.geoorchestration.test org.testcontainers)

engine_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

cleanup() {
  engine_up || return 0
  local label ids
  for label in "${labels[@]}"; do
    ids="$(docker ps -aq --filter "label=$label")"
    [ -z "$ids" ] || docker rm -f -v $ids >/dev/null 2>&1 || true
    ids="$(docker network ls -q --filter "label=$label")"
    [ -z "$ids" ] || docker network rm $ids >/dev/null 2>&1 || true
    ids="$(docker volume ls -q --filter "label=$label")"
    [ -z "$ids" ] || docker volume rm -f $ids >/dev/null 2>&1 || true
  done
}

case "${1:-status}" in
  start)
    if engine_up; then echo "docker-engine: an engine is already running; using it"; exit 0; fi
    command -v dockerd >/dev/null 2>&1 || { echo "docker-engine: dockerd not found: apt-get install docker.io" >&2; exit 1; }
    [ "$(id -u)" = 0 ] || { echo "docker-engine: starting dockerd needs root; start it yourself (or join the docker group of a running engine)" >&2; exit 1; }
    mkdir -p "$state"
    # setsid: the engine outlives this script (build.ps1 stops it); its own containerd comes with it.
    # GEO_DOCKERD_DATA_ROOT: images and layers somewhere else than /var/lib/docker (an empty folder is a
    # machine that never built an image: every base and layer is made cold).
    setsid dockerd --host unix:///var/run/docker.sock --pidfile "$state/dockerd.pid" --exec-root "$state/exec" \
      --data-root "${GEO_DOCKERD_DATA_ROOT:-/var/lib/docker}" \
      >"$state/dockerd.log" 2>&1 < /dev/null &
    for _ in $(seq 1 120); do
      engine_up && { echo "docker-engine: dockerd $(docker version --format '{{.Server.Version}}') started (log: $state/dockerd.log)"; touch "$state/started-here"; exit 0; }
      sleep 0.5
    done
    echo "docker-engine: dockerd did not answer within 60 s; its log ($state/dockerd.log) ends:" >&2
    tail -n 20 "$state/dockerd.log" >&2 || true
    exit 1
    ;;
  stop)
    cleanup
    [ -f "$state/started-here" ] || exit 0
    if [ -f "$state/dockerd.pid" ]; then
      pid="$(cat "$state/dockerd.pid")"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$state/started-here"
    echo "docker-engine: dockerd stopped"
    ;;
  cleanup) cleanup ;;
  status) engine_up ;;
  *) echo "usage: $0 start|stop|cleanup|status" >&2; exit 2 ;;
esac
