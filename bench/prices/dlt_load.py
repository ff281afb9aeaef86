"""The dlt comparison of the prices bench (Python, because dlt is the third-party loader compared).

Loads the same Yahoo chart v8 answers from the same replay server (through the bench's cache
front) into DuckDB with dlt: one resource per ticker (parallelized, so `concurrency` requests are in
flight, as in our run), all feeding one table `prices_daily` with write_disposition="merge" on
primary key (ticker, date) -- the same idempotent upsert our pipeline does. Each resource yields
one list of rows per answer (dlt's advice: pages, not rows). Telemetry is off: nothing leaves the
machine. Prints one JSON report line: bars, ms, maxRssKb, phases, facts.

Usage: python dlt_load.py ARGS.json  (baseUrl, requests[{ticker, path}], concurrency, duckdbPath, workDir)
"""
import json
import os
import resource
import sys
import threading
import time
from datetime import datetime, timezone


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        args = json.load(handle)
    os.environ["RUNTIME__DLTHUB_TELEMETRY"] = "false"
    os.environ["EXTRACT__WORKERS"] = str(args["concurrency"])
    os.environ["DLT_DATA_DIR"] = os.path.join(args["workDir"], "dlt-data")
    import dlt  # after the environment is set: dlt reads its config on import
    import requests

    base = args["baseUrl"]
    by_ticker: dict[str, list[str]] = {}
    for request in args["requests"]:
        by_ticker.setdefault(request["ticker"], []).append(request["path"])
    local = threading.local()

    def session() -> "requests.Session":
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    def ticker_resource(ticker: str, paths: list[str]):
        @dlt.resource(
            name=f"prices_{ticker.lower()}",
            table_name="prices_daily",
            write_disposition="merge",
            primary_key=("ticker", "date"),
            parallelized=True,
        )
        def bars():
            for path in paths:
                answer = session().get(base + path, headers={"accept": "application/json"}, timeout=60)
                answer.raise_for_status()
                result = answer.json()["chart"]["result"][0]
                quote = result["indicators"]["quote"][0]
                adj = (result["indicators"].get("adjclose") or [{}])[0].get("adjclose") or []
                rows = []
                for i, ts in enumerate(result.get("timestamp") or []):
                    rows.append({
                        "ticker": ticker,
                        "date": datetime.fromtimestamp(ts, tz=timezone.utc).date(),
                        "open": quote["open"][i],
                        "high": quote["high"][i],
                        "low": quote["low"][i],
                        "close": quote["close"][i],
                        "adj_close": adj[i] if i < len(adj) else None,
                        "volume": quote["volume"][i],
                    })
                yield rows

        return bars

    pipeline = dlt.pipeline(
        pipeline_name="bench_prices",
        pipelines_dir=os.path.join(args["workDir"], "pipelines"),
        destination=dlt.destinations.duckdb(args["duckdbPath"]),
        dataset_name="bench",
    )
    t0 = time.monotonic()
    pipeline.extract([ticker_resource(t, p) for t, p in by_ticker.items()])
    t1 = time.monotonic()
    pipeline.normalize()
    t2 = time.monotonic()
    pipeline.load()
    t3 = time.monotonic()
    with pipeline.sql_client() as client:
        bars = client.execute_sql("SELECT count(*) FROM prices_daily")[0][0]
    report = {
        "bars": int(bars),
        "ms": round((t3 - t0) * 1000),
        "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "phases": {"extract (fetch + rows)": round((t1 - t0) * 1000), "normalize": round((t2 - t1) * 1000), "load (merge)": round((t3 - t2) * 1000)},
        "facts": {"dlt": dlt.__version__, "resources": len(by_ticker)},
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
