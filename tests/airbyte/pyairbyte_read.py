"""PyAirbyte reads `zoom-adapter airbyte` (a local executable) into its DuckDB
cache: every stream, then a second read with the saved state, which must add
no activity already delivered. Usage: python pyairbyte_read.py CONFIG.json
ADAPTER_WRAPPER (an executable that runs `zoom-adapter airbyte "$@"`)."""

import json
import os
import sys

os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")

import airbyte as ab  # noqa: E402

ACTIVITIES = ("operation_logs", "sign_in_activities")


def ids(cache, stream):
    if stream not in cache.streams:
        return []
    frame = cache[stream].to_pandas()
    return list(frame["id"]) if "id" in frame else []


def main(config_path, executable, cache_dir):
    config = json.load(open(config_path, encoding="utf-8"))
    source = ab.get_source("source-zoom", config=config, local_executable=executable)
    source.check()
    source.select_all_streams()
    cache = ab.new_local_cache(cache_name="zoom", cache_dir=cache_dir)
    first = source.read(cache=cache, write_strategy="append")
    counts = {name: len(dataset.to_pandas()) for name, dataset in first.streams.items()}
    print(f"first read: {counts}")
    if not counts.get("users"):
        print("no users were read", file=sys.stderr)
        return 1
    delivered = {stream: set(ids(cache, stream)) for stream in ACTIVITIES}
    if not any(delivered.values()):
        print("no activities were read", file=sys.stderr)
        return 1
    cache.get_sql_engine().dispose()
    # Appended, not merged: an activity delivered again would show twice.
    second = source.read(cache=cache, write_strategy="append")
    again = {stream: ids(cache, stream) for stream in ACTIVITIES}
    for stream in ACTIVITIES:
        repeated = len(again[stream]) - len(set(again[stream]))
        if repeated:
            print(f"{stream}: {repeated} activities delivered twice", file=sys.stderr)
            return 1
    print(f"second read: {second.processed_records} records; no activity repeated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
