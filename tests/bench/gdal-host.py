#!/usr/bin/env python3
"""Figures for one GDAL host (src/GeoOrchestration.GdalHost), spoken to over its protocol from here.

Prints, never judges: the host's start time (process start to its hello line), the round trip of an
info request on a small raster (median of INFOS, default 200) beside the same gdalinfo -json as a
process (median of TOOLS, default 20), and the host's resident set after start and after TRANSLATES
(default 200) COG translates of a 256x256 raster. Needs a Release build (dotnet build
GeoOrchestration.sln -c Release), dotnet on PATH, gdal-bin. Say how loaded the machine was
(uptime) beside the figures: they are only worth its quiet.
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HOST = os.path.join(ROOT, "src/GeoOrchestration.GdalHost/bin/Release/net8.0/GeoOrchestration.GdalHost.dll")
INFOS = int(os.environ.get("INFOS", "200"))
TOOLS = int(os.environ.get("TOOLS", "20"))
TRANSLATES = int(os.environ.get("TRANSLATES", "200"))


def raster(path, size):
    subprocess.run(["gdal_create", "-q", "-of", "GTiff", "-outsize", str(size), str(size), "-bands", "1", "-ot", "Byte",
                    "-burn", "7", "-a_srs", "EPSG:32633", "-a_ullr", "500000", "5000000", str(500000 + 30 * size),
                    str(5000000 - 30 * size), path], check=True)
    return path


class Host:
    def __init__(self):
        started = time.perf_counter()
        self.process = subprocess.Popen(["dotnet", HOST, "--parent", str(os.getpid())], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "CPL_DEBUG": "OFF"})
        self.hello = json.loads(self.process.stdout.readline())
        self.start_seconds = time.perf_counter() - started
        self.next_id = 0

    def send(self, request):
        self.next_id += 1
        self.process.stdin.write((json.dumps({"id": self.next_id, **request}) + "\n").encode())
        self.process.stdin.flush()
        response = json.loads(self.process.stdout.readline())
        if not response["ok"]:
            sys.exit(f"request {request} failed: {response['messages']}")
        return response

    def close(self):
        self.process.stdin.close()
        return self.process.wait()


def main():
    if not os.path.exists(HOST):
        sys.exit("build first: dotnet build GeoOrchestration.sln -c Release")
    work = tempfile.mkdtemp(prefix="gdal-host-figures-")
    try:
        small = raster(os.path.join(work, "small.tif"), 64)
        tile = raster(os.path.join(work, "tile.tif"), 256)
        starts = []
        for _ in range(5):
            host = Host()
            starts.append(host.start_seconds)
            host.close()
        host = Host()
        print(f"host: GDAL {host.hello['gdal']} from {host.hello['library']}, pid {host.hello['pid']}")
        print(f"start to hello: median {statistics.median(starts) * 1000:.0f} ms of {len(starts)} starts")
        after_start = host.send({"op": "info", "path": small, "args": ["-json", "-mdd", "IMAGERY"]})["rss_bytes"]
        trips = []
        for _ in range(INFOS):
            started = time.perf_counter()
            host.send({"op": "info", "path": small, "args": ["-json", "-mdd", "IMAGERY"]})
            trips.append(time.perf_counter() - started)
        tools = []
        for _ in range(TOOLS):
            started = time.perf_counter()
            subprocess.run(["gdalinfo", "-json", "-mdd", "IMAGERY", small], check=True, stdout=subprocess.DEVNULL)
            tools.append(time.perf_counter() - started)
        print(f"info round trip (64x64): median {statistics.median(trips) * 1000:.2f} ms of {INFOS}; "
              f"gdalinfo as a process: median {statistics.median(tools) * 1000:.1f} ms of {TOOLS}")
        out = os.path.join(work, "out.tif")
        started = time.perf_counter()
        for _ in range(TRANSLATES):
            rss = host.send({"op": "translate", "source": tile, "destination": out,
                             "args": ["-q", "-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=YES"]})["rss_bytes"]
            os.remove(out)
        per = (time.perf_counter() - started) / TRANSLATES
        print(f"resident set: {after_start / 2**20:.1f} MiB after start (one info), {rss / 2**20:.1f} MiB after "
              f"{TRANSLATES} COG translates of 256x256 ({per * 1000:.1f} ms each)")
        print(f"host exit code on stdin EOF: {host.close()}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
