FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY radar ./radar
COPY evaluations ./evaluations
COPY web ./web
COPY seed ./seed
RUN pip install . && useradd --system --home /app radar && mkdir -p /app/var && chown radar /app/var
USER radar
EXPOSE 8000
CMD ["radar", "serve", "--host", "0.0.0.0", "--port", "8000"]
