"""Read a safetensors file with numpy only (8-byte little-endian header length, JSON header, raw little-endian data)."""
import json
import struct

import numpy as np

DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I32": "<i4", "I64": "<i8", "U8": "u1", "I8": "i1"}


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(raw, dtype=DTYPES[meta["dtype"]], count=(b - a) // np.dtype(DTYPES[meta["dtype"]]).itemsize,
                                  offset=base + a).reshape(meta["shape"])
    return out
