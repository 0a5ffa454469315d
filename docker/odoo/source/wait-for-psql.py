#!/usr/bin/env python3
"""Wait until PostgreSQL accepts a connection, for the source-built image's /entrypoint.sh.

Same options as the official image's wait-for-psql.py. The password is read from PGPASSWORD
(--db_password is accepted for compatibility, but puts it on a command line).
Exit status 0 once a connection to the 'postgres' database succeeds, 1 when --timeout expires.
"""
import argparse
import os
import sys
import time

import psycopg2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db_host", default=os.environ.get("PGHOST", "db"))
    parser.add_argument("--db_port", default=os.environ.get("PGPORT", "5432"))
    parser.add_argument("--db_user", default=os.environ.get("PGUSER", "odoo"))
    parser.add_argument("--db_password", default=os.environ.get("PGPASSWORD"))
    parser.add_argument("--timeout", type=int, default=5, help="seconds (default 5)")
    args = parser.parse_args()

    deadline = time.monotonic() + args.timeout
    while True:
        try:
            psycopg2.connect(
                host=args.db_host,
                port=args.db_port,
                user=args.db_user,
                password=args.db_password,
                dbname="postgres",
                connect_timeout=max(1, min(5, args.timeout)),
            ).close()
            return 0
        except psycopg2.OperationalError as error:
            if time.monotonic() >= deadline:
                reason = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
                print(
                    f"wait-for-psql: {args.db_user}@{args.db_host}:{args.db_port} not ready "
                    f"after {args.timeout} s: {reason}",
                    file=sys.stderr,
                )
                return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
