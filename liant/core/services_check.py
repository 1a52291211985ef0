"""`python -m liant.core.services_check PG_URL REDIS_URL`: exit 0 when both answer."""

import socket
import sys
from urllib.parse import urlparse


def reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError as error:
        print(f"not reachable: {parsed.hostname}:{parsed.port or default_port} ({error})")
        return False


def main(argv: list[str]) -> int:
    pg_url, redis_url = argv[1], argv[2]
    ok = reachable(pg_url, 5432) & reachable(redis_url, 6379)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
