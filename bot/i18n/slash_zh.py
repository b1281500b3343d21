"""Chinese (zh-CN / zh-TW) names and descriptions of every slash command and option, as
Discord shows them, keyed by their English text (what discord.py's ``Translator`` is asked for:
``bot.discord.translator``). Plain strings, no discord import, beside the other Chinese text
(``bot.i18n.zh``). Command and option names must be lower case and at most 32 characters;
descriptions at most 100."""

from __future__ import annotations

from bot.core.commands import COMMAND_NAMES_ZH, OPTION_NAMES_ZH

SLASH_ZH: dict[str, str] = {
    # command and option names: the same table the terminal reads Chinese names from
    **COMMAND_NAMES_ZH,
    **OPTION_NAMES_ZH,
    # names only Discord has: admin commands, subcommands, their options, choices
    "settings": "设置",
    "watch": "订阅变动",
    "show": "查看",
    "language": "语言",
    "currency": "货币",
    "hide": "隐藏",
    "unhide": "取消隐藏",
    "reset": "重置",
    "board": "榜单",
    "channel": "频道",
    "stop": "停止",
    "day": "天",
    "week": "周",
    "month": "月",
    "year": "年",
    "reload": "重新加载",
    # descriptions
    "The best model for a domain, under a budget": "某个领域的最佳模型，可设预算",
    "Compare two to four models head to head": "对比二至四个模型",
    "Everything the board says about one model": "查看一个模型的全部榜单信息",
    "The ranking for a domain or the total, page by page": "某个领域或总分的排行，分页显示",
    "The domains you can ask about, with their aliases": "可查询的领域及其别名",
    "The models no other beats on both score and price": "性价比前沿：没有其他模型更便宜且得分更高",
    "The best model for your own mix of domains, under a budget": "按你设定的领域权重推荐模型，可设预算",
    "What a monthly volume of output tokens costs": "估算输出 token 用量的每月成本",
    "Like 医疗=2 法律=1; empty: this server's default weights": "如 医疗=2 法律=1；留空则用本服务器的默认权重",
    "Output tokens, like 50M, 2.5亿 or 3000万": "输出 token 用量，如 50M、2.5亿 或 3000万",
    "Per day, week, month (default) or year": "每天、每周、每月（默认）或每年",
    "This server's defaults (Manage Server)": "本服务器的默认设置（需管理服务器权限）",
    "Show this server's defaults": "查看本服务器的默认设置",
    "Default budget; leave empty to clear": "默认预算；留空则清除",
    "Reply language in this server": "本服务器的回复语言",
    "Show prices in 元 or US dollars": "价格以人民币或美元显示",
    "Leave an organisation or a board out of rankings": "在排行中隐藏某个机构或榜单",
    "Show an organisation or board again; empty: show all": "重新显示某个机构或榜单；留空则全部显示",
    "Default weights for /recommend": "/recommend 的默认权重",
    "Like 医疗=2 法律=1; empty to clear": "如 医疗=2 法律=1；留空则清除",
    "Back to the defaults": "恢复默认设置",
    "Announce leaderboard changes in a channel (Manage Server)": "在频道中发布排行榜变动（需管理服务器权限）",
    "Where to announce; empty: list the channels": "发布到哪个频道；留空则列出已订阅的频道",
    "Stop announcing there": "停止在该频道发布",
    "Start at this page (the buttons turn the others)": "从第几页开始（其余页用按钮翻）",
    "auto (each user's Discord language)": "自动（跟随每位用户的 Discord 语言）",
    "Where the data comes from and what is loaded": "数据来源与已加载的榜单",
    "Reload the boards from the data directory (Manage Server)": "从数据目录重新加载榜单（需管理服务器权限）",
    "A model's price, score and rank in every release held": "某个模型在各个版本中的价格、得分和排名",
    "What changed between two releases held": "两个版本之间的变化",
    # option descriptions
    "Answer from this release held (default: the newest)": "按这个版本的榜单回答（默认：最新版本）",
    "A domain to follow instead of the total": "要跟踪的领域（默认：总分）",
    "The older release (default: the one before 'to')": "较早的版本（默认：截止版本的前一个）",
    "The newer release (default: the newest)": "较新的版本（默认：最新版本）",
    "A domain in Chinese or English, e.g. 医疗 or medical": "领域，中文或英文，例如 医疗 或 medical",
    "Highest output price, 元 per million tokens": "最高输出价格（元 / 百万 token）",
    "How many models to show (1-25)": "显示多少个模型（1-25）",
    "Only models of this organisation": "只看该机构的模型",
    "A model name; typos are fine": "模型名称，可模糊输入",
    "An optional third model": "可选的第三个模型",
    "An optional fourth model": "可选的第四个模型",
    "Only open-source or only commercial models": "只看开源模型或只看商用模型",
    "Alternatives: only open-source or only commercial models": "替代方案只看开源或只看商用模型",
    "open-source": "开源",
    "commercial": "商用",
    # the admin options'
    "Chinese, English, or each user's own": "中文、英文，或跟随每位用户自己的语言",
    "元 as the boards give them, or US dollars": "按榜单给出的人民币，或美元",
    "An organisation to leave out": "要隐藏的机构",
    "A board to leave out": "要隐藏的榜单",
    "A hidden organisation to show again": "要重新显示的已隐藏机构",
    "A hidden board to show again": "要重新显示的已隐藏榜单",
}
