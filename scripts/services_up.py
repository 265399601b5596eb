"""Exit 0 if the PostgreSQL and Redis servers named on the command line answer, else 1."""

import sys

import psycopg
import redis


def main(database_url: str, redis_url: str) -> int:
    try:
        psycopg.connect(database_url, connect_timeout=3).close()
    except psycopg.Error as error:
        print(f"PostgreSQL does not answer at {database_url}: {error}")
        return 1
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        print(f"Redis does not answer at {redis_url}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
