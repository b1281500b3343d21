# modelbot: the Discord bot, configured from the environment (DISCORD_TOKEN, MODELBOT_*) and
# /home/modelbot/config.toml when one is mounted there.
#   docker build -t modelbot .
#   docker run --rm -e DISCORD_TOKEN=... modelbot
#   docker run --rm modelbot ask "/best 医疗 budget:5"     (any modelbot subcommand)
FROM python:3.11-slim

# A CJK font so that charts can draw Chinese labels (used by the chart commands).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml setup.py README.md config.example.toml ./
COPY bot ./bot
COPY data ./data
# The bundled boards (data/) are installed inside the package, so /app is not needed at run time.
# With the PostgreSQL driver: several shard processes share one preference store (database_url).
RUN pip install ".[postgres]" && rm -rf /app/build

RUN useradd --create-home --uid 10001 modelbot
USER modelbot
# The working directory: config.toml is read from here and the SQLite store is created here, so
# a folder mounted here must belong to uid 10001.
WORKDIR /home/modelbot

# `modelbot run` handles SIGTERM and SIGINT: it finishes the interactions in flight (at most
# discord.drain_seconds, 10 s by default: give `docker stop` a longer --time than that), closes
# the gateway connection and exits 0. Exec form, so the signal reaches the process directly.
STOPSIGNAL SIGTERM
# The image is the modelbot command: `docker run IMAGE ask ...`, `... parse FILE`; `run` alone
# runs the bot.
ENTRYPOINT ["modelbot"]
CMD ["run"]
