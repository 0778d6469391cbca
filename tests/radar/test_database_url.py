from pathlib import Path

import pytest

from radar.database import DatabaseUrlError, parse_database_url


def test_sqlite_relative_and_absolute_paths() -> None:
    assert parse_database_url("sqlite:///var/radar.sqlite").sqlite_path == Path("var/radar.sqlite")
    assert parse_database_url("sqlite:////tmp/radar.sqlite").sqlite_path == Path("/tmp/radar.sqlite")


def test_postgres_url_keeps_credentials_and_port() -> None:
    url = parse_database_url("postgresql://radar:s3cret@db.internal:6543/radar")
    assert url.is_postgres
    assert url.postgres_dsn == "postgresql://radar:s3cret@db.internal:6543/radar"
    assert (
        parse_database_url("postgres://postgres@127.0.0.1/test").postgres_dsn == "postgresql://postgres@127.0.0.1/test"
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "mysql://root@localhost/radar",
        "postgresql://localhost",
        "postgresql://host:port/db",
        "sqlite://relative.db",
        "not a url",
        "postgresql:///db",
    ],
)
def test_malformed_urls_name_the_variable(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match="DATABASE_URL"):
        parse_database_url(url)
