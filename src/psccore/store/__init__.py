"""Storage: SQLAlchemy Core tables, the database engine, transactions, migrations."""
