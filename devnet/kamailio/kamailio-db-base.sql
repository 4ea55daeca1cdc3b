-- Run first on every devnet SQLite database Kamailio opens (provider, silo, acc): WAL, so the
-- provider API (Node) and Kamailio can share the file, and Kamailio's `version` table
-- (/usr/share/kamailio/db_sqlite/standard-create.sql), which db_sqlite checks per table.
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS version (
    id INTEGER PRIMARY KEY NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name)
);
INSERT OR IGNORE INTO version (table_name, table_version) VALUES ('version', 1);
