# Basework: one image for web, worker and beat.
FROM python:3.13-slim-bookworm

# WeasyPrint's system libraries (Pango, HarfBuzz), gettext for compiling translations, and the
# PostgreSQL client for backups.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
      gettext postgresql-client curl \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# collectstatic and compilemessages need settings but no services: give them throwaway values.
RUN SECRET_KEY=build ALLOWED_HOSTS=build DATABASE_URL=postgres://build/build \
    REDIS_URL=redis://build:6379/0 FIELD_ENCRYPTION_KEY=dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs= \
    EMAIL_URL=smtp://build python manage.py collectstatic --noinput -v0 \
 && SECRET_KEY=build ALLOWED_HOSTS=build DATABASE_URL=postgres://build/build \
    REDIS_URL=redis://build:6379/0 FIELD_ENCRYPTION_KEY=dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs= \
    EMAIL_URL=smtp://build python manage.py compilemessages -v0

RUN useradd --system --home /app basework && mkdir -p /app/media && chown basework /app/media
USER basework
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--timeout", "60", "--max-requests", "2000", "--max-requests-jitter", "200"]
