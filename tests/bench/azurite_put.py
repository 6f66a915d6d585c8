#!/usr/bin/env python3
"""Creates a container and puts files into it on Azurite (path-style, Shared Key), for the blob benchmark.

Standard library only: the benchmark machine has no Azure SDK for Python. Usage:
  azurite_put.py ENDPOINT CONTAINER                   create the container (an existing one is kept)
  azurite_put.py ENDPOINT CONTAINER FOLDER [PREFIX]   and put every file under FOLDER as PREFIX + its relative path
ENDPOINT is http://127.0.0.1:PORT/devstoreaccount1; the key is the emulator's well-known one.
"""
import base64, hashlib, hmac, os, sys, urllib.error, urllib.parse, urllib.request
from email.utils import formatdate

ACCOUNT = "devstoreaccount1"
KEY = base64.b64decode("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")


def request(endpoint, path, query, body=b"", headers=None):
    # urllib adds a Content-Type of its own to a request with a body (even empty): name one, so it is the one signed.
    headers = {"Content-Type": "application/octet-stream", **(headers or {})}
    headers["x-ms-date"] = formatdate(usegmt=True)
    headers["x-ms-version"] = "2021-08-06"
    length = str(len(body)) if body else ""
    canonical_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()) if k.startswith("x-ms-"))
    # Path-style (an emulator): the account appears in the resource twice, once as the account, once in the path.
    resource = f"/{ACCOUNT}{urllib.parse.urlparse(endpoint).path}{path}" + "".join(f"\n{k}:{v}" for k, v in sorted(query.items()))
    to_sign = "\n".join(["PUT", "", "", length, "", headers.get("Content-Type", ""), "", "", "", "", "", ""]) + "\n" + canonical_headers + resource
    signature = base64.b64encode(hmac.new(KEY, to_sign.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = f"SharedKey {ACCOUNT}:{signature}"
    url = endpoint + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode(query) if query else "")
    try:
        urllib.request.urlopen(urllib.request.Request(url, data=body, method="PUT", headers=headers)).read()
    except urllib.error.HTTPError as e:
        if not (e.code == 409 and "restype" in query):  # the container exists already
            raise SystemExit(f"PUT {path}: {e.code} {e.read()[:300]!r}")


def main():
    endpoint, container = sys.argv[1].rstrip("/"), sys.argv[2]
    request(endpoint, f"/{container}", {"restype": "container"})
    if len(sys.argv) > 3:
        folder, prefix = sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else ""
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                local = os.path.join(root, name)
                blob = prefix + os.path.relpath(local, folder).replace(os.sep, "/")
                with open(local, "rb") as f:
                    request(endpoint, f"/{container}/{blob}", {}, f.read(), {"x-ms-blob-type": "BlockBlob", "Content-Type": "image/tiff"})


main()
