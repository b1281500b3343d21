"""The resolver on the boards it ships with (CLiB v5.11.7 and v3.6, 113 names): names as
people type them (spaces for dashes, a dropped letter, a size without its b, the family alone)
and what each becomes: resolved (by which step), ambiguous (with every candidate), or unknown
(with its suggestions). Never a model with other numbers, never a guess between equals."""

from __future__ import annotations

import pytest

from bot.core.catalog import load_catalog

TABLE = [
    ("deepeek-v4-pro", "ambiguous", ["deepseek-v4-pro", "deepseek-v4-pro-0424"]),
    ("deepseek v4", "ambiguous", ["deepseek-v4-flash-0424", "deepseek-v4-pro",
        "deepseek-v4-pro-0424"]),
    ("doubao seed", "ambiguous", ["Doubao-Seed-2.0-lite", "Doubao-Seed-2.0-mini",
        "Doubao-Seed-2.0-pro", "doubao-seed-1-8-251215", "doubao-seed-2-1-pro-260628",
        "doubao-seed-2-1-turbo-260628", "doubao-seed-evolving"]),
    ("longcat flash", "ambiguous", ["LongCat-Flash-Lite", "LongCat-Flash-Thinking-2601"]),
    ("mimo-v2-flsh-think", "ambiguous", ["MiMo-V2-Flash-think", "MiMo-V2-Flash-think-0204"]),
    ("gemini 3.1", "ambiguous", ["gemini-3.1-flash-lite-preview", "gemini-3.1-pro-preview"]),
    ("gpt oss", "ambiguous", ["gpt-oss-120b", "gpt-oss-20b"]),
    ("claude opus", "ambiguous", ["claude-opus-4.6", "claude-opus-4.8",
        "claude-opus-4.8-thinking", "claude-opus-5"]),
    ("mimo-v2-flsh", "ambiguous", ["MiMo-V2-Flash", "MiMo-V2-Flash-0204", "MiMo-V2-Flash-think",
        "MiMo-V2-Flash-think-0204"]),
    ("ministral 3", "ambiguous", ["Ministral-3-14B-Instruct-2512", "Ministral-3-3B-Instruct-2512",
        "Ministral-3-8B-Instruct-2512"]),
    ("qwen plus", "ambiguous", ["qwen-plus-2025-12-01", "qwen-plus-think-2025-12-01",
        "qwen3.5-plus", "qwen3.6-plus", "qwen3.7-plus"]),
    ("mimo v2", "ambiguous", ["MiMo-V2-Flash", "MiMo-V2-Flash-0204", "MiMo-V2-Flash-think",
        "MiMo-V2-Flash-think-0204", "MiMo-V2-Omni", "MiMo-V2-Pro"]),
    ("gemma 4", "ambiguous", ["gemma-4-26b-a4b-it", "gemma-4-31b-it"]),
    ("mimo-v2-flsh-0204", "ambiguous", ["MiMo-V2-Flash-0204", "MiMo-V2-Flash-think-0204"]),
    ("mistral small", "alias", "Mistral-Small-24B-Instruct-2501"),
    ("hermes 3", "alias", "Hermes-3-Llama-3.1-405B"),
    ("gemma 2", "alias", "gemma-2-27b-it"),
    ("gemma 3", "alias", "gemma-3-27b-it"),
    ("deepseek-v4-pro-0424", "exact", "deepseek-v4-pro-0424"),
    ("kimi-k3", "exact", "kimi-k3"),
    ("glm-4.7-flash", "exact", "GLM-4.7-Flash"),
    ("qwen3.6-plus", "exact", "qwen3.6-plus"),
    ("glm-5.1", "exact", "GLM-5.1"),
    ("doubao-seed-2.0-pro", "exact", "Doubao-Seed-2.0-pro"),
    ("qwe3.8-max", "fuzzy", "qwen3.8-max"),
    ("qwe3.7-plus", "fuzzy", "qwen3.7-plus"),
    ("qwe3.6-35b-a3b", "fuzzy", "Qwen3.6-35B-A3B"),
    ("qwe3.5-flash", "fuzzy", "qwen3.5-flash"),
    ("qwe3.5-plus", "fuzzy", "qwen3.5-plus"),
    ("qwe3.6-max-preview", "fuzzy", "qwen3.6-max-preview"),
    ("qwn3-max-think-2026-01-23", "fuzzy", "qwen3-max-think-2026-01-23"),
    ("qwe3.6-plus", "fuzzy", "qwen3.6-plus"),
    ("qwe3.8-flash", "fuzzy", "qwen3.8-flash"),
    ("qwe3.6-27b", "fuzzy", "qwen3.6-27b"),
    # a short name with one letter wrong, the numbers right: spelled closely enough to take
    ("gjt-5.2", "fuzzy", "gpt-5.2"),
    ("glc-5.3", "fuzzy", "glm-5.3"),
    ("mimo v2.5", "normalized", "mimo-v2.5"),
    ("glm 5.2", "normalized", "glm-5.2"),
    ("deepseek v3.2", "normalized", "DeepSeek-V3.2"),
    ("claude sonnet 5 thinking", "normalized", "claude-sonnet-5-thinking"),
    ("deepseek v4 pro", "normalized", "deepseek-v4-pro"),
    ("qwen2.5 32b", "normalized", "qwen2.5-32b-instruct"),
    ("llama 3.1 nemotron 70b instruct fp8", "normalized", "Llama-3.1-Nemotron-70B-Instruct-fp8"),
    ("qwen3 max preview think", "normalized", "qwen3-max-preview-think"),
    ("meta llama 3.1 405b instruct", "normalized", "Meta-Llama-3.1-405B-Instruct"),
    ("qwen3.5 27b", "normalized", "Qwen3.5-27B"),
    ("qwen3.7 max", "normalized", "qwen3.7-max"),
    ("glm 5.1", "normalized", "GLM-5.1"),
    ("hunyuan 2.0 instruct 20251111", "normalized", "hunyuan-2.0-instruct-20251111"),
    ("glm 4.7 flash", "normalized", "GLM-4.7-Flash"),
    ("minmax-m2.7", "tokens", "MiniMax-M2.7"),
    ("gema-2-27b-it", "tokens", "gemma-2-27b-it"),
    ("ministral-3-3-instruct-2512", "tokens", "Ministral-3-3B-Instruct-2512"),
    ("douao-seed-2.0-lite", "tokens", "Doubao-Seed-2.0-lite"),
    ("gemini-3.1-flash-lite-preiew", "tokens", "gemini-3.1-flash-lite-preview"),
    ("gemma-4-31-it", "tokens", "gemma-4-31b-it"),
    ("deepeek-chat-v3", "tokens", "deepseek-chat-v3"),
    ("erie-5.0", "tokens", "ERNIE-5.0"),
    ("gema-4-26b-a4b-it", "tokens", "gemma-4-26b-a4b-it"),
    ("gpt-oss-20", "tokens", "gpt-oss-20b"),
    ("kimi k2.5", "tokens", "Kimi-K2.5-Thinking"),
    ("deepeek-v4-flash-0424", "tokens", "deepseek-v4-flash-0424"),
    ("gemma-2-27-it", "tokens", "gemma-2-27b-it"),
    ("qwen3.6 35b", "tokens", "Qwen3.6-35B-A3B"),
    ("gemini-3.1-pro-preiew", "tokens", "gemini-3.1-pro-preview"),
    ("gemni-3.5-flash", "tokens", "gemini-3.5-flash"),
    ("llama 3.3", "tokens", "Llama-3.3-70B-Instruct"),
    ("mistral large", "tokens", "mistral-large-2512"),
    ("meta-llama-3.1-405b-instuct", "tokens", "Meta-Llama-3.1-405B-Instruct"),
    ("minmax-m3", "tokens", "MiniMax-M3"),
    ("deepeek-r1", "tokens", "DeepSeek-R1"),
    ("qwq-32b-preiew", "tokens", "qwq-32b-preview"),
    # a misspelt family name offers the family; a doubled letter in one word still resolves
    ("deepsek", "ambiguous", ["DeepSeek-R1", "DeepSeek-V3.2", "DeepSeek-V3.2-Think",
        "deepseek-chat-v3", "deepseek-v4-flash-0424", "deepseek-v4-pro", "deepseek-v4-pro-0424"]),
    ("deepseek-r1-distiill-qwen-32b", "tokens", "DeepSeek-R1-Distill-Qwen-32B"),
    ("mimo-v2-ommni", "tokens", "MiMo-V2-Omni"),
    # the family alone offers all of it, a longer name (qwen3-next-80b-a3b-thinking) too
    ("qwen3", "ambiguous", ["Qwen3.6-35B-A3B", "qwen3-max-2026-01-23",
        "qwen3-next-80b-a3b-thinking"]),
    # llama names the Llama models, not the DeepSeek distills built on one
    ("llama", "ambiguous", ["Hermes-3-Llama-3.1-405B", "Llama-3.3-70B-Instruct",
        "Llama-3.3-70B-Instruct-fp8", "Meta-Llama-3.1-405B-Instruct"]),
    ("70b", "ambiguous", ["Llama-3.3-70B-Instruct", "Llama-3.3-70B-Instruct-fp8"]),
    # ministral names the Ministral models, not Mistral's others
    ("ministral", "ambiguous", ["Ministral-3-14B-Instruct-2512", "Ministral-3-3B-Instruct-2512",
        "Ministral-3-8B-Instruct-2512"]),
    # every word but one fits a name that lacks it: asked, never picked
    ("gemini 3 flash lite preview", "ambiguous", ["gemini-3-flash-preview"]),
    ("step 3.5", "unknown", ["step-3.5-flash"]),
    ("gemini 3", "unknown", ["gemini-3-flash-preview"]),
    ("gpt 5.6", "unknown", ["gpt-5.6-sol-pro"]),
    ("gemini 3.7", "unknown", ["gemini-3.7-flash"]),
    ("step 3.7", "unknown", ["step-3.7-flash"]),
]


@pytest.fixture(scope="module")
def resolver():
    return load_catalog().resolver


@pytest.mark.parametrize(("query", "outcome", "expected"), TABLE)
def test_names_as_typed_on_the_real_boards(resolver, query, outcome, expected):
    result = resolver.resolve(query)
    if outcome == "ambiguous":
        assert (result.status, sorted(result.candidates)) == ("ambiguous", expected)
        assert result.name is None
    elif outcome == "unknown":
        assert (result.status, result.suggestions) == ("unknown", expected)
    else:
        assert (result.status, result.method, result.name) == ("resolved", outcome, expected)
        assert result.candidates == []


def test_the_closest_fits_are_offered_first(resolver):
    """mimo v2: the undated models before the dated ones (a date is one more word the query
    did not name), so the menu starts with the likeliest reading."""
    assert resolver.resolve("mimo v2").candidates == [
        "MiMo-V2-Flash", "MiMo-V2-Omni", "MiMo-V2-Pro", "MiMo-V2-Flash-0204",
        "MiMo-V2-Flash-think", "MiMo-V2-Flash-think-0204"]
