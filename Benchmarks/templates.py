"""Request templates for ndjson-bench, shared by the benchmark scripts.

`write(path, rows, make)` writes one JSON-RPC request per row for which `make(row)` gives one
(a falsy answer skips the row). In a request, the id "{i}" becomes the generator's sequence
number and the text BENCH becomes "bench-{i}-{r:1000000000}", a fresh external id per request.
"""
import json


def write(path, rows, make):
    with open(path, "w") as out:
        for row in rows:
            request = make(row)
            if request:
                line = json.dumps(request, separators=(",", ":"))
                out.write(line.replace('"{i}"', "{i}").replace("BENCH", "bench-{i}-{r:1000000000}") + "\n")
