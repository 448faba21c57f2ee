"""The tests' own apps: one built before for equal settings is served again, started afresh;
one a test changed never is."""

from __future__ import annotations

from patronage.core.settings import Settings
from tests.integration.conftest import make_settings, serving


async def test_an_app_is_served_again_for_equal_settings_with_a_new_database_engine(
    settings: Settings,
) -> None:
    async with serving(settings) as first:
        engine = first.state.db.engine
    async with serving(make_settings(settings.database_url)) as again:
        assert again is first
        assert again.state.db.engine is not engine
        assert await again.state.db.ping()


async def test_an_app_serving_a_test_is_not_served_to_another_at_once(settings: Settings) -> None:
    async with serving(settings) as outer, serving(settings) as inner:
        assert inner is not outer


async def test_other_settings_get_an_app_of_their_own(settings: Settings) -> None:
    async with serving(settings) as first:
        pass
    other = make_settings(settings.database_url, max_body_bytes=settings.max_body_bytes + 1)
    async with serving(other) as second:
        assert second is not first
        assert second.state.settings.max_body_bytes == other.max_body_bytes


async def test_an_app_a_test_changed_is_not_served_again(settings: Settings) -> None:
    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    async with serving(settings) as changed:
        changed.add_api_route("/api/v1/test-only-hello", hello)
    async with serving(settings) as next_app:
        assert next_app is not changed
        assert all(getattr(r, "path", "") != "/api/v1/test-only-hello" for r in next_app.routes)


async def test_an_app_whose_settings_a_test_changed_is_not_served_again(
    settings: Settings,
) -> None:
    async with serving(settings) as changed:
        changed.state.settings.otp_cooldown_s += 1
    async with serving(settings) as next_app:
        assert next_app is not changed
        assert next_app.state.settings.otp_cooldown_s == settings.otp_cooldown_s
