"""The command line: brands and staff, on both databases."""

from __future__ import annotations

import json
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from patronage.cli import app
from tests.factories import PASSWORD, unique_email

UNKNOWN_MERCHANT = "5b1f7c2e-0000-4000-8000-000000000000"


def _merchant_create(
    cli: CliRunner, email: str, *, name: str = "Bún Chả Hà Nội", password: str = PASSWORD
) -> Result:
    args = ["--name", name, "--owner-email", email, "--owner-password", password]
    return cli.invoke(app, ["merchant", "create", *args])


def _staff_add(cli: CliRunner, merchant: str, *, password: str = PASSWORD) -> Result:
    args = ["--merchant", merchant, "--email", unique_email(), "--password", password]
    return cli.invoke(app, ["staff", "add", *args, "--role", "cashier"])


def _create_merchant(cli: CliRunner, email: str) -> dict[str, str]:
    result = _merchant_create(cli, email)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _failure(result: Result) -> dict[str, Any]:
    """The error a failed command printed on stderr (it exits with 1)."""
    assert result.exit_code == 1, result.output
    return json.loads(result.stderr)["error"]  # type: ignore[no-any-return]


def test_merchant_create_prints_the_ids_as_json(cli: CliRunner) -> None:
    created = _create_merchant(cli, unique_email())
    assert set(created) == {"merchant_id", "owner_user_id"}


def test_staff_add_then_the_new_cashier_is_listed(cli: CliRunner) -> None:
    merchant = _create_merchant(cli, unique_email())["merchant_id"]
    result = _staff_add(cli, merchant)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["role"] == "cashier"


def test_a_duplicate_owner_email_fails_with_a_clear_error(cli: CliRunner) -> None:
    email = unique_email()
    _create_merchant(cli, email)
    result = _merchant_create(cli, email, name="Other", password="another-password-1")
    assert _failure(result)["code"] == "staff.email_taken"


def test_an_unknown_merchant_fails_with_a_clear_error(cli: CliRunner) -> None:
    result = _staff_add(cli, UNKNOWN_MERCHANT)
    assert _failure(result)["code"] == "merchant.not_found"


def test_a_weak_password_fails_with_a_clear_error(cli: CliRunner) -> None:
    result = _merchant_create(cli, unique_email(), name="X", password="short")
    assert _failure(result)["code"] == "staff.weak_password"


def test_db_upgrade_runs_again_without_harm(cli: CliRunner) -> None:
    result = cli.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output


def test_every_command_has_help(cli: CliRunner) -> None:
    for command in (
        ["--help"],
        ["serve", "--help"],
        ["db", "upgrade", "--help"],
        ["merchant", "create", "--help"],
        ["staff", "add", "--help"],
        ["demo", "--help"],
    ):
        result = cli.invoke(app, command)
        assert result.exit_code == 0, command
        assert "Usage" in result.stdout


def test_a_guessable_staff_password_is_refused_with_its_reason(cli: CliRunner) -> None:
    created = _create_merchant(cli, unique_email())
    error = _failure(_staff_add(cli, created["merchant_id"], password="Password1!"))
    assert error["code"] == "staff.weak_password"
    assert error["details"]["reason"] == "password.too_common"
