"""The words a plain question is read with: what each phrase says (an intent, a domain, a
kind, a period, a separator between names) and the filler that says nothing.

Phrases are written as people type them, lower-case; Chinese phrases are matched character by
character, English ones word by word (``bot.core.questions.scan``). A longer phrase wins over
a shorter one at the same place (``哪个好`` over ``哪个``), so a word that is filler alone can
still be part of a cue.
"""

from __future__ import annotations

from typing import Literal

Intent = Literal["best", "value", "leaderboard", "compare", "model", "cost", "domains", "about"]

# Explicit words for what is asked. A question word (哪个, which) alone asks nothing in
# particular: it is filler, and a sentence with a domain or a budget but no intent is a /best.
INTENTS: dict[Intent, tuple[str, ...]] = {
    "best": (
        "最好", "最强", "最佳", "最厉害", "最牛", "最优", "最优秀", "最棒", "最顶", "第一",
        "第一名",
        "冠军", "哪个好", "哪个强", "哪个最好", "哪家强", "哪家好", "选哪个", "用哪个", "推荐",
        "擅长", "最适合", "适合", "好用", "靠前", "强", "厉害", "顶级", "最好用", "最好的",
        "best", "top", "strongest", "greatest", "recommend", "recommended", "recommendation",
        "suggest", "suggestion", "good at", "good for", "best at", "should i use",
        "which is best", "strongest", "smartest", "most capable", "leading", "winner",
    ),
    "value": (
        "性价比", "性价比高", "性价比最高", "便宜", "最便宜", "划算", "最划算", "实惠", "省钱",
        "低价", "价廉", "价格最低", "最省钱", "低成本", "便宜点", "便宜的", "物美价廉",
        "cheap", "cheapest", "cheaper", "value", "best value", "bang for the buck",
        "bang for buck", "cost-effective", "cost effective", "affordable", "inexpensive",
        "budget-friendly", "value for money", "lowest price", "low cost", "low-cost", "frontier",
    ),
    "leaderboard": (
        "排行榜", "排行", "榜单", "总榜", "排名", "排名表", "全部模型", "所有模型", "列表", "榜",
        "有哪些",
        "哪些模型",
        "leaderboard", "ranking", "rankings", "ranked", "standings", "list", "all models",
        "full list", "table",
    ),
    "compare": (
        "对比", "比较", "比一比", "比一下", "相比", "区别", "差别", "差异", "pk", "谁强",
        "哪个更好", "哪个更强", "更好", "更强", "vs", "versus", "compare", "comparison",
        "compared", "better", "difference", "against", "or",
    ),
    "model": (
        "怎么样", "如何", "咋样", "介绍", "介绍下", "详情", "信息", "资料", "水平", "多少分",
        "得分", "分数", "排第几", "第几", "表现", "靠谱", "好不好", "强不强", "行不行", "能力",
        "how good", "how is", "how's", "hows", "tell me about", "info", "information",
        "details", "score", "scores", "card", "profile", "what about", "any good", "rank",
        "how well", "performance",
    ),
    "cost": (
        "多少钱", "花多少", "花多少钱", "要多少钱", "需要多少钱", "费用", "成本", "花费", "开销",
        "价格", "价钱", "贵不贵", "贵吗", "贵", "账单", "算下", "算一下", "算算", "烧多少",
        "cost", "costs", "price", "pricing", "how much", "spend", "bill", "expensive",
        "charge", "priced",
    ),
    "domains": (
        "哪些领域", "什么领域", "领域列表", "支持哪些领域", "有哪些领域", "所有领域", "全部领域",
        "what domains", "which domains", "list domains", "list of domains", "domains",
        "categories", "which categories",
    ),
    "about": (
        "数据来源", "数据从哪来", "数据哪来", "数据版本", "数据是哪", "数据是哪个版本",
        "data source", "data sources", "where does the data come from", "which release",
        "what release", "data version",
    ),
}
STRONG_BEST = frozenset({"最好", "最强", "最佳", "best", "top", "strongest"})

# Everyday words for a domain, by the registry's name for it (``bot.core.domains``); a word
# counts only when the loaded release has a domain that name resolves to.
DOMAIN_WORDS: dict[str, tuple[str, ...]] = {
    "医疗": ("看病", "医学", "医疗", "医生", "诊断", "临床", "医院", "问诊", "病人", "患者",
           "就医", "医药", "健康", "medical", "medicine", "health", "healthcare", "doctor",
           "doctors", "clinical", "diagnosis", "hospital", "patients"),
    "心理健康": ("心理", "心理咨询", "心理健康", "情绪", "mental health", "psychology",
             "therapy", "mental"),
    "coding": ("写代码", "编程", "代码", "编码", "程序", "写程序", "开发", "程序员", "前端",
               "后端", "coding", "code", "writing code", "write code", "code generation",
               "python", "java", "javascript", "typescript", "sql", "frontend", "backend",
               "programming", "programmer", "developer", "software", "developers", "coder"),
    "法律": ("法律", "法务", "律师", "合同", "合同审查", "合同审核", "法规", "司法", "法院",
           "law", "legal", "lawyer", "lawyers", "contracts", "contract"),
    "行政公务": ("行政", "公务", "公文", "公文写作", "政务", "行政公务", "政府", "government",
             "admin", "administration", "civil service", "civil-service"),
    "金融": ("金融", "理财", "财经", "银行", "投资", "股票", "证券", "finance", "financial",
           "banking", "investment", "trading"),
    "教育": ("教育", "教学", "老师", "学生", "辅导", "作业", "education", "teaching",
           "tutoring", "teacher", "students", "homework"),
    "推理与数学计算": ("数学", "推理", "数学计算", "算数学", "解题", "逻辑", "math", "maths",
                "mathematics", "reasoning", "logic"),
    "语言与指令遵从": ("指令遵从", "指令", "instruction following", "instruction-following",
                "instructions"),
    "agent与工具调用": ("智能体", "工具调用", "函数调用", "agent", "agents", "tool use",
                   "tool-use", "tool calling", "function calling", "function-calling",
                   "agentic"),
    "总分": ("总分", "综合", "总体", "整体", "overall", "total", "in general", "general"),
}
# Aliases of the registry too generic to be a domain in a sentence ("大语言模型", "all models").
NOT_DOMAIN_WORDS = frozenset({"all", "总", "language", "语言", "计算", "通用", "专业", "tool",
                              "tools", "工具", "analysis", "reading", "fin", "med", "edu",
                              "gov", "分类", "抽取", "professional", "general ability", "算术"})

KINDS: dict[str, tuple[str, ...]] = {
    "open": ("开源", "开放权重", "开源的", "可本地部署", "本地部署", "私有化部署", "open source",
             "open-source", "opensource", "open weight", "open weights", "open-weight",
             "open-weights", "self-hosted", "self hosted"),
    "commercial": ("商用", "闭源", "商业", "商业版", "commercial", "closed", "closed-source",
                   "closed source", "proprietary"),
}

# Relative to a model (cheaper than kimi-k3, kimi-k3的平替): what the commands cannot rank by.
RELATIVE = ("than", "instead of", "instead", "alternative to", "alternatives to", "replace",
            "replacement", "比", "替代", "替代品", "平替", "代替", "替换", "取代")

# Free: a budget of 0元 said in words.
FREE = ("免费", "免费的", "不要钱", "零成本", "free", "free of charge", "no cost")

PERIODS: dict[str, tuple[str, ...]] = {
    "day": ("每天", "每日", "一天", "日均", "天", "per day", "a day", "daily", "each day",
            "every day"),
    "week": ("每周", "一周", "每星期", "周", "per week", "a week", "weekly", "each week"),
    "month": ("每月", "每个月", "一个月", "一月", "月均", "月", "per month", "a month", "monthly",
              "each month", "every month", "/month", "/mo"),
    "year": ("每年", "一年", "年", "per year", "a year", "yearly", "annually", "annual"),
}

# Words between names: they end one name and start the next (never part of a name).
SEPARATORS = ("和", "与", "跟", "及", "以及", "还是", "或", "或者", "同", "and", "&", "with")

FILLER_ZH = (
    "请问", "请", "问一下", "问下", "想问", "想知道", "我想", "我们", "我", "你", "你们", "咱们",
    "帮我", "帮忙", "帮", "给我", "给", "一下", "下", "呢", "吗", "吧", "啊", "呀", "哈", "哦",
    "嘛", "啦", "了", "的", "地", "得", "是", "有", "在", "用", "要", "想", "需要", "找", "找个",
    "一个", "一款", "个", "款", "种", "哪个", "哪些", "哪款", "哪", "什么", "啥", "谁", "模型",
    "大模型", "语言模型", "大语言模型", "场景", "领域", "方面", "方向", "上", "里", "中", "做",
    "来", "干", "搞", "用于", "用来", "应用", "业务", "公司", "团队", "项目", "现在", "目前",
    "最近", "当前", "大概", "大约", "左右", "估计", "请教", "谢谢", "多谢", "麻烦", "各位",
    "大家", "好", "你好", "能", "可以", "应该", "该", "会", "比较", "一些", "有没有", "还", "就",
    "都", "也", "又", "看看", "看", "说说", "讲讲", "告诉", "知道", "以内", "以下", "之内", "内",
    "不超过", "低于", "少于", "小于", "最多", "不到", "预算", "预算是", "预算在", "价位",
    "输出", "输出价格", "每百万", "百万", "token", "个token", "元", "块", "钱", "用量", "调用",
    "跑", "量", "话", "如果", "的话", "那", "这", "这个", "那个", "些", "时候", "更", "最",
    "方面的", "类", "任务", "工作", "问题", "场合", "这种", "便", "就是", "呗", "么", "为",
    "对于", "关于", "针对", "主要", "搞定", "处理", "选", "选择", "挑", "挑选", "使用", "用什么",
    "建议", "一般", "情况", "下来", "大", "小", "多", "少", "开", "家", "其中", "里面", "当中",
    "哪一个", "哪一款", "顺便", "顺便问", "几个", "几款", "几", "备选",
    "都要", "同时", "行业", "合适", "问答", "题", "只", "只有", "做得", "能用", "好的",
    "版本", "哪个版本", "帮助", "怎么用", "百万token", "每百万token", "家的", "出", "下的", "之间",
    "比较好", "可靠", "呢？", "嗯", "额",
)
FILLER_EN = (
    "the", "a", "an", "is", "are", "was", "be", "been", "for", "of", "in", "on", "at", "to",
    "which", "what", "whats", "what's", "who", "me", "my", "i", "i'm", "im", "we", "our", "us",
    "you", "your", "it", "its", "it's", "this", "that", "these", "there", "do", "does", "did",
    "can", "could", "should", "would", "will", "please", "pls", "plz", "hey", "hi", "hello",
    "thanks", "thank", "thx", "any", "some", "model", "models", "llm", "llms", "ai", "one", "ones",
    "option", "options", "choice", "pick", "choose", "use", "using", "used", "need", "want",
    "get", "give", "show", "tell", "find", "now", "right", "currently", "today", "around",
    "approximately", "roughly", "about", "under", "below", "less", "than", "within", "up",
    "most", "very", "really", "just", "also", "guys", "team", "folks", "budget", "per",
    "task", "tasks", "work", "job", "stuff", "things", "question", "questions", "area",
    "field", "domain", "scenario", "case", "cases", "use-case", "use case", "if", "would be",
    "good", "so", "um", "uh", "well", "ok", "okay", "yo", "lol", "help", "know", "like",
    "something", "anything", "out", "there's", "here", "from", "by", "as", "much", "many",
    "go", "going", "run", "running", "tokens", "token", "output", "price of", "priced at",
    "at most", "no more than", "less than", "max budget", "with a budget of",
    "on a budget of", "yuan", "rmb", "cny", "i'd", "we're", "we'd", "our team", "currently",
    "would", "could you", "which one", "what is", "what are", "which are", "top-rated",
    "stuff", "someone", "people", "purposes", "purpose", "work on", "doing", "do we",
    "are there", "is there", "am", "has", "have", "had", "got", "all", "every", "right now",
    "these days", "handle", "handles", "handling", "quick", "quickly", "question:", "task:",
    "work?", "say", "said", "assistant", "bot", "modelbot", "kind", "sort", "type", "vendor",
    "provider", "company", "both", "data", "alternative", "alternatives", "either",
    "per million tokens", "per million", "million tokens", "per 1m tokens", "per 1m",
    "what can you do",
    "how to use", "companies",
    "made", "make", "makes", "built", "trained",
)
