#!/usr/bin/env bash
# Builds GeoOrchestration's container images on the local Docker engine, from what this checkout
# builds (no registry needed: the base images are made locally when missing).
#   bash deploy/build-images.sh [all|base|geoorch|powershell|postgres]     # default all
#
#   base        geoorchestration/debian:bookworm (deploy/base/make-base.sh) and
#               geoorchestration/dotnet-runtime:10.0 (deploy/base/dotnet-runtime.Dockerfile: that base
#               plus this machine's Microsoft.NETCore.App runtime), each made only when missing
#   geoorch     geoorchestration/geoorch:TAG     geoorch and its GDAL host published self-contained (linux-x64), gdal-bin
#   powershell  geoorchestration/powershell:TAG  pwsh from the tool manifest's PowerShell package, the module
#               installed with Install-PSResource from the package `build.ps1 -Task Package` makes, gdal-bin
#   postgres    geoorchestration/postgres:15     deploy/postgres/Dockerfile (PostgreSQL from Debian's packages)
#   all         all of them
# TAG is GEO_IMAGE_TAG, default `local`. Build contexts are staged under out/images/<image>/; each
# Dockerfile installs its Debian packages before it copies the application, so a rebuild after a code
# change reuses those layers. Prints, per image, its name, size and build seconds (the docker build
# log goes to out/images/<image>.log, printed when the build fails). Needs a running Docker engine
# (tools/docker-engine.sh start), the .NET SDK, and root and debootstrap for a missing Debian base.
# GEO_IMAGE_NO_CACHE=1 builds every layer anew (docker build --no-cache: a cold build's time).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
target="${1:-all}"
tag="${GEO_IMAGE_TAG:-local}"
out="$root/out/images"
debian_base=geoorchestration/debian:bookworm
runtime_base=geoorchestration/dotnet-runtime:10.0

case "$target" in all|base|geoorch|powershell|postgres) ;; *)
  echo "usage: $0 [all|base|geoorch|powershell|postgres]" >&2; exit 2 ;; esac
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || {
  echo "build-images: no Docker engine answers (bash tools/docker-engine.sh start)" >&2; exit 1; }
mkdir -p "$out"

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }'; }
report() {  # image, start time[, what the seconds include besides docker build]
  local size
  size="$(docker image inspect -f '{{.Size}}' "$1")"
  printf 'image %-40s %6s MB %5s s%s\n' "$1" "$((size / 1000 / 1000))" "$(seconds_since "$2")" "${3:+ ($3)}"
}

# docker build with the log kept. The OCI labels that change with the commit (version, revision) are
# given by the callers, not the Dockerfiles, so that they touch only the last (metadata) layers. No
# creation time: a build of an unchanged tree then yields the very same image, not one more.
docker_build() {  # name, log name, docker build arguments...
  local image="$1" log="$out/$2.log"; shift 2
  if ! docker build -t "$image" ${GEO_IMAGE_NO_CACHE:+--no-cache} "$@" >"$log" 2>&1; then
    echo "build-images: docker build of $image failed; its log ($log) ends:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}
version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props | head -n1)"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
app_labels=(--label "org.opencontainers.image.version=$version" --label "org.opencontainers.image.revision=$revision")

# A fresh copy of a directory into the staging area (docker's COPY cache compares contents, not
# times, so an unchanged copy keeps its layer).
stage_dir() { rm -rf "$2"; mkdir -p "$(dirname "$2")"; cp -r "$1" "$2"; }

# --- bases -----------------------------------------------------------------------------------------
debian_base_checked=
build_debian_base() {
  [ -z "$debian_base_checked" ] || return 0
  debian_base_checked=1
  local start; start="$(now)"
  if docker image inspect "$debian_base" >/dev/null 2>&1; then echo "base $debian_base present"; return; fi
  bash deploy/base/make-base.sh "$debian_base" >/dev/null
  report "$debian_base" "$start"
}

# The host's .NET runtime: `dotnet --list-runtimes` says where Microsoft.NETCore.App 10.x lives.
host_runtime() {
  dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { v = $2; d = $3 } END {
    if (v == "") exit 1; gsub(/[][]/, "", d); print v, d }'
}

build_runtime_base() {
  build_debian_base
  local runtime version_dir shared dotnet_root start context="$out/dotnet-runtime"
  runtime="$(host_runtime)" || { echo "build-images: no Microsoft.NETCore.App 10 runtime (dotnet --list-runtimes)" >&2; exit 1; }
  read -r runtime_version shared <<<"$runtime"
  if [ "$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$runtime_base" 2>/dev/null \
        | sed -n 's/^DOTNET_VERSION=//p')" = "$runtime_version" ]; then
    echo "base $runtime_base present (.NET $runtime_version)"; return
  fi
  start="$(now)"
  dotnet_root="$(dirname "$(dirname "$shared")")"   # .../shared/Microsoft.NETCore.App -> the dotnet root
  rm -rf "$context"; mkdir -p "$context/dotnet/shared/Microsoft.NETCore.App" "$context/dotnet/host/fxr"
  # The host (dotnet, hostfxr) and the runtime; not ASP.NET Core, the SDK or anything else installed there.
  cp "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$context/dotnet/"
  cp -r "$dotnet_root/host/fxr/$runtime_version" "$context/dotnet/host/fxr/"
  cp -r "$shared/$runtime_version" "$context/dotnet/shared/Microsoft.NETCore.App/"
  docker_build "$runtime_base" dotnet-runtime -f deploy/base/dotnet-runtime.Dockerfile \
    --build-arg BASE_IMAGE="$debian_base" --build-arg DOTNET_VERSION="$runtime_version" \
    --label "org.opencontainers.image.version=$runtime_version" --label "org.opencontainers.image.base.name=$debian_base" "$context"
  report "$runtime_base" "$start"
}

# --- application images ----------------------------------------------------------------------------
build_geoorch() {
  build_debian_base
  local image="geoorchestration/geoorch:$tag" start; start="$(now)"
  rm -rf "$out/geoorch"; mkdir -p "$out/geoorch"
  # Its own artifacts folder (bin, obj): a publish for linux-x64 restores every project of the graph
  # for that runtime, and in the projects' own obj/ that alternated with the solution's build (each
  # undoing the other's restore and rebuilding everything: 80-230 s here, against ~10 s).
  dotnet publish src/GeoOrchestration.Cli -c Release -r linux-x64 --self-contained \
    --artifacts-path "$out/.publish" -o "$out/geoorch/app" \
    >"$out/geoorch.publish.log" 2>&1 || {
    echo "build-images: dotnet publish failed; its log ($out/geoorch.publish.log) ends:" >&2
    tail -n 30 "$out/geoorch.publish.log" >&2; exit 1; }
  # The GDAL host into the same folder, where the worker looks for it (beside GeoOrchestration.Jobs.dll),
  # as its own apphost: there is no `dotnet` in the image. For net10.0 like geoorch, so the two share
  # one set of runtime files (a net8.0 runtime published over geoorch's would break it); after geoorch,
  # so the host's self-contained runtimeconfig.json replaces the framework-dependent one geoorch's
  # publish copied with the project reference.
  # Its own artifacts folder: restore keeps one assets file per project, and geoorch's publish restored the host for net8.0.
  dotnet publish src/GeoOrchestration.GdalHost -c Release -r linux-x64 --self-contained -p:GdalHostTargetFramework=net10.0 \
    --artifacts-path "$out/.publish-gdalhost" -o "$out/geoorch/app" \
    >>"$out/geoorch.publish.log" 2>&1 || {
    echo "build-images: dotnet publish of the GDAL host failed; its log ($out/geoorch.publish.log) ends:" >&2
    tail -n 30 "$out/geoorch.publish.log" >&2; exit 1; }
  local staged; staged="$(seconds_since "$start")"
  docker_build "$image" geoorch -f deploy/geoorch/Dockerfile \
    --build-arg BASE_IMAGE="$debian_base" "${app_labels[@]}" --label "org.opencontainers.image.base.name=$debian_base" "$out/geoorch"
  report "$image" "$start" "dotnet publish $staged s"
}

# PowerShell as the repository's tool manifest pins it, from the NuGet global packages folder
# (`dotnet tool restore` puts it there).
pwsh_package_dir() {
  local pwsh_version packages
  pwsh_version="$(sed -n '/"powershell"/,/}/ s/.*"version": *"\([^"]*\)".*/\1/p' .config/dotnet-tools.json | head -n1)"
  packages="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')}"
  echo "${packages%/}/powershell/$pwsh_version/tools/net10.0/any/unix"
}

build_powershell() {
  build_runtime_base
  local image="geoorchestration/powershell:$tag" context="$out/powershell" pwsh_dir start; start="$(now)"
  dotnet tool restore >/dev/null
  pwsh_dir="$(pwsh_package_dir)"
  [ -x "$pwsh_dir/pwsh" ] || { echo "build-images: no pwsh in $pwsh_dir (dotnet tool restore)" >&2; exit 1; }
  # The module package, exactly as `build.ps1 -Task Package` makes it (build, lay out, Compress-PSResource).
  dotnet pwsh -NoLogo -NoProfile ./build.ps1 -Task Package >"$out/powershell.package.log" 2>&1 || {
    echo "build-images: build.ps1 -Task Package failed; its log ($out/powershell.package.log) ends:" >&2
    tail -n 30 "$out/powershell.package.log" >&2; exit 1; }
  rm -rf "$context"; mkdir -p "$context/packages"
  stage_dir "$pwsh_dir" "$context/pwsh"
  cp out/packages/GeoOrchestration."$version".nupkg "$context/packages/"
  local staged; staged="$(seconds_since "$start")"
  docker_build "$image" powershell -f deploy/powershell/Dockerfile \
    --build-arg BASE_IMAGE="$runtime_base" "${app_labels[@]}" --label "org.opencontainers.image.base.name=$runtime_base" "$context"
  report "$image" "$start" "build.ps1 -Task Package $staged s"
}

build_postgres() {
  build_debian_base
  local image=geoorchestration/postgres:15 start; start="$(now)"
  docker_build "$image" postgres -f deploy/postgres/Dockerfile --build-arg BASE_IMAGE="$debian_base" deploy/postgres
  report "$image" "$start"
}

case "$target" in
  base) build_debian_base; build_runtime_base ;;
  geoorch) build_geoorch ;;
  powershell) build_powershell ;;
  postgres) build_postgres ;;
  all) build_geoorch; build_powershell; build_postgres ;;
esac
