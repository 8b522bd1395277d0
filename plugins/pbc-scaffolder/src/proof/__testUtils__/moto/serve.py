"""Starts moto's server on 127.0.0.1 with the proof's CloudFormation models (models.py).

Prints one JSON line, {"port": N, "moto": "<version>", "modelled": [...]}, once it listens on an
ephemeral port, and stops when its standard input closes, so the test that started it cannot
leave it running. Accounts are chosen per request with the x-moto-account-id header.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from importlib.metadata import version  # noqa: E402

import models  # noqa: E402
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402

modelled = models.install()
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
_, port = server.get_host_and_port()
print(json.dumps({"port": port, "moto": version("moto"), "modelled": modelled}), flush=True)
sys.stdin.read()
server.stop()
