# modelbot: the Discord bot, configured from the environment (DISCORD_TOKEN, MODELBOT_*).
#   docker build -t modelbot .
#   docker run --rm -e DISCORD_TOKEN=... modelbot
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
COPY pyproject.toml README.md config.example.toml ./
COPY bot ./bot
COPY data ./data
# The bundled boards (data/) are installed inside the package, so /app is not needed at run time.
# With the PostgreSQL driver: several shard processes share one preference store (database_url).
RUN pip install ".[postgres]" && rm -rf /app/build

RUN useradd --create-home --uid 10001 modelbot
USER modelbot
WORKDIR /home/modelbot

# `modelbot run` handles SIGTERM and SIGINT: `docker stop` closes the gateway connection and
# exits 0. Exec form, so the signal reaches the process directly.
STOPSIGNAL SIGTERM
CMD ["modelbot", "run"]
