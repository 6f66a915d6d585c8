# geoorchestration/dotnet-runtime:10.0: a stand-in for mcr.microsoft.com/dotnet/runtime:10.0 on machines
# that reach a Debian mirror but no image registry (this project's CI). Same layout and environment as
# Microsoft's bookworm-slim runtime image (its runtime-deps layer, then the runtime): the .NET
# dependencies from Debian, the non-root user `app` (UID 1654), the shared runtime
# Microsoft.NETCore.App (no ASP.NET Core) under /usr/share/dotnet and /usr/bin/dotnet linking to the
# host. Like Microsoft's image it sets no DOTNET_ROOT: apphosts (pwsh) find /usr/share/dotnet, the
# default install location on Linux.
#
# Built by deploy/build-images.sh from a context it stages (out/images/dotnet-runtime/): dotnet/ is a
# copy of this machine's host (dotnet, host/fxr) and Microsoft.NETCore.App runtime, which
# `dotnet --list-runtimes` locates.
ARG BASE_IMAGE=geoorchestration/debian:bookworm
FROM ${BASE_IMAGE}

ENV \
    # UID of the non-root user 'app'
    APP_UID=1654 \
    # Configure web servers to bind to port 8080 when present
    ASPNETCORE_HTTP_PORTS=8080 \
    # Enable detection of running in a container
    DOTNET_RUNNING_IN_CONTAINER=true

# runtime-deps: what .NET needs from the distribution (ICU for globalisation, OpenSSL for TLS).
# apt's *.bin caches go too: a base made by an older make-base.sh keeps them (~90 MB a layer).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata zlib1g \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb

RUN groupadd --gid=$APP_UID app \
    && useradd -l --uid=$APP_UID --gid=$APP_UID --create-home app

ARG DOTNET_VERSION
ENV DOTNET_VERSION=${DOTNET_VERSION}
COPY dotnet/ /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

LABEL org.opencontainers.image.title="geoorchestration/dotnet-runtime" \
      org.opencontainers.image.description="Debian 12 with the .NET 10 runtime (Microsoft.NETCore.App): a local stand-in for mcr.microsoft.com/dotnet/runtime:10.0"
