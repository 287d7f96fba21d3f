# Polls a running Tern's /metrics (tern dev --metrics ADDR) every 0.2 s and prints: seconds, jemalloc allocated,
# active and resident MiB, process RSS MiB. Usage: python3 perf/poll-metrics.py http://127.0.0.1:PORT/metrics SECONDS
import sys, time, urllib.request
url, seconds = sys.argv[1], float(sys.argv[2])
keys = ["tern_jemalloc_allocated_bytes", "tern_jemalloc_active_bytes", "tern_jemalloc_resident_bytes", "tern_process_resident_memory_bytes"]
start = time.time()
while time.time() - start < seconds:
    try:
        text = urllib.request.urlopen(url, timeout=2).read().decode()
        values = {line.split()[0]: float(line.split()[1]) for line in text.splitlines() if line and not line.startswith("#")}
        print(round(time.time() - start, 1), *[round(values.get(k, 0) / 1048576, 1) for k in keys], flush=True)
    except Exception as error:
        print("error", error, flush=True)
    time.sleep(0.2)
