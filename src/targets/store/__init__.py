"""The workspace store: endorsement list versions, target lists, plans, members and audit.

SQLAlchemy 2 over a SQLite file in the data folder by default, or PostgreSQL named by
``TARGETS_DATABASE_URL``; the schema is kept by Alembic migrations shipped in this package.
"""
