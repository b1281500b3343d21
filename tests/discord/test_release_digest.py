"""The announcement of a new release is the /changes digest of it against the release served
before (one digest, not two), titled as news, whether or not the new data still holds the
release served before."""

from __future__ import annotations

import pytest

from bot.core.catalog import Catalog, load_catalog
from bot.core.changes import changes
from bot.core.requests import ChangesRequest
from bot.discord.history_embeds import render_changes
from bot.discord.release_news import announce_release, release_digest
from bot.render.context import RenderContext
from tests.discord.harness import CHANNEL_ID, GUILD_ID
from tests.discord.test_release_news import write
from tests.paths import CURRENT_DIR
from tests.sync.releases import NEW_MODEL, newer_release
from tests.sync_server import repository_files


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory) -> tuple[Catalog, Catalog, Catalog]:
    """(v5.11.7 alone, v5.11.8 beside v5.11.7, v5.11.8 alone)."""
    root = tmp_path_factory.mktemp("digest")
    current = repository_files(CURRENT_DIR)
    write(root / "old" / "v5.11.7", current)
    write(root / "both" / "v5.11.7", current)
    write(root / "both" / "v5.11.8", newer_release(current))
    write(root / "alone" / "v5.11.8", newer_release(current))
    return (load_catalog(root / "old"), load_catalog(root / "both"),
            load_catalog(root / "alone"))


def fields(embed) -> list[tuple[str, str]]:
    return [(f.name, f.value) for f in embed.fields]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_announcement_is_the_changes_digest(catalogs, lang):
    old, both, _ = catalogs
    embed = release_digest(old, both, lang)
    digest = render_changes(changes(both, ChangesRequest()), RenderContext(lang=lang))
    assert fields(embed) == fields(digest)
    assert embed.title == {"en": "New CLiB release: v5.11.8",
                           "zh": "CLiB 发布新版本：v5.11.8"}[lang]
    assert embed.description.splitlines()[0] == {"en": "Released 2026-09-12.",
                                                  "zh": "发布于 2026-09-12。"}[lang]
    assert embed.description.splitlines()[1:] == digest.description.splitlines()
    shown = dict(fields(embed))
    assert NEW_MODEL in " ".join(shown.values()) and "gpt-5.2" in " ".join(shown.values())
    assert any("kimi-k3" in v and "80" in v for v in shown.values())
    assert not any("price" in name or "价格的模型" in name for name in shown)  # all priced


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_digest_names_the_models_without_a_price(catalogs, lang):
    """The models a budget leaves out, as a sync prints them (issue 20)."""
    _, both, _ = catalogs
    result = changes(both, ChangesRequest()).model_copy(update={"unpriced": ["kimi-k3"]})
    shown = dict(fields(render_changes(result, RenderContext(lang=lang))))
    assert shown[{"en": "Models without a price (1)", "zh": "没有价格的模型（1）"}[lang]] == \
        "kimi-k3"


def test_without_the_release_before_the_same_digest_is_posted(catalogs):
    old, both, alone = catalogs
    embed = release_digest(old, alone, "en")
    assert embed.title == "New CLiB release: v5.11.8"
    assert dict(fields(embed))["New models (1)"] == NEW_MODEL
    assert fields(embed) == fields(release_digest(old, both, "en"))


async def test_the_watched_channel_gets_the_digest(make_harness, catalogs):
    old, both, _ = catalogs
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.bot.store.add_watch(GUILD_ID, CHANNEL_ID)
    start = len(h.fake.requests)
    assert await announce_release(h.bot, old, both) == 1
    (post,) = [r.json for r in h.fake.requests[start:] if r.path.startswith("/channels/")]
    digest = render_changes(changes(both, ChangesRequest()), RenderContext(lang="en"))
    assert [f["name"] for f in post["embeds"][0]["fields"]] == [f.name for f in digest.fields]
